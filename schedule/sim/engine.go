package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Fields of a tally: what one replication counts in one queue and interval.
const (
	offered   = iota
	answered  // contacts answered, whenever
	abandoned // contacts that hung up or were never reached
	inTime    // answered within the queue's answer time
	waited    // found no agent with room on arrival
	waitSum   // seconds waited by the answered contacts
	busy      // agent-seconds handling contacts, shares of 1/k each
	present   // agent-seconds on duty or finishing a contact
	fields
)

type tally [fields]float64

// slack absorbs rounding in sums of shares 1/k.
const slack = 1e-9

type queueState struct {
	rate             []float64 // arrivals per second in each interval
	aht              float64
	ahts             []float64 // by interval of arrival; nil: aht throughout
	sigma, shift     float64   // sigma > 0: lognormal handle times, log-mean log(aht) - shift
	patience, answer float64
	overflow         float64
	share            float64 // of an agent's capacity, 1/concurrency
	priority         int
	wait             ring
}

type agentState struct {
	load         float64 // shares of the contacts in hand
	since        float64 // last finished a contact or came on duty
	presentSince float64
	group        int32
	pos          int32 // in its group's heap of free or partly loaded agents, -1 when out
	partly       bool  // the heap it is in is the group's partly loaded one
	next         int32 // its next duty change: period next/2, its start when even
	onDuty       bool
	present      bool
}

// group gathers the agents of one skill set. Its agents with room for a
// contact wait in one of two heaps: free (holding nothing) or partly
// loaded.
type group struct {
	skills        []int
	minShare      float64 // the smallest share among its skills
	free, partly  idle
	busy, present []float64 // by interval
}

// engine runs one replication.
type engine struct {
	m        *Model
	interval float64
	horizon  float64
	nIv      int
	queues   []queueState
	agents   []agentState
	groups   []group
	groupsOf [][]int32 // for each queue, the groups serving it, fewest skills first
	cal      calendar  // completions and duty changes
	arrivals calendar  // the next arrival of each queue, apart: half the events, few at a time
	rng      *rand.Rand
	// tallies holds queue q, interval i at q*nIv+i, then the whole centre's
	// interval i at len(queues)*nIv+i.
	tallies []tally
	events  int // events processed
}

func newEngine(m *Model, nIv int, seed uint64, replication int) *engine {
	e := &engine{m: m, interval: m.Interval, horizon: float64(nIv) * m.Interval, nIv: nIv,
		queues: make([]queueState, len(m.Queues)), agents: make([]agentState, len(m.Agents)),
		groupsOf: make([][]int32, len(m.Queues)),
		rng:      rand.New(rand.NewPCG(seed, uint64(replication))),
		tallies:  make([]tally, (len(m.Queues)+1)*nIv)}
	for i, q := range m.Queues {
		qs := &e.queues[i]
		qs.rate = make([]float64, nIv)
		for j, v := range q.Offered {
			qs.rate[j] = v / m.Interval
		}
		if q.Low != nil {
			e.drawLevels(q, qs.rate)
		}
		qs.aht, qs.ahts, qs.patience, qs.answer, qs.priority, qs.overflow = q.AHT, q.HandleTimes, q.Patience, q.Answer, q.Priority, q.Overflow
		qs.share = 1 / float64(max(q.Concurrency, 1))
		if q.CV > 0 {
			qs.sigma = math.Sqrt(math.Log1p(q.CV * q.CV))
			qs.shift = qs.sigma * qs.sigma / 2
		}
	}
	byKey := map[string]int32{}
	for i, a := range m.Agents {
		key := skillKey(a.Skills)
		k := fmt.Sprint(key)
		g, ok := byKey[k]
		if !ok {
			g = int32(len(e.groups))
			byKey[k] = g
			gr := group{skills: key, minShare: 1, free: idle{e: e}, partly: idle{e: e},
				busy: make([]float64, nIv), present: make([]float64, nIv)}
			maxShare := 0.0
			for _, q := range key {
				gr.minShare = min(gr.minShare, e.queues[q].share)
				maxShare = max(maxShare, e.queues[q].share)
				e.groupsOf[q] = append(e.groupsOf[q], g)
			}
			// Agents who take both chats and calls pack their chats: one
			// holding a chat takes the next, so that the others stay free
			// for calls, which need a whole agent.
			gr.partly.pack = gr.minShare < maxShare
			e.groups = append(e.groups, gr)
		}
		e.agents[i] = agentState{group: g, pos: -1}
	}
	for q := range e.groupsOf {
		slices.SortStableFunc(e.groupsOf[q], func(a, b int32) int {
			return len(e.groups[a].skills) - len(e.groups[b].skills)
		})
	}
	return e
}

