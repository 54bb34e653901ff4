package schedule

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Options tunes Build. The zero value is ready to use.
type Options struct {
	// ServiceLevel, when set, gives the expected service level of an interval
	// of a series with staff scheduled agents (shrinkage included); the caller
	// builds it from the staffing targets. Without it service levels are NaN.
	ServiceLevel func(channel, region string, start time.Time, staff float64) float64
	// Effort scales how long the search keeps trying to improve the roster;
	// 0 means 1, at most MaxEffort. Doubling it roughly doubles the run time.
	Effort float64
	// TimeLimit, when positive, stops the improvement search after this long.
	// A roster cut short by the clock depends on the machine's speed: leave it
	// zero where runs must be reproducible.
	TimeLimit time.Duration
	// Seed drives the randomised part of the search; 0 means a fixed default.
	// The same inputs and seed give the same roster.
	Seed uint64
	// TimeOff is the agents' leave and fixed activities; Activities the
	// flexible activities to place in every tour they apply to.
	TimeOff    []TimeOff
	Activities []ActivityRule
}

// MaxEffort bounds Options.Effort: a hundred times the default search,
// already hours on a large centre's week.
const MaxEffort = 100

// Validate checks the options: Effort a finite number in [0, MaxEffort]
// (0: the default) and TimeLimit not negative. The error is a
// *staff.FieldError on effort or time_limit.
func (o Options) Validate() error {
	if math.IsNaN(o.Effort) || o.Effort < 0 || o.Effort > MaxEffort {
		return &staff.FieldError{Field: "effort", Err: fmt.Errorf("must be between 0 (the default, 1) and %d, got %v", MaxEffort, o.Effort)}
	}
	if o.TimeLimit < 0 {
		return &staff.FieldError{Field: "time_limit", Err: fmt.Errorf("must not be negative, got %s", dur.Text(o.TimeLimit))}
	}
	for _, r := range o.Activities {
		if err := r.Validate(); err != nil {
			return err
		}
	}
	return nil
}

type seriesKey struct{ channel, region string }

// problem is Build's input prepared on the interval grid: requirements per
// series and interval, templates with their starts, breaks and patterns.
type problem struct {
	ctx      context.Context // cancels the search
	g        grid
	series   []seriesKey
	req      [][]float64 // [series][interval] staff required
	contacts [][]float64
	rows     [][]int // [series][interval] index of the requirement row, -1 if none
	tmpls    []ptmpl
	agents   []pagent // nil: anonymous tours
	weeks    int
	sat      []int   // per day: the day of its weekend's Saturday, -1 on weekdays
	h        float64 // hours per interval
	penalty  float64 // objective weight of one under-covered agent-interval
	hourCost float64 // lowest cost of a paid hour over the templates
	bstep    int     // minutes between candidate break positions
	warnings []string
	open     bool      // some interval requires staff
	kinds    []string  // activity kinds, as act.kind indexes them
	timeOff  []TimeOff // the named agents' time off inside the horizon
	// capCost is what the relaxations charge a tour on top of its cost,
	// per week and template (nil: nothing): capBound's prices of the caps
	capCost [][]float64
	scratch struct {
		cost  []float64
		rows  []float64 // breaks' weights: dayVal's per candidate, dayVals' over a day
		holes []span
		// bestTour's values per day and start, and the series and
		// breaks that give them: reused, as the search prices millions
		dv   []float64
		ds   []int16
		db   []int32
		fits []bool    // per start of a day: whether the agent may work it
		sdv  []float64 // dayVals' for one series
		sdb  []int32
	}
}

type ptmpl struct {
	Template
	span, length int // minutes
	starts       []int
	breaks       []pbreak
	breakGap     int       // minutes on the floor between breaks (MinBreakGap)
	raw          [][]uint8 // per week: the template's day patterns
	closed       []uint8   // per week: days on which no shift covers a requirement
	patterns     [][]uint8 // per week: the tours' day masks (weekPatterns)
	shiftCost    float64
	// the breaks' candidate offsets for dayVal, ascending, of break b at
	// cands[first[b]:first[b+1]]; after[k] is where the previous break's
	// candidates that end min_break_gap before candidate k stop
	cands, after []int32
	first        []int
	// dayVals' rows of the breaks' weights at every place in a day, break
	// b's from rowStart[b], rowStep minutes apart: a start later is
	// startStride places on, a candidate candStride
	rowStart                                 []int
	rowLen, rowStep, startStride, candStride int
}

type pbreak struct{ length, from, to int } // offsets from the shift start, minutes

// tour is one week of shifts of one template, for an agent or anonymous.
type tour struct {
	agent int   // index into problem.agents, -1 when anonymous
	ser   int   // series of an anonymous tour
	week  int   // week of the horizon
	tmpl  int   // index into problem.tmpls
	mask  uint8 // bit j: works day 7*week+j
	start [7]int32
	dser  [7]int16 // series served each day
	brk   []int32  // [day*nbreaks+b] break start, minutes after the shift start
	cost  float64
	fair  float64
	act   []act // activities inside its shifts, off the queue
	num   int   // an anonymous tour's id number within its template
}

func (t *tour) clone() *tour {
	c := *t
	c.brk = append([]int32(nil), t.brk...)
	c.act = slices.Clone(t.act)
	return &c
}

// state is a roster under construction with its coverage and objective.
type state struct {
	p     *problem
	cov   [][]float64
	under float64 // under-covered agent-intervals
	cost  float64
	fair  float64
	conc  float64 // sum of squared surplus: secondary criterion
	tours []*tour
	// weekends is per agent the weekends worked; fair holds their squares
	weekends []int
	// searched is per series the under-covered agent-intervals the search
	// left, before activities took agents off the queue: the cost the
	// bound compares with is that roster's
	searched []float64
	count    [][]int // [week][tmpl] anonymous tours
	rng      *rand.Rand
	// concSign is +1 to prefer surplus spread evenly (agents: better service),
	// -1 to prefer it piled up (anonymous tours: piles free tours to drop).
	concSign float64
	// penalty weighs an under-covered agent-interval: the problem's,
	// lowered during the relaxed phase of the tour search
	penalty float64
	// fingerprint identifies the multiset of shifts applied: the sum of
	// their hashes, so that undoing a move restores it exactly
	fingerprint uint64
}

