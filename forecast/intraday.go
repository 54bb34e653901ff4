package forecast

import (
	"fmt"
	"math"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/internal/workers"
)

// Intraday re-forecasting: by late morning the day's actuals tell whether
// it runs above or below its day-ahead forecast. The re-forecast is a
// state-space (Kalman filter) update of the day's departure from the
// forecast. In units of the forecast, the departure d drifts through the
// day and reverts toward zero (an autoregression whose coefficient per
// hour is Gain.Persistence, with stationary standard deviation Gain.Level),
// and each interval's ratio of actual to forecast, minus 1, observes it
// with noise of variance Noise^2 + 1/f for f contacts forecast (Poisson
// noise of the count). The filter runs from midnight over the intervals
// seen; interval h ahead of the last one seen is then forecast as
// f * (1 + d * phi^(h+1)), phi the persistence per interval. Recent
// intervals count most, small intervals least, and the update fades with
// the lead time as far as past days say departures fade. Persistence 1
// makes d the day's level, updated as in Weinberg, Brown and Stroud (2007).
// FitGain learns the three parameters from past days by minimising the
// rest-of-day absolute error.

// Gain holds the parameters of the intraday update, relative to the
// forecast: Persistence, from 0 to 1, is the share of the departure left
// an hour later; Level the standard deviation of the departure; Noise that
// of one interval's ratio of actual to forecast around it beyond Poisson
// noise. Level 0 turns the update off.
type Gain struct{ Persistence, Level, Noise float64 }

// DefaultGain is the gain used without history to learn from: the values
// FitGain finds on the bank call-centre data (30-minute intervals, the
// auto model's day-ahead forecasts of its last 30 weekdays), rounded. Its
// Noise is that of a 30-minute interval.
var DefaultGain = Gain{Persistence: 0.8, Level: 0.057, Noise: 0.02}

// Day is one past day's forecast, issued the day before, and its actuals,
// interval by interval from midnight (NaN: the actual is missing).
type Day struct{ Forecast, Actual []float64 }

// filter is the state of the update within one day.
type filter struct {
	phi, q   float64 // persistence per interval, variance added per interval
	d, p     float64 // departure and its variance after the last interval
	noiseVar float64
	pow      []float64 // pow[h] = phi^(h+1)
}

// newFilter starts the filter of g before the first interval of a day of
// intervals of the given length, to forecast up to n intervals ahead.
func newFilter(g Gain, interval time.Duration, n int) *filter {
	phi := math.Pow(g.Persistence, interval.Hours())
	v := g.Level * g.Level
	k := &filter{phi: phi, q: v * (1 - phi*phi), p: v, noiseVar: g.Noise * g.Noise, pow: make([]float64, n)}
	for h, x := 0, phi; h < n; h, x = h+1, x*phi {
		k.pow[h] = x
	}
	return k
}

// step moves the filter over one interval forecast f with actual a (NaN:
// not seen).
func (k *filter) step(f, a float64) {
	k.d *= k.phi
	k.p = k.phi*k.phi*k.p + k.q
	if !(f > 0) || math.IsNaN(a) || k.p == 0 {
		return
	}
	gain := k.p / (k.p + k.noiseVar + 1/f)
	k.d += gain * (a/f - 1 - k.d)
	k.p *= 1 - gain
}

// factor returns the multiplier of the forecast h intervals after the last
// one seen, never negative; h is less than newFilter's n.
func (k *filter) factor(h int) float64 {
	return math.Max(0, 1+k.d*k.pow[h])
}

// gainGrid are the values FitGain tries: the persistence, then Level and
// Noise (0 and a geometric grid from 1% to 32%, ratio 2^(1/2)).
var gainGrid = struct{ persistence, scale []float64 }{
	persistence: []float64{0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1},
	scale: func() []float64 {
		g := []float64{0}
		for v := 0.01; v < 0.33; v *= math.Sqrt2 {
			g = append(g, v)
		}
		return g
	}(),
}

