package schedule

import (
	"math"
	"slices"
	"time"
)

// bound is a lower bound on the roster objective cost + penalty x under,
// in total and, for anonymous tours, per series (NaN where not computed).
type bound struct {
	total     float64
	perSeries []float64
}

// anonBound bounds anonymous rosters series by series with the linear
// relaxations: tours of different series never share coverage, and caps
// are left out (capBound adds them), so the sum over series bounds the
// total.
//
// Each series' bound rests on LP duality: for duals y in [0, penalty] per
// interval, scaling down the y of the intervals a tour may work by cost /
// (weight the tour can collect), wherever that is below 1, makes y feasible
// for the dual of the relaxation (no tour has negative reduced cost), so
// sum(r*y*scale) is at most the cost of any roster. A tour's collectable
// weight is overstated on purpose (each break at its own best place, each
// day at its own best start), which keeps the bound valid.
func anonBound(rels []relaxation) bound {
	b := bound{perSeries: make([]float64, len(rels))}
	for s, r := range rels {
		b.perSeries[s] = r.bound
		b.total += r.bound
	}
	return b
}

// capIters caps the steps of capBound: on small instances it reaches the
// capped relaxation's value in a few dozen.
const capIters = 40

// capBound tightens the bound of anonymous tours under max_tours caps,
// which tie the series together, by Lagrangian relaxation of the caps:
// for prices mu >= 0 per template and week, each series' relaxation
// charges every tour of a capped template mu on top of its cost, and
//
//	L(mu) = sum over series of their bounds - sum of mu x max_tours
//
// bounds any roster within the caps, which pays at most mu x max_tours
// more at those prices. L(0) is anonBound(rels), so the result is never
// weaker. mu follows the tours the relaxations take beyond the caps, in
// steps towards a target a little above the best L so far, lowered when
// L stalls: the roster's own value would make the bound depend on the
// search's effort. The relaxations are solved afresh at each step, seeded
// with the last one's tours.
func (p *problem) capBound(rels []relaxation, effort float64) bound {
	best := anonBound(rels)
	p.capCost = make([][]float64, p.weeks)
	for w := range p.capCost {
		p.capCost[w] = make([]float64, len(p.tmpls))
	}
	defer func() { p.capCost = nil }()
	g := make([][]float64, p.weeks)
	for w := range g {
		g[w] = make([]float64, len(p.tmpls))
	}
	rels = slices.Clone(rels)
	delta, L, stalls := 0.05*math.Max(1, best.total), best.total, 0
	for it := 0; it < capIters && p.ctx.Err() == nil; it++ {
		// the subgradient: tours taken beyond each cap
		norm := 0.0
		for w := range g {
			for k, tm := range p.tmpls {
				g[w][k] = 0
				if tm.MaxTours == 0 {
					continue
				}
				g[w][k] = -float64(tm.MaxTours)
				for _, rel := range rels {
					for c, t := range rel.tours {
						if t.week == w && t.tmpl == k {
							g[w][k] += rel.x[c]
						}
					}
				}
				if p.capCost[w][k] > 0 || g[w][k] > 0 {
					norm += g[w][k] * g[w][k]
				}
			}
		}
		if norm < 1e-12 || delta < 1e-9*math.Max(1, best.total) {
			break
		}
		step := (best.total + delta - L) / norm
		for w := range g {
			for k := range g[w] {
				p.capCost[w][k] = math.Max(0, p.capCost[w][k]+step*g[w][k])
			}
		}
		L = 0
		for s := range rels {
			var seed []*tour
			for c, t := range rels[s].tours {
				if rels[s].x[c] > 1e-9 {
					seed = append(seed, t)
				}
			}
			budget := int(effort * lpBudget)
			rels[s] = p.relax(s, p.req[s], seed, &budget)
			L += rels[s].bound
		}
		for w := range g {
			for k, tm := range p.tmpls {
				L -= p.capCost[w][k] * float64(tm.MaxTours)
			}
		}
		if L > best.total+1e-9*math.Abs(best.total) {
			best.total, stalls = L, 0
		} else if stalls++; stalls >= 3 {
			delta, stalls = delta/2, 0
		}
	}
	return best
}

