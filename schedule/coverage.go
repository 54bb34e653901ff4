package schedule

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
	"gonum.org/v1/gonum/floats"
)

// roster turns the search state into the Roster: shifts, coverage per
// requirement row and summaries per series and in total. Anonymous tours
// take their ids and activities from nm.
func (st *state) roster(reqs []staff.Requirement, lb bound, sl func(channel, region string, start time.Time, staff float64) float64, nm *namer) Roster {
	p := st.p
	var r Roster
	r.Warnings = append(r.Warnings, p.warnings...)
	r.TimeOff = p.timeOff
	ns := len(p.series)
	var clashes []string // shifts whose breaks could not keep clear of activities
	paid := make([]float64, ns)
	cost := make([]float64, ns)
	sort.SliceStable(st.tours, func(i, j int) bool {
		a, b := st.tours[i], st.tours[j]
		if p.agents == nil && (a.ser != b.ser || a.tmpl != b.tmpl) {
			return a.ser < b.ser || a.ser == b.ser && a.tmpl < b.tmpl
		}
		return a.agent < b.agent || a.agent == b.agent && (a.num < b.num || a.num == b.num && a.week < b.week)
	})
	for _, t := range st.tours {
		tm := &p.tmpls[t.tmpl]
		var who Agent
		if t.agent >= 0 {
			who = p.agents[t.agent].Agent
		} else {
			who.ID = nm.id(tm.Name, t.num)
		}
		perShift := t.cost / float64(popcount(t.mask))
		nb := len(tm.breaks)
		for j := 0; j < 7; j++ {
			if t.mask&(1<<j) == 0 {
				continue
			}
			a := (7*t.week+j)*24*60 + int(t.start[j])
			s := int(t.dser[j])
			sh := Shift{AgentID: who.ID, Template: tm.Name, Span: Span{p.g.at(a), p.g.at(a + tm.span)}, Paid: tm.Length,
				Channel: p.series[s].channel, Region: p.series[s].region, Name: who.Name, Contract: who.Contract}
			for b := 0; b < nb; b++ {
				o := a + int(t.brk[j*nb+b])
				sh.Breaks = append(sh.Breaks, Span{p.g.at(o), p.g.at(o + tm.breaks[b].length)})
			}
			for _, x := range t.act {
				if int(x.day) == j {
					sh.Activities = append(sh.Activities, Activity{Kind: p.kinds[x.kind], Span: Span{p.g.at(int(x.at)), p.g.at(int(x.at + x.length))}})
				}
			}
			if breakInActivity(sh) {
				clashes = append(clashes, sh.AgentID+" on "+sh.Start.Format("2006-01-02"))
			}
			r.Shifts = append(r.Shifts, sh)
			paid[s] += sh.Paid.Hours()
			cost[s] += perShift
		}
	}
	if len(clashes) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d shifts have a break inside an activity, its window leaving no room beside it (%s): move the activity or widen the break's window",
			len(clashes), strings.Join(clashes[:min(3, len(clashes))], ", ")))
	}
	// coverage, one row per requirement row, in the requirements' order
	type at struct{ s, i int }
	where := make([]at, len(reqs))
	for s := range p.series {
		for i, row := range p.rows[s] {
			if row >= 0 {
				where[row] = at{s, i}
			}
		}
	}
	sls := make([]slMean, ns+1) // per series, then the total
	r.Coverage = make([]Coverage, len(reqs))
	for row, q := range reqs {
		s, i := where[row].s, where[row].i
		c := Coverage{Start: q.Start, Channel: q.Channel, Region: q.Region,
			Required: p.req[s][i], Scheduled: clean(st.cov[s][i]), ServiceLevel: math.NaN()}
		if sl != nil {
			c.ServiceLevel = sl(q.Channel, q.Region, q.Start, c.Scheduled)
			for _, x := range []int{s, ns} {
				sls[x].add(q.Contacts, c)
			}
		}
		r.Coverage[row] = c
	}
	total := Summary{}
	for s, k := range p.series {
		sm := Summary{Channel: k.channel, Region: k.region, PaidHours: paid[s], Cost: cost[s], ServiceLevel: math.NaN()}
		u := 0.0
		for i, req := range p.req[s] {
			c := clean(st.cov[s][i])
			sm.RequiredHours += req * p.h
			u += math.Max(0, req-c)
			sm.OverHours += math.Max(0, c-req) * p.h
		}
		sm.UnderHours = u * p.h
		sm.ServiceLevel = sls[s].value()
		if p.agents == nil {
			sm.LowerBound = shortBound(lb.perSeries[s], st.searched[s])
		}
		total.addTotals(sm)
		r.Summaries = append(r.Summaries, sm)
	}
	total.ServiceLevel = sls[ns].value()
	total.LowerBound = shortBound(lb.total, floats.Sum(st.searched))
	r.Summaries = append(r.Summaries, total)
	return r
}

// shortBound is the lower bound to report for a roster whose search left
// under agent-intervals uncovered: none (0) when short, as the bound is on
// the cost of rosters covering everything, which a short one is not.
// Activities placed afterwards take agents off the queue without changing
// the cost, so the bound still compares with it.
func shortBound(bound, under float64) float64 {
	if under > 1e-9 {
		return 0
	}
	return bound
}

// underWarnings are the warnings a roster's total calls for.
func underWarnings(total Summary) []string {
	if total.UnderHours <= 1e-6 {
		return nil
	}
	w := []string{fmt.Sprintf("%.1f agent-hours of the requirement are not covered: the templates, caps, agents, time off and activities leave them short", total.UnderHours)}
	if total.LowerBound == 0 {
		w = append(w, "with under-coverage the lower bound on cost is not informative")
	}
	return w
}

// slMean is the mean expected service level of intervals, weighted by
// contacts, or by requirement where there are no contacts.
type slMean struct{ sum, w, sumR, wR float64 }

// add counts interval c, which has the given contacts (NaN service levels
// are left out).
func (m *slMean) add(contacts float64, c Coverage) {
	if math.IsNaN(c.ServiceLevel) {
		return
	}
	if contacts > 0 {
		m.sum += contacts * c.ServiceLevel
		m.w += contacts
	}
	m.sumR += c.Required * c.ServiceLevel
	m.wR += c.Required
}

func (m slMean) value() float64 {
	switch {
	case m.w > 0:
		return m.sum / m.w
	case m.wR > 0:
		return m.sumR / m.wR
	}
	return math.NaN()
}

// addTotals adds the hours and cost of s to t.
func (t *Summary) addTotals(s Summary) {
	t.PaidHours += s.PaidHours
	t.RequiredHours += s.RequiredHours
	t.UnderHours += s.UnderHours
	t.OverHours += s.OverHours
	t.Cost += s.Cost
}

// clean rounds away the float noise coverage sums pick up.
func clean(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// breakInActivity reports whether a break of sh overlaps one of its
// activities.
func breakInActivity(sh Shift) bool {
	for _, b := range sh.Breaks {
		for _, a := range sh.Activities {
			if b.Start.Before(a.End) && a.Start.Before(b.End) {
				return true
			}
		}
	}
	return false
}