// z90 is the standard normal's 90% quantile.
const z90 = 1.2815515655446004

// drawLevels sets the rates of queue q for this replication's levels: one
// standard normal z per level span, each interval expecting the split
// normal's quantile through Low, Offered and High.
func (e *engine) drawLevels(q Queue, rate []float64) {
	span := len(rate)
	if e.m.LevelSpan > 0 {
		span = int(e.m.LevelSpan / e.interval)
	}
	var z float64
	for j, v := range q.Offered {
		if j%span == 0 {
			z = e.rng.NormFloat64() / z90
		}
		if z >= 0 {
			v += z * (q.High[j] - v)
		} else {
			v += z * (v - q.Low[j])
		}
		rate[j] = max(v, 0) / e.interval
	}
}

// checkEvery is how many events pass between looks at the context.
const checkEvery = 1 << 16

// run simulates until nothing is left to happen and returns the tallies,
// or nil once ctx is cancelled.
func (e *engine) run(ctx context.Context) []tally {
	e.start()
	for e.step() {
		if e.events%checkEvery == 0 && ctx.Err() != nil {
			return nil
		}
	}
	return e.finish()
}

// start schedules the first duty period of every agent and the first
// arrival of every queue.
func (e *engine) start() {
	for a, ag := range e.m.Agents {
		if len(ag.Duty) > 0 {
			e.cal.push(event{ag.Duty[0].Start, int32(a), duty})
		}
	}
	for q := range e.queues {
		e.nextArrival(q, 0)
	}
}

// step handles the earliest event, reporting false when none is left.
func (e *engine) step() bool {
	var ev event
	switch {
	case len(e.arrivals) > 0 && (len(e.cal) == 0 || e.arrivals[0].t < e.cal[0].t):
		ev = e.arrivals.pop()
	case len(e.cal) > 0:
		ev = e.cal.pop()
	default:
		return false
	}
	e.events++
	switch ev.what {
	case arrival:
		e.arrive(int(ev.who), ev.t)
	case duty:
		e.dutyChange(ev.who, ev.t)
	case overflow:
		e.overflowDue(int(ev.who), ev.t)
	default:
		e.complete(ev.who, int(ev.what), ev.t)
	}
	return true
}

// finish closes the books once no event is left: agents still present
// leave at the horizon, contacts still waiting are abandoned, each queue's
// occupancy gathers the time of the groups serving it, and the centre's
// tallies add up the queues' contacts and every group's time once.
func (e *engine) finish() []tally {
	for a := range e.agents {
		if e.agents[a].present {
			e.leave(int32(a), e.horizon)
		}
	}
	for q := range e.queues {
		// Nobody is left to answer what still waits.
		for w := &e.queues[q].wait; w.n > 0; {
			e.tally(q, w.pop().arrive)[abandoned]++
		}
	}
	for q := range e.queues {
		for _, g := range e.groupsOf[q] {
			gr := &e.groups[g]
			for i := range e.nIv {
				e.tallies[q*e.nIv+i][busy] += gr.busy[i]
				e.tallies[q*e.nIv+i][present] += gr.present[i]
			}
		}
	}
	all := e.tallies[len(e.queues)*e.nIv:]
	for q := range e.queues {
		for i, x := range e.tallies[q*e.nIv : (q+1)*e.nIv] {
			for f := range busy { // the fields counting contacts
				all[i][f] += x[f]
			}
		}
	}
	for g := range e.groups {
		for i := range e.nIv {
			all[i][busy] += e.groups[g].busy[i]
			all[i][present] += e.groups[g].present[i]
		}
	}
	return e.tallies
}

