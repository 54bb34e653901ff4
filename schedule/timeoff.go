package schedule

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// act is an activity placed in a tour: minutes from the grid's origin.
type act struct {
	day        int8  // day of the tour's week whose shift holds it
	kind       int16 // index into problem.kinds
	at, length int32
	flexible   bool // placed by a rule, free to move
}

// span is a half-open stretch of minutes from the grid's origin.
type span struct{ from, to int }

// minute returns t's minute on the grid, counting whole calendar days from
// the origin as grid.at does.
func (g grid) minute(t time.Time) int {
	d, m := g.dayMinute(t)
	return d*24*60 + m
}

// kind returns the index of an activity kind, adding it when new.
func (p *problem) kind(k string) int16 {
	if i := slices.Index(p.kinds, k); i >= 0 {
		return int16(i)
	}
	p.kinds = append(p.kinds, k)
	return int16(len(p.kinds) - 1)
}

// prepareTimeOff lays the named agents' time off on the grid: leave closes
// whole days or stretches of them, and each fixed activity asks for a shift
// on its day that holds it. Entries outside the horizon are dropped, and
// activities reaching past it with a warning; an id that names no agent is
// an error.
func (p *problem) prepareTimeOff(offs []TimeOff) error {
	byID := map[string]int{}
	for a, ag := range p.agents {
		byID[ag.ID] = a
	}
	H := p.g.minutes()
	for _, o := range offs {
		if err := o.Validate(); err != nil {
			return err
		}
		a, ok := byID[o.AgentID]
		if !ok {
			return &staff.FieldError{Field: "agent_id", Err: fmt.Errorf("time off for %q, who is not among the agents", o.AgentID)}
		}
		from, to := p.g.minute(o.Start), p.g.minute(o.End)
		if to <= 0 || from >= H {
			continue
		}
		ag := &p.agents[a]
		if strings.EqualFold(o.Kind, Leave) {
			p.timeOff = append(p.timeOff, o)
			ag.leave = append(ag.leave, span{from, to})
			for d := max(0, from/(24*60)); d < H/(24*60) && d*24*60 < to; d++ {
				if from <= d*24*60 && to >= (d+1)*24*60 {
					if ag.leaveDays == nil {
						ag.leaveDays = make([]uint8, p.weeks)
					}
					ag.leaveDays[d/7] |= ag.weekMask[d/7] & (1 << (d % 7))
				}
			}
			continue
		}
		if from < 0 || to > H {
			p.warnings = append(p.warnings, fmt.Sprintf("the %s of %s from %s to %s runs past the planned days: not scheduled", o.Kind, o.AgentID,
				o.Start.Format("2006-01-02T15:04"), o.End.Format("2006-01-02T15:04")))
			continue
		}
		p.timeOff = append(p.timeOff, o)
		d := from / (24 * 60)
		if ag.fixed == nil {
			ag.fixed = make([][]act, p.weeks)
			ag.need = make([]uint8, p.weeks)
		}
		ag.fixed[d/7] = append(ag.fixed[d/7], act{day: int8(d % 7), kind: p.kind(strings.ToLower(o.Kind)), at: int32(from), length: int32(to - from)})
		ag.need[d/7] |= 1 << (d % 7)
	}
	return nil
}

// Validate checks a flexible activity: a kind, a positive length and hours
// that hold it.
func (r ActivityRule) Validate() error {
	switch {
	case strings.TrimSpace(r.Kind) == "" || strings.ContainsAny(r.Kind, "\r\n"):
		return &staff.FieldError{Field: "kind", Err: fmt.Errorf("want the activity's kind on one line, e.g. meeting, got %q", r.Kind)}
	case r.Length <= 0 || r.Length > 24*time.Hour:
		return &staff.FieldError{Field: "length", Err: fmt.Errorf("want a length between 1m and 24h, got %s", dur.Text(r.Length))}
	case r.From < 0 || r.To > 48*time.Hour || r.To-r.From < r.Length:
		return &staff.FieldError{Field: "to", Err: fmt.Errorf("want hours from %s to %s that hold %s", clock(r.From), clock(r.To), dur.Text(r.Length))}
	}
	return nil
}

// Validate checks one entry of time off: an agent, a kind without line
// breaks, and an end after the start.
func (o TimeOff) Validate() error {
	switch {
	case strings.TrimSpace(o.AgentID) == "":
		return &staff.FieldError{Field: "agent_id", Err: fmt.Errorf("time off needs an agent")}
	case strings.ContainsAny(o.Kind, "\r\n"):
		return &staff.FieldError{Field: "kind", Err: fmt.Errorf("want one line, got %q", o.Kind)}
	case !o.End.After(o.Start):
		return &staff.FieldError{Field: "end", Err: fmt.Errorf("want an end after the start %s, got %s",
			o.Start.Format("2006-01-02T15:04"), o.End.Format("2006-01-02T15:04"))}
	}
	return nil
}

// shiftFits reports whether agent ag may work the shift of tm starting at
// minute a on day d (of the horizon): it leaves the least rest after the
// week before and before the week after, overlaps none of the agent's
// leave, and holds that day's fixed activities whole and overlaps no
// other.
func (ag *pagent) shiftFits(tm *ptmpl, d, a int) bool {
	b := a + tm.span
	if rest := tm.minRest(); a < ag.prevEnd+max(ag.prevRest, rest) || b+max(ag.nextRest, rest) > ag.nextStart {
		return false
	}
	for _, l := range ag.leave {
		if l.from < b && a < l.to {
			return false
		}
	}
	if ag.fixed == nil {
		return true
	}
	for _, x := range ag.fixed[d/7] {
		inside := int(x.at) >= a && int(x.at+x.length) <= b
		if int(x.day) == d%7 && !inside || int(x.day) != d%7 && int(x.at) < b && a < int(x.at+x.length) {
			return false
		}
	}
	return true
}