// score orders rosters: under-coverage and cost first, then fairness, then
// how surplus is shaped.
type score struct{ main, fair, conc float64 }

func (st *state) score() score {
	return score{st.cost + st.penalty*st.under, st.fair, st.conc}
}

const eps = 1e-7

// lpBudget is the number of simplex pivots each series' relaxations may
// take (times Options.Effort): enough to solve a week of 30-minute
// intervals exactly many times over, and a bound on the time spent on
// larger ones.
const lpBudget = 40000

func (a score) less(b score, concSign float64) bool {
	tol := eps * (1 + math.Abs(b.main))
	if a.main < b.main-tol {
		return true
	}
	if a.main > b.main+tol {
		return false
	}
	if a.fair < b.fair-eps {
		return true
	}
	if a.fair > b.fair+eps {
		return false
	}
	return concSign*(a.conc-b.conc) < -eps
}

func newState(p *problem, seed uint64) *state {
	st := &state{p: p, penalty: p.penalty, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
	st.cov = make([][]float64, len(p.series))
	for s := range st.cov {
		st.cov[s] = make([]float64, p.g.n())
		for _, r := range p.req[s] {
			st.under += r
		}
	}
	st.weekends = make([]int, len(p.agents))
	st.count = make([][]int, p.weeks)
	for w := range st.count {
		st.count[w] = make([]int, len(p.tmpls))
	}
	return st
}

// bump adds v agents to interval i of series s, keeping the objective terms.
func (st *state) bump(s, i int, v float64) {
	c := st.cov[s][i]
	r := st.p.req[s][i]
	n := c + v
	// the builtin max, not math.Max: the same value, inline
	st.under += max(0, r-n) - max(0, r-c)
	st.conc += sq(n-r) - sq(c-r)
	st.cov[s][i] = n
}

func sq(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return x * x
}

// addSpan adds v agents over the minutes [a, b) of series s, prorating the
// intervals it covers in part (see grid.spread).
func (st *state) addSpan(s, a, b int, v float64) {
	st.p.g.spread(a, b, func(i int, share float64) { st.bump(s, i, v*share) })
}

// applyDay adds (sign 1) or removes (-1) the coverage of day j of tour t.
func (st *state) applyDay(t *tour, j int, sign float64) {
	p := st.p
	tm := &p.tmpls[t.tmpl]
	a := (7*t.week+j)*24*60 + int(t.start[j])
	if h := t.dayHash(j); sign > 0 {
		st.fingerprint += h
	} else {
		st.fingerprint -= h
	}
	if len(t.act) > 0 {
		from := a
		p.scratch.holes = p.holes(t, j, p.scratch.holes)
		for _, h := range p.scratch.holes {
			st.addSpan(int(t.dser[j]), from, h.from, sign)
			from = h.to
		}
		st.addSpan(int(t.dser[j]), from, a+tm.span, sign)
		return
	}
	nb := len(tm.breaks)
	from := a
	for b := 0; b < nb; b++ {
		off := a + int(t.brk[j*nb+b])
		st.addSpan(int(t.dser[j]), from, off, sign)
		from = off + tm.breaks[b].length
	}
	st.addSpan(int(t.dser[j]), from, a+tm.span, sign)
}

func (st *state) apply(t *tour, sign float64) {
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) != 0 {
			st.applyDay(t, j, sign)
		}
	}
	st.cost += sign * t.cost
	st.fair += sign * t.fair
	if t.agent < 0 {
		st.count[t.week][t.tmpl] += int(sign)
	} else {
		st.rotate(t, sign)
	}
}

// pricer values spans of time for one series under per-interval weights,
// the minutes of an interval weighing evenly. Pricing a week of tours asks
// for the weight of some ten thousand spans, and the weights change between
// pricings: so they are summed up to every interval's start (O(intervals)
// per set), and a span's ends find their intervals in a table of the
// horizon's minutes, made once: no division.
type pricer struct {
	H     int       // minutes in the horizon
	phase int       // minutes from midnight to the first interval's start
	L     int       // minutes per interval
	P     []float64 // P[i]: weight of the intervals before i; P[n] the total
	rate  []float64 // rate[i]: weight of a minute of interval i; rate[n] = 0
	at    []minute  // per minute from the first interval's start
	// vals' spans' ends: minutes from the first interval's start, and
	// the weights up to them
	endAt []int
	ends  []float64
}

// minute is a minute's interval and the minutes since that interval's start.
type minute struct {
	i   int32
	off float32 // less than an interval: exact
}

func (pr *pricer) set(w []float64, g grid) {
	L, n := g.interval, len(w)
	if pr.L != L || len(pr.at) != n*L+1 {
		pr.L = L
		pr.at = make([]minute, n*L+1)
		for m := range pr.at {
			pr.at[m] = minute{int32(m / L), float32(m % L)}
		}
	}
	pr.H, pr.phase = n*L, g.phase
	pr.P = grow(pr.P, n+1)
	pr.rate = grow(pr.rate, n+1)
	sum := 0.0
	for i, x := range w {
		pr.P[i] = sum
		pr.rate[i] = x / float64(L)
		sum += x
	}
	pr.P[n], pr.rate[n] = sum, 0
}

