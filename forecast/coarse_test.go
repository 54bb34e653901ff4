package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestEveryInterval runs every model on ten weeks of Poisson counts with a
// weekday and an intraday pattern at intervals from a day to 15 minutes,
// and checks the next week's forecast against the true means.
func TestEveryInterval(t *testing.T) {
	for _, iv := range []time.Duration{24 * time.Hour, 12 * time.Hour, 8 * time.Hour, time.Hour, 15 * time.Minute} {
		per := int(24 * time.Hour / iv)
		mu := func(i int) float64 {
			return 50 * (1 + 0.1*float64(i/per%7)) * (1 + 0.5*math.Sin(float64(i%per)/float64(per)*math.Pi))
		}
		r := rand.New(rand.NewPCG(1, 2))
		s := Series{Start: monday, Interval: iv}
		for i := range 10 * 7 * per {
			s.Contacts = append(s.Contacts, poisson(r, mu(i)))
		}
		for _, m := range modelsUnderTest() {
			t.Run(iv.String()+"/"+m, func(t *testing.T) {
				f, err := Predict(s, Options{Horizon: 7 * per, Model: m})
				if err != nil {
					t.Fatal(err)
				}
				var got, want float64
				for i, v := range f.Contacts {
					if !(f.P10[i] >= 0 && f.P10[i] <= v && v <= f.P90[i] && !math.IsInf(f.P90[i], 0)) {
						t.Fatalf("interval %d: P10 %v, point %v, P90 %v", i, f.P10[i], v, f.P90[i])
					}
					got += v
					want += mu(len(s.Contacts) + i)
				}
				// (The daily naive model repeats Sunday, the busiest day.)
				if m != "snaive-day" && !scalar.EqualWithinRel(got, want, 0.05) {
					t.Errorf("week total %v, want %v within 5%%", got, want)
				}
			})
		}
	}
}

func TestDHRExactDaily(t *testing.T) {
	// Daily totals that are a weekday pattern are fitted exactly: the
	// harmonics of the week span every weekday pattern.
	wdv := []float64{80, 120, 110, 100, 105, 95, 60}
	s := Series{Start: monday, Interval: 24 * time.Hour}
	for i := range 12 * 7 {
		s.Contacts = append(s.Contacts, wdv[s.Time(i).Weekday()])
	}
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range run(spec{name: "dhr", minDays: 14, fn: dhr}, h, 14) {
		if want := wdv[s.Time(len(s.Contacts)+j).Weekday()]; !scalar.EqualWithinAbsOrRel(v, want, 1e-9, 1e-9) {
			t.Errorf("day %d: %v, want %v", j, v, want)
		}
	}
}
