package intraday

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// series is one channel and region over the re-planned stretch.
type series struct {
	channel, region string
	target          staff.Target
	contacts, aht   []float64
	req             []float64
}

// work is one shift as the re-plan has it.
type work struct {
	orig int // index in Input.Roster; -1 for a call-in
	sh   schedule.Shift
	// base is the published start (for a call-in, its start): break
	// windows are measured from it, and its day is the shift's.
	base time.Time
	paid []bool // per break of sh: paid, by its template
	// From switchAt on, the shift works channel switchTo (zero: never).
	switchAt time.Time
	switchTo string
	gone     bool // released whole by vto
	agent    *schedule.Agent
	tmpl     *schedule.Template
	// What this re-plan did to it: overtime and vto exclude each other, and
	// a shift moves to another channel once.
	overtime, vto, moved bool
}

// unit is what one greedy step may change: a shift (work >= 0), or an
// agent to call in. lo to hi are the intervals its changes can touch, in
// the series ser.
type unit struct {
	work   int
	agent  *schedule.Agent
	ser    []int
	lo, hi int
	best   *cand
	dirty  bool
}

// cand is a possible action: the work it leaves, and its worth.
type cand struct {
	unit  int
	w     work
	value float64 // agent-hours of under- (or, for vto, over-) staffing it removes
	cost  float64
	act   Action // without its reason, which apply writes
	why   string // the reason's start
	most  int    // the series most changed
}

type planner struct {
	in        Input
	opt       Options
	start     time.Time // the stretch re-planned: [start, end)
	end       time.Time
	n         int
	h         float64 // hours an interval
	series    []series
	index     map[[2]string]int
	raw       map[[2]string]int // index by names as written, sparing fold
	cov       [][]float64
	works     []*work
	byAgent   map[string][]int
	agentOf   map[string]*schedule.Agent
	tmplOf    map[string]*schedule.Template
	otUsed    map[string]time.Duration // overtime given to an agent today
	weekStart time.Time
	units     []unit
	actions   []Action
	// scratch of eval
	delta   [][]float64
	stamp   [][]int
	gen     int
	touched [][2]int
}

func fold(channel, region string) [2]string {
	return [2]string{strings.ToLower(strings.TrimSpace(channel)), strings.ToLower(strings.TrimSpace(region))}
}