// upTo is the weight of the minutes [0, m) from the first interval's start,
// 0 <= m <= H: that of the whole intervals before m's, and of the minutes
// of m's interval before it.
func (pr *pricer) upTo(m int) float64 {
	at := pr.at[m]
	return pr.P[at.i] + float64(at.off)*pr.rate[at.i]
}

// val is the weight of the minutes [a, b), 0 <= a <= b <= a + H.
// Like grid.spread, minutes past the horizon's end wrap to its start.
func (pr *pricer) val(a, b int) float64 {
	H := pr.H
	a, b = a-pr.phase, b-pr.phase
	if a < 0 {
		a, b = a+H, b+H
	}
	if a >= H {
		a, b = a-H, b-H
	}
	if b > H {
		return pr.P[len(pr.P)-1] - pr.upTo(a) + pr.upTo(b-H)
	}
	return pr.upTo(b) - pr.upTo(a)
}

// vals sets out[g] to val(y, y+length) for y = x + g*step. Where length is
// a multiple of step, the spans' ends are the next ones' starts: each is
// looked up once.
func (pr *pricer) vals(out []float64, x, step, length int) {
	if length%step != 0 {
		for g := range out {
			y := x + g*step
			out[g] = pr.val(y, y+length)
		}
		return
	}
	l, n := length/step, len(out)
	pr.ends = grow(pr.ends, n+l)
	pr.endAt = grow(pr.endAt, n+l)
	// the minutes from the first interval's start, in the horizon, as val
	// takes them
	m := x - pr.phase
	if m < 0 {
		m += pr.H
	}
	if m >= pr.H {
		m -= pr.H
	}
	for g := range n + l {
		pr.endAt[g], pr.ends[g] = m, pr.upTo(m)
		if m += step; m >= pr.H {
			m -= pr.H
		}
	}
	for g := range out {
		if pr.endAt[g+l] == pr.endAt[g]+length {
			out[g] = pr.ends[g+l] - pr.ends[g]
		} else { // wraps past the horizon's end
			y := x + g*step
			out[g] = pr.val(y, y+length)
		}
	}
}

// dayVal is the weight a shift of tm starting at minute a collects with
// its breaks, in order and apart, placed where they cost least; the offsets
// go to brk. See cheapestBreaks.
func (p *problem) dayVal(pr *pricer, tm *ptmpl, a int, brk []int32) float64 {
	v := pr.val(a, a+tm.span)
	if len(tm.breaks) == 0 {
		return v
	}
	sc := &p.scratch
	sc.rows = grow(sc.rows, len(tm.cands))
	for b, bk := range tm.breaks {
		for k := tm.first[b]; k < tm.first[b+1]; k++ {
			off := a + int(tm.cands[k])
			sc.rows[k] = pr.val(off, off+bk.length)
		}
	}
	return v - p.cheapestBreaks(tm, tm.first, 0, 1, brk)
}

// dayVals is dayVal for the starts of tm on day d that fit (all if fits is
// nil), into dv and db (per start, its breaks' offsets); the others get -Inf.
// A day prices some ten breaks for each of a few dozen starts, and those of
// one start lie where the next one's do, a start step later: so when that
// is fewer spans, each break is priced once at every place some start puts
// it, on the grid of the steps of starts and breaks (ptmpl.rowStep).
func (p *problem) dayVals(pr *pricer, tm *ptmpl, d int, fits []bool, dv []float64, db []int32) {
	nb, ns := len(tm.breaks), len(tm.starts)
	sc := &p.scratch
	n := 0
	for si := range ns {
		if fits == nil || fits[si] {
			n++
		}
	}
	rows := nb > 0 && tm.rowLen < n*len(tm.cands)
	if rows {
		// break b at minute d0 + starts[0] + breaks[b].from + g*rowStep
		sc.rows = grow(sc.rows, tm.rowLen)
		for b, bk := range tm.breaks {
			x := d*24*60 + tm.starts[0] + bk.from
			end := tm.rowLen
			if b+1 < nb {
				end = tm.rowStart[b+1]
			}
			pr.vals(sc.rows[tm.rowStart[b]:end], x, tm.rowStep, bk.length)
		}
	}
	for si, s := range tm.starts {
		if fits != nil && !fits[si] {
			dv[si] = math.Inf(-1)
			continue
		}
		a := d*24*60 + s
		if !rows {
			dv[si] = p.dayVal(pr, tm, a, db[si*nb:(si+1)*nb])
			continue
		}
		dv[si] = pr.val(a, a+tm.span) - p.cheapestBreaks(tm, tm.rowStart, si*tm.startStride, tm.candStride, db[si*nb:(si+1)*nb])
	}
}

// cheapestBreaks is the least weight of tm's breaks, in order and apart,
// their offsets to brk. The weight of candidate k of break b (see
// ptmpl.breakCandidates) is in scratch.rows at base[b] + off + stride*(k -
// first[b]). It is exact, by dynamic programming over the candidates:
// O(breaks x positions). Of placements of equal weight it takes the
// earliest; +Inf where none fits.
func (p *problem) cheapestBreaks(tm *ptmpl, base []int, off, stride int, brk []int32) float64 {
	nb := len(tm.breaks)
	sc := &p.scratch
	// cost[k]: least weight of candidate k's break and those before it
	cost := grow(sc.cost, len(tm.cands))
	sc.cost = cost
	g := base[0] + off
	for k := tm.first[0]; k < tm.first[1]; k++ {
		cost[k] = sc.rows[g]
		g += stride
	}
	for b := 1; b < nb; b++ {
		// the previous break's candidates that may precede one grow as
		// it moves later: extend the running minimum over them
		j, run := tm.first[b-1], math.Inf(1)
		g := base[b] + off
		for k := tm.first[b]; k < tm.first[b+1]; k++ {
			for ; j < int(tm.after[k]); j++ {
				if cost[j] < run-1e-12 {
					run = cost[j]
				}
			}
			cost[k] = sc.rows[g] + run
			g += stride
		}
	}
	best, at := math.Inf(1), -1
	for k := tm.first[nb-1]; k < tm.first[nb]; k++ {
		if cost[k] < best-1e-12 {
			best, at = cost[k], k
		}
	}
	if at < 0 || math.IsInf(best, 1) {
		return math.Inf(1) // cannot happen for validated templates
	}
	// back from the last break: the previous one's candidate that the
	// running minimum took, found again once rather than kept for all
	for b := nb - 1; b >= 0; b-- {
		brk[b] = tm.cands[at]
		if b > 0 {
			run, to := math.Inf(1), int(tm.after[at])
			for j := tm.first[b-1]; j < to; j++ {
				if cost[j] < run-1e-12 {
					run, at = cost[j], j
				}
			}
		}
	}
	return best
}