// leaveIn returns the days of week w the agent is on leave all day: days of
// its tour (as paid leave counts towards the contract's days) on which it
// works no shift, so leave shortens the working week instead of emptying it.
func (ag *pagent) leaveIn(w int) uint8 {
	if ag == nil || ag.leaveDays == nil {
		return 0
	}
	return ag.leaveDays[w]
}

// fixedActs returns the fixed activities of agent ag in week w, for a tour.
func (ag *pagent) fixedActs(w int) []act {
	if ag.fixed == nil {
		return nil
	}
	return ag.fixed[w]
}

// holes returns the stretches of day j of tour t during which the agent
// covers no contacts, in order and merged: breaks and activities.
func (p *problem) holes(t *tour, j int, buf []span) []span {
	tm := &p.tmpls[t.tmpl]
	a := (7*t.week+j)*24*60 + int(t.start[j])
	nb := len(tm.breaks)
	buf = buf[:0]
	for b := 0; b < nb; b++ {
		off := a + int(t.brk[j*nb+b])
		buf = append(buf, span{off, off + tm.breaks[b].length})
	}
	for _, x := range t.act {
		if int(x.day) == j {
			buf = append(buf, span{int(x.at), int(x.at + x.length)})
		}
	}
	slices.SortFunc(buf, func(x, y span) int { return x.from - y.from })
	out := buf[:0]
	for _, h := range buf {
		if n := len(out); n > 0 && h.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, h.to)
			continue
		}
		out = append(out, h)
	}
	return out
}

// rulesFor returns the flexible activities that apply to tour t: rules
// naming no one, the tour's agent or its template.
func (p *problem) rulesFor(t *tour, rules []ActivityRule) []ActivityRule {
	var out []ActivityRule
	for _, r := range rules {
		if len(r.Agents) == 0 || t.agent >= 0 && nameIn(p.agents[t.agent].ID, r.Agents) || nameIn(p.tmpls[t.tmpl].Name, r.Agents) {
			out = append(out, r)
		}
	}
	return out
}

// placeActivities gives every tour one of each flexible activity that
// applies to it and it does not hold yet, on the working day and at the
// time, inside the shift and the rule's hours and clear of breaks and other
// activities, that leaves the best roster; a second pass moves each one
// again knowing where the others went. A tour without room is named in a
// warning. The breaks are then placed anew, clear of all activities.
func (st *state) placeActivities(rules []ActivityRule) {
	p := st.p
	if len(p.kinds) == 0 && len(rules) == 0 {
		return // no activities, nothing for the breaks to keep clear of
	}
	missed := map[string]int{} // per rule, as its warning reads
	for _, t := range st.tours {
		for _, r := range p.rulesFor(t, rules) {
			kind := p.kind(strings.ToLower(r.Kind))
			if slices.ContainsFunc(t.act, func(x act) bool { return x.kind == kind }) {
				continue // placed before, or fixed
			}
			if !st.placeActivity(t, r, kind) {
				missed[fmt.Sprintf("the %s between %s and %s", r.Kind, clock(r.From), clock(r.To))]++
			}
		}
	}
	for _, t := range st.tours {
		for _, r := range p.rulesFor(t, rules) {
			kind := p.kind(strings.ToLower(r.Kind))
			i := slices.IndexFunc(t.act, func(x act) bool { return x.kind == kind && x.flexible })
			if i < 0 {
				continue
			}
			j := int(t.act[i].day)
			st.applyDay(t, j, -1)
			t.act = slices.Delete(t.act, i, i+1)
			st.applyDay(t, j, 1)
			st.placeActivity(t, r, kind) // finds the old place at worst
		}
	}
	where := ""
	if len(p.series) == 1 {
		where = p.series[0].channel + "/" + p.series[0].region + ": "
	}
	for _, k := range slices.Sorted(maps.Keys(missed)) {
		p.warnings = append(p.warnings, fmt.Sprintf("%s%d tours have no room for %s: not placed", where, missed[k], k))
	}
	st.placeBreaks()
}

// placeActivity adds activity r (of kind) to tour t where it leaves the
// best roster, and reports whether it fits anywhere.
func (st *state) placeActivity(t *tour, r ActivityRule, kind int16) bool {
	p := st.p
	tm := &p.tmpls[t.tmpl]
	length := int(r.Length / time.Minute)
	var best score
	var placed act
	found := false
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) == 0 {
			continue
		}
		mid := (7*t.week + j) * 24 * 60
		a := mid + int(t.start[j])
		lo, hi := max(a, mid+int(r.From/time.Minute)), min(a+tm.span, mid+int(r.To/time.Minute))-length
		holes := slices.Clone(p.holes(t, j, nil))
		for at := lo; at <= hi; at += p.bstep {
			if slices.ContainsFunc(holes, func(h span) bool { return h.from < at+length && at < h.to }) {
				continue
			}
			x := act{day: int8(j), kind: kind, at: int32(at), length: int32(length), flexible: true}
			st.applyDay(t, j, -1)
			t.act = append(t.act, x)
			st.applyDay(t, j, 1)
			sc := st.score()
			st.applyDay(t, j, -1)
			t.act = t.act[:len(t.act)-1]
			st.applyDay(t, j, 1)
			if !found || sc.less(best, 1) {
				best, placed, found = sc, x, true
			}
		}
	}
	if found {
		st.applyDay(t, int(placed.day), -1)
		t.act = append(t.act, placed)
		st.applyDay(t, int(placed.day), 1)
	}
	return found
}
