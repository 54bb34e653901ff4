package schedule

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
)

// pagent is an agent prepared for rostering.
type pagent struct {
	Agent
	sers      []int   // series the agent may serve: its region, its channels
	tmpls     []int   // templates the agent may work
	weekMask  []uint8 // per week: bit j set when the agent may work day j
	must      []bool  // per week: a tour is required (min_hours > 0, full week)
	leave     []span  // minutes on leave
	leaveDays []uint8 // per week: available days on leave all day
	fixed     [][]act // per week: fixed activities, each held by its day's shift
	need      []uint8 // per week: days a fixed activity makes the agent work
	flex      int     // number of choices, to roster the least flexible first
	weekends  int     // weekends worked in the other weeks, while one week's tour is chosen
	// the neighbouring weeks' shifts, while one week's tour is chosen: the
	// end of the last before and its template's rest, the start of the
	// first after and its rest
	prevEnd, prevRest, nextStart, nextRest int
}

// serves reports whether agent a may serve series k: an empty region or
// channel list means any.
func (a *Agent) serves(k seriesKey) bool {
	if a.Region != "" && !strings.EqualFold(a.Region, k.region) {
		return false
	}
	if len(a.Channels) == 0 {
		return true
	}
	for _, c := range a.Channels {
		if strings.EqualFold(strings.TrimSpace(c), k.channel) {
			return true
		}
	}
	return false
}

func (p *problem) prepareAgents(agents []Agent, maxCost *float64) error {
	templates := make([]Template, len(p.tmpls))
	for i, tm := range p.tmpls {
		templates[i] = tm.Template
	}
	ids := map[string]bool{}
	p.agents = make([]pagent, 0, len(agents))
	for _, a := range agents {
		if err := a.Validate(templates); err != nil {
			return fmt.Errorf("agent %s: %w", a.ID, err)
		}
		if ids[a.ID] {
			return &staff.FieldError{Field: "agent_id", Err: fmt.Errorf("agent %q appears twice", a.ID)}
		}
		ids[a.ID] = true
		pa := pagent{Agent: a, prevEnd: math.MinInt / 2, nextStart: math.MaxInt / 2}
		for s, k := range p.series {
			if a.serves(k) {
				pa.sers = append(pa.sers, s)
			}
		}
		for k, tm := range p.tmpls {
			if len(tm.starts) > 0 && a.allowed(tm.Template) {
				pa.tmpls = append(pa.tmpls, k)
				pa.flex += len(tm.starts) * len(tm.patterns[0])
			}
		}
		pa.flex *= max(1, len(pa.sers))
		for w := 0; w < p.weeks; w++ {
			nd := min(7, p.g.days-7*w)
			var m uint8
			for j := 0; j < nd; j++ {
				if a.Days[p.g.at((7*w+j)*24*60).Weekday()] {
					m |= 1 << j
				}
			}
			pa.weekMask = append(pa.weekMask, m)
			pa.must = append(pa.must, a.MinHours > 0 && nd == 7)
		}
		switch {
		case len(pa.sers) == 0:
			p.warnings = append(p.warnings, fmt.Sprintf("agent %s serves no channel and region with requirements: no tour", a.ID))
			pa.tmpls = nil
		case len(pa.tmpls) == 0 && a.MinHours > 0:
			p.warnings = append(p.warnings, fmt.Sprintf("agent %s: no usable template: no tour", a.ID))
		}
		if a.CostPerHour > 0 {
			*maxCost = max(*maxCost, 7*24*a.CostPerHour)
		}
		p.agents = append(p.agents, pa)
	}
	return nil
}

// rosterAgents gives each agent at most one tour a week: the least flexible
// agents first, each taking the tour that helps the roster most, then passes
// re-timing one agent at a time, then perturbation rounds.
func (st *state) rosterAgents(effort float64, deadline time.Time) {
	st.concSign = 1
	p := st.p
	maxSers := 1
	for _, a := range p.agents {
		maxSers = max(maxSers, len(a.sers))
	}
	sr := newSearch(st, maxSers)
	at := make([][]*tour, len(p.agents))
	for a := range at {
		at[a] = make([]*tour, p.weeks)
	}
	order := make([]int, len(p.agents))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return p.agents[order[i]].flex < p.agents[order[j]].flex })
	for w := 0; w < p.weeks; w++ {
		for _, a := range order {
			sr.reassign(at, a, w, true)
		}
	}
	for pass := 0; pass < 30 && !st.expired(deadline); pass++ {
		improved := false
		for w := 0; w < p.weeks; w++ {
			for _, a := range order {
				if sr.reassign(at, a, w, false) {
					improved = true
				}
			}
		}
		if !improved {
			break
		}
	}
	// Perturb: free a handful of agents of one week and re-roster them in a
	// random order; keep the outcome only when the roster improves.
	rounds := int(effort * float64(20*p.weeks))
	for r := 0; r < rounds && !st.expired(deadline) && len(order) > 1; r++ {
		w := st.rng.IntN(p.weeks)
		k := min(len(order), 4+st.rng.IntN(8))
		picked := st.rng.Perm(len(order))[:k]
		before := st.score()
		saved := make([]*tour, k)
		for x, a := range picked {
			saved[x] = at[a][w]
			if saved[x] != nil {
				st.apply(saved[x], -1)
				at[a][w] = nil
			}
		}
		for _, a := range picked {
			sr.reassign(at, a, w, true)
		}
		for _, a := range picked {
			sr.reassign(at, a, w, false)
		}
		if st.score().less(before, st.concSign) {
			continue
		}
		for x, a := range picked {
			if at[a][w] != nil {
				st.apply(at[a][w], -1)
			}
			at[a][w] = saved[x]
			if saved[x] != nil {
				st.apply(saved[x], 1)
			}
		}
	}
	st.balanceWeekends(at)
	st.tours = st.tours[:0]
	for a := range at {
		for w := range at[a] {
			if at[a][w] != nil {
				st.tours = append(st.tours, at[a][w])
			}
		}
	}
}

