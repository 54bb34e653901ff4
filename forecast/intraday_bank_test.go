package forecast

import (
	"math"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/internal/workers"
)

// bankDay is one weekday of the bank data with its day-ahead forecast,
// issued from the history up to the day before, from midnight.
type bankDay struct {
	f      Forecast
	actual []float64 // the day's actuals, NaN where absent
}

// bankDayAhead forecasts the last n weekdays of the bank data a day ahead
// with model, each from the history before its midnight.
func bankDayAhead(tb testing.TB, b bank, n int, model string) []bankDay {
	per := int(24 * time.Hour / b.s.Interval)
	y, m, d := b.s.Start.Date()
	first := int(time.Date(y, m, d+1, 0, 0, 0, 0, b.s.Start.Location()).Sub(b.s.Start) / b.s.Interval)
	var starts []int
	for i := first + (len(b.present)-first)/per*per; i >= first && len(starts) < n; i -= per {
		for j := i; j < min(i+per, len(b.present)); j++ {
			if b.present[j] {
				starts = append([]int{i}, starts...)
				break
			}
		}
	}
	days := make([]bankDay, len(starts))
	errs := make([]error, len(starts))
	workers.Each(len(starts), func(k int) {
		i := starts[k]
		cut := i
		for !b.present[cut-1] {
			cut--
		}
		s := b.s
		s.Contacts = s.Contacts[:cut]
		f, err := Predict(s, Options{Horizon: per, Start: b.s.Time(i), Model: model})
		actual := make([]float64, per)
		for j := range actual {
			actual[j] = math.NaN()
			if i+j < len(b.present) && b.present[i+j] {
				actual[j] = b.s.Contacts[i+j]
			}
		}
		days[k], errs[k] = bankDay{f: f, actual: actual}, err
	})
	for k, err := range errs {
		if err != nil {
			tb.Fatalf("day-ahead forecast of %s: %v", b.s.Time(starts[k]).Format(time.DateOnly), err)
		}
	}
	return days
}

// restWAPE accumulates the rest-of-day error of one way of updating.
type restWAPE struct{ num, den float64 }

// add adds the error of f, a forecast of d from interval from.
func (r *restWAPE) add(d bankDay, from int, f []float64) {
	for j := from; j < len(d.actual); j++ {
		if a := d.actual[j]; !math.IsNaN(a) {
			r.num += math.Abs(a - f[j-from])
			r.den += a
		}
	}
}

// coverage is the share of the actuals of d from interval from inside
// [lo, hi].
type coverage struct{ in, n int }

func (c *coverage) add(d bankDay, from int, lo, hi []float64) {
	for j := from; j < len(d.actual); j++ {
		if a := d.actual[j]; !math.IsNaN(a) {
			c.n++
			if a >= lo[j-from] && a <= hi[j-from] {
				c.in++
			}
		}
	}
}

func (c coverage) value() float64 { return float64(c.in) / float64(c.n) }

func (r restWAPE) value() float64 { return r.num / r.den }

// TestIntradayBank updates the auto model's day-ahead forecasts of the
// last 20 weekdays of the bank data at 10:00, 12:00 and 14:00 with the
// day's actuals before then, the gain learned on the weekdays before each
// day (the ten before the twenty, then the earlier of the twenty too), and
// compares the rest-of-day WAPE with no update, the plain ratio of actual
// to forecast so far, and that ratio shrunk half-way to 1.
// It checks the update cuts the WAPE by at least 15% at 12:00 and makes it
// no worse at 10:00 and 14:00.
func TestIntradayBank(t *testing.T) {
	if testing.Short() || raceDetector {
		// Thirty auto forecasts would take minutes under the race
		// detector; the concurrent code is that of Predict and LearnGain,
		// tested elsewhere.
		t.Skip("intraday accuracy on the bank data skipped in -short mode and under the race detector")
	}
	b := loadBank(t)
	const learn, eval = 10, 20
	days := bankDayAhead(t, b, learn+eval, "auto")
	gains := make([]Gain, eval)
	for k := range eval {
		days := days[:learn+k]
		past := make([]Day, len(days))
		for i, d := range days {
			past[i] = Day{Forecast: d.f.Contacts, Actual: d.actual}
		}
		gains[k] = FitGain(past, b.s.Interval)
	}
	t.Logf("gain learned before the first and the last day: %+v, %+v", gains[0], gains[eval-1])
	for _, hour := range []int{10, 12, 14} {
		var none, plain, half, ours restWAPE
		var was, is coverage
		for k, d := range days[learn:] {
			now := d.f.Start.Add(time.Duration(hour) * time.Hour)
			from := int(now.Sub(d.f.Start) / d.f.Interval)
			morning := b.s
			i0 := int(d.f.Start.Sub(b.s.Start) / b.s.Interval)
			morning.Contacts = b.s.Contacts[:i0+from]
			r, u, err := Reforecast(d.f, morning, now, gains[k])
			if err != nil {
				t.Fatal(err)
			}
			ratio := u.Actual / u.Forecast
			none.add(d, from, scaled(d.f.Contacts[from:], 1))
			plain.add(d, from, scaled(d.f.Contacts[from:], ratio))
			half.add(d, from, scaled(d.f.Contacts[from:], 1+(ratio-1)/2))
			ours.add(d, from, r.Contacts)
			was.add(d, from, d.f.P10[from:], d.f.P90[from:])
			is.add(d, from, r.P10, r.P90)
		}
		t.Logf("%02d:00 rest-of-day WAPE: no update %.2f%%, plain ratio %.2f%%, half-shrunk ratio %.2f%%, learned gain %.2f%%; P10-P90 coverage %.1f%% before the update, %.1f%% after",
			hour, 100*none.value(), 100*plain.value(), 100*half.value(), 100*ours.value(), 100*was.value(), 100*is.value())
		want := none.value()
		if hour == 12 {
			want *= 0.85
		}
		if got := ours.value(); got > want {
			t.Errorf("%02d:00: rest-of-day WAPE %.2f%%, want at most %.2f%%", hour, 100*got, 100*want)
		}
	}
}
