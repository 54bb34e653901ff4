package schedule

import (
	"math"
	"sort"
	"time"
)

// search holds the buffers of the pricing done by the local search.
type search struct {
	st  *state
	prs []pricer
	w   [][]float64
	// failed holds, per tour key, the roster on which improving such a
	// tour last failed: on the same roster it fails again. A roster holds
	// many copies of its best tours, and perturbation passes over the
	// same ones round after round.
	failed map[uint64]attempt
}

// attempt is the roster a move was tried on: its shifts and the weights
// the move was judged by.
type attempt struct {
	fingerprint       uint64
	penalty, concSign float64
}

func newSearch(st *state, nser int) *search {
	s := &search{st: st, prs: make([]pricer, nser), w: make([][]float64, nser), failed: map[uint64]attempt{}}
	for i := range s.w {
		s.w[i] = make([]float64, st.p.g.n())
	}
	return s
}

// price prepares pricers for the series sers under the current coverage.
func (sr *search) price(sers []int) {
	for x, s := range sers {
		sr.st.weights(s, sr.w[x])
		sr.prs[x].set(sr.w[x], sr.st.p.g)
	}
}

// bestAnon is the anonymous tour of series s in week w, over the templates
// whose cap is not reached, that covers most per unit of cost: the tour of
// most net value within a template, the best value per cost across them,
// so a short cheap tour that covers a gap wins over a long one that covers
// the gap and surplus besides.
func (sr *search) bestAnon(s, w int) (*tour, bool) {
	st := sr.st
	sers := []int{s}
	sr.price(sers)
	var best candidate
	ok := false
	for k := range st.p.tmpls {
		if mt := st.p.tmpls[k].MaxTours; mt > 0 && st.count[w][k] >= mt {
			continue
		}
		if c, found := st.bestTour(k, w, sers, sr.prs, nil); found && (!ok || c.cheaper(best)) {
			best, ok = c, true
		}
	}
	if !ok {
		return nil, false
	}
	t := best.t
	t.ser = s
	return &t, true
}

// cheaper reports whether candidate c covers more value per unit of cost
// than d (templates cost more than nothing: see Template.costPerHour).
func (c candidate) cheaper(d candidate) bool {
	return (c.net+c.t.cost)*d.t.cost > (d.net+d.t.cost)*c.t.cost
}

// fill adds tours to series s in week w while each improves the roster.
func (sr *search) fill(s, w int) bool {
	st := sr.st
	added := false
	for {
		t, ok := sr.bestAnon(s, w)
		if !ok {
			return added
		}
		before := st.score()
		st.apply(t, 1)
		if !st.score().less(before, st.concSign) {
			st.apply(t, -1)
			return added
		}
		st.tours = append(st.tours, t)
		added = true
	}
}

// improveTour tries to drop tour i, or to replace it by the best tour of
// its series and week; it reports whether the roster improved.
func (sr *search) improveTour(i int) bool {
	st := sr.st
	old := st.tours[i]
	key, now := old.key(), attempt{st.fingerprint, st.penalty, st.concSign}
	if sr.failed[key] == now {
		return false
	}
	before := st.score()
	st.apply(old, -1)
	if st.score().less(before, st.concSign) {
		st.tours[i] = nil
		return true
	}
	if t, ok := sr.bestAnon(old.ser, old.week); ok {
		st.apply(t, 1)
		if st.score().less(before, st.concSign) {
			st.tours[i] = t
			return true
		}
		st.apply(t, -1)
	}
	st.apply(old, 1)
	sr.failed[key] = now
	return false
}

func (st *state) compact() {
	n := 0
	for _, t := range st.tours {
		if t != nil {
			st.tours[n] = t
			n++
		}
	}
	clear(st.tours[n:])
	st.tours = st.tours[:n]
}

// movePass tries to improve each tour that in accepts once, and reports
// whether any move helped.
func (sr *search) movePass(in func(*tour) bool) bool {
	st := sr.st
	improved := false
	for i, t := range st.tours {
		if in(t) && sr.improveTour(i) {
			improved = true
		}
	}
	st.compact()
	return improved
}

