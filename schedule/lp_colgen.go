package schedule

import (
	"math"
	"sort"

	"github.com/wfm-dev/wfm/schedule/internal/lp"
)

// A relaxation is solved on one row per open interval up to maxRows of
// them, beyond on blocks of intervals, at most maxRows blocks. Blocks lose
// bound and guide the dive less well: on the demo, a week of 30-minute
// intervals solved whole rather than in hours bounds 3-4% higher and
// rosters 2% cheaper, and four weeks of it roster 7% cheaper on blocks of
// one hour than of three (the bank's four weeks, 8% cheaper unblocked).
// The basis keeps only its structural part, so that rows are cheap: a week
// of 15-minute intervals (instance (b)) rosters as well on its 672 rows as
// on 224 blocks.
const maxRows = 1024

// coarseFactor is how many times longer the blocks of the first, coarse
// master are.
const coarseFactor = 2

// smoothing is the weight of the best bound's duals in the duals priced.
const smoothing = 0.8

// relaxation is the linear relaxation of one series' anonymous tours,
// solved by column generation.
type relaxation struct {
	bound float64   // valid lower bound on the series' objective
	y     []float64 // dual value per interval, in [0, penalty]
	tours []*tour   // generated columns (breaks each at its own best place)
	x     []float64 // their LP values
	exact bool      // the LP optimum was reached: bound is the LP value
}

// relax solves the linear relaxation of series s: the master LP over the
// tours generated so far, then pricing every template, start and days-off
// pattern against its duals (each break at its cheapest place, each day at
// its best start for templates without same_start), adding the tours of
// negative reduced cost, until none is left or the pivots run out: first
// with coarse rows, then with the fine ones. Every set of duals priced
// gives a valid bound (see anonBound), so stopping early still bounds the
// cost. Caps (max_tours) are left out.
//
// req is the requirement to cover (the series' own, or what is left of it);
// seed are tours to start the master with; budget is the number of simplex
// pivots left to spend, decreased by those spent.
func (p *problem) relax(s int, req []float64, seed []*tour, budget *int) relaxation {
	agg := blockLength(req)
	// A master of blocks coarseFactor times as long reaches its optimum in
	// a fraction of the pivots: its tours start the fine master, and its
	// duals the smoothing.
	coarse := p.relaxAt(s, req, seed, budget, coarseFactor*agg, relaxation{})
	if *budget <= 0 {
		return coarse // its tours and values at least agree
	}
	fineSeed := append([]*tour(nil), seed...)
	for c, t := range coarse.tours[len(seed):] {
		if coarse.x[len(seed)+c] > 1e-9 {
			fineSeed = append(fineSeed, t)
		}
	}
	return p.relaxAt(s, req, fineSeed, budget, agg, coarse)
}

// blockLength is the number of intervals in each row of the relaxation
// of req: as few as keep the rows within maxRows.
func blockLength(req []float64) int {
	open := 0
	for _, q := range req {
		if q > 0 {
			open++
		}
	}
	return max(1, (open+maxRows-1)/maxRows)
}

// relaxAt is relax with rows of agg intervals, starting from the bound and
// duals of start (if any).
func (p *problem) relaxAt(s int, req []float64, seed []*tour, budget *int, agg int, start relaxation) relaxation {
	n := p.g.n()
	// Rows are blocks of agg consecutive intervals, their requirements
	// summed: an aggregate of valid constraints, so still a relaxation, and
	// one small enough for the dense simplex.
	rowOf := make([]int32, n)
	var r []float64
	for b := 0; b*agg < n; b++ {
		sum := 0.0
		for i := b * agg; i < min(n, (b+1)*agg); i++ {
			sum += req[i]
		}
		row := int32(-1)
		if sum > 0 {
			row = int32(len(r))
			r = append(r, sum)
		}
		for i := b * agg; i < min(n, (b+1)*agg); i++ {
			rowOf[i] = row
		}
	}
	rel := relaxation{y: make([]float64, n), bound: start.bound}
	if start.y != nil {
		copy(rel.y, start.y)
	}
	if len(r) == 0 {
		return rel
	}
	master := lp.NewCover(r, p.penalty)
	for _, t := range seed {
		rel.tours = append(rel.tours, t)
		master.Add(p.column(t, rowOf))
	}
	lg := newLagrange(p)
	lg.f = make([]float64, n)
	out := make([]float64, n) // the master's duals
	w := make([]float64, n)   // the duals priced
	// price prices the tours at duals w, keeping the best bound they give,
	// and returns the tours of negative reduced cost
	price := func() []candidate {
		lg.dayValues(s, w)
		cands := lg.columns(s, w)
		if b := lg.repaired(s, req, w); b > rel.bound {
			rel.bound = b
			for i := range w {
				rel.y[i] = w[i] * lg.f[i] // the feasible, scaled duals
			}
		}
		return cands
	}
	for round := 0; *budget > 0 && p.ctx.Err() == nil; round++ {
		p0 := master.Pivots()
		optimal := master.Solve(min(50*len(r), *budget))
		*budget -= master.Pivots() - p0
		for i := range out {
			out[i] = 0
			if row := rowOf[i]; row >= 0 {
				out[i] = math.Min(p.penalty, math.Max(0, master.Dual(int(row))))
			}
		}
		// The master's duals swing from round to round, and the tours
		// priced at them tail off slowly towards the optimum. Pricing at a
		// point between them and the best bound's duals (smoothing) gives
		// steadier tours and bounds; where it finds no tour, the point is
		// dual feasible and becomes the new best, and the master's own
		// duals are priced.
		for i := range w {
			w[i] = smoothing*rel.y[i] + (1-smoothing)*out[i]
		}
		cands := price()
		if len(cands) == 0 {
			copy(w, out)
			cands = price()
		}
		if len(cands) == 0 && optimal {
			rel.exact = true
			rel.bound = math.Max(rel.bound, master.Value())
			for i := range w {
				rel.y[i] = w[i] * lg.f[i]
			}
			break
		}
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].net > cands[j].net })
		// large (aggregated) relaxations take more tours per round: fewer,
		// larger rounds reach a better relaxation within the pivot budget
		perRound := 100
		if agg > 1 {
			perRound = 400
		}
		if len(cands) > perRound {
			cands = cands[:perRound]
		}
		for _, c := range cands {
			t := c.t
			t.ser = s
			for j := range t.dser {
				t.dser[j] = int16(s)
			}
			rel.tours = append(rel.tours, &t)
			master.Add(p.column(&t, rowOf))
		}
	}
	rel.x = master.X()
	return rel
}

