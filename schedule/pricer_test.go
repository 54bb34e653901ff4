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
			// vals prices a row of spans exactly as val does one by one,
			// sharing ends or not, across the horizon's end too
			for range 200 {
				step := []int{5, 15, 30}[r.IntN(3)]
				length := step * (1 + r.IntN(6))
				if r.IntN(3) == 0 {
					length += 1 + r.IntN(step-1)
				}
				x := r.IntN(H) - 60
				out := make([]float64, 1+r.IntN(48))
				pr.vals(out, x, step, length)
				for g, got := range out {
					y := x + g*step
					if want := pr.val(y, y+length); got != want {
						t.Fatalf("vals from %d, step %d, length %d: span %d is %v, val gives %v", x, step, length, g, got, want)
					}
				}
			}
		})
	}
}

// TestDayValPlacesBreaksBest: dayVal's breaks, and dayVals' for every
// start of a day that fits, are placed where enumerating every placement
// (in order, min_break_gap apart, on the bstep grid, inside the shift)
// finds the least weight, and the value is the shift's weight less theirs;
// -Inf where no placement fits. The starts' step need not be one of breaks.
func TestDayValPlacesBreaksBest(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	g := grid{interval: 30, phase: 15, perDay: 48, days: 7}
	w := make([]float64, g.n())
	var pr pricer
	for _, c := range []struct {
		name          string
		bstep         int
		first, nstart int // minutes after midnight of the first start, starts
		startStep     int
		span, gap     int
		breaks        []pbreak
		zeroWeights   bool    // every placement ties
		tied          []int32 // the placement chosen among ties: the earliest
		infeasible    bool
	}{
		{name: "none", bstep: 15, first: 420, nstart: 9, startStep: 60, span: 480},
		{name: "one", bstep: 15, first: 0, nstart: 1, span: 270, breaks: []pbreak{{15, 60, 180}}},
		{name: "FT8", bstep: 15, first: 420, nstart: 19, startStep: 30, span: 570, gap: 60, breaks: []pbreak{{30, 120, 180}, {60, 210, 300}}},
		{name: "overnight", bstep: 15, first: 1320, nstart: 3, startStep: 30, span: 570, gap: 60, breaks: []pbreak{{30, 120, 180}, {60, 210, 300}}},
		{name: "windows overlap", bstep: 15, first: 300, nstart: 12, startStep: 20, span: 600, gap: 30, breaks: []pbreak{{30, 60, 300}, {60, 90, 360}, {15, 120, 480}}},
		{name: "window past the end", bstep: 10, first: 545, nstart: 30, startStep: 7, span: 300, gap: 20, breaks: []pbreak{{20, 30, 200}, {45, 100, 290}}},
		{name: "ties", bstep: 15, first: 420, nstart: 5, startStep: 30, span: 570, gap: 60, breaks: []pbreak{{30, 120, 180}, {60, 210, 300}}, zeroWeights: true, tied: []int32{120, 210}},
		{name: "gap too long", bstep: 15, first: 420, nstart: 5, startStep: 30, span: 570, gap: 200, breaks: []pbreak{{30, 120, 180}, {60, 210, 300}}, infeasible: true},
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
			for i := range c.nstart {
				tm.starts = append(tm.starts, c.first+i*c.startStep)
			}
			tm.breakCandidates(c.bstep)
			nb := len(tm.breaks)
			// check compares a shift's value and breaks with the best of
			// every placement
			check := func(a int, got float64, brk []int32) {
				t.Helper()
				best, feasible := math.Inf(1), false
				var enum func(b, next int, sum float64)
				enum = func(b, next int, sum float64) {
					if b == nb {
						best, feasible = math.Min(best, sum), true
						return
					}
					bk := tm.breaks[b]
					for off := bk.from; off <= bk.to && off+bk.length <= tm.span; off += c.bstep {
						if off >= next {
							enum(b+1, off+bk.length+tm.breakGap, sum+pr.val(a+off, a+off+bk.length))
						}
					}
				}
				enum(0, 0, 0)
				if feasible == c.infeasible {
					t.Fatalf("feasible %v, want %v", feasible, !c.infeasible)
				}
				if !feasible {
					if !math.IsInf(got, -1) {
						t.Fatalf("shift at %d: value %v, want -Inf: no placement fits", a, got)
					}
					return
				}
				span := pr.val(a, a+tm.span)
				if want := span - best; !scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-12) {
					t.Fatalf("shift at %d: value %v, enumeration finds %v", a, got, want)
				}
				// the placement returned is allowed and worth what is said
				v, next := span, 0
				for b, bk := range tm.breaks {
					off := int(brk[b])
					if off < bk.from || off > bk.to || off+bk.length > tm.span || off < next || (off-bk.from)%c.bstep != 0 {
						t.Fatalf("shift at %d: break %d at %d: %v", a, b, off, brk)
					}
					v -= pr.val(a+off, a+off+bk.length)
					next = off + bk.length + tm.breakGap
				}
				if !scalar.EqualWithinAbsOrRel(got, v, 1e-9, 1e-12) {
					t.Fatalf("shift at %d: value %v, its breaks %v leave %v", a, got, brk, v)
				}
				if c.tied != nil && !slices.Equal(brk, c.tied) {
					t.Fatalf("shift at %d: breaks at %v among ties, want %v", a, brk, c.tied)
				}
			}
			for range 50 {
				a := r.IntN(g.minutes()+24*60) - 60 // some before the first interval, some past the end
				brk := make([]int32, nb)
				check(a, p.dayVal(&pr, tm, a, brk), brk)
			}
			dv := make([]float64, c.nstart)
			db := make([]int32, c.nstart*nb)
			for d := range g.days + 1 { // the day past the last wraps
				var fits []bool // nil: all
				if d%2 == 1 {
					fits = make([]bool, c.nstart)
					for si := range fits {
						fits[si] = r.IntN(4) == 0
					}
				}
				p.dayVals(&pr, tm, d, fits, dv, db)
				for si, s := range tm.starts {
					if fits != nil && !fits[si] {
						if !math.IsInf(dv[si], -1) {
							t.Fatalf("start %d of day %d does not fit, has value %v", s, d, dv[si])
						}
						continue
					}
					check(d*24*60+s, dv[si], db[si*nb:(si+1)*nb])
				}
			}
		})
	}
}