// settle moves, drops and replaces the tours that in accepts one at a time
// while that helps, before any tour is added. Where the rounded relaxation
// leaves gaps, moving the tours around them closes most of them at no
// cost; adding a tour for each costs a whole week of shifts.
func (sr *search) settle(in func(*tour) bool, maxPasses int) {
	for pass := 0; pass < maxPasses; pass++ {
		if !sr.movePass(in) {
			return
		}
	}
}

// localSearch improves the tours of series ser in week wk (-1: all) until
// no single drop, replacement or addition helps, or maxPasses passes are done.
func (sr *search) localSearch(maxPasses, ser, wk int, deadline time.Time) {
	st := sr.st
	for pass := 0; pass < maxPasses && !st.expired(deadline); pass++ {
		improved := sr.movePass(func(t *tour) bool {
			return (ser < 0 || t.ser == ser) && (wk < 0 || t.week == wk)
		})
		for s := range st.p.series {
			for w := 0; w < st.p.weeks; w++ {
				if (ser < 0 || s == ser) && (wk < 0 || w == wk) && sr.fill(s, w) {
					improved = true
				}
			}
		}
		if !improved {
			return
		}
	}
}

// rosterTours builds anonymous tours: the rounded relaxation, settled and
// filled, then local search and rounds of perturbation (drop a few tours
// around a random time, rebuild, keep the result when it is better).
func (st *state) rosterTours(effort float64, deadline time.Time, rels []relaxation, budgets []int) {
	st.concSign = -1
	p := st.p
	sr := newSearch(st, 1)
	for s, rel := range rels {
		st.dive(s, rel, &budgets[s])
	}
	st.placeBreaks() // the relaxation's breaks were each placed on their own
	sr.settle(func(*tour) bool { return true }, 20)
	for s := range p.series {
		for w := 0; w < p.weeks; w++ {
			sr.fill(s, w)
		}
	}
	sr.localSearch(50, -1, -1, deadline)
	rounds := int(effort * float64(40*len(p.series)*p.weeks))
	sr.perturbRounds(rounds, deadline)
	// Every move above must keep all that is covered covered, which pins
	// tours that a little under-coverage elsewhere would free. Pricing
	// under-coverage at a few times the cheapest paid hour lets the search
	// drop such tours and reshape the rest; full coverage is then restored
	// with the tours that cover most per unit of cost.
	saved := append([]*tour(nil), st.tours...)
	before := make([]float64, len(p.series))
	for s := range before {
		before[s] = st.seriesMain(s)
	}
	st.penalty = relaxedPenalty * p.hourCost * p.h
	sr.localSearch(50, -1, -1, deadline)
	// relaxed rounds refill more and cost more: a quarter as many keeps
	// most of their gain
	sr.perturbRounds(rounds/4, deadline)
	st.penalty = p.penalty
	sr.localSearch(50, -1, -1, deadline)
	// series are independent: keep each one's better roster
	for s := range p.series {
		if st.seriesMain(s) > before[s]+eps*(1+before[s]) {
			st.restore(func(t *tour) bool { return t.ser == s }, saved)
		}
	}
	sort.SliceStable(st.tours, func(i, j int) bool { return tourLess(st.tours[i], st.tours[j]) })
}