// tally returns the counts of queue q for contacts arriving at t.
func (e *engine) tally(q int, t float64) *tally {
	return &e.tallies[q*e.nIv+min(int(t/e.interval), e.nIv-1)]
}

// nextArrival schedules queue q's next arrival after t, if before the
// horizon. Within an interval gaps are exponential; at its end the draw
// restarts at the next interval's rate, which memorylessness allows.
func (e *engine) nextArrival(q int, t float64) {
	rate := e.queues[q].rate
	for i := int(t / e.interval); i < e.nIv; i++ {
		end := float64(i+1) * e.interval
		if t >= end {
			continue
		}
		if rate[i] > 0 {
			t += e.rng.ExpFloat64() / rate[i]
			if t < end {
				e.arrivals.push(event{t, int32(q), arrival})
				return
			}
		}
		t = end
	}
}

// spread adds w per second of [s, t) to per-interval sums, within the
// horizon.
func (e *engine) spread(sums []float64, s, t, w float64) {
	s, t = max(s, 0), min(t, e.horizon)
	for i := int(s / e.interval); i < e.nIv && s < t; i++ {
		end := min(float64(i+1)*e.interval, t)
		if end > s {
			sums[i] += w * (end - s)
			s = end
		}
	}
}

// before orders the agents of a group with room: least loaded, then idle
// longest, then the lower index.
func (e *engine) before(a, b int32) bool {
	x, y := &e.agents[a], &e.agents[b]
	if x.load != y.load {
		return x.load < y.load
	}
	if x.since != y.since {
		return x.since < y.since
	}
	return a < b
}

// pick returns the agent to take a contact of queue q, or -1: among the
// specialists of q only when specialists is true.
func (e *engine) pick(q int, specialists bool) int32 {
	share := e.queues[q].share
	best, skills := int32(-1), 0
	for _, g := range e.groupsOf[q] {
		gr := &e.groups[g]
		if best >= 0 && len(gr.skills) > skills || specialists && len(gr.skills) > 1 {
			break
		}
		a := gr.candidate(e, share)
		if a < 0 {
			continue
		}
		if best < 0 || e.before(a, best) {
			best, skills = a, len(gr.skills)
		}
	}
	return best
}

// candidate is the group's agent to take a contact of the given share, or
// -1. Free agents go first, then the least loaded of the others: the top
// of a heap without room means nobody in it has. Packing groups offer
// their most loaded agent with room first instead.
func (gr *group) candidate(e *engine, share float64) int32 {
	room := func(h *idle) int32 {
		if len(h.at) > 0 && e.agents[h.at[0]].load+share <= 1+slack {
			return h.at[0]
		}
		return -1
	}
	first, then := &gr.free, &gr.partly
	if gr.partly.pack {
		first, then = then, first
	}
	if a := room(first); a >= 0 {
		return a
	}
	return room(then)
}

// refile puts agent a in or out of its group's heaps, or in its place
// there, after its load or duty changed.
func (e *engine) refile(a int32) {
	ag := &e.agents[a]
	gr := &e.groups[ag.group]
	room := ag.onDuty && ag.load+gr.minShare <= 1+slack
	partly := ag.load > 0
	if ag.pos >= 0 && (!room || partly != ag.partly) {
		if ag.partly {
			gr.partly.remove(a)
		} else {
			gr.free.remove(a)
		}
	}
	if !room {
		return
	}
	h := &gr.free
	if partly {
		h = &gr.partly
	}
	if ag.pos < 0 {
		ag.partly = partly
		h.push(a)
	} else {
		h.fix(int(ag.pos))
	}
}

// answer gives agent a a contact of queue q that arrived at arrive.
func (e *engine) answer(a int32, q int, now, arrive float64) {
	qs := &e.queues[q]
	t := e.tally(q, arrive)
	t[answered]++
	wait := now - arrive
	t[waitSum] += wait
	if wait <= qs.answer {
		t[inTime]++
	}
	mean := qs.aht
	if qs.ahts != nil {
		mean = qs.ahts[min(int(arrive/e.interval), e.nIv-1)]
	}
	h := qs.handle(e.rng, mean)
	ag := &e.agents[a]
	e.spread(e.groups[ag.group].busy, now, now+h, qs.share)
	ag.load += qs.share
	e.cal.push(event{now + h, a, int32(q)})
}

