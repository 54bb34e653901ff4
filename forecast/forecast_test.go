package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/floats/scalar"
)

// monday is the first history day of the synthetic series.
var monday = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// synth returns weeks weeks of a centre open on weekdays 07:00-21:00 at 30
// minutes, from Monday 07:00 to the last Friday 20:30, as the io layer
// delivers it: zeros at night and on weekends. value gives the count of an
// open interval from the week, weekday and slot of the day.
func synth(weeks int, value func(week int, wd time.Weekday, slot int) float64) Series {
	s := Series{Channel: "chat", Region: "north", Start: monday.Add(7 * time.Hour), Interval: 30 * time.Minute}
	end := monday.AddDate(0, 0, 7*(weeks-1)+4).Add(20*time.Hour + 30*time.Minute)
	for t := s.Start; !t.After(end); t = t.Add(s.Interval) {
		v := 0.0
		slot := t.Hour()*2 + t.Minute()/30
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday && slot >= 14 && slot < 42 {
			v = value(int(t.Sub(monday)/(7*24*time.Hour)), wd, slot)
		}
		s.Contacts = append(s.Contacts, v)
	}
	return s
}

// shape is a smooth intraday profile peaking late morning.
func shape(slot int) float64 { return 1 + math.Sin(float64(slot-14)/28*math.Pi) }

// noisy is a Poisson series with weekday effects, seeded.
func noisy(weeks int, scale float64, seed uint64) Series {
	r := rand.New(rand.NewPCG(seed, 1))
	return synth(weeks, func(_ int, wd time.Weekday, slot int) float64 {
		return poisson(r, scale*(1+0.1*float64(wd))*shape(slot))
	})
}

// poisson draws by inversion (fine for the small means of the tests) or a
// rounded normal for large means.
func poisson(r *rand.Rand, mean float64) float64 {
	if mean > 50 {
		return math.Max(0, math.Round(mean+math.Sqrt(mean)*r.NormFloat64()))
	}
	k, p := 0.0, math.Exp(-mean)
	u, c := r.Float64(), p
	for u > c {
		k++
		p *= mean / k
		c += p
	}
	return k
}

// weekendAndNight reports whether the forecast interval t is closed in synth.
func weekendAndNight(t time.Time) bool {
	slot := t.Hour()*2 + t.Minute()/30
	return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday || slot < 14 || slot >= 42
}

// modelsUnderTest are the models the every-model tests run: all of them,
// but under the race detector, which slows the likelihood fits of the
// ARIMA and ETS models to minutes in all, those that fit in moments; the
// make test target runs these tests again without it.
func modelsUnderTest() []string {
	if !raceDetector {
		return Models()
	}
	var quick []string
	for _, m := range Models() {
		if !strings.HasSuffix(m, "-arima") && !strings.HasSuffix(m, "-ets") {
			quick = append(quick, m)
		}
	}
	return quick
}

func TestPredictContract(t *testing.T) {
	s := noisy(10, 40, 1)
	for _, m := range modelsUnderTest() {
		t.Run(m, func(t *testing.T) {
			const h = 14 * 48
			f, err := Predict(s, Options{Horizon: h, Model: m})
			if err != nil {
				t.Fatal(err)
			}
			if want := s.Time(len(s.Contacts)); !f.Start.Equal(want) || f.Interval != s.Interval {
				t.Errorf("Start %v every %v, want %v every %v", f.Start, f.Interval, want, s.Interval)
			}
			if len(f.Contacts) != h || len(f.P10) != h || len(f.P90) != h || f.AHT != nil {
				t.Fatalf("lengths %d %d %d, AHT %v; want %d and nil AHT", len(f.Contacts), len(f.P10), len(f.P90), f.AHT, h)
			}
			if f.Channel != "chat" || f.Region != "north" || f.Model == "" {
				t.Errorf("labels %q %q model %q", f.Channel, f.Region, f.Model)
			}
			var open float64
			for i, v := range f.Contacts {
				if !(f.P10[i] >= 0 && f.P10[i] <= v && v <= f.P90[i]) || math.IsInf(f.P90[i], 0) {
					t.Fatalf("interval %d: P10 %v, point %v, P90 %v", i, f.P10[i], v, f.P90[i])
				}
				if weekendAndNight(f.Time(i)) {
					if f.P90[i] != 0 {
						t.Fatalf("closed interval %v forecast up to %v", f.Time(i), f.P90[i])
					}
				} else {
					open += v
				}
			}
			// Ten open days at the level of the history.
			// (The daily naive model repeats Friday, the busiest day.)
			if want := 10 * dayMean(s); m != "snaive-day" && !scalar.EqualWithinRel(open, want, 0.1) {
				t.Errorf("open-hours total %v, want %v within 10%%", open, want)
			}
		})
	}
}