// breakCandidates lists the candidate offsets of tm's breaks for dayVal:
// every step minutes in each break's window, the break inside the shift;
// and lays out dayVals' rows.
func (tm *ptmpl) breakCandidates(step int) {
	tm.cands, tm.after = tm.cands[:0], tm.after[:0]
	tm.first = append(tm.first[:0], 0)
	for b, bk := range tm.breaks {
		j := 0
		if b > 0 {
			j = tm.first[b-1]
		}
		for off := bk.from; off <= bk.to && off+bk.length <= tm.span; off += step {
			// the previous break must end min_break_gap before off
			for b > 0 && j < tm.first[b] && int(tm.cands[j])+tm.breaks[b-1].length+tm.breakGap <= off {
				j++
			}
			tm.cands = append(tm.cands, int32(off))
			tm.after = append(tm.after, int32(j))
		}
		tm.first = append(tm.first, len(tm.cands))
	}
	// a break's places over all starts lie on the grid of the gcd of the
	// start and break steps
	tm.rowStep = step
	if len(tm.starts) > 1 {
		tm.rowStep = gcd(tm.starts[1]-tm.starts[0], step)
	}
	tm.startStride, tm.candStride = 1, step/tm.rowStep
	if len(tm.starts) > 1 {
		tm.startStride = (tm.starts[1] - tm.starts[0]) / tm.rowStep
	}
	tm.rowStart, tm.rowLen = tm.rowStart[:0], 0
	for b := range tm.breaks {
		tm.rowStart = append(tm.rowStart, tm.rowLen)
		if nc := tm.first[b+1] - tm.first[b]; nc > 0 {
			tm.rowLen += (len(tm.starts)-1)*tm.startStride + (nc-1)*tm.candStride + 1
		}
	}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Build schedules the requirements' Staff with tours of the templates.
// Without agents it decides how many tours of each template, start and
// days-off pattern each (channel, region) series gets; with agents it gives
// each agent at most one tour a week (exactly one where min_hours > 0),
// within the agent's limits. Either way it minimises under-covered
// agent-hours first, then cost (paid hours x cost per hour), then, with
// agents, the spread of late shifts (ending after 20:00) and weekend days
// (sum of their squares per agent), and staggers breaks where coverage dips
// least. Where templates, caps or agents cannot cover everything the roster
// is still made, with a warning saying how much is left uncovered.
//
// Channels and regions: without agents each tour belongs to one series and
// all its shifts serve it; tours are named TEMPLATE-001, TEMPLATE-002, ...
// numbered over the whole roster. With agents each shift serves one series
// of the agent's region (any region if the agent has none) and channels
// (any if none): the one where that day's shift covers most requirement,
// chosen day by day, so a multi-skilled agent may serve chat on Monday and
// phone on Tuesday. Shift.Channel and Shift.Region say which.
//
// Time: the horizon runs from midnight of the first requirement's day to
// the end of the last one's, and is rostered in weeks from its first day (a
// short last week is warned about). A template's Length is paid time; its
// shifts last Length plus the unpaid breaks. The roster is taken to repeat:
// shifts running past the horizon's end cover its first hours, as the same
// shifts of the week before do. An agent's LatestEnd of 0 sets no limit.
//
// Method: without agents, the linear relaxation of each series is solved
// by column generation (a dense revised simplex over tours priced with
// their breaks placed exactly), giving the lower bound reported in
// Summary.LowerBound; diving on it builds a first roster, which local
// search improves (drop, move and add tours; perturb and rebuild a stretch
// of the week). A relaxed phase follows, where under-coverage costs only a
// few paid hours, and the tours are refilled to full coverage; a series
// keeps the result only if it is cheaper. With agents, the least flexible
// agents choose first, local search re-times one agent at a time and
// perturbs, and the bound is Lagrangian. Work is capped by pivot and pass
// budgets scaled by Options.Effort, so the same input and options give the
// same roster.
func Build(ctx context.Context, reqs []staff.Requirement, templates []Template, agents []Agent, opt Options) (Roster, error) {
	if err := opt.Validate(); err != nil {
		return Roster{}, err
	}
	if err := ctx.Err(); err != nil {
		return Roster{}, err
	}
	var r Roster
	var err error
	if parts := independentSeries(reqs, templates, agents); len(parts) > 1 {
		r, err = buildParts(ctx, reqs, parts, templates, opt)
	} else {
		r, err = build(ctx, reqs, templates, agents, opt)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return Roster{}, err
	}
	r.Warnings = append(r.Warnings, underWarnings(r.Summaries[len(r.Summaries)-1])...)
	return r, nil
}

// build rosters all of reqs at once.
func build(ctx context.Context, reqs []staff.Requirement, templates []Template, agents []Agent, opt Options) (Roster, error) {
	st, lb, err := solve(ctx, reqs, templates, agents, opt)
	if err != nil {
		return Roster{}, err
	}
	if agents != nil {
		st.placeActivities(opt.Activities)
		return st.roster(reqs, lb, opt.ServiceLevel, nil), nil
	}
	nm := newNamer(templates, opt.TimeOff)
	nm.name(st)
	st.placeActivities(opt.Activities)
	r := st.roster(reqs, lb, opt.ServiceLevel, nm)
	nm.finish(&r)
	return r, nil
}

// solve searches the roster of reqs, breaks placed, and bounds its cost.
func solve(ctx context.Context, reqs []staff.Requirement, templates []Template, agents []Agent, opt Options) (*state, bound, error) {
	p, err := prepare(reqs, templates, agents)
	if err != nil {
		return nil, bound{}, err
	}
	p.ctx = ctx
	if p.agents != nil {
		if err := p.prepareTimeOff(opt.TimeOff); err != nil {
			return nil, bound{}, err
		}
	}
	seed := opt.Seed
	if seed == 0 {
		seed = 1
	}
	effort := opt.Effort
	if effort <= 0 {
		effort = 1
	}
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = time.Now().Add(opt.TimeLimit)
	}
	st := newState(p, seed)
	var lb bound
	switch {
	case !p.open:
		p.warnings = append(p.warnings, closedWeek)
		lb.perSeries = make([]float64, len(p.series)) // nothing to cover costs nothing
	case p.agents != nil:
		st.rosterAgents(effort, deadline)
		y0 := make([][]float64, len(p.series))
		for s := range y0 {
			y0[s] = p.capDuals(s)
		}
		lb = p.agentBound(st, y0, effort)
	default:
		rels := make([]relaxation, len(p.series))
		budgets := make([]int, len(p.series))
		for s := range p.series {
			budgets[s] = int(effort * lpBudget)
			rels[s] = p.relax(s, p.req[s], nil, &budgets[s])
		}
		st.rosterTours(effort, deadline, rels, budgets)
		lb = anonBound(rels)
		if p.capsExceeded(rels) {
			lb = p.capBound(rels, effort)
		}
	}
	st.dropIdle()
	st.placeBreaks()
	st.searched = make([]float64, len(p.series))
	for s := range p.series {
		for i, r := range p.req[s] {
			st.searched[s] += math.Max(0, r-clean(st.cov[s][i]))
		}
	}
	return st, lb, nil
}