// reassign gives agent a the best tour of week w given everyone else's,
// or none where that is better and allowed. With fresh, the agent has no
// tour yet and takes the best one even if the roster gets no better.
// It reports whether the roster improved.
func (sr *search) reassign(at [][]*tour, a, w int, fresh bool) bool {
	st := sr.st
	ag := &st.p.agents[a]
	if len(ag.tmpls) == 0 || ag.weekMask[w] == 0 {
		return false
	}
	old := at[a][w]
	before := st.score()
	if old != nil {
		st.apply(old, -1)
	}
	none := st.score()
	sr.price(ag.sers)
	ag.weekends = st.weekends[a]
	ag.neighbours(st.p, at[a], w)
	var best *tour
	for _, k := range ag.tmpls {
		c, ok := st.bestTour(k, w, ag.sers, sr.prs[:len(ag.sers)], ag)
		if !ok {
			continue
		}
		c.t.agent = a
		t := c.t
		st.apply(&t, 1)
		sc := st.score()
		st.apply(&t, -1)
		if best == nil || sc.less(bestScore(st, best), st.concSign) {
			best = &t
		}
	}
	choose := func(t *tour) bool {
		if t != nil {
			st.apply(t, 1)
		}
		at[a][w] = t
		return st.score().less(before, st.concSign)
	}
	switch {
	case best == nil:
		if old != nil {
			st.apply(old, 1)
		}
		return false
	case !ag.must[w] && !fresh && none.less(scoreWith(st, best), st.concSign) && (old == nil || none.less(before, st.concSign)):
		return choose(nil) // no tour beats the best one: stay without
	case !ag.must[w] && fresh && none.less(scoreWith(st, best), st.concSign):
		return choose(nil)
	case fresh || old == nil || scoreWith(st, best).less(before, st.concSign):
		return choose(best)
	}
	st.apply(old, 1)
	return false
}

// scoreWith is the roster's score were tour t added.
func scoreWith(st *state, t *tour) score {
	st.apply(t, 1)
	sc := st.score()
	st.apply(t, -1)
	return sc
}

func bestScore(st *state, t *tour) score { return scoreWith(st, t) }

// neighbours notes where the agent's tours of the weeks around w end and
// begin, so that a tour of week w leaves the least rest on both sides.
func (ag *pagent) neighbours(p *problem, tours []*tour, w int) {
	ag.prevEnd, ag.prevRest, ag.nextStart, ag.nextRest = math.MinInt/2, 0, math.MaxInt/2, 0
	if w > 0 && tours[w-1] != nil {
		_, ag.prevEnd = p.tourSpan(tours[w-1])
		ag.prevRest = p.tmpls[tours[w-1].tmpl].minRest()
	}
	if w+1 < len(tours) && tours[w+1] != nil {
		ag.nextStart, _ = p.tourSpan(tours[w+1])
		ag.nextRest = p.tmpls[tours[w+1].tmpl].minRest()
	}
}

// shiftCost is the cost of one shift of tm worked by ag, or by an
// anonymous tour when ag is nil.
func (ag *pagent) shiftCost(tm *ptmpl) float64 {
	if ag != nil && ag.CostPerHour > 0 {
		return tm.Length.Hours() * ag.CostPerHour
	}
	return tm.shiftCost
}

// mayWork reports whether agent a may work tour t of week w in place of
// its agent: the template, days, times, series, rest and hours all allow
// it, and neither agent has time off that week, which ties a tour to its
// agent.
func (p *problem) mayWork(at [][]*tour, a int, t *tour) bool {
	ag := &p.agents[a]
	w := t.week
	if !slices.Contains(ag.tmpls, t.tmpl) || len(t.act) > 0 || ag.leaveIn(w) != 0 || ag.need != nil && ag.need[w] != 0 ||
		t.mask&ag.weekMask[w] != t.mask {
		return false
	}
	tm := &p.tmpls[t.tmpl]
	h := float64(popcount(t.mask)) * tm.Length.Hours()
	if ag.must[w] && h < ag.MinHours-1e-9 || ag.MaxHours > 0 && h > ag.MaxHours+1e-9 {
		return false
	}
	ag.neighbours(p, at[a], w)
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) == 0 {
			continue
		}
		d := 7*w + j
		if !slices.Contains(ag.sers, int(t.dser[j])) || !ag.startFits(tm.Template, time.Duration(t.start[j])*time.Minute) ||
			!ag.shiftFits(tm, d, d*24*60+int(t.start[j])) {
			return false
		}
	}
	return true
}
