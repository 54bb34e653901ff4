package schedule

import (
	"math"
	"time"
)

// bound is a lower bound on the roster objective cost + penalty x under,
// in total and, for anonymous tours, per series (NaN where not computed).
type bound struct {
	total     float64
	perSeries []float64
}

// lowerBound bounds the objective from below by Lagrangian relaxation of
// the coverage constraints, with multipliers y per series and interval in
// [0, penalty] improved by subgradient steps.
//
// Anonymous tours: for any y >= 0, scaling y by theta = min over tours of
// cost / (weight the tour can collect) makes y dual feasible for the linear
// relaxation (every tour's reduced cost >= 0), so theta * sum(r*y) bounds
// the cost from below. A tour's collectable weight is overstated on purpose
// (each break at its own best place, each day at its own best start), which
// keeps the bound valid; max_tours caps are left out, which can only lower it.
//
// Agents: each agent works at most one tour (exactly one where required), so
// sum(r*y) + sum over agents of min(0, least reduced cost) is a bound.
//
// Each step costs O(series x templates x days x starts x break positions)
// plus O(agents x their candidate shifts).
func (p *problem) lowerBound(st *state, effort float64) bound {
	ns := len(p.series)
	n := p.g.n()
	y := make([][]float64, ns)
	g := make([][]float64, ns)
	dir := make([][]float64, ns)
	best := bound{total: 0, perSeries: make([]float64, ns)}
	// start from the cheapest cost per covered agent-interval
	unit := math.Inf(1)
	for _, tm := range p.tmpls {
		worked := float64(tm.length)
		for i, b := range tm.Breaks {
			if b.Paid {
				worked -= float64(tm.breaks[i].length)
			}
		}
		if len(tm.starts) > 0 && worked > 0 {
			unit = min(unit, tm.shiftCost/(worked/float64(p.g.interval)))
		}
	}
	for _, a := range p.agents {
		if a.CostPerHour > 0 {
			unit = min(unit, a.CostPerHour*p.h)
		}
	}
	for s := range y {
		y[s] = make([]float64, n)
		g[s] = make([]float64, n)
		dir[s] = make([]float64, n)
		for i, r := range p.req[s] {
			if r > 0 {
				y[s][i] = unit
			}
		}
	}
	ub := st.score().main
	lb := newLagrange(p)
	lambda := 1.0
	bestL := math.Inf(-1)
	stall := 0
	iters := int(effort * 250)
	for it := 0; it < iters; it++ {
		L, per := lb.eval(y, g)
		if tot := sum(per); tot > best.total {
			best.total = tot
		}
		for s := range per {
			best.perSeries[s] = max(best.perSeries[s], per[s])
		}
		if p.agents != nil {
			best.total = max(best.total, L)
		}
		if L > bestL+1e-9*math.Abs(bestL) {
			bestL, stall = L, 0
		} else if stall++; stall >= 15 {
			lambda /= 2
			stall = 0
		}
		if lambda < 1e-4 || ub-best.total <= 1e-6*ub {
			break
		}
		norm := 0.0
		for s := range g {
			for i := range g[s] {
				dir[s][i] = g[s][i] + 0.3*dir[s][i] // deflected: damps zig-zag
				norm += dir[s][i] * dir[s][i]
			}
		}
		if norm == 0 {
			break
		}
		step := lambda * math.Max(ub-L, 1e-6*ub) / norm
		for s := range y {
			for i := range y[s] {
				y[s][i] = math.Min(p.penalty, math.Max(0, y[s][i]+step*dir[s][i]))
			}
		}
	}
	if p.agents != nil {
		for s := range best.perSeries {
			best.perSeries[s] = math.NaN()
		}
	}
	return best
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
	p  *problem
	pr pricer
	dv [][]float64 // [series][tmpl*days*starts + ...] best day values
	bo [][]int32   // break offsets matching dv
	cnt []float64  // scratch: shifts per day and start
	offs, boffs []int
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

// eval returns the Lagrangian value L(y) (agents) or sum(r*y) before
// scaling (anonymous), the valid per-series bounds, and the subgradient g.
func (lg *lagrange) eval(y, g [][]float64) (float64, []float64) {
	p := lg.p
	ns := len(p.series)
	per := make([]float64, ns)
	total := 0.0
	for s := range p.series {
		lg.pr.set(y[s], p.g.interval)
		lg.dayValues(s)
		ry := 0.0
		for i, r := range p.req[s] {
			ry += r * y[s][i]
			g[s][i] = r
		}
		per[s] = ry
		total += ry
	}
	if p.agents != nil {
		for a := range p.agents {
			total += lg.agentTerm(a, g)
		}
		for s := range per {
			per[s] = 0
		}
		return total, per
	}
	L := total
	for s := range p.series {
		theta := 1.0
		umax := 0.0
		for _, r := range p.req[s] {
			umax = max(umax, r)
		}
		for k := range p.tmpls {
			rc, th := lg.anonTerm(s, k, umax, g)
			L += rc
			theta = min(theta, th)
		}
		per[s] *= max(theta, 0)
	}
	return L, per
}

// dayValues fills dv[s] with each shift's collectable weight under the
// pricer's multipliers, breaks each at their own best place.
func (lg *lagrange) dayValues(s int) {
	p := lg.p
	nv, nbo := lg.off(len(p.tmpls))
	if len(lg.dv[s]) != nv {
		lg.dv[s] = make([]float64, nv)
		lg.bo[s] = make([]int32, nbo)
	}
	o, ob := 0, 0
	for k := range p.tmpls {
		tm := &p.tmpls[k]
		nb := len(tm.breaks)
		for d := 0; d < p.g.days; d++ {
			for _, st := range tm.starts {
				lg.dv[s][o] = p.dayVal(&lg.pr, tm, d*24*60+st, false, lg.bo[s][ob:ob+nb])
				o++
				ob += nb
			}
		}
	}
}

// anonTerm adds to g the coverage of the anonymous tours of template k for
// series s with negative reduced cost (umax copies each) and returns the sum
// of their reduced costs times umax and the dual-feasibility scale theta.
func (lg *lagrange) anonTerm(s, k int, umax float64, g [][]float64) (float64, float64) {
	p := lg.p
	tm := &p.tmpls[k]
	ns := len(tm.starts)
	if ns == 0 {
		return 0, 1
	}
	o, ob := lg.off(k)
	dv := lg.dv[s][o : o+p.g.days*ns]
	if cap(lg.cnt) < len(dv) {
		lg.cnt = make([]float64, len(dv))
	}
	cnt := lg.cnt[:len(dv)]
	clear(cnt)
	theta, L := 1.0, 0.0
	for w := 0; w < p.weeks; w++ {
		nd := min(7, p.g.days-7*w)
		for _, mask := range tm.patterns[w] {
			cost := float64(popcount(mask)) * tm.shiftCost
			if tm.SameStart {
				for si := 0; si < ns; si++ {
					v := 0.0
					for j := 0; j < nd; j++ {
						if mask&(1<<j) != 0 {
							v += dv[(7*w+j)*ns+si]
						}
					}
					if v > 0 {
						theta = min(theta, cost/v)
					}
					if rc := cost - v; rc < 0 {
						L += umax * rc
						for j := 0; j < nd; j++ {
							if mask&(1<<j) != 0 {
								cnt[(7*w+j)*ns+si] += umax
							}
						}
					}
				}
				continue
			}
			v := 0.0
			var at [7]int
			for j := 0; j < nd; j++ {
				if mask&(1<<j) == 0 {
					continue
				}
				bi := 0
				for si := 1; si < ns; si++ {
					if dv[(7*w+j)*ns+si] > dv[(7*w+j)*ns+bi] {
						bi = si
					}
				}
				at[j] = bi
				v += dv[(7*w+j)*ns+bi]
			}
			if v > 0 {
				theta = min(theta, cost/v)
			}
			if rc := cost - v; rc < 0 {
				L += umax * rc
				for j := 0; j < nd; j++ {
					if mask&(1<<j) != 0 {
						cnt[(7*w+j)*ns+at[j]] += umax
					}
				}
			}
		}
	}
	nb := len(tm.breaks)
	for x, c := range cnt {
		if c > 0 {
			d, si := x/ns, x%ns
			lg.cover(g[s], tm, d*24*60+tm.starts[si], lg.bo[s][ob+x*nb:ob+(x+1)*nb], -c)
		}
	}
	return L, theta
}

// cover adds v agents to g over a shift starting at minute a with breaks at
// offsets brk, prorating partly covered intervals.
func (lg *lagrange) cover(g []float64, tm *ptmpl, a int, brk []int32, v float64) {
	L := lg.p.g.interval
	H := lg.p.g.minutes()
	add := func(from, to int, v float64) {
		from, to = max(from, 0), min(to, H)
		for from < to {
			i := from / L
			hi := min(to, (i+1)*L)
			g[i] += v * float64(hi-from) / float64(L)
			from = hi
		}
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
			shift := tm.shiftCost
			if ag.CostPerHour > 0 {
				shift = tm.Length.Hours() * ag.CostPerHour
			}
			// best series per day and start for this agent
			val := make([]float64, nd*ns)
			ser := make([]int, nd*ns)
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
			for _, mask := range tm.patterns[w] {
				if mask&ag.weekMask[w] != mask {
					continue
				}
				cost := float64(popcount(mask)) * shift
				if tm.SameStart {
					for si := 0; si < ns; si++ {
						v := 0.0
						for j := 0; j < nd; j++ {
							if mask&(1<<j) != 0 {
								v += val[j*ns+si]
							}
						}
						if rc := cost - v; rc < bestRC {
							bestRC, bk, bmask = rc, k, int(mask)
							for j := 0; j < nd; j++ {
								bat[j], bser[j] = si, ser[j*ns+si]
							}
						}
					}
					continue
				}
				v := 0.0
				var at [7]int
				for j := 0; j < nd; j++ {
					if mask&(1<<j) == 0 {
						continue
					}
					bi := 0
					for si := 1; si < ns; si++ {
						if val[j*ns+si] > val[j*ns+bi] {
							bi = si
						}
					}
					at[j] = bi
					v += val[j*ns+bi]
				}
				if rc := cost - v; rc < bestRC {
					bestRC, bk, bmask = rc, k, int(mask)
					for j := 0; j < nd; j++ {
						bat[j], bser[j] = at[j], ser[j*ns+at[j]]
					}
				}
			}
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
