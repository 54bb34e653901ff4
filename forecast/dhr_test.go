package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestSlotRegressionMatchesRowRegression: regressing one weighted row per
// slot gives the coefficients of the regression on every observation,
// whether slots hold many observations, one, or none.
func TestSlotRegressionMatchesRowRegression(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ w, p, n int }{{336, 39, 4032}, {48, 5, 30}, {20, 4, 60}} {
		t.Run(fmt.Sprintf("%d-slots-%d-regressors-%d-rows", c.w, c.p, c.n), func(t *testing.T) {
			table := mat.NewDense(c.w, c.p, nil) // the regressors of each slot
			for s := range c.w {
				for k := range c.p {
					table.Set(s, k, r.NormFloat64())
				}
			}
			x := func(s int, dst []float64) { copy(dst, table.RawRowView(s)) }
			slots := make([]int, c.n)
			ys := make([]float64, c.n)
			X := mat.NewDense(c.n, c.p, nil)
			for i := range slots {
				slots[i] = r.IntN(c.w)
				if i < c.w {
					slots[i] = i // every slot at least once
				}
				x(slots[i], X.RawRowView(i))
				ys[i] = 50 + 10*r.NormFloat64()
			}
			var want mat.VecDense
			if err := want.SolveVec(X, mat.NewVecDense(c.n, ys)); err != nil {
				t.Fatal(err)
			}
			got, ok := slotRegression(slots, ys, c.w, c.p, x)
			if !ok {
				t.Fatal("no solution")
			}
			for k := range c.p {
				if !scalar.EqualWithinAbsOrRel(got.AtVec(k), want.AtVec(k), 1e-9, 1e-9) {
					t.Errorf("coefficient %d: %v, want %v", k, got.AtVec(k), want.AtVec(k))
				}
			}
		})
	}
}

func TestDHRExact(t *testing.T) {
	// A series made of the regressors themselves (Fourier terms of the day
	// and of the week, a weekday effect) is fitted exactly: the residuals
	// are zero and so is their autoregression.
	value := func(w int, wd time.Weekday, slot int) float64 {
		sw := int(wd)*48 + slot
		v := 100 + 10*math.Sin(2*math.Pi*float64(slot)/48) + 5*math.Cos(2*math.Pi*3*float64(sw)/336)
		if wd == time.Wednesday {
			v += 7
		}
		return v
	}
	s := synth(13, value)
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := run(spec{name: "dhr", minDays: 14, fn: dhr}, h, 7*48)
	for j, v := range f {
		tm := s.Time(len(s.Contacts) + j)
		want := 0.0
		if !weekendAndNight(tm) {
			want = value(0, tm.Weekday(), tm.Hour()*2+tm.Minute()/30)
		}
		if !scalar.EqualWithinAbsOrRel(v, want, 1e-6, 1e-6) {
			t.Fatalf("%v: %v, want %v", tm, v, want)
		}
	}
}

func TestDSHWExact(t *testing.T) {
	// An exactly weekly series leaves no one-step error: the forecast
	// repeats the week whatever the smoothing constants.
	s := synth(6, func(_ int, wd time.Weekday, slot int) float64 { return float64(10*int(wd) + slot) })
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := run(spec{name: "dshw", minDays: 14, fn: dshw}, h, 7*48)
	for j, v := range f {
		tm := s.Time(len(s.Contacts) + j)
		want := 0.0
		if !weekendAndNight(tm) {
			want = float64(10*int(tm.Weekday()) + tm.Hour()*2 + tm.Minute()/30)
		}
		if !scalar.EqualWithinAbsOrRel(v, want, 1e-9, 1e-9) {
			t.Fatalf("%v: %v, want %v", tm, v, want)
		}
	}
}
