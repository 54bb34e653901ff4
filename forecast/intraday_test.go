package forecast

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// dayForecast is a two-day 30-minute forecast from midnight: 400 contacts
// an interval from 08:00 to 20:00, none outside; P10 and P90 at 90% and
// 110%.
func dayForecast() Forecast {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	f := Forecast{Channel: "phone", Region: "all", Start: start, Interval: 30 * time.Minute, Model: "mean"}
	for i := range 96 {
		v := 0.0
		if h := f.Time(i).Hour(); h >= 8 && h < 20 {
			v = 400
		}
		f.Contacts = append(f.Contacts, v)
		f.P10 = append(f.P10, 0.9*v)
		f.P90 = append(f.P90, 1.1*v)
		f.AHT = append(f.AHT, 300)
	}
	return f
}

// actuals returns ratio times f's intervals before now, as a Series.
func actuals(f Forecast, now time.Time, ratio float64) Series {
	n := int(now.Sub(f.Start) / f.Interval)
	s := Series{Channel: f.Channel, Region: f.Region, Start: f.Start, Interval: f.Interval, Contacts: make([]float64, n)}
	for i := range n {
		s.Contacts[i] = ratio * f.Contacts[i]
	}
	return s
}

func TestReforecast(t *testing.T) {
	f := dayForecast()
	now := f.Start.Add(12 * time.Hour)
	from := 24
	tests := []struct {
		name     string
		ratio    float64
		min, max float64 // bounds on the factor of every interval left today
		first    float64 // least factor at now
	}{
		{"day 25% above from 08:00", 1.25, 1, 1.25, 1.1},
		{"day 20% below", 0.8, 0.8, 1, 0},
		{"day on forecast", 1, 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, u, err := Reforecast(f, actuals(f, now, tt.ratio), now, DefaultGain)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Start.Equal(now) || len(got.Contacts) != len(f.Contacts)-from || len(got.AHT) != len(got.Contacts) {
				t.Fatalf("got %d intervals from %v, want %d from %v", len(got.Contacts), got.Start, len(f.Contacts)-from, now)
			}
			if u.Actual != tt.ratio*400*8 || u.Forecast != 400*8 {
				t.Errorf("update saw %g contacts against %g forecast, want %g against 3200", u.Actual, u.Forecast, tt.ratio*3200)
			}
			if tt.ratio > 1 && u.Factor < tt.first {
				t.Errorf("factor at now %.3f, want at least %g", u.Factor, tt.first)
			}
			for h := range got.Contacts {
				v, was := got.Contacts[h], f.Contacts[from+h]
				if got.Time(h).Day() != now.Day() || was == 0 {
					if v != was || got.P10[h] != f.P10[from+h] || got.P90[h] != f.P90[from+h] {
						t.Errorf("%v: %g (%g-%g), want %g unchanged outside today's open hours", got.Time(h), v, got.P10[h], got.P90[h], was)
					}
					continue
				}
				m := v / was
				if m < tt.min-1e-12 || m > tt.max+1e-12 {
					t.Errorf("%v: factor %.4f, want %g to %g", got.Time(h), m, tt.min, tt.max)
				}
				if math.Abs(got.P10[h]-m*f.P10[from+h]) > 1e-9 || math.Abs(got.P90[h]-m*f.P90[from+h]) > 1e-9 {
					t.Errorf("%v: P10-P90 %g-%g not scaled by %g", got.Time(h), got.P10[h], got.P90[h], m)
				}
				if h > 0 && math.Abs(m-1) > math.Abs(got.Contacts[h-1]/f.Contacts[from+h-1]-1)+1e-12 {
					t.Errorf("%v: factor %.4f departs further than the interval before's", got.Time(h), m)
				}
				if got.AHT[h] != 300 {
					t.Errorf("%v: AHT %g, want 300 unchanged", got.Time(h), got.AHT[h])
				}
			}
		})
	}
}

