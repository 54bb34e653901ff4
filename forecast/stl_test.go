package forecast

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestLoessAt(t *testing.T) {
	// Local lines reproduce a line anywhere, extrapolation included; local
	// constants reproduce a constant.
	line := []float64{3, 5, 7, 9, 11, 13, 15, 17}
	for _, at := range []float64{0, 2.5, 4, 7, -1, 8} {
		for _, q := range []int{3, 5, 8, 11} {
			if got, want := loessAt(line, at, q, 1), 3+2*at; !scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-9) {
				t.Errorf("line at %v, q %d: %v, want %v", at, q, got, want)
			}
		}
	}
	if got := loessAt([]float64{4, 4, 4, 4}, 1.5, 3, 0); got != 4 {
		t.Errorf("constant: %v, want 4", got)
	}
	// Tricube weights of a window of 5 around 2: distances 0, 1/2, 1 of
	// the half-width 2 weigh 1, (1 - 1/8)^3 = 0.669921875 and 0.
	w := 0.669921875
	x := []float64{100, 1, 2, 4, 100}
	if got, want := loessAt(x, 2, 5, 0), (w*1+2+w*4)/(1+2*w); !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
		t.Errorf("weighted mean: %v, want %v", got, want)
	}
}

func TestMovingAverage(t *testing.T) {
	got := movingAverage([]float64{1, 2, 3, 4, 10}, 3)
	want := []float64{2, 3, 17.0 / 3}
	for i := range want {
		if !scalar.EqualWithinAbsOrRel(got[i], want[i], 1e-12, 1e-12) {
			t.Fatalf("moving average %v, want %v", got, want)
		}
	}
}

func TestMSTLComponents(t *testing.T) {
	// Daily and weekly sinusoids on a slowly rising level are separated:
	// each seasonal component and the adjusted series (the level) within
	// 2% of the daily amplitude, away from the ends.
	const per, week = 24, 168
	n := 10 * week
	x := make([]float64, n)
	day, wk, lvl := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range x {
		day[i] = 10 * math.Sin(2*math.Pi*float64(i)/per)
		wk[i] = 4 * math.Cos(2*math.Pi*float64(i)/week)
		lvl[i] = 50 + 0.002*float64(i)
		x[i] = day[i] + wk[i] + lvl[i]
	}
	seas, adj := mstl(x, []int{per, week})
	for i := week; i < n-week; i++ {
		if math.Abs(seas[0][i]-day[i]) > 0.2 || math.Abs(seas[1][i]-wk[i]) > 0.2 || math.Abs(adj[i]-lvl[i]) > 0.2 {
			t.Fatalf("at %d: daily %v (want %v), weekly %v (want %v), adjusted %v (want %v)",
				i, seas[0][i], day[i], seas[1][i], wk[i], adj[i], lvl[i])
		}
	}
}

func TestMSTLModels(t *testing.T) {
	// An exactly weekly series is forecast by both MSTL models within 1%
	// (loess leaves a trace of the pattern in the adjusted series near
	// the ends; the level models see almost no variation).
	value := func(_ int, wd time.Weekday, slot int) float64 { return float64(10*int(wd) + slot) }
	s := synth(8, value)
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []spec{{name: "mstl-ses", minDays: 14, fn: mstlSES}, {name: "mstl-ar", minDays: 14, fn: mstlAR}} {
		f := run(m, h, 7*48)
		for j, v := range f {
			tm := s.Time(len(s.Contacts) + j)
			want := 0.0
			if !weekendAndNight(tm) {
				want = value(0, tm.Weekday(), tm.Hour()*2+tm.Minute()/30)
			}
			if !scalar.EqualWithinAbsOrRel(v, want, 1e-2, 1e-2) {
				t.Fatalf("%s: %v: %v, want %v", m.name, tm, v, want)
			}
		}
	}
}