// dive rounds the linear relaxation of series s: it fixes the tours the LP
// takes whole (or, when there are none, the one it takes most of), then
// solves the relaxation of what is left to cover, until it is covered.
// Each step adds at least one tour.
func (st *state) dive(s int, rel relaxation, budget *int) {
	p := st.p
	left := make([]float64, p.g.n())
	lastSpent := 0
	for step := 0; ; step++ {
		fixed := 0
		bi := -1
		for c, t := range rel.tours {
			if mt := p.tmpls[t.tmpl].MaxTours; mt > 0 && st.count[t.week][t.tmpl] >= mt {
				continue
			}
			if bi < 0 || rel.x[c] > rel.x[bi] {
				bi = c
			}
			for k := 0; k < int(rel.x[c]+1e-6); k++ {
				if mt := p.tmpls[t.tmpl].MaxTours; mt > 0 && st.count[t.week][t.tmpl] >= mt {
					break
				}
				st.addFixed(t)
				fixed++
			}
		}
		// short of pivots for many more steps, also the tours the
		// relaxation takes more than half of, while useful
		if *budget < 10*lastSpent {
			fixed += st.roundUp(rel, 0.5)
		}
		if fixed == 0 {
			if bi < 0 || rel.x[bi] < 1e-6 {
				return
			}
			st.addFixed(rel.tours[bi])
		}
		any := false
		for i, r := range p.req[s] {
			left[i] = math.Max(0, r-st.cov[s][i])
			any = any || left[i] > 1e-9
		}
		if !any {
			return
		}
		var seed []*tour
		for c, t := range rel.tours {
			if rel.x[c] > 1e-9 {
				seed = append(seed, t)
			}
		}
		had := *budget
		// The last relaxation's tours start this one better than a coarse
		// master would: on the demo, skipping it leaves the dive the
		// pivots for more steps, and the rosters come out cheaper.
		next := p.relaxAt(s, left, seed, budget, blockLength(left), relaxation{})
		lastSpent = had - *budget
		if !next.exact {
			// out of pivots: round what the last solved relaxation left
			st.roundUp(rel, 0.2)
			return
		}
		rel = next
	}
}

// roundUp adds the relaxation's tours whose fractional part is at least
// min, most taken first, each only if it covers a requirement for at least
// half of its time; it returns how many it added.
func (st *state) roundUp(rel relaxation, min float64) int {
	order := make([]int, len(rel.tours))
	for i := range order {
		order[i] = i
	}
	frac := func(c int) float64 { return rel.x[c] - math.Floor(rel.x[c]+1e-6) }
	sort.SliceStable(order, func(a, b int) bool { return frac(order[a]) > frac(order[b]) })
	added := 0
	for _, c := range order {
		if frac(c) < min {
			break
		}
		t := rel.tours[c].clone()
		st.p.fixBreaks(t)
		tm := &st.p.tmpls[t.tmpl]
		if mt := tm.MaxTours; mt > 0 && st.count[t.week][t.tmpl] >= mt {
			continue
		}
		before := st.under
		st.apply(t, 1)
		units := float64(popcount(t.mask)*tm.length) / float64(st.p.g.interval)
		if before-st.under >= 0.5*units {
			st.tours = append(st.tours, t)
			added++
		} else {
			st.apply(t, -1)
		}
	}
	return added
}

// addFixed adds a real copy of the relaxation's tour t to the roster.
func (st *state) addFixed(t *tour) {
	nt := t.clone()
	st.p.fixBreaks(nt)
	st.apply(nt, 1)
	st.tours = append(st.tours, nt)
}

// fixBreaks moves breaks that overlap or stand closer than min_break_gap
// (as the relaxation may place them) to the earliest places in order that
// are allowed.
func (p *problem) fixBreaks(t *tour) {
	tm := &p.tmpls[t.tmpl]
	nb := len(tm.breaks)
	for j := 0; j < 7; j++ {
		next := 0
		ok := true
		for b, bk := range tm.breaks {
			off := int(t.brk[j*nb+b])
			lo := max(bk.from, next)
			if off < lo {
				off = lo
			}
			if off > bk.to || off+bk.length > tm.span {
				ok = false
			}
			t.brk[j*nb+b] = int32(off)
			next = off + bk.length + tm.breakGap
		}
		if !ok { // the earliest chain always fits (Template.Validate)
			next = 0
			for b, bk := range tm.breaks {
				off := max(bk.from, next)
				t.brk[j*nb+b] = int32(off)
				next = off + bk.length + tm.breakGap
			}
		}
	}
}