func TestReforecastWithoutActuals(t *testing.T) {
	f := dayForecast()
	now := f.Start.Add(12 * time.Hour)
	for name, a := range map[string]Series{
		"none":            {Interval: f.Interval},
		"all missing":     {Start: f.Start, Interval: f.Interval, Contacts: []float64{math.NaN(), math.NaN()}},
		"yesterday's":     actuals(Forecast{Start: f.Start.Add(-24 * time.Hour), Interval: f.Interval, Contacts: f.Contacts[:48]}, f.Start, 2),
		"update disabled": actuals(f, now, 2),
	} {
		g := DefaultGain
		if name == "update disabled" {
			g.Level = 0
		}
		got, _, err := Reforecast(f, a, now, g)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for h := range got.Contacts {
			if got.Contacts[h] != f.Contacts[24+h] {
				t.Errorf("%s: %v: %g, want %g unchanged", name, got.Time(h), got.Contacts[h], f.Contacts[24+h])
				break
			}
		}
	}
}

func TestReforecastRejects(t *testing.T) {
	f := dayForecast()
	ok := actuals(f, f.Start.Add(12*time.Hour), 1)
	coarse := ok
	coarse.Interval = time.Hour
	shifted := ok
	shifted.Start = shifted.Start.Add(15 * time.Minute)
	tests := []struct {
		name  string
		now   time.Time
		a     Series
		field string
	}{
		{"before the forecast", f.Start.Add(-30 * time.Minute), ok, "now"},
		{"at its end", f.Time(len(f.Contacts)), ok, "now"},
		{"off the grid", f.Start.Add(12*time.Hour + 10*time.Minute), ok, "now"},
		{"actuals hourly", f.Start.Add(12 * time.Hour), coarse, "actuals"},
		{"actuals off the grid", f.Start.Add(12 * time.Hour), shifted, "actuals"},
	}
	for _, tt := range tests {
		_, _, err := Reforecast(f, tt.a, tt.now, DefaultGain)
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Field != tt.field || !errors.Is(err, ErrData) {
			t.Errorf("%s: got %v, want an OptionError on %s", tt.name, err, tt.field)
		}
	}
}

// TestFitGain learns from synthetic days whose departure from the forecast
// is a level held all day (persistent), or only Poisson noise (nothing to
// learn).
func TestFitGain(t *testing.T) {
	f := dayForecast().Contacts[:48]
	r := rand.New(rand.NewPCG(1, 2))
	days := func(level float64) []Day {
		var out []Day
		for range 20 {
			l := 1 + level*r.NormFloat64()
			a := make([]float64, len(f))
			for i, v := range f {
				a[i] = poisson(r, l*v)
			}
			out = append(out, Day{Forecast: f, Actual: a})
		}
		return out
	}
	if g := FitGain(nil, 30*time.Minute); g.Level != 0 {
		t.Errorf("no days: gain %+v, want Level 0", g)
	}
	held := FitGain(days(0.2), 30*time.Minute)
	if held.Persistence < 0.9 || held.Level < 0.1 || held.Level > 0.4 {
		t.Errorf("days 20%% off all day: gain %+v, want persistence at least 0.9 and Level 0.1 to 0.4", held)
	}
	noise := FitGain(days(0), 30*time.Minute)
	if noise.Level > 0.02 {
		t.Errorf("days on forecast but for Poisson noise: gain %+v, want Level at most 2%%", noise)
	}
}

func TestLearnGain(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	level := map[[2]int]float64{}
	s := synth(8, func(week int, wd time.Weekday, slot int) float64 {
		k := [2]int{week, int(wd)}
		if _, ok := level[k]; !ok {
			level[k] = 1 + 0.2*r.NormFloat64()
		}
		return poisson(r, 200*shape(slot)*level[k])
	})
	after := s.Time(len(s.Contacts)).Add(24 * time.Hour)
	g, n, err := LearnGain(s, after, "day-profile")
	if err != nil || n != LearnDays || g.Persistence < 0.9 || g.Level < 0.1 {
		t.Errorf("days 20%% off all day: gain %+v from %d days, %v; want persistence at least 0.9 and Level at least 0.1 from %d days", g, n, err, LearnDays)
	}
	if g, n, err := LearnGain(s, s.Start.Add(48*time.Hour), "day-profile"); err != nil || n != 0 || g != DefaultGain {
		t.Errorf("two days of history: gain %+v from %d days, %v; want the default from none", g, n, err)
	}
	var oe *OptionError
	if _, _, err := LearnGain(s, after, "prophet"); !errors.As(err, &oe) {
		t.Errorf("unknown model: got %v, want an OptionError", err)
	}
}