// FitGain learns the gain from past days of intervals of the given
// length: updating each day at every interval boundary with observed
// forecast volume on both sides, it picks the gain on a grid that
// minimises the summed absolute error of the rest of the day, that is its
// WAPE (persistence 0 to 1, Level and Noise 0 and 1% to 32%). Ties go to
// the smaller Level, so with nothing to learn (no days, or days where any
// update only hurts) it returns Level 0: no update. Cost: O(g * d * n^2)
// for d days of n intervals and g = 1,200 grid points.
// It panics if a day's Forecast and Actual differ in length.
func FitGain(days []Day, interval time.Duration) Gain {
	var best Gain
	bestErr := math.Inf(1)
	for _, level := range gainGrid.scale {
		for _, pers := range gainGrid.persistence {
			for _, noise := range gainGrid.scale {
				g := Gain{Persistence: pers, Level: level, Noise: noise}
				e := 0.0
				for _, d := range days {
					e += restError(d, g, interval)
				}
				if e < bestErr*(1-1e-9) {
					best, bestErr = g, e
				}
				if level == 0 {
					break // nothing else matters without an update
				}
			}
			if level == 0 {
				break
			}
		}
	}
	return best
}

// restError sums the rest-of-day absolute error of d updated with g at
// every interval boundary with observed forecast volume before and after.
func restError(d Day, g Gain, interval time.Duration) float64 {
	if len(d.Forecast) != len(d.Actual) {
		panic("forecast: a Day's Forecast and Actual differ in length")
	}
	total := 0.0
	for i, f := range d.Forecast {
		if !math.IsNaN(d.Actual[i]) {
			total += f
		}
	}
	k := newFilter(g, interval, len(d.Forecast))
	e, seen := 0.0, 0.0
	for u := range d.Forecast {
		if seen > 0 && seen < total {
			for i := u; i < len(d.Forecast); i++ {
				if a := d.Actual[i]; !math.IsNaN(a) {
					e += math.Abs(a - d.Forecast[i]*k.factor(i-u))
				}
			}
		}
		k.step(d.Forecast[u], d.Actual[u])
		if !math.IsNaN(d.Actual[u]) {
			seen += d.Forecast[u]
		}
	}
	return e
}

// Update says how Reforecast changed one series.
type Update struct {
	Actual, Forecast float64 // contacts seen today before now, and forecast for the same intervals
	Factor           float64 // multiplier of the interval at now, fading toward 1 after it
}