// capsExceeded reports whether the relaxations take more tours of a
// template in a week than its max_tours.
func (p *problem) capsExceeded(rels []relaxation) bool {
	for w := 0; w < p.weeks; w++ {
		for k, tm := range p.tmpls {
			if tm.MaxTours == 0 {
				continue
			}
			n := 0.0
			for _, rel := range rels {
				for c, t := range rel.tours {
					if t.week == w && t.tmpl == k {
						n += rel.x[c]
					}
				}
			}
			if n > float64(tm.MaxTours)+1e-6 {
				return true
			}
		}
	}
	return false
}

// agentBoundIters caps the steps of agentBound. From capDuals the ascent
// climbs slowly: on instance (c), 60 steps end 3.5% below where it levels
// off, 400 within 0.1% of it, in under a second more.
const agentBoundIters = 400

// agentBound bounds a roster of agents by Lagrangian relaxation of the
// coverage constraints: each agent works at most one tour a week (exactly
// one where required), so for multipliers y in [0, penalty]
//
//	L(y) = sum(r*y) + sum over agents and weeks of min(0, least reduced cost)
//
// is a lower bound. y starts from capDuals and climbs by the volume
// algorithm: steps from the best y along a running average of
// subgradients, for up to agentBoundIters steps (times the effort). Each
// step costs O(series x templates x days x starts x break positions +
// agents x candidate shifts).
func (p *problem) agentBound(st *state, y0 [][]float64, effort float64) bound {
	ns := len(p.series)
	n := p.g.n()
	y := make([][]float64, ns)
	g := make([][]float64, ns)
	dir := make([][]float64, ns)
	yb := make([][]float64, ns)
	for s := range y {
		y[s] = append([]float64(nil), y0[s]...)
		yb[s] = append([]float64(nil), y0[s]...)
		g[s] = make([]float64, n)
		dir[s] = make([]float64, n)
	}
	best := bound{perSeries: make([]float64, ns)}
	for s := range best.perSeries {
		best.perSeries[s] = math.NaN()
	}
	ub := st.score().main
	lg := newLagrange(p)
	lambda, alpha := 0.1, 0.1
	zb := math.Inf(-1)
	reds := 0
	iters := int(effort * agentBoundIters)
	for it := 0; it < iters && p.ctx.Err() == nil; it++ {
		L, _ := lg.eval(y, g)
		best.total = max(best.total, L)
		for s := range g {
			for i := range g[s] {
				if it == 0 {
					dir[s][i] = g[s][i]
				} else {
					dir[s][i] = alpha*g[s][i] + (1-alpha)*dir[s][i]
				}
			}
		}
		if L > zb {
			if L > zb+0.001*math.Abs(zb) && it > 0 {
				lambda = min(2, lambda*1.1)
			}
			zb = L
			for s := range y {
				copy(yb[s], y[s])
			}
			reds = 0
		} else if reds++; reds >= 10 {
			lambda *= 0.66
			reds = 0
		}
		if lambda < 1e-4 || ub-best.total <= 1e-6*ub {
			break
		}
		norm := 0.0
		for s := range dir {
			for i := range dir[s] {
				norm += dir[s][i] * dir[s][i]
			}
		}
		if norm == 0 {
			break
		}
		step := lambda * math.Max(ub-zb, 1e-4*ub) / norm
		for s := range y {
			for i := range y[s] {
				y[s][i] = math.Min(p.penalty, math.Max(0, yb[s][i]+step*dir[s][i]))
			}
		}
	}
	return best
}

// capDuals are duals for series s at the penalty everywhere, scaled down
// as in repaired until no tour collects more than its cost: each interval
// is worth what the tightest tour over it allows. The agents' multipliers
// start from them, with no relaxation to solve: on instance (c), 60 steps
// from them ended about 2% higher than from the linear relaxation's duals,
// which are zero wherever its optimum over-covers.
func (p *problem) capDuals(s int) []float64 {
	lg := newLagrange(p)
	lg.f = make([]float64, p.g.n())
	y := make([]float64, p.g.n())
	for i := range y {
		y[i] = p.penalty
	}
	lg.dayValues(s, y)
	lg.repaired(s, p.req[s], y)
	for i := range y {
		y[i] *= lg.f[i]
	}
	return y
}

// grow returns x resliced to n elements, reallocated if too short; its
// contents are left as they are.
func grow[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	return x[:n]
}

func sum(x []float64) float64 {
	t := 0.0
	for _, v := range x {
		t += v
	}
	return t
}