// dayMean returns the mean total of the open days of s.
func dayMean(s Series) float64 {
	var sum float64
	days := map[time.Time]bool{}
	for i, v := range s.Contacts {
		if v > 0 {
			days[s.Time(i).Truncate(24*time.Hour)] = true
		}
		sum += v
	}
	return sum / float64(len(days))
}

func TestBaselinesExact(t *testing.T) {
	// Week w, weekday d, slot s has the value 1000*w + 10*d + s, so every
	// value tells where it came from.
	s := synth(5, func(w int, wd time.Weekday, slot int) float64 {
		return float64(1000*w + 10*int(wd) + slot)
	})
	const h = 7 * 48
	start := s.Time(len(s.Contacts)) // Friday 21:00
	tests := []struct {
		model string
		want  func(w int, wd time.Weekday, slot int) float64
	}{
		{"snaive", func(w int, wd time.Weekday, slot int) float64 { return float64(1000*(w-1) + 10*int(wd) + slot) }},
		// Every day from Friday, the last open day.
		{"snaive-day", func(w int, wd time.Weekday, slot int) float64 { return float64(1000*(w-1) + 10*5 + slot) }},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			f, err := Predict(s, Options{Horizon: h, Model: tt.model})
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range f.Contacts {
				tm := start.Add(time.Duration(i) * s.Interval)
				want := 0.0
				if !weekendAndNight(tm) {
					want = tt.want(int(tm.Sub(monday)/(7*24*time.Hour)), tm.Weekday(), tm.Hour()*2+tm.Minute()/30)
				}
				if v != want {
					t.Fatalf("%v: %v, want %v", tm, v, want)
				}
			}
		})
	}
}

func TestWeekMean(t *testing.T) {
	// Week w has the value w+10 everywhere open: the mean of the last k of
	// 6 weeks is (15 + 14 + ... + (16-k)) / k.
	s := synth(6, func(w int, _ time.Weekday, _ int) float64 { return float64(w + 10) })
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{1, 2, 4, 6, 8} {
		f := weekMean(k)(h, 7*48)
		kk := min(k, 6)
		want := 0.0
		for w := 15; w > 15-kk; w-- {
			want += float64(w)
		}
		want /= float64(kk)
		j := int(monday.AddDate(0, 0, 42).Add(10*time.Hour).Sub(s.Time(len(s.Contacts))) / s.Interval)
		if !scalar.EqualWithinAbsOrRel(f[j], want, 1e-12, 1e-12) {
			t.Errorf("k=%d: %v, want %v", k, f[j], want)
		}
	}
}

func TestDayProfileExact(t *testing.T) {
	// A constant level with weekday factors and a fixed profile is
	// reproduced exactly.
	fac := map[time.Weekday]float64{1: 1.2, 2: 1, 3: 0.9, 4: 0.95, 5: 1.1}
	s := synth(8, func(_ int, wd time.Weekday, slot int) float64 { return 100 * fac[wd] * shape(slot) })
	f, err := Predict(s, Options{Horizon: 7 * 48, Model: "day-profile"})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range f.Contacts {
		tm := f.Time(i)
		want := 0.0
		if !weekendAndNight(tm) {
			want = 100 * fac[tm.Weekday()] * shape(tm.Hour()*2+tm.Minute()/30)
		}
		if !scalar.EqualWithinAbsOrRel(v, want, 1e-9, 1e-9) {
			t.Fatalf("%v: %v, want %v", tm, v, want)
		}
	}
}