// Reforecast returns f from now on, its intervals on now's day updated
// with the day's actuals before now by the filter of gain g (see Gain),
// interval h from now multiplied by 1 + d * phi^(h+1): the point forecast
// and both quantiles alike. Intervals of later days keep f's values: on
// the bank data departures fade within hours (persistence 0.8 an hour,
// about a tenth left after a night), so forecasting again with today in
// the history is the way to carry the day forward. actual holds the
// day's actuals on f's grid; those at or after now, before now's midnight
// or before f, and NaN ones, are ignored. With no actual to compare
// (Update.Forecast 0) the forecast is unchanged.
//
// It returns an *OptionError when now is not on f's grid or not inside
// f, or when actual's interval or phase differ from f's. Runs in O(n) for
// f's n intervals.
func Reforecast(f Forecast, actual Series, now time.Time, g Gain) (Forecast, Update, error) {
	end := f.Time(len(f.Contacts))
	switch {
	case now.Before(f.Start) || !now.Before(end):
		return Forecast{}, Update{}, &OptionError{Field: "now", Reason: fmt.Sprintf("%s: outside the forecast of %s/%s, %s to %s",
			now.Format("2006-01-02T15:04"), f.Channel, f.Region, f.Start.Format("2006-01-02T15:04"), end.Format("2006-01-02T15:04"))}
	case now.Sub(f.Start)%f.Interval != 0:
		return Forecast{}, Update{}, &OptionError{Field: "now", Reason: fmt.Sprintf("%s: not on the forecast's %s grid (starting %s)",
			now.Format("2006-01-02T15:04"), dur.Text(f.Interval), f.Start.Format("2006-01-02T15:04"))}
	case len(actual.Contacts) > 0 && (actual.Interval != f.Interval || actual.Start.Sub(f.Start)%f.Interval != 0):
		return Forecast{}, Update{}, &OptionError{Field: "actuals", Reason: fmt.Sprintf("of %s/%s: %s intervals from %s, not on the forecast's %s grid from %s",
			f.Channel, f.Region, dur.Text(actual.Interval), actual.Start.Format("2006-01-02T15:04"), dur.Text(f.Interval), f.Start.Format("2006-01-02T15:04"))}
	}
	y, m, d := now.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	next := midnight.AddDate(0, 0, 1)
	from := int(now.Sub(f.Start) / f.Interval)
	k := newFilter(g, f.Interval, len(f.Contacts)-from)
	var u Update
	for i, v := range f.Contacts[:from] {
		t := f.Time(i)
		if t.Before(midnight) {
			continue
		}
		a := math.NaN()
		if j := int(t.Sub(actual.Start) / f.Interval); !t.Before(actual.Start) && j < len(actual.Contacts) {
			a = actual.Contacts[j]
		}
		k.step(v, a)
		if !math.IsNaN(a) {
			u.Actual += a
			u.Forecast += v
		}
	}
	out := f
	out.Start = now
	out.Contacts = append([]float64(nil), f.Contacts[from:]...)
	out.P10 = append([]float64(nil), f.P10[from:]...)
	out.P90 = append([]float64(nil), f.P90[from:]...)
	if f.AHT != nil {
		out.AHT = append([]float64(nil), f.AHT[from:]...)
	}
	u.Factor = k.factor(0)
	for h := range out.Contacts {
		if !out.Time(h).Before(next) {
			break
		}
		m := k.factor(h)
		for _, v := range [][]float64{out.Contacts, out.P10, out.P90} {
			v[h] = math.Min(v[h]*m, MaxContacts)
		}
	}
	return out, u, nil
}

// LearnDays is how many past days LearnGain learns from.
const LearnDays = 10

// LearnGain learns the gain of s from its last LearnDays days with
// contacts before the day of before: it forecasts each of them a day
// ahead with model, from the history before its midnight, as the forecast
// being updated was, and fits the gain to those forecasts and the days'
// actuals (FitGain). It reports how many days it learned from; with none
// (a history too short for model, or without contacts) it returns
// DefaultGain. It returns an error wrapping ErrData when the model is
// unknown or a value of s invalid. Cost: LearnDays forecasts with model,
// run in parallel, about 4 s with "auto" on a year of 30-minute data.
func LearnGain(s Series, before time.Time, model string) (Gain, int, error) {
	if err := CheckModel(model); err != nil {
		return Gain{}, 0, err
	}
	if err := s.Validate(); err != nil {
		return Gain{}, 0, err
	}
	per := int(24 * time.Hour / s.Interval)
	y, m, d := before.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, before.Location())
	// Day starts, latest first: the first intervals at or after each
	// midnight, back to a week of history before the earliest.
	var starts []int
	end := min(len(s.Contacts), int((midnight.Sub(s.Start)+s.Interval-1)/s.Interval))
	for i := end - per; i >= 7*per && len(starts) < LearnDays; i -= per {
		total := 0.0
		for _, v := range s.Contacts[i : i+per] {
			if v > 0 {
				total += v
			}
		}
		if total > 0 {
			starts = append(starts, i)
		}
	}
	days := make([]Day, len(starts))
	ok := make([]bool, len(starts))
	workers.Each(len(starts), func(k int) {
		i := starts[k]
		h := s
		h.Contacts, h.AHT = s.Contacts[:i], nil
		f, err := Predict(h, Options{Horizon: per, Model: model})
		if err == nil {
			days[k], ok[k] = Day{Forecast: f.Contacts, Actual: s.Contacts[i : i+per]}, true
		}
	})
	var learned []Day
	for k, d := range days {
		if ok[k] {
			learned = append(learned, d)
		}
	}
	if len(learned) == 0 {
		return DefaultGain, 0, nil
	}
	return FitGain(learned, s.Interval), len(learned), nil
}