// closedWeek is the remark on a roster with nothing to cover.
const closedWeek = "no interval requires staff: the roster has no shifts"

// prepare validates the input and lays it on the interval grid.
func prepare(reqs []staff.Requirement, templates []Template, agents []Agent) (*problem, error) {
	g, err := newGrid(reqs)
	if err != nil {
		return nil, err
	}
	if len(templates) == 0 {
		return nil, &staff.FieldError{Field: "name", Err: fmt.Errorf("no shift templates to build tours from")}
	}
	p := &problem{ctx: context.Background(), g: g, weeks: (g.days + 6) / 7, h: float64(g.interval) / 60, bstep: min(g.interval, 15)}
	p.sat = make([]int, 7*p.weeks)
	for d := range p.sat {
		p.sat[d] = -1
		switch g.at(d * 24 * 60).Weekday() {
		case time.Saturday:
			p.sat[d] = d
		case time.Sunday:
			p.sat[d] = d - 1
		}
	}
	idx := map[seriesKey]int{}
	for _, r := range reqs {
		k := seriesKey{r.Channel, r.Region}
		if _, ok := idx[k]; !ok {
			idx[k] = len(p.series)
			p.series = append(p.series, k)
		}
	}
	sort.Slice(p.series, func(i, j int) bool {
		a, b := p.series[i], p.series[j]
		return a.channel < b.channel || a.channel == b.channel && a.region < b.region
	})
	for i, k := range p.series {
		idx[k] = i
	}
	n := g.n()
	p.req = make([][]float64, len(p.series))
	p.contacts = make([][]float64, len(p.series))
	p.rows = make([][]int, len(p.series))
	for s := range p.series {
		p.req[s] = make([]float64, n)
		p.contacts[s] = make([]float64, n)
		p.rows[s] = make([]int, n)
		for i := range p.rows[s] {
			p.rows[s][i] = -1
		}
	}
	for ri, r := range reqs {
		s, i := idx[seriesKey{r.Channel, r.Region}], g.index(r.Start)
		if p.rows[s][i] >= 0 {
			return nil, &staff.FieldError{Field: "interval_start", Err: fmt.Errorf("interval %s of %s/%s appears twice", r.Start.Format("2006-01-02T15:04"), r.Channel, r.Region)}
		}
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("interval %s of %s/%s: %w", r.Start.Format("2006-01-02T15:04"), r.Channel, r.Region, err)
		}
		p.open = p.open || r.Staff > 0
		p.rows[s][i] = ri
		p.req[s][i] = float64(r.Staff)
		p.contacts[s][i] = r.Contacts
	}
	if g.days%7 != 0 {
		p.warnings = append(p.warnings, fmt.Sprintf("the horizon of %d days is not whole weeks: the last %d days are rostered as a short week, where agents' min_hours are not enforced", g.days, g.days%7))
	}
	names := map[string]bool{}
	maxCost := 0.0
	for _, t := range templates {
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("template %s: %w", t.Name, err)
		}
		key := strings.ToLower(t.Name)
		if names[key] {
			return nil, &staff.FieldError{Field: "name", Err: fmt.Errorf("template %q is defined twice", t.Name)}
		}
		names[key] = true
		tm := ptmpl{Template: t, span: int(t.Span() / time.Minute), length: int(t.Length / time.Minute), breakGap: int(t.MinBreakGap / time.Minute)}
		for _, s := range t.Starts() {
			tm.starts = append(tm.starts, int(s/time.Minute))
		}
		for _, b := range t.Breaks {
			tm.breaks = append(tm.breaks, pbreak{int(b.Length / time.Minute), int(b.EarliestAfter / time.Minute), int(b.LatestAfter / time.Minute)})
		}
		tm.breakCandidates(p.bstep)
		tm.shiftCost = t.Length.Hours() * t.costPerHour()
		maxCost = max(maxCost, 7*tm.shiftCost)
		if p.hourCost == 0 || t.costPerHour() < p.hourCost {
			p.hourCost = t.costPerHour()
		}
		if p.open && !p.coversOpen(&tm) {
			p.warnings = append(p.warnings, fmt.Sprintf("template %s cannot cover any interval with a requirement: not used", t.Name))
			tm.starts = nil
		}
		for w := 0; w < p.weeks; w++ {
			nd := min(7, g.days-7*w)
			tm.raw = append(tm.raw, t.patterns(g.at(7*w*24*60).Weekday(), nd))
			var closed uint8
			for j := 0; j < nd; j++ {
				if p.open && !p.coversOn(&tm, 7*w+j) {
					closed |= 1 << j
				}
			}
			tm.closed = append(tm.closed, closed)
			tm.patterns = append(tm.patterns, tm.weekPatterns(w, 1<<7-1, 0))
		}
		p.tmpls = append(p.tmpls, tm)
	}
	usable := false
	for _, tm := range p.tmpls {
		usable = usable || len(tm.starts) > 0
	}
	if !usable && p.open {
		return nil, &staff.FieldError{Field: "earliest_start", Err: fmt.Errorf("no shift template can cover any interval with a requirement")}
	}
	if agents != nil {
		if err := p.prepareAgents(agents, &maxCost); err != nil {
			return nil, err
		}
	}
	// Covering one more agent-interval must outweigh the cost of any tour,
	// even when a shift covers only a quarter of the interval.
	p.penalty = 8 * math.Max(maxCost, 1)
	return p, nil
}