// lagrange evaluates the relaxation for given multipliers.
type lagrange struct {
	p           *problem
	pr          pricer
	dv          [][]float64 // [series][tmpl*days*starts + ...] best day values
	bo          [][]int32   // break offsets matching dv
	f           []float64   // per interval: scale making y dual feasible
	offs, boffs []int
	val         []float64 // scratch of agentTerm: an agent's best day values
	ser         []int     // and the series giving them
}

func newLagrange(p *problem) *lagrange {
	lg := &lagrange{p: p, dv: make([][]float64, len(p.series)), bo: make([][]int32, len(p.series))}
	o, ob := 0, 0
	for _, tm := range p.tmpls {
		lg.offs = append(lg.offs, o)
		lg.boffs = append(lg.boffs, ob)
		o += p.g.days * len(tm.starts)
		ob += p.g.days * len(tm.starts) * len(tm.breaks)
	}
	lg.offs = append(lg.offs, o)
	lg.boffs = append(lg.boffs, ob)
	return lg
}

// off is where template k's values start in dv (days x starts each) and
// in bo (days x starts x breaks each).
func (lg *lagrange) off(k int) (int, int) {
	return lg.offs[k], lg.boffs[k]
}

// eval returns the agents' Lagrangian value L(y) and its parts sum(r*y)
// per series, and fills the subgradient g.
func (lg *lagrange) eval(y, g [][]float64) (float64, []float64) {
	p := lg.p
	ns := len(p.series)
	per := make([]float64, ns)
	total := 0.0
	for s := range p.series {
		lg.dayValues(s, y[s])
		ry := 0.0
		for i, r := range p.req[s] {
			ry += r * y[s][i]
			g[s][i] = r
		}
		per[s] = ry
		total += ry
	}
	for a := range p.agents {
		total += lg.agentTerm(a, g)
	}
	return total, per
}

// dayValues sets the pricer to multipliers y of series s and fills dv[s]
// with each shift's collectable weight under them, breaks at their best
// places.
func (lg *lagrange) dayValues(s int, y []float64) {
	p := lg.p
	lg.pr.set(y, p.g)
	nv, nbo := lg.off(len(p.tmpls))
	if len(lg.dv[s]) != nv {
		lg.dv[s] = make([]float64, nv)
		lg.bo[s] = make([]int32, nbo)
	}
	o, ob := 0, 0
	for k := range p.tmpls {
		tm := &p.tmpls[k]
		ns, nb := len(tm.starts), len(tm.breaks)
		for d := 0; d < p.g.days; d++ {
			p.dayVals(&lg.pr, tm, d, nil, lg.dv[s][o:o+ns], lg.bo[s][ob:ob+ns*nb])
			o += ns
			ob += ns * nb
		}
	}
}

// scaleDown lowers the scale f of every interval a tour of template k for
// series s may work to at most c/v wherever the tour could collect weight v
// above its cost c under the day values in lg: any tour then collects at
// most its cost under y*f, so y*f is dual feasible.
func (lg *lagrange) scaleDown(s, k int) {
	p := lg.p
	tm := &p.tmpls[k]
	ns := len(tm.starts)
	if ns == 0 {
		return
	}
	scale := func(from, to int, r float64) {
		p.g.spread(from, to, func(i int, _ float64) { lg.f[i] = min(lg.f[i], r) })
	}
	o, _ := lg.off(k)
	dv := lg.dv[s][o : o+p.g.days*ns]
	for w := 0; w < p.weeks; w++ {
		nd := min(7, p.g.days-7*w)
		eachTour(tm, tm.patterns[w], dv[7*w*ns:], nd, func(mask uint8, at *[7]int, v float64) {
			cost := float64(popcount(mask))*tm.shiftCost + p.capPrice(w, k)
			if v <= cost {
				return
			}
			for j := 0; j < nd; j++ {
				if mask&(1<<j) == 0 {
					continue
				}
				d := (7*w + j) * 24 * 60
				if tm.SameStart {
					a := d + tm.starts[at[j]]
					scale(a, a+tm.span, cost/v)
				} else {
					// any start that day may be part of such a tour
					scale(d+tm.starts[0], d+tm.starts[ns-1]+tm.span, cost/v)
				}
			}
		})
	}
}

