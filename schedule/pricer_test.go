package schedule

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestPricerSumsSpansAsSpreadDoes: a span's value is the weights of the
// intervals it overlaps times the share of each it covers, wrapping past
// the horizon's end, for intervals of every length and phase: as spread
// shares them out, and as the sum over the span's minutes, each weighing
// its interval's weight over the interval's length.
func TestPricerSumsSpansAsSpreadDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var pr pricer // reused, as the search does, across grids too
	for _, g := range []grid{
		{interval: 30, perDay: 48, days: 7},
		{interval: 15, perDay: 96, days: 14},
		{interval: 60, phase: 30, perDay: 24, days: 7},
		{interval: 30, phase: 15, perDay: 48, days: 371},
		{interval: 20, phase: 7, perDay: 72, days: 3},
	} {
		t.Run(fmt.Sprintf("%dmin-phase%d-%ddays", g.interval, g.phase, g.days), func(t *testing.T) {
			w := make([]float64, g.n())
			for i := range w {
				w[i] = r.Float64() * 100
			}
			pr.set(w, g)
			H := g.minutes()
			for range 2000 {
				a := r.IntN(H + 24*60)
				b := a + r.IntN(min(H, 20*60)+1)
				want := 0.0
				g.spread(a, b, func(i int, share float64) { want += w[i] * share })
				perMinute := 0.0
				for m := a; m < b; m++ {
					i := ((m-g.phase)%H + H) % H / g.interval
					perMinute += w[i] / float64(g.interval)
				}
				got := pr.val(a, b)
				if !scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-12) {
					t.Fatalf("val(%d, %d) = %v, spread gives %v", a, b, got, want)
				}
				if !scalar.EqualWithinAbsOrRel(got, perMinute, 1e-9, 1e-12) {
					t.Fatalf("val(%d, %d) = %v, the minutes sum to %v", a, b, got, perMinute)
				}
			}
		})
	}
}