// capPrice is what the relaxations charge a tour of template k in week w
// on top of its cost: see capBound.
func (p *problem) capPrice(w, k int) float64 {
	if p.capCost == nil {
		return 0
	}
	return p.capCost[w][k]
}

// coversOpen reports whether some shift of tm works in an interval that
// has a requirement.
func (p *problem) coversOpen(tm *ptmpl) bool {
	for d := 0; d < p.g.days; d++ {
		if p.coversOn(tm, d) {
			return true
		}
	}
	return false
}

// coversOn reports whether some shift of tm starting on day d works in an
// interval that has a requirement.
func (p *problem) coversOn(tm *ptmpl, d int) bool {
	for _, s := range tm.starts {
		found := false
		p.g.spread(d*24*60+s, d*24*60+s+tm.span, func(i int, _ float64) {
			for si := range p.series {
				found = found || p.req[si][i] > 0
			}
		})
		if found {
			return true
		}
	}
	return false
}

// weekPatterns are the day masks of tm's tours in week w on the days avail
// (bit j: day j of the week): of the template's patterns within avail that
// count the days of leave as days of the tour, those working the fewest
// closed days, with the closed days and leave dropped. A shift that covers no requirement is never scheduled, and
// days with none are the first days off: a Monday-to-Friday operation gets
// Monday-to-Friday tours. As such shifts cover nothing, no roster is worse
// for it.
func (tm *ptmpl) weekPatterns(w int, avail, leave uint8) []uint8 {
	closed := tm.closed[w]
	least := 8
	fits := func(m uint8) bool { return m&avail == m && m&leave == leave }
	for _, m := range tm.raw[w] {
		if fits(m) {
			least = min(least, popcount(m&closed))
		}
	}
	var out []uint8
	for _, m := range tm.raw[w] {
		if !fits(m) || popcount(m&closed) > least {
			continue
		}
		if k := m &^ closed &^ leave; k != 0 && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// dropIdle takes out of the tours the shifts that cover no required
// interval of the series they serve and hold no activity - a same-start
// tour's pinned start can leave one on a day others cover - so that such a
// shift is never scheduled, and warns of agents whose week falls short of
// their min_hours, by this or by closed days.
func (st *state) dropIdle() {
	p := st.p
	kept := st.tours[:0]
	for _, t := range st.tours {
		for j := 0; j < 7; j++ {
			if t.mask&(1<<j) == 0 || slices.ContainsFunc(t.act, func(x act) bool { return int(x.day) == j }) {
				continue
			}
			a, b := p.shiftSpan(t, j)
			covers := false
			p.g.spread(a, b, func(i int, _ float64) { covers = covers || p.req[t.dser[j]][i] > 0 })
			if covers {
				continue
			}
			per := t.cost / float64(popcount(t.mask))
			st.apply(t, -1)
			t.mask &^= 1 << j
			t.cost -= per
			if t.mask != 0 {
				st.apply(t, 1)
			}
		}
		if t.agent >= 0 && 7*(t.week+1) <= p.g.days {
			ag := &p.agents[t.agent]
			if h := float64(popcount(t.mask)+popcount(ag.leaveIn(t.week))) * p.tmpls[t.tmpl].Length.Hours(); h < ag.MinHours-1e-9 {
				p.warnings = append(p.warnings, fmt.Sprintf("agent %s works %g h in week %d, below min_hours %g: the other shifts would cover no requirement",
					ag.ID, h, t.week+1, ag.MinHours))
			}
		}
		if t.mask != 0 {
			kept = append(kept, t)
		}
	}
	st.tours = kept
}

// weights fills w with the value of one more agent in each interval of
// series s: the penalty while under-covered, and a trace favouring the
// intervals with the least surplus so ties go where they help most.
func (st *state) weights(s int, w []float64) {
	P := st.penalty
	for i, r := range st.p.req[s] {
		c := st.cov[s][i]
		d := r - c
		switch {
		case d >= 1:
			w[i] = P
		case d > 0:
			w[i] = P * d
		case r > 0 && st.concSign > 0:
			w[i] = 1e-6 * P / (2 - d) // spread: least surplus first
		case r > 0:
			w[i] = 1e-6 * P * min(-d, 50) / 50 // concentrate surplus
		default:
			w[i] = 0
		}
	}
}

// candidate is a tour found by pricing with its value net of cost.
type candidate struct {
	t   tour
	net float64
}

// bestTour prices every tour of template k in week w for the series sers
// (at least one; each day serves the best) and returns the one of highest
// value net of cost. With an agent, only tours the agent may work are considered.
func (st *state) bestTour(k, w int, sers []int, prs []pricer, ag *pagent) (candidate, bool) {
	p := st.p
	tm := &p.tmpls[k]
	nd := min(7, p.g.days-7*w)
	nb := len(tm.breaks)
	ns := len(tm.starts)
	if ns == 0 {
		return candidate{}, false
	}
	// per day and start: best value and the series and breaks that give it
	sc := &p.scratch
	sc.dv = grow(sc.dv, 7*ns)
	sc.ds = grow(sc.ds, 7*ns)
	sc.db = grow(sc.db, 7*ns*nb)
	sc.fits = grow(sc.fits, ns)
	sc.sdv = grow(sc.sdv, ns)
	sc.sdb = grow(sc.sdb, ns*nb)
	dv, ds, db := sc.dv, sc.ds, sc.db
	for j := 0; j < nd; j++ {
		d := 7*w + j
		var fits []bool // nil: every start
		if ag != nil {
			fits = sc.fits
			day := ag.Days[p.g.at(d*24*60).Weekday()]
			for si, s := range tm.starts {
				fits[si] = day && ag.startFits(tm.Template, time.Duration(s)*time.Minute) && ag.shiftFits(tm, d, d*24*60+s)
			}
		}
		// the first series' values straight in place, the others' where
		// they are higher
		p.dayVals(&prs[0], tm, d, fits, dv[j*ns:(j+1)*ns], db[j*ns*nb:(j+1)*ns*nb])
		for si := range tm.starts {
			ds[j*ns+si] = int16(sers[0])
		}
		for x, ser := range sers[1:] {
			p.dayVals(&prs[x+1], tm, d, fits, sc.sdv, sc.sdb)
			for si := range tm.starts {
				if v := sc.sdv[si]; v > dv[j*ns+si]+1e-12 {
					dv[j*ns+si] = v
					ds[j*ns+si] = int16(ser)
					copy(db[(j*ns+si)*nb:(j*ns+si+1)*nb], sc.sdb[si*nb:])
				}
			}
		}
	}
	shiftCost := ag.shiftCost(tm)
	best := candidate{net: math.Inf(-1)}
	bestFair := math.Inf(1)
	found := false
	consider := func(net, fair float64, mask uint8, starts *[7]int) {
		if net > best.net+1e-9 || (net > best.net-1e-9 && fair < bestFair-1e-12) {
			found = true
			bestFair = fair
			best.net = net
			best.t = tour{agent: -1, week: w, tmpl: k, mask: mask}
			for j := 0; j < nd; j++ {
				if mask&(1<<j) != 0 {
					best.t.start[j] = int32(tm.starts[starts[j]])
				}
			}
		}
	}
	// without same_start each day works its best start, whatever the days off
	var dayBest [7]int
	for j := 0; j < nd && !tm.SameStart; j++ {
		dayBest[j] = -1
		bv := math.Inf(-1)
		for si := range tm.starts {
			if x := dv[j*ns+si]; x > bv+1e-12 {
				dayBest[j], bv = si, x
			}
		}
	}
	var starts [7]int
	pats := tm.patterns[w]
	if ag != nil {
		pats = tm.weekPatterns(w, ag.weekMask[w], ag.leaveIn(w))
	}
	for _, mask := range pats {
		if ag != nil && ag.need != nil && mask&ag.need[w] != ag.need[w] {
			continue
		}
		days := popcount(mask)
		cost := float64(days) * shiftCost
		if tm.SameStart {
			worked := mask & (1<<nd - 1)
			for si := range tm.starts {
				v := 0.0 // -Inf if a day's start may not be worked
				for m := worked; m != 0; m &= m - 1 {
					v += dv[bits.TrailingZeros8(m)*ns+si]
				}
				// consider takes no tour worth less than the best
				if math.IsInf(v, -1) || v-cost <= best.net-1e-9 {
					continue
				}
				for j := range starts {
					starts[j] = si
				}
				fair := 0.0
				if ag != nil {
					fair = p.fairness(tm, w, mask, &starts) + p.rotation(ag, w, mask)
				}
				consider(v-cost, fair, mask, &starts)
			}
			continue
		}
		v := tm.workStarts(mask, dv, nd, &dayBest, &starts)
		if math.IsInf(v, -1) || v-cost <= best.net-1e-9 {
			continue
		}
		fair := 0.0
		if ag != nil {
			fair = p.fairness(tm, w, mask, &starts) + p.rotation(ag, w, mask)
		}
		consider(v-cost, fair, mask, &starts)
	}
	if !found {
		return candidate{}, false
	}
	t := &best.t
	t.brk = make([]int32, 7*nb)
	for j := 0; j < nd; j++ {
		if t.mask&(1<<j) == 0 {
			continue
		}
		si := 0
		for tm.starts[si] != int(t.start[j]) {
			si++
		}
		t.dser[j] = ds[j*ns+si]
		copy(t.brk[j*nb:(j+1)*nb], db[(j*ns+si)*nb:])
	}
	t.cost = float64(popcount(t.mask)) * shiftCost
	if ag != nil {
		t.fair = bestFair - p.rotation(ag, w, t.mask) // apply adds the agent's weekends
		t.act = ag.fixedActs(w)
	}
	return best, true
}

// workStarts sets at to the start of each working day of mask, valued by
// dv (the week's days x starts, -Inf where a start may not be worked), and
// returns the sum of their values, -Inf if no choice fits. Where the rest
// cannot bind, each day takes dayBest (its best start, -1 for none);
// otherwise the starts are chosen together (restStarts).
func (tm *ptmpl) workStarts(mask uint8, dv []float64, nd int, dayBest, at *[7]int) float64 {
	if tm.restBinds() {
		return tm.restStarts(mask, dv, nd, at)
	}
	v := 0.0
	for j := 0; j < nd; j++ {
		if mask&(1<<j) == 0 {
			continue
		}
		if dayBest[j] < 0 {
			return math.Inf(-1)
		}
		at[j] = dayBest[j]
		v += dv[j*len(tm.starts)+dayBest[j]]
	}
	return v
}

// restBinds reports whether, without same_start, the latest shift of a day
// and its rest (min_rest, or none) can run past the earliest start the
// next day. Same-start shifts rest a day less their span, which
// Template.Validate keeps at least min_rest.
func (tm *ptmpl) restBinds() bool {
	rest := int(tm.MinRest / time.Minute)
	return !tm.SameStart && tm.starts[len(tm.starts)-1]+tm.span+rest > 24*60+tm.starts[0]
}

// restStarts is workStarts where the rest binds: the starts of highest
// total value that leave min_rest between a shift's end and the next
// day's start, by dynamic programming over the days. Starts ascend, so
// those that may precede a start the next day are a prefix, and a running
// maximum finds the best of them: O(days x starts).
func (tm *ptmpl) restStarts(mask uint8, dv []float64, nd int, at *[7]int) float64 {
	ns := len(tm.starts)
	rest := int(tm.MinRest / time.Minute)
	best := make([]float64, nd*ns) // best total up to day j ending at start s
	back := make([]int32, nd*ns)   // the previous day's start, -1 after a day off
	carry := 0.0                   // best total of the days before a day off
	last := -1                     // last working day
	for j := 0; j < nd; j++ {
		if mask&(1<<j) == 0 {
			continue
		}
		cur := best[j*ns : (j+1)*ns]
		if last != j-1 || j == 0 {
			if last >= 0 {
				carry = best[last*ns+argmax(best[last*ns:(last+1)*ns])]
			}
			for s := range cur {
				cur[s], back[j*ns+s] = carry+dv[j*ns+s], -1
			}
		} else {
			prev := best[last*ns : j*ns]
			k, run, arg := 0, math.Inf(-1), int32(-1)
			for s := range cur {
				for ; k < ns && tm.starts[k]+tm.span+rest <= 24*60+tm.starts[s]; k++ {
					if prev[k] > run {
						run, arg = prev[k], int32(k)
					}
				}
				cur[s], back[j*ns+s] = run+dv[j*ns+s], arg
			}
		}
		last = j
	}
	if last < 0 {
		return 0
	}
	s := argmax(best[last*ns : (last+1)*ns])
	v := best[last*ns+s]
	if math.IsInf(v, -1) {
		return v
	}
	for j := last; j >= 0; j-- {
		if mask&(1<<j) == 0 {
			continue
		}
		at[j] = s
		if s = int(back[j*ns+s]); s < 0 && j > 0 {
			// a day off before: the earlier days' best, as carried
			for i := j - 1; i >= 0; i-- {
				if mask&(1<<i) != 0 {
					s = argmax(best[i*ns : (i+1)*ns])
					break
				}
			}
		}
	}
	return v
}

// argmax is the index of x's greatest value, the first of equal ones.
func argmax(x []float64) int {
	a := 0
	for i, v := range x {
		if v > x[a] {
			a = i
		}
	}
	return a
}

func popcount(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// lateEnd is the clock time after which a shift's end makes it a late shift.
const lateEnd = 20 * 60

// fairness is the tie-break penalty of a tour: squares of its late shifts
// and weekend days, so that spreading them over agents scores better than
// piling them on a few. Weekends worked over the horizon are shared by a
// term of their own (state.rotate).
func (p *problem) fairness(tm *ptmpl, w int, mask uint8, starts *[7]int) float64 {
	late, weekend := 0, 0
	for j := 0; j < 7; j++ {
		if mask&(1<<j) == 0 {
			continue
		}
		if tm.starts[starts[j]]+tm.span > lateEnd {
			late++
		}
		if p.sat[7*w+j] >= 0 {
			weekend++
		}
	}
	return float64(late*late + weekend*weekend)
}

func (st *state) expired(deadline time.Time) bool {
	return st.p.ctx.Err() != nil || !deadline.IsZero() && time.Now().After(deadline)
}

// dayHash identifies day j of tour t by all that its coverage and cost
// depend on: template, series, time, breaks and activities.
func (t *tour) dayHash(j int) uint64 {
	nb := len(t.brk) / 7
	h := mix(0, uint64(t.tmpl)<<40|uint64(uint16(t.dser[j]))<<24|uint64(t.week)<<3|uint64(j))
	h = mix(h, uint64(uint32(t.start[j])))
	for _, b := range t.brk[j*nb : (j+1)*nb] {
		h = mix(h, uint64(uint32(b)))
	}
	for _, x := range t.act {
		if int(x.day) == j {
			h = mix(h, uint64(uint32(x.at))<<32|uint64(uint32(x.length)))
		}
	}
	return h
}

// key identifies tour t by its days (dayHash) and days-off pattern.
func (t *tour) key() uint64 {
	h := mix(uint64(t.mask), uint64(t.ser)<<32|uint64(t.tmpl))
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) != 0 {
			h = mix(h, t.dayHash(j))
		}
	}
	return h
}

// mix folds v into the hash h (a splitmix64 step).
func mix(h, v uint64) uint64 {
	h += v + 0x9e3779b97f4a7c15
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	return h ^ h>>31
}