// relaxedPenalty is the weight of an under-covered agent-hour in the
// relaxed phase of the search, in cheapest paid hours: on instance (b),
// 4 to 12 do about equally well, 2 and 20 worse.
const relaxedPenalty = 6

// perturbRounds perturbs the roster rounds times, or until the deadline.
func (sr *search) perturbRounds(rounds int, deadline time.Time) {
	for r := 0; r < rounds && !sr.st.expired(deadline); r++ {
		sr.perturb()
	}
}

// perturb drops one to three tours of one series and week that work around
// a random moment, lets the others settle into the gaps, refills and
// improves, and keeps the outcome only if it is better. Small ruins keep
// most of the roster's shape, so the repair is cheap and often pays.
func (sr *search) perturb() {
	st := sr.st
	p := st.p
	s := st.rng.IntN(len(p.series))
	w := st.rng.IntN(p.weeks)
	nd := min(7, p.g.days-7*w)
	at := (7*w+st.rng.IntN(nd))*24*60 + st.rng.IntN(24*60)
	// only the tours near the gap are dropped or may move: the rest of the
	// series is settled already, and pricing it again would cost most of
	// the round
	nearGap := func(t *tour) bool { return t.ser == s && t.week == w && worksAround(p, t, at, 4*60) }
	var group []*tour // the series-week as it was
	var near []int
	before := st.score()
	for i, t := range st.tours {
		if t.ser != s || t.week != w {
			continue
		}
		group = append(group, t)
		if nearGap(t) {
			near = append(near, i)
		}
	}
	if len(near) == 0 {
		return
	}
	for k := 1 + st.rng.IntN(3); k > 0 && len(near) > 0; k-- {
		x := st.rng.IntN(len(near))
		i := near[x]
		near[x] = near[len(near)-1]
		near = near[:len(near)-1]
		st.apply(st.tours[i], -1)
		st.tours[i] = nil
	}
	st.compact()
	sr.settle(nearGap, 3)
	if sr.fill(s, w) {
		sr.movePass(nearGap)
	}
	if st.score().less(before, st.concSign) {
		return
	}
	st.restore(func(t *tour) bool { return t.ser == s && t.week == w }, group)
}

// restore puts back the saved tours that in accepts in place of the
// current ones it accepts.
func (st *state) restore(in func(*tour) bool, saved []*tour) {
	for i, t := range st.tours {
		if in(t) {
			st.apply(t, -1)
			st.tours[i] = nil
		}
	}
	st.compact()
	for _, t := range saved {
		if in(t) {
			st.apply(t, 1)
			st.tours = append(st.tours, t)
		}
	}
}

// seriesMain is series s's part of the main score: the cost of its tours
// and its under-coverage.
func (st *state) seriesMain(s int) float64 {
	v := 0.0
	for _, t := range st.tours {
		if t.ser == s {
			v += t.cost
		}
	}
	for i, r := range st.p.req[s] {
		v += st.penalty * math.Max(0, r-st.cov[s][i])
	}
	return v
}

// worksAround reports whether tour t works within d minutes of minute at.
func worksAround(p *problem, t *tour, at, d int) bool {
	tm := &p.tmpls[t.tmpl]
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) == 0 {
			continue
		}
		a := (7*t.week+j)*24*60 + int(t.start[j])
		if a < at+d && a+tm.span > at-d {
			return true
		}
	}
	return false
}

// tourLess orders tours for output: by week, template, start, days.
func tourLess(a, b *tour) bool {
	if a.week != b.week {
		return a.week < b.week
	}
	if a.ser != b.ser {
		return a.ser < b.ser
	}
	if a.tmpl != b.tmpl {
		return a.tmpl < b.tmpl
	}
	fa, fb := firstStart(a), firstStart(b)
	if fa != fb {
		return fa < fb
	}
	return a.mask > b.mask
}

func firstStart(t *tour) int {
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) != 0 {
			return j*24*60 + int(t.start[j])
		}
	}
	return 0
}
