package schedule

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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

// TestDayValPlacesBreaksBest: dayVal's breaks are placed where enumerating
// every placement (in order, min_break_gap apart, on the bstep grid, inside
// the shift) finds the least weight, and it returns the shift's weight less
// theirs; -Inf where no placement fits.
func TestDayValPlacesBreaksBest(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	g := grid{interval: 30, phase: 15, perDay: 48, days: 7}
	w := make([]float64, g.n())
	var pr pricer
	for _, c := range []struct {
		name        string
		bstep       int
		span, gap   int
		breaks      []pbreak
		zeroWeights bool    // every placement ties
		tied        []int32 // the placement chosen among ties: the earliest
		infeasible  bool
	}{
		{name: "none", bstep: 15, span: 480},
		{name: "one", bstep: 15, span: 270, breaks: []pbreak{{15, 60, 180}}},
		{name: "FT8", bstep: 15, span: 570, gap: 60, breaks: []pbreak{{30, 120, 180}, {60, 210, 300}}},
		{name: "windows overlap", bstep: 15, span: 600, gap: 30, breaks: []pbreak{{30, 60, 300}, {60, 90, 360}, {15, 120, 480}}},
		{name: "window past the end", bstep: 10, span: 300, gap: 20, breaks: []pbreak{{20, 30, 200}, {45, 100, 290}}},
		{name: "ties", bstep: 15, span: 570, gap: 60, breaks: []pbreak{{30, 120, 180}, {60, 210, 300}}, zeroWeights: true, tied: []int32{120, 210}},
		{name: "gap too long", bstep: 15, span: 570, gap: 200, breaks: []pbreak{{30, 120, 180}, {60, 210, 300}}, infeasible: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i := range w {
				w[i] = 0
				if !c.zeroWeights {
					w[i] = r.Float64() * 10
				}
			}
			pr.set(w, g)
			p := &problem{g: g, bstep: c.bstep}
			tm := &ptmpl{span: c.span, breaks: c.breaks, breakGap: c.gap}
			tm.breakCandidates(c.bstep)
			// brute force: every placement of the breaks in order
			best, feasible := math.Inf(1), false
			var enum func(a, b, next int, sum float64)
			enum = func(a, b, next int, sum float64) {
				if b == len(tm.breaks) {
					best, feasible = math.Min(best, sum), true
					return
				}
				bk := tm.breaks[b]
				for off := bk.from; off <= bk.to && off+bk.length <= tm.span; off += c.bstep {
					if off >= next {
						enum(a, b+1, off+bk.length+tm.breakGap, sum+pr.val(a+off, a+off+bk.length))
					}
				}
			}
			for range 50 {
				a := r.IntN(g.minutes()+24*60) - 60 // some before the first interval, some past the end
				brk := make([]int32, len(tm.breaks))
				got := p.dayVal(&pr, tm, a, brk)
				best, feasible = math.Inf(1), false
				enum(a, 0, 0, 0)
				if feasible == c.infeasible {
					t.Fatalf("feasible %v, want %v", feasible, !c.infeasible)
				}
				if !feasible {
					if !math.IsInf(got, -1) {
						t.Fatalf("dayVal(%d) = %v, want -Inf: no placement fits", a, got)
					}
					continue
				}
				span := pr.val(a, a+tm.span)
				if want := span - best; !scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-12) {
					t.Fatalf("dayVal(%d) = %v, enumeration finds %v", a, got, want)
				}
				// the placement returned is allowed and worth what dayVal says
				v, next := span, 0
				for b, bk := range tm.breaks {
					off := int(brk[b])
					if off < bk.from || off > bk.to || off+bk.length > tm.span || off < next || (off-bk.from)%c.bstep != 0 {
						t.Fatalf("dayVal(%d) places break %d at %d: %v", a, b, off, brk)
					}
					v -= pr.val(a+off, a+off+bk.length)
					next = off + bk.length + tm.breakGap
				}
				if !scalar.EqualWithinAbsOrRel(got, v, 1e-9, 1e-12) {
					t.Fatalf("dayVal(%d) = %v, its breaks %v leave %v", a, got, brk, v)
				}
				if c.tied != nil && !slices.Equal(brk, c.tied) {
					t.Fatalf("dayVal(%d) places the breaks at %v among ties, want %v", a, brk, c.tied)
				}
			}
		})
	}
}