// eachTour calls f for every tour of template tm in a week of nd days
// valued by dv (the week's days x starts): for same_start templates one
// per pattern and start, otherwise one per pattern with each day at its
// best start (the first of equal ones) or, where the rest binds, the best
// starts that leave it (tm.workStarts); v sums the working days' values.
func eachTour(tm *ptmpl, patterns []uint8, dv []float64, nd int, f func(mask uint8, at *[7]int, v float64)) {
	ns := len(tm.starts)
	// without same_start each day works its best start, whatever the days off
	var dayBest [7]int
	for j := 0; j < nd && !tm.SameStart; j++ {
		for si := 1; si < ns; si++ {
			if dv[j*ns+si] > dv[j*ns+dayBest[j]] {
				dayBest[j] = si
			}
		}
	}
	var at [7]int // one for all patterns: f's pointer makes it escape
	for _, mask := range patterns {
		at = [7]int{}
		if tm.SameStart {
			for si := 0; si < ns; si++ {
				v := 0.0
				for j := 0; j < nd; j++ {
					if mask&(1<<j) != 0 {
						v += dv[j*ns+si]
						at[j] = si
					}
				}
				f(mask, &at, v)
			}
			continue
		}
		f(mask, &at, tm.workStarts(mask, dv, nd, &dayBest, &at))
	}
}

// cover adds v agents to g over a shift starting at minute a with breaks at
// offsets brk, prorating partly covered intervals.
func (lg *lagrange) cover(g []float64, tm *ptmpl, a int, brk []int32, v float64) {
	add := func(from, to int, v float64) {
		lg.p.g.spread(from, to, func(i int, share float64) { g[i] += v * share })
	}
	add(a, a+tm.span, v)
	for b, bk := range tm.breaks {
		add(a+int(brk[b]), a+int(brk[b])+bk.length, -v)
	}
}

// agentTerm returns agent a's part of the Lagrangian, min(0, least reduced
// cost) or the least reduced cost where a tour is required, and adds the
// chosen tour's coverage to g.
func (lg *lagrange) agentTerm(a int, g [][]float64) float64 {
	p := lg.p
	ag := &p.agents[a]
	total := 0.0
	for w := 0; w < p.weeks; w++ {
		if ag.weekMask[w] == 0 || len(ag.tmpls) == 0 {
			continue
		}
		nd := min(7, p.g.days-7*w)
		bestRC := math.Inf(1)
		var bk, bmask int
		var bat [7]int
		var bser [7]int
		for _, k := range ag.tmpls {
			tm := &p.tmpls[k]
			ns := len(tm.starts)
			o, _ := lg.off(k)
			shift := ag.shiftCost(tm)
			// best series per day and start for this agent
			lg.val, lg.ser = grow(lg.val, nd*ns), grow(lg.ser, nd*ns)
			val, ser := lg.val, lg.ser
			for j := 0; j < nd; j++ {
				for si := 0; si < ns; si++ {
					v := math.Inf(-1)
					if ag.weekMask[w]&(1<<j) != 0 && ag.startFits(tm.Template, time.Duration(tm.starts[si])*time.Minute) {
						for _, s := range ag.sers {
							if x := lg.dv[s][o+(7*w+j)*ns+si]; x > v {
								v, ser[j*ns+si] = x, s
							}
						}
					}
					val[j*ns+si] = v
				}
			}
			eachTour(tm, tm.weekPatterns(w, ag.weekMask[w], ag.leaveIn(w)), val, nd, func(mask uint8, at *[7]int, v float64) {
				if rc := float64(popcount(mask))*shift - v; rc < bestRC {
					bestRC, bk, bmask = rc, k, int(mask)
					for j := 0; j < nd; j++ {
						bat[j], bser[j] = at[j], ser[j*ns+at[j]]
					}
				}
			})
		}
		if math.IsInf(bestRC, 1) {
			continue
		}
		if !ag.must[w] && bestRC >= 0 {
			continue
		}
		total += bestRC
		tm := &p.tmpls[bk]
		ns := len(tm.starts)
		_, ob := lg.off(bk)
		nb := len(tm.breaks)
		for j := 0; j < nd; j++ {
			if bmask&(1<<j) != 0 {
				x := (7*w+j)*ns + bat[j]
				lg.cover(g[bser[j]], tm, (7*w+j)*24*60+tm.starts[bat[j]], lg.bo[bser[j]][ob+x*nb:ob+(x+1)*nb], -1)
			}
		}
	}
	return total
}