// handle draws a handle time of the given mean.
func (qs *queueState) handle(r *rand.Rand, mean float64) float64 {
	if qs.sigma > 0 {
		return mean * math.Exp(qs.sigma*r.NormFloat64()-qs.shift)
	}
	return mean * r.ExpFloat64()
}

func (e *engine) arrive(q int, now float64) {
	qs := &e.queues[q]
	t := e.tally(q, now)
	t[offered]++
	if a := e.pick(q, qs.overflow > 0); a >= 0 {
		e.answer(a, q, now, now)
		e.refile(a)
	} else {
		t[waited]++
		deadline := math.Inf(1)
		if qs.patience > 0 {
			deadline = now + qs.patience*e.rng.ExpFloat64()
		}
		qs.wait.push(contact{now, deadline})
		if qs.overflow > 0 && now+qs.overflow < deadline {
			e.cal.push(event{now + qs.overflow, int32(q), overflow})
		}
	}
	e.nextArrival(q, now)
}

// overflowDue offers the contacts of queue q that have waited its overflow
// delay to any agent skilled in q with room, the waiting line being in
// order of arrival.
func (e *engine) overflowDue(q int, now float64) {
	qs := &e.queues[q]
	for e.purge(q, now) && qs.wait.front().arrive+qs.overflow <= now {
		a := e.pick(q, false)
		if a < 0 {
			return
		}
		e.answer(a, q, now, qs.wait.pop().arrive)
		e.refile(a)
	}
}

// purge drops the contacts at the head of queue q's line whose patience
// ran out before now, counting them abandoned; it reports whether a
// contact still waits.
func (e *engine) purge(q int, now float64) bool {
	w := &e.queues[q].wait
	for w.n > 0 && w.front().deadline < now {
		e.tally(q, w.pop().arrive)[abandoned]++
	}
	return w.n > 0
}

// serve has agent a, on duty, take waiting contacts while it has room:
// the highest priority first, then the longest wait.
func (e *engine) serve(a int32, now float64) {
	ag := &e.agents[a]
	skills := e.groups[ag.group].skills
	for {
		best := -1
		for _, q := range skills {
			qs := &e.queues[q]
			if ag.load+qs.share > 1+slack || !e.purge(q, now) ||
				len(skills) > 1 && qs.wait.front().arrive+qs.overflow > now {
				continue
			}
			if best < 0 || qs.priority > e.queues[best].priority ||
				qs.priority == e.queues[best].priority && qs.wait.front().arrive < e.queues[best].wait.front().arrive {
				best = q
			}
		}
		if best < 0 {
			return
		}
		e.answer(a, best, now, e.queues[best].wait.pop().arrive)
	}
}

func (e *engine) complete(a int32, q int, now float64) {
	ag := &e.agents[a]
	ag.load -= e.queues[q].share
	if ag.load < slack {
		ag.load = 0
	}
	switch {
	case ag.onDuty:
		ag.since = now
		e.serve(a, now)
		e.refile(a)
	case ag.load == 0:
		e.leave(a, now)
	}
}

// leave ends agent a's time present.
func (e *engine) leave(a int32, now float64) {
	ag := &e.agents[a]
	ag.present = false
	e.spread(e.groups[ag.group].present, ag.presentSince, now, 1)
}

func (e *engine) dutyChange(a int32, now float64) {
	ag := &e.agents[a]
	periods := e.m.Agents[a].Duty
	p := periods[ag.next/2]
	starts := ag.next%2 == 0
	ag.next++
	if starts {
		ag.onDuty, ag.since = true, now
		if !ag.present {
			ag.present, ag.presentSince = true, now
		}
		e.serve(a, now)
		e.refile(a)
		if !math.IsInf(p.End, 1) {
			e.cal.push(event{p.End, a, duty})
		}
		return
	}
	ag.onDuty = false
	e.refile(a)
	if ag.load == 0 {
		e.leave(a, now)
	}
	if int(ag.next/2) < len(periods) {
		e.cal.push(event{periods[ag.next/2].Start, a, duty})
	}
}
