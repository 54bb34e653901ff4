package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestLeastSquaresAR(t *testing.T) {
	// x[t] = 0.6 x[t-1] - 0.2 x[t-2] + e, e ~ N(0, 0.1^2): least squares
	// recovers the coefficients within a few standard errors
	// (sqrt((1-phi2^2)/n) is about 0.01 for n = 10000).
	r := rand.New(rand.NewPCG(7, 7))
	x := make([]float64, 10000)
	for t := 2; t < len(x); t++ {
		x[t] = 0.6*x[t-1] - 0.2*x[t-2] + 0.1*r.NormFloat64()
	}
	coef, sse := leastSquares(x, []int{1, 2}, 2)
	if !scalar.EqualWithinAbs(coef[0], 0.6, 0.03) || !scalar.EqualWithinAbs(coef[1], -0.2, 0.03) {
		t.Errorf("coefficients %v, want [0.6 -0.2]", coef)
	}
	if s := sse / float64(len(x)-2); !scalar.EqualWithinRel(s, 0.01, 0.05) {
		t.Errorf("residual variance %v, want 0.01", s)
	}
}

func TestProfileSeasonal(t *testing.T) {
	// A stable multiplicative weekly pattern is reproduced by both level
	// models, and a level shift in the last week moves the forecast
	// toward the new level (exponential smoothing all the way, the
	// autoregression part of the way back to the four-week mean).
	fac := map[time.Weekday]float64{1: 1.2, 2: 1, 3: 0.9, 4: 0.95, 5: 1.1}
	value := func(w int, wd time.Weekday, slot int) float64 { return 100 * fac[wd] * shape(slot) }
	flat := synth(10, value)
	for _, m := range []spec{{name: "ses", minDays: 7, fn: profileSES}, {name: "ar", minDays: 14, fn: profileAR}} {
		h, err := prepare(flat, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := run(m, h, 7*48)
		for j, v := range f {
			tm := flat.Time(len(flat.Contacts) + j)
			want := 0.0
			if !weekendAndNight(tm) {
				want = value(0, tm.Weekday(), tm.Hour()*2+tm.Minute()/30)
			}
			if !scalar.EqualWithinAbsOrRel(v, want, 1e-6, 1e-6) {
				t.Fatalf("%s: %v: %v, want %v", m.name, tm, v, want)
			}
		}
	}
}

func TestProfileLevelShift(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	s := synth(12, func(w int, wd time.Weekday, slot int) float64 {
		lvl := 100.0
		if w >= 11 {
			lvl = 130
		}
		return poisson(r, lvl*shape(slot))
	})
	for _, m := range []spec{{name: "ses", minDays: 7, fn: profileSES}, {name: "ar", minDays: 14, fn: profileAR}} {
		h, err := prepare(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := run(m, h, 3*24*2+2)
		// Monday 12:00 after the history.
		j := int(monday.AddDate(0, 0, 84).Add(12*time.Hour).Sub(s.Time(len(s.Contacts))) / s.Interval)
		got := f[j] / shape(24)
		if got < 110 || got > 135 || math.IsNaN(got) {
			t.Errorf("%s: level %v after a shift from 100 to 130, want it between 110 and 135", m.name, got)
		}
	}
}