func TestShortHistory(t *testing.T) {
	day := synth(2, func(int, time.Weekday, int) float64 { return 5 })
	tests := []struct {
		name    string
		n       int // intervals of the one-week synth kept
		model   string
		wantErr bool
	}{
		{"half a day", 20, "auto", true},
		{"one day", 48, "auto", false},
		{"one day weekly model", 48, "snaive", true},
		{"three days", 3 * 48, "snaive-day", false},
		{"a week", 7*48 - 14, "snaive", false},
		{"a week less one interval", 7*48 - 15, "snaive", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := day
			s.Contacts = day.Contacts[:tt.n]
			f, err := Predict(s, Options{Horizon: 48, Model: tt.model})
			if tt.wantErr {
				var fe *FitError
				if !errors.Is(err, ErrData) || tt.model != "auto" && !errors.As(err, &fe) {
					t.Fatalf("error %v, want ErrData, a *FitError for a named model", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// The next open hours are forecast 5 an interval.
			if got := slices.Max(f.Contacts); got != 5 {
				t.Errorf("max %v, want 5", got)
			}
		})
	}
}

func TestZerosAndGaps(t *testing.T) {
	zero := synth(4, func(int, time.Weekday, int) float64 { return 0 })
	f, err := Predict(zero, Options{Horizon: 100})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Max(f.Contacts) != 0 || slices.Max(f.P90) != 0 {
		t.Errorf("all-zero history forecast up to %v (P90 %v)", slices.Max(f.Contacts), slices.Max(f.P90))
	}
	// NaN at random places, including the last interval.
	s := noisy(6, 20, 2)
	r := rand.New(rand.NewPCG(3, 3))
	for range 300 {
		s.Contacts[r.IntN(len(s.Contacts))] = math.NaN()
	}
	s.Contacts[len(s.Contacts)-1] = math.NaN()
	for _, m := range Models() {
		f, err := Predict(s, Options{Horizon: 400, Model: m})
		if err != nil {
			t.Fatal(m, err)
		}
		for i, v := range f.Contacts {
			if math.IsNaN(v) || math.IsNaN(f.P10[i]) || math.IsNaN(f.P90[i]) || v < 0 {
				t.Fatalf("%s: interval %d: %v [%v, %v]", m, i, v, f.P10[i], f.P90[i])
			}
		}
	}
}

func TestLowVolume(t *testing.T) {
	// Mostly zeros: 0.3 contacts an open interval on average.
	s := noisy(8, 0.2, 4)
	f, err := Predict(s, Options{Horizon: 7 * 48})
	if err != nil {
		t.Fatal(err)
	}
	var got float64
	for i, v := range f.Contacts {
		if weekendAndNight(f.Time(i)) && v != 0 {
			t.Fatalf("closed %v forecast %v", f.Time(i), v)
		}
		got += v
	}
	if want := 5 * dayMean(s); !scalar.EqualWithinRel(got, want, 0.25) {
		t.Errorf("week total %v, want %v within 25%%", got, want)
	}
}

func TestImputeNotShift(t *testing.T) {
	// Weekly periodic with a missing Wednesday in the last week: the
	// Wednesday is imputed from the other weeks, so the seasonal naive
	// forecast is still the pattern, at the right place.
	s := synth(5, func(_ int, wd time.Weekday, slot int) float64 { return float64(10*int(wd) + slot) })
	wed := monday.AddDate(0, 0, 30)
	for i := range s.Contacts {
		if tm := s.Time(i); !tm.Before(wed) && tm.Before(wed.AddDate(0, 0, 1)) && !weekendAndNight(tm) {
			s.Contacts[i] = math.NaN()
		}
	}
	f, err := Predict(s, Options{Horizon: 7 * 48, Model: "snaive"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Imputed != 28 {
		t.Errorf("Imputed = %d, want 28", f.Imputed)
	}
	for i, v := range f.Contacts {
		tm := f.Time(i)
		want := 0.0
		if !weekendAndNight(tm) {
			want = float64(10*int(tm.Weekday()) + tm.Hour()*2 + tm.Minute()/30)
		}
		if v != want {
			t.Fatalf("%v: %v, want %v", tm, v, want)
		}
	}
}

func TestOutliers(t *testing.T) {
	s := noisy(6, 100, 5)
	spike := monday.AddDate(0, 0, 7*5+1).Add(11 * time.Hour) // last Tuesday 11:00
	outage := monday.AddDate(0, 0, 7*4+3)                    // a Thursday down all day
	for i := range s.Contacts {
		tm := s.Time(i)
		if tm.Equal(spike) {
			s.Contacts[i] *= 8
		}
		if !tm.Before(outage) && tm.Before(outage.AddDate(0, 0, 1)) {
			s.Contacts[i] *= 0.1
		}
	}
	f, err := Predict(s, Options{Horizon: 7 * 48, Model: "snaive"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(f.Outliers, spike.Equal) {
		t.Errorf("spike at %v not among the outliers %v", spike, f.Outliers)
	}
	down := 0
	for _, o := range f.Outliers {
		if !o.Before(outage) && o.Before(outage.AddDate(0, 0, 1)) {
			down++
		}
	}
	if down != 28 {
		t.Errorf("%d intervals of the outage day reported, want 28", down)
	}
	if len(f.Outliers) > 40 {
		t.Errorf("%d outliers reported in Poisson noise, want about 29", len(f.Outliers))
	}
	// The forecast for next Tuesday 11:00 is near the ordinary level.
	j := int(spike.AddDate(0, 0, 7).Sub(f.Start) / f.Interval)
	if want := 100 * 1.2 * shape(22); !scalar.EqualWithinRel(f.Contacts[j], want, 0.2) {
		t.Errorf("after the spike: %v, want about %v", f.Contacts[j], want)
	}
}

func TestHolidays(t *testing.T) {
	s := synth(6, func(_ int, wd time.Weekday, slot int) float64 { return float64(10 * int(wd)) })
	next := monday.AddDate(0, 0, 42) // the Monday after the history
	// A past "Sale" Wednesday had twice the volume: learned for the next one.
	sale := monday.AddDate(0, 0, 7*3+2)
	for i := range s.Contacts {
		if tm := s.Time(i); !tm.Before(sale) && tm.Before(sale.AddDate(0, 0, 1)) {
			s.Contacts[i] *= 2
		}
	}
	hols := []Holiday{
		{Date: next, Name: "New Year", Closed: true},
		{Date: next.AddDate(0, 0, 1), Name: "Half", Factor: 0.5},
		{Date: next.AddDate(0, 0, 3), Name: "Make-up", Like: time.Monday, LikeSet: true},
		{Date: next.AddDate(0, 0, 5), Name: "Working Saturday", Like: time.Friday, LikeSet: true},
		{Date: sale, Name: "Sale"},
		{Date: next.AddDate(0, 0, 2), Name: "sale"},
	}
	f, err := Predict(s, Options{Horizon: 9 * 48, Model: "snaive", Holidays: hols})
	if err != nil {
		t.Fatal(err)
	}
	want := map[time.Weekday]float64{
		time.Monday: 0, time.Tuesday: 10, time.Wednesday: 60, time.Thursday: 10,
		time.Friday: 50, time.Saturday: 50, time.Sunday: 0,
	}
	for i, v := range f.Contacts {
		tm := f.Time(i)
		slot := tm.Hour()*2 + tm.Minute()/30
		w := 0.0
		if tm.After(next) && slot >= 14 && slot < 42 && tm.Before(next.AddDate(0, 0, 7)) {
			w = want[tm.Weekday()]
		}
		if v != w {
			t.Fatalf("%v: %v, want %v", tm, v, w)
		}
		if tm.Weekday() == time.Monday && tm.After(next) && tm.Before(next.AddDate(0, 0, 1)) && f.P90[i] != 0 {
			t.Fatalf("closed holiday %v has P90 %v", tm, f.P90[i])
		}
	}
}

func TestAHT(t *testing.T) {
	// Contacts 1 and 3 at the same slot in alternate weeks, with AHT 100 and
	// 300: the contact-weighted mean is (100 + 900) / 4 = 250, the plain
	// mean would be 200.
	s := synth(4, func(w int, _ time.Weekday, _ int) float64 { return float64(1 + 2*(w%2)) })
	s.AHT = make([]float64, len(s.Contacts))
	for i, c := range s.Contacts {
		switch c {
		case 1:
			s.AHT[i] = 100
		case 3:
			s.AHT[i] = 300
		default:
			s.AHT[i] = math.NaN()
		}
	}
	f, err := Predict(s, Options{Horizon: 7 * 48, Model: "snaive"})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range f.AHT {
		if !scalar.EqualWithinAbsOrRel(a, 250, 1e-12, 1e-12) {
			t.Fatalf("%v: AHT %v, want 250", f.Time(i), a)
		}
	}
}

func TestPredictAllDeterministic(t *testing.T) {
	var ss []Series
	for i := range 6 {
		s := noisy(8, float64(5+10*i), uint64(i))
		s.Region = string(rune('a' + i))
		ss = append(ss, s)
	}
	opt := Options{Horizon: 7 * 48}
	a, err := PredictAll(context.Background(), ss, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PredictAll(context.Background(), ss, opt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("two runs differ (-first +second):\n%s", diff)
	}
	for i, f := range a {
		one, _ := Predict(ss[i], opt)
		if diff := cmp.Diff(one, f); diff != "" {
			t.Fatalf("series %d differs from Predict (-Predict +PredictAll):\n%s", i, diff)
		}
	}
	ss[3].Contacts = ss[3].Contacts[:5]
	if _, err := PredictAll(context.Background(), ss, opt); !errors.Is(err, ErrData) {
		t.Errorf("error %v, want ErrData for the short series", err)
	}
}

func TestCatchUpAfterClosure(t *testing.T) {
	// A Monday is missing in week 5 and the Tuesday after it has 1.5 times
	// its usual volume. That Tuesday is not taken as an ordinary day (the
	// seasonal naive forecast of the next Tuesday is the usual 20), and
	// the Tuesday after a Monday declared closed in the horizon gets the
	// learned catch-up factor 1.5.
	s := synth(6, func(_ int, wd time.Weekday, _ int) float64 { return float64(10 * int(wd)) })
	gap := monday.AddDate(0, 0, 35)
	for i := range s.Contacts {
		tm := s.Time(i)
		switch {
		case !tm.Before(gap) && tm.Before(gap.AddDate(0, 0, 1)) && !weekendAndNight(tm):
			s.Contacts[i] = math.NaN()
		case !tm.Before(gap.AddDate(0, 0, 1)) && tm.Before(gap.AddDate(0, 0, 2)):
			s.Contacts[i] *= 1.5
		}
	}
	next := monday.AddDate(0, 0, 42)
	for _, tt := range []struct {
		hols    []Holiday
		tuesday float64
	}{
		{nil, 20},
		{[]Holiday{{Date: next, Name: "Closed Monday", Closed: true}}, 30},
	} {
		f, err := Predict(s, Options{Horizon: 5 * 48, Model: "snaive", Holidays: tt.hols})
		if err != nil {
			t.Fatal(err)
		}
		j := int(next.AddDate(0, 0, 1).Add(12*time.Hour).Sub(f.Start) / f.Interval)
		if got := f.Contacts[j]; !scalar.EqualWithinAbsOrRel(got, tt.tuesday, 1e-9, 1e-9) {
			t.Errorf("holidays %v: Tuesday %v, want %v", tt.hols, got, tt.tuesday)
		}
	}
}

func TestIntervalsAndOpeningHours(t *testing.T) {
	// Other grids: 15 and 60 minutes, a 24/7 centre, a centre open six
	// days with short Saturdays. Every model gives a finite, non-negative
	// forecast at the level of the history, zero when closed.
	tests := []struct {
		name     string
		interval time.Duration
		open     func(t time.Time) bool
	}{
		{"15 minutes weekdays", 15 * time.Minute, func(t time.Time) bool {
			return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday && t.Hour() >= 8 && t.Hour() < 18
		}},
		{"hourly 24/7", time.Hour, func(time.Time) bool { return true }},
		{"30 minutes short Saturdays", 30 * time.Minute, func(t time.Time) bool {
			end := 20
			if t.Weekday() == time.Saturday {
				end = 13
			}
			return t.Weekday() != time.Sunday && t.Hour() >= 8 && t.Hour() < end
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(11, 12))
			s := Series{Start: monday, Interval: tt.interval}
			var total float64
			for tm := monday; tm.Before(monday.AddDate(0, 0, 70)); tm = tm.Add(tt.interval) {
				v := 0.0
				if tt.open(tm) {
					v = poisson(r, 20*(1.2+math.Sin(float64(tm.Hour())/24*2*math.Pi)))
				}
				s.Contacts = append(s.Contacts, v)
				total += v
			}
			week := int(7 * 24 * time.Hour / tt.interval)
			for _, m := range Models() {
				f, err := Predict(s, Options{Horizon: week, Model: m})
				if err != nil {
					t.Fatal(m, err)
				}
				var sum float64
				for i, v := range f.Contacts {
					if !tt.open(f.Time(i)) && v != 0 {
						t.Fatalf("%s: closed %v forecast %v", m, f.Time(i), v)
					}
					if !(v >= 0) || math.IsInf(f.P90[i], 0) {
						t.Fatalf("%s: %v forecast %v P90 %v", m, f.Time(i), v, f.P90[i])
					}
					sum += v
				}
				if want := total / 10; !scalar.EqualWithinRel(sum, want, 0.1) {
					t.Errorf("%s: week total %v, want %v within 10%%", m, sum, want)
				}
			}
		})
	}
}

func TestEventShape(t *testing.T) {
	// A past "Double 11" Wednesday had three times the usual 10 contacts
	// an interval in the morning (07:00-14:00) and the usual afternoon. The
	// next one is scaled per interval: with c = 280/48 contacts of
	// shrinkage toward the day ratio 2, the morning ratio is
	// (30 + 2c)/(10 + c) and the afternoon one (10 + 2c)/(10 + c).
	s := synth(6, func(int, time.Weekday, int) float64 { return 10 })
	past := monday.AddDate(0, 0, 23)
	for i := range s.Contacts {
		if tm := s.Time(i); !tm.Before(past) && tm.Before(past.Add(14*time.Hour)) && !weekendAndNight(tm) {
			s.Contacts[i] = 30
		}
	}
	next := monday.AddDate(0, 0, 44)
	hols := []Holiday{{Date: past, Name: "Double 11"}, {Date: next, Name: "double 11"}}
	f, err := Predict(s, Options{Horizon: 7 * 48, Model: "snaive", Holidays: hols})
	if err != nil {
		t.Fatal(err)
	}
	c := 280.0 / 48
	for _, tc := range []struct {
		at   time.Duration
		want float64
	}{
		{9 * time.Hour, 10 * (30 + 2*c) / (10 + c)},
		{16 * time.Hour, 10 * (10 + 2*c) / (10 + c)},
	} {
		j := int(next.Add(tc.at).Sub(f.Start) / f.Interval)
		if got := f.Contacts[j]; !scalar.EqualWithinAbsOrRel(got, tc.want, 1e-9, 1e-9) {
			t.Errorf("%v: %v, want %v", next.Add(tc.at), got, tc.want)
		}
	}
}

func TestAutoReportsItsSelection(t *testing.T) {
	s := noisy(6, 30, 7)
	f, err := Predict(s, Options{Horizon: 48})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Selection) < 3 {
		t.Fatalf("auto reported %d candidates, want the whole pool", len(f.Selection))
	}
	bestLater := math.Inf(1)
	for _, c := range f.Selection {
		bestLater = math.Min(bestLater, c.Later)
	}
	picked := 0
	for i, c := range f.Selection {
		if i > 0 && c.DayAhead < f.Selection[i-1].DayAhead {
			t.Errorf("selection not sorted by day-ahead WAPE at %s", c.Model)
		}
		if c.InDayAhead {
			picked++
			if f.Model != "auto("+c.Model+")" && !strings.HasPrefix(f.Model, "ensemble(") {
				t.Errorf("%s is averaged in but the model name is %q", c.Model, f.Model)
			}
		}
		if c.InLater && c.Later > bestLater*(1+pruneTol) {
			t.Errorf("%s averaged in with later WAPE %v, beyond the tolerance of the best %v", c.Model, c.Later, bestLater)
		}
	}
	if picked > 1 && !strings.HasPrefix(f.Model, fmt.Sprintf("ensemble(%d", picked)) {
		t.Errorf("%d models averaged, named %q", picked, f.Model)
	}
	if c := f.Chosen; !(c.WAPE > 0 && c.MASE > 0 && c.Coverage > 0.5 && c.Coverage <= 1 && math.Abs(c.Bias) < c.WAPE) || c.Model != f.Model {
		t.Errorf("chosen forecast scored %+v", c)
	}
	for _, c := range f.Selection {
		if c.InDayAhead && !(c.WAPE > 0 && c.MASE > 0) {
			t.Errorf("%s scored WAPE %v MASE %v", c.Model, c.WAPE, c.MASE)
		}
	}
	if picked == 0 || !f.Selection[0].InDayAhead {
		t.Errorf("the best day-ahead model is not among those averaged: %+v", f.Selection)
	}
	if named, _ := Predict(s, Options{Horizon: 48, Model: "snaive"}); named.Selection != nil {
		t.Error("a named model reports a selection")
	}
}

func TestPredictAllCancelled(t *testing.T) {
	var ss []Series
	for i := range 60 {
		ss = append(ss, noisy(26, 40, uint64(i)))
	}
	opt := Options{Horizon: 7 * 48}
	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := PredictAll(ctx, ss, opt); !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
	t.Run("during", func(t *testing.T) {
		// Cancelled after two series have started, the run ends once the
		// series under way are done: far sooner than all 60 would take.
		start := time.Now()
		if _, err := PredictAll(context.Background(), ss[:2], opt); err != nil {
			t.Fatal(err)
		}
		two := time.Since(start)
		start = time.Now()
		if _, err := PredictAll(stopAfter(2), ss, opt); !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		if took := time.Since(start); took > 10*two {
			t.Errorf("returned after %v, want about the %v two series take", took, two)
		}
	})
}