// column is the coverage of tour t on the LP rows, breaks subtracted each
// on its own (they may overlap in generated columns).
func (p *problem) column(t *tour, rowOf []int32) lp.Column {
	tm := &p.tmpls[t.tmpl]
	acc := map[int32]float64{}
	add := func(from, to int, v float64) {
		p.g.spread(from, to, func(i int, share float64) {
			if row := rowOf[i]; row >= 0 {
				acc[row] += v * share
			}
		})
	}
	nb := len(tm.breaks)
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) == 0 {
			continue
		}
		a := (7*t.week+j)*24*60 + int(t.start[j])
		add(a, a+tm.span, 1)
		for b, bk := range tm.breaks {
			o := a + int(t.brk[j*nb+b])
			add(o, o+bk.length, -1)
		}
	}
	c := lp.Column{Cost: t.cost + p.capPrice(t.week, t.tmpl)}
	for row := range acc {
		c.Rows = append(c.Rows, row)
	}
	sort.Slice(c.Rows, func(i, j int) bool { return c.Rows[i] < c.Rows[j] })
	for _, row := range c.Rows {
		c.Vals = append(c.Vals, acc[row])
	}
	return c
}

// columns prices every anonymous tour of series s against the day values
// in lg (filled for weights w) and returns those of negative reduced cost.
func (lg *lagrange) columns(s int, w []float64) []candidate {
	p := lg.p
	var out []candidate
	for k := range p.tmpls {
		tm := &p.tmpls[k]
		ns := len(tm.starts)
		if ns == 0 {
			continue
		}
		nb := len(tm.breaks)
		o, ob := lg.off(k)
		dv := lg.dv[s][o : o+p.g.days*ns]
		bo := lg.bo[s][ob:]
		mk := func(w, mask int, at *[7]int, v float64) candidate {
			t := tour{agent: -1, week: w, tmpl: k, mask: uint8(mask), brk: make([]int32, 7*nb)}
			for j := 0; j < 7; j++ {
				if mask&(1<<j) != 0 {
					x := (7*w+j)*ns + at[j]
					t.start[j] = int32(tm.starts[at[j]])
					copy(t.brk[j*nb:(j+1)*nb], bo[x*nb:(x+1)*nb])
				}
			}
			t.cost = float64(popcount(uint8(mask))) * tm.shiftCost
			return candidate{t: t, net: v - t.cost - p.capPrice(w, k)}
		}
		for wk := 0; wk < p.weeks; wk++ {
			nd := min(7, p.g.days-7*wk)
			eachTour(tm, tm.patterns[wk], dv[7*wk*ns:], nd, func(mask uint8, at *[7]int, v float64) {
				if v > (float64(popcount(mask))*tm.shiftCost+p.capPrice(wk, k))*(1+1e-7)+1e-9 {
					out = append(out, mk(wk, int(mask), at, v))
				}
			})
		}
	}
	return out
}

// repaired is the bound sum(r*y*f) of series s for duals y = w, where f
// scales y down on the intervals of any tour that could collect more than
// its cost, so that the scaled duals are feasible.
func (lg *lagrange) repaired(s int, req, w []float64) float64 {
	p := lg.p
	for i := range lg.f {
		lg.f[i] = 1
	}
	for k := range p.tmpls {
		lg.scaleDown(s, k)
	}
	b := 0.0
	for i, r := range req {
		b += r * w[i] * lg.f[i]
	}
	return b
}