func newPlanner(in Input, opt Options) (*planner, error) {
	if opt.Interval <= 0 {
		return nil, fmt.Errorf("intraday: interval %s, want it positive", opt.Interval)
	}
	if opt.OvertimeRate == 0 {
		opt.OvertimeRate = 1
	}
	y, m, d := opt.Now.Date()
	p := &planner{in: in, opt: opt, start: opt.Now, end: time.Date(y, m, d+1, 0, 0, 0, 0, opt.Now.Location()),
		h: opt.Interval.Hours(), index: map[[2]string]int{}, raw: map[[2]string]int{}, byAgent: map[string][]int{}, agentOf: map[string]*schedule.Agent{},
		tmplOf: map[string]*schedule.Template{}, otUsed: map[string]time.Duration{}}
	p.n = int(p.end.Sub(p.start) / opt.Interval)
	p.end = p.start.Add(time.Duration(p.n) * opt.Interval)
	for _, r := range in.Requirements {
		if r.Start.Before(p.start) || !r.Start.Before(p.end) || (r.Start.Sub(p.start))%opt.Interval != 0 {
			continue
		}
		k := fold(r.Channel, r.Region)
		s, ok := p.index[k]
		if !ok {
			t, found := staff.Targets(in.Targets).For(r.Channel, r.Region)
			if !found {
				return nil, fmt.Errorf("channel %q region %q: %w", r.Channel, r.Region, staff.ErrNoTarget)
			}
			s = len(p.series)
			p.index[k] = s
			p.series = append(p.series, series{channel: r.Channel, region: r.Region, target: t,
				contacts: make([]float64, p.n), aht: make([]float64, p.n), req: make([]float64, p.n)})
			p.cov = append(p.cov, make([]float64, p.n))
			p.delta = append(p.delta, make([]float64, p.n))
			p.stamp = append(p.stamp, make([]int, p.n))
		}
		i := int(r.Start.Sub(p.start) / opt.Interval)
		p.series[s].contacts[i], p.series[s].aht[i], p.series[s].req[i] = r.Contacts, r.AHT, float64(r.Staff)
	}
	for i := range in.Templates {
		p.tmplOf[in.Templates[i].Name] = &in.Templates[i]
	}
	for i := range in.Agents {
		p.agentOf[in.Agents[i].ID] = &in.Agents[i]
	}
	for i, sh := range in.Roster {
		if i == 0 || sh.Start.Before(p.weekStart) {
			p.weekStart = midnight(sh.Start)
		}
		w := &work{orig: i, sh: sh, base: sh.Start, agent: p.agentOf[sh.AgentID], tmpl: p.template(sh.Template)}
		w.sh.Breaks = slices.Clone(sh.Breaks)
		w.paid = make([]bool, len(sh.Breaks))
		if w.tmpl != nil && len(w.tmpl.Breaks) == len(sh.Breaks) {
			for b := range sh.Breaks {
				w.paid[b] = w.tmpl.Breaks[b].Paid
			}
		}
		w.sh.Paid = w.paidTime()
		if sh.End.After(p.start) && sh.Start.Before(p.end) {
			if _, ok := p.index[fold(sh.Channel, sh.Region)]; !ok {
				return nil, &ShiftError{Shift: i, Field: "channel", Err: fmt.Errorf("channel %s, region %s has no requirements from %s", sh.Channel, sh.Region, p.start.Format("2006-01-02T15:04"))}
			}
		}
		p.addWork(w)
	}
	if p.weekStart.IsZero() {
		p.weekStart = midnight(p.start)
	}
	p.weekStart = p.weekStart.AddDate(0, 0, 7*int(math.Floor(midnight(p.start).Sub(p.weekStart).Hours()/(24*7))))
	for _, w := range p.works {
		p.add(w, 1, p.cov, false)
	}
	for i, w := range p.works {
		if p.changeable(w) {
			p.units = append(p.units, unit{work: i})
		}
	}
	for i := range in.Agents {
		p.units = append(p.units, unit{work: -1, agent: &in.Agents[i]})
	}
	for u := range p.units {
		p.reach(u)
	}
	return p, nil
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// template returns the template named name, exactly or else ignoring case.
func (p *planner) template(name string) *schedule.Template {
	if t := p.tmplOf[name]; t != nil {
		return t
	}
	for _, t := range p.in.Templates {
		if strings.EqualFold(t.Name, name) {
			return p.tmplOf[t.Name]
		}
	}
	return nil
}

func (p *planner) addWork(w *work) int {
	p.works = append(p.works, w)
	p.byAgent[w.sh.AgentID] = append(p.byAgent[w.sh.AgentID], len(p.works)-1)
	return len(p.works) - 1
}

// changeable reports whether w is a shift the re-plan may change: it runs
// into the stretch re-planned and ends inside it, so that every change is
// measured.
func (p *planner) changeable(w *work) bool {
	return !w.gone && w.sh.End.After(p.start) && !w.sh.End.After(p.end)
}

// reach sets the series and intervals unit u's changes can touch.
func (p *planner) reach(u int) {
	un := &p.units[u]
	un.ser = un.ser[:0]
	var channels []string
	region := ""
	if un.work >= 0 {
		w := p.works[un.work]
		channels, region = []string{w.sh.Channel, w.switchTo}, w.sh.Region
		ot := p.opt.MaxOvertime + p.opt.Interval
		un.lo, un.hi = p.indexOf(w.sh.Start.Add(-ot)), p.indexOf(w.sh.End.Add(ot))
		if w.agent != nil {
			channels = append(channels, w.agent.Channels...)
		}
	} else {
		channels, region = p.channelsOf(un.agent), un.agent.Region
		un.lo, un.hi = 0, p.n-1
	}
	for _, c := range channels {
		if s, ok := p.index[fold(c, region)]; ok && !slices.Contains(un.ser, s) {
			un.ser = append(un.ser, s)
		}
	}
}

// channelsOf is the channels agent a may work: theirs, or every channel
// of their region when they list none.
func (p *planner) channelsOf(a *schedule.Agent) []string {
	if len(a.Channels) > 0 {
		return a.Channels
	}
	var out []string
	for _, s := range p.series {
		if strings.EqualFold(s.region, a.Region) {
			out = append(out, s.channel)
		}
	}
	return out
}

// indexOf is the interval holding t, clamped to the stretch.
func (p *planner) indexOf(t time.Time) int {
	i := int(math.Floor(float64(t.Sub(p.start)) / float64(p.opt.Interval)))
	return min(max(i, 0), p.n-1)
}

func (w *work) paidTime() time.Duration {
	d := w.sh.End.Sub(w.sh.Start)
	for b, s := range w.sh.Breaks {
		if !w.paid[b] {
			d -= s.End.Sub(s.Start)
		}
	}
	return d
}

// channelAt is the channel w works at t.
func (w *work) channelAt(t time.Time) string {
	if w.switchTo != "" && !t.Before(w.switchAt) {
		return w.switchTo
	}
	return w.sh.Channel
}

// clone returns a copy of w that changes apart from it.
func (w *work) clone() work {
	c := *w
	c.sh.Breaks, c.paid = slices.Clone(w.sh.Breaks), slices.Clone(w.paid)
	return c
}

// add adds sign times w's time on the queue, per interval, to d; with
// track, it stamps the cells it touches for eval.
func (p *planner) add(w *work, sign float64, d [][]float64, track bool) {
	if w.gone {
		return
	}
	off := slices.Clone(w.sh.Breaks)
	for _, a := range w.sh.Activities {
		off = append(off, a.Span)
	}
	slices.SortFunc(off, func(a, b schedule.Span) int { return a.Start.Compare(b.Start) })
	from := w.sh.Start
	on := func(a, b time.Time) {
		if w.switchTo != "" && a.Before(w.switchAt) && w.switchAt.Before(b) {
			p.addSpan(w, w.sh.Channel, a, w.switchAt, sign, d, track)
			p.addSpan(w, w.switchTo, w.switchAt, b, sign, d, track)
			return
		}
		p.addSpan(w, w.channelAt(a), a, b, sign, d, track)
	}
	for _, o := range off {
		if o.Start.After(from) {
			on(from, o.Start)
		}
		if o.End.After(from) {
			from = o.End
		}
	}
	if w.sh.End.After(from) {
		on(from, w.sh.End)
	}
}

func (p *planner) addSpan(w *work, channel string, a, b time.Time, sign float64, d [][]float64, track bool) {
	k := [2]string{channel, w.sh.Region}
	s, ok := p.raw[k]
	if !ok {
		if s, ok = p.index[fold(channel, w.sh.Region)]; !ok {
			s = -1
		}
		p.raw[k] = s
	}
	if s >= 0 {
		p.addTo(s, a, b, sign, d, track)
	}
}

// addTo adds sign times one agent over [a, b) to series s of d.
func (p *planner) addTo(s int, a, b time.Time, sign float64, d [][]float64, track bool) {
	if a.Before(p.start) {
		a = p.start
	}
	if b.After(p.end) {
		b = p.end
	}
	if !a.Before(b) {
		return
	}
	step := p.opt.Interval
	for i := p.indexOf(a); i < p.n; i++ {
		lo := p.start.Add(time.Duration(i) * step)
		if !lo.Before(b) {
			break
		}
		x := minTime(b, lo.Add(step)).Sub(maxTime(a, lo))
		if x <= 0 {
			continue
		}
		if track && p.stamp[s][i] != p.gen {
			p.stamp[s][i] = p.gen
			p.delta[s][i] = 0
			p.touched = append(p.touched, [2]int{s, i})
		}
		d[s][i] += sign * float64(x) / float64(step)
	}
}

// eval returns the agent-hours of under- and over-staffing that replacing
// old by new removes (negative: adds), and the series most changed.
func (p *planner) eval(old, new *work) (under, over float64, most int) {
	p.gen++
	p.touched = p.touched[:0]
	if old != nil {
		p.add(old, -1, p.delta, true)
	}
	p.add(new, 1, p.delta, true)
	return p.measure()
}

// evalSpans is eval for a change that adds sign agents over each span
// of series s: cheaper than comparing whole shifts.
func (p *planner) evalSpans(s int, spans []schedule.Span, signs []float64) (under, over float64, most int) {
	p.gen++
	p.touched = p.touched[:0]
	for i, x := range spans {
		p.addTo(s, x.Start, x.End, signs[i], p.delta, true)
	}
	return p.measure()
}

// measure sums the change in p.delta's touched cells.
func (p *planner) measure() (under, over float64, most int) {
	most = -1
	var gain [][2]float64 // series, change; a change touches few series
	for _, c := range p.touched {
		s, i := c[0], c[1]
		r, was := p.series[s].req[i], p.cov[s][i]
		now := was + p.delta[s][i]
		u := (math.Max(0, r-was) - math.Max(0, r-now)) * p.h
		under += u
		over += (math.Max(0, was-r) - math.Max(0, now-r)) * p.h
		g := math.Abs(u) + math.Abs(was-now)
		if k := slices.IndexFunc(gain, func(x [2]float64) bool { return int(x[0]) == s }); k >= 0 {
			gain[k][1] += g
		} else {
			gain = append(gain, [2]float64{float64(s), g})
		}
	}
	best := 0.0
	for _, x := range gain {
		if s := int(x[0]); x[1] > best || x[1] == best && s < most {
			best, most = x[1], s
		}
	}
	return under, over, most
}

// apply makes candidate c part of the roster.
func (p *planner) apply(c *cand) {
	un := &p.units[c.unit]
	w := c.w
	var old *work
	if un.work >= 0 {
		old = p.works[un.work]
		p.add(old, -1, p.cov, false)
		p.works[un.work] = &w
	} else {
		i := p.addWork(&w)
		p.units = append(p.units, unit{work: i}) // marked below, as the agent's
		p.reach(len(p.units) - 1)
	}
	p.add(&w, 1, p.cov, false)
	if c.act.Kind == Overtime {
		p.otUsed[w.sh.AgentID] += time.Duration(c.act.Hours * float64(time.Hour))
	}
	act := c.act
	if act.Kind == VTO {
		act.Reason = fmt.Sprintf("releases %.2f over-staffed agent-hours, most in %s", c.value, p.name(c.most))
	} else {
		act.Reason = fmt.Sprintf("%scuts under-staffing by %.2f agent-hours, most in %s", c.why, c.value, p.name(c.most))
	}
	p.actions = append(p.actions, act)
	// Mark every unit whose worth may have changed: those reaching the
	// intervals changed, and those of the same agent (hours, rest).
	lo, hi := p.indexOf(w.sh.Start.Add(-p.opt.Interval)), p.indexOf(w.sh.End.Add(p.opt.Interval))
	if old != nil {
		lo, hi = min(lo, p.indexOf(old.sh.Start.Add(-p.opt.Interval))), max(hi, p.indexOf(old.sh.End.Add(p.opt.Interval)))
	}
	var changed []int
	for _, ch := range []string{w.sh.Channel, w.switchTo} {
		if s, ok := p.index[fold(ch, w.sh.Region)]; ok {
			changed = append(changed, s)
		}
	}
	if old != nil {
		if s, ok := p.index[fold(old.sh.Channel, old.sh.Region)]; ok {
			changed = append(changed, s)
		}
	}
	for u := range p.units {
		o := &p.units[u]
		if u == c.unit {
			p.reach(u)
			o.dirty = true
			continue
		}
		same := o.work < 0 && o.agent.ID == w.sh.AgentID || o.work >= 0 && p.works[o.work].sh.AgentID == w.sh.AgentID
		hit := o.lo <= hi && lo <= o.hi && slices.ContainsFunc(o.ser, func(s int) bool { return slices.Contains(changed, s) })
		if same || hit {
			o.dirty = true
		}
	}
}

// run takes the best action of best until none is left.
func (p *planner) run(best func(u int) *cand, better func(a, b *cand) bool) {
	for u := range p.units {
		p.units[u].best = best(u)
	}
	for {
		var pick *cand
		for u := range p.units {
			if un := &p.units[u]; un.dirty {
				un.best, un.dirty = best(u), false
			}
			if c := p.units[u].best; c != nil && (pick == nil || better(c, pick)) {
				pick = c
			}
		}
		if pick == nil {
			return
		}
		p.apply(pick)
	}
}

// fixBetter orders actions against under-staffing: free ones first, most
// agent-hours first; then paid ones by agent-hours per unit of cost, then
// most agent-hours.
func fixBetter(a, b *cand) bool {
	if af, bf := a.cost <= 0, b.cost <= 0; af != bf {
		return af
	} else if !af {
		ra, rb := a.value/a.cost, b.value/b.cost
		if math.Abs(ra-rb) > 1e-9*math.Max(ra, rb) {
			return ra > rb
		}
	}
	return a.value > b.value+1e-9
}

// vtoBetter orders time off: most over-staffed agent-hours released
// first, then most saved.
func vtoBetter(a, b *cand) bool {
	if math.Abs(a.value-b.value) > 1e-9 {
		return a.value > b.value
	}
	return a.cost < b.cost-1e-9
}

// keep returns c if it is the better of c and best.
func keep(best, c *cand, better func(a, b *cand) bool) *cand {
	if c.value > eps && (best == nil || better(c, best)) {
		return c
	}
	return best
}

// costPerHour is what an hour of w's agent costs.
func costPerHour(a *schedule.Agent, t *schedule.Template) float64 {
	switch {
	case a != nil && a.CostPerHour > 0:
		return a.CostPerHour
	case t != nil && t.CostPerHour > 0:
		return t.CostPerHour
	}
	return 1
}

// weekHours is agent id's paid hours in the roster's week, without work
// skip.
func (p *planner) weekHours(id string, skip int) float64 {
	var h time.Duration
	end := p.weekStart.AddDate(0, 0, 7)
	for _, i := range p.byAgent[id] {
		w := p.works[i]
		if i != skip && !w.gone && !w.base.Before(p.weekStart) && w.base.Before(end) {
			h += w.sh.Paid
		}
	}
	return h.Hours()
}

// fits reports whether w, as work i of its agent (-1: new), keeps the
// rules between shifts: no overlap with the agent's other shifts, the
// longer min_rest of two shifts on different days between them, and the
// agent's max_hours in the week.
func (p *planner) fits(i int, w *work) bool {
	for _, j := range p.byAgent[w.sh.AgentID] {
		o := p.works[j]
		if j == i || o.gone {
			continue
		}
		if o.sh.Start.Before(w.sh.End) && w.sh.Start.Before(o.sh.End) {
			return false
		}
		if midnight(o.base).Equal(midnight(w.base)) {
			continue
		}
		rest := max(restOf(w.tmpl), restOf(o.tmpl))
		if o.sh.End.Compare(w.sh.Start) <= 0 && w.sh.Start.Sub(o.sh.End) < rest ||
			w.sh.End.Compare(o.sh.Start) <= 0 && o.sh.Start.Sub(w.sh.End) < rest {
			return false
		}
	}
	a := w.agent
	if a != nil && a.MaxHours > 0 && w.base.Compare(p.weekStart) >= 0 && w.base.Before(p.weekStart.AddDate(0, 0, 7)) {
		return p.weekHours(w.sh.AgentID, i)+w.sh.Paid.Hours() <= a.MaxHours+1e-9
	}
	return true
}

func restOf(t *schedule.Template) time.Duration {
	if t == nil {
		return 0
	}
	return t.MinRest
}

// inDay reports whether [start, end) keeps inside agent a's working
// hours on the day beginning at day.
func inDay(a *schedule.Agent, day, start, end time.Time) bool {
	if a == nil {
		return true
	}
	latest := cmp.Or(a.LatestEnd, 24*time.Hour)
	return !start.Before(day.Add(a.EarliestStart)) && !end.After(day.Add(latest))
}

// series name for reasons
func (p *planner) name(s int) string {
	if s < 0 {
		return ""
	}
	return p.series[s].channel + "/" + p.series[s].region
}

func hhmm(t time.Time) string { return t.Format("15:04") }

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
