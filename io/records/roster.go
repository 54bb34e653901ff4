package records

import (
	"cmp"
	"fmt"
	"time"

	"github.com/wfm-dev/wfm/io/table"

	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// The roster file has columns for this many breaks and activities a shift,
// filled or empty, so that its columns do not change with the templates or
// the week. A shift with more adds columns for them: break_start_4, ...
// after break_end_3, activity_3, ... after activity_end_2.
const (
	RosterBreaks     = 3
	RosterActivities = 2
)

// Shifts lays a roster out as the roster file: one row per agent and
// working day, its first break as break_start, break_end, then channel,
// region, the agent's name and contract (empty for anonymous tours), the
// further breaks as break_start_2, break_end_2, ..., then activities as
// activity, activity_start, activity_end, activity_2, ... The columns are
// the same for every roster up to RosterBreaks and RosterActivities.
func Shifts(r schedule.Roster) *table.Table {
	breaks, activities := RosterBreaks, RosterActivities
	for _, s := range r.Shifts {
		breaks = max(breaks, len(s.Breaks))
		activities = max(activities, len(s.Activities))
	}
	cols := []string{"agent_id", "date", "shift", "start", "end", "break_start", "break_end", "channel", "region", "name", "contract"}
	cols = numbered(cols, 2, breaks, "break_start", "break_end")
	t := &table.Table{Name: "Shifts", Columns: numbered(cols, 1, activities, "activity", "activity_start", "activity_end")}
	t.Grow(len(r.Shifts))
	row := make([]any, 0, len(t.Columns))
	for _, s := range r.Shifts {
		row = append(row[:0], s.AgentID, table.Date(dayOf(s.Start)), s.Template, s.Start, s.End)
		row = appendBreak(row, s.Breaks, 0)
		row = append(row, s.Channel, s.Region, s.Name, s.Contract)
		for i := 1; i < breaks; i++ {
			row = appendBreak(row, s.Breaks, i)
		}
		for i := range activities {
			if i < len(s.Activities) {
				a := s.Activities[i]
				row = append(row, a.Kind, a.Start, a.End)
			} else {
				row = append(row, nil, nil, nil)
			}
		}
		t.Add(row...)
	}
	return t
}

// dayOf is the midnight starting t's day.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// appendBreak appends the start and end of break i, empty if there is none.
func appendBreak(row []any, breaks []schedule.Span, i int) []any {
	if i < len(breaks) {
		return append(row, breaks[i].Start, breaks[i].End)
	}
	return append(row, nil, nil)
}

// numbered appends groups from to to (1-based) of the named columns to
// cols, the second and later suffixed _2, _3, ...
func numbered(cols []string, from, to int, names ...string) []string {
	for i := from; i <= to; i++ {
		suffix := ""
		if i > 1 {
			suffix = fmt.Sprintf("_%d", i)
		}
		for _, name := range names {
			cols = append(cols, name+suffix)
		}
	}
	return cols
}

// Coverage lays out scheduled against required staff per interval.
func Coverage(r schedule.Roster) *table.Table {
	t := &table.Table{Name: "Coverage", Columns: []string{"interval_start", "channel", "region", "required", "scheduled", "net", "service_level"},
		Decimals: map[string]int{"required": 2, "scheduled": 2, "net": 2, "service_level": 4}}
	t.Grow(len(r.Coverage))
	for _, c := range r.Coverage {
		t.Add(c.Start, c.Channel, c.Region, c.Required, c.Scheduled, c.Net(), c.ServiceLevel)
	}
	return t
}

// Summary lays out a plan's or roster's totals per channel and region, then
// overall: contacts and peak staff (per series) from the requirements,
// required, paid, under- and over-staffed agent-hours, efficiency, expected
// service level, occupancy, cost, and the lower bound on cost with the gap
// above it when the search computed one. Occupancy is the requirements'
// occupancy weighted by the agents they need: the share of time the
// required agents are busy when staffed as required; empty when the
// requirements do not give it.
func Summary(r schedule.Roster, reqs []staff.Requirement) *table.Table {
	t := &table.Table{Name: "Summary", Columns: []string{"channel", "region", "contacts", "peak_staff", "required_hours",
		"paid_hours", "under_hours", "over_hours", "efficiency", "service_level", "occupancy", "cost", "lower_bound", "gap"},
		Decimals: map[string]int{"contacts": 0, "required_hours": 1, "paid_hours": 1, "under_hours": 1, "over_hours": 1,
			"efficiency": 3, "service_level": 3, "occupancy": 3, "cost": 0, "lower_bound": 0, "gap": 4}}
	type key struct{ channel, region string }
	type sums struct {
		contacts, busy, agents float64
		peak                   int
	}
	by := map[key]*sums{}
	for _, q := range reqs {
		for _, k := range []key{{q.Channel, q.Region}, {}} {
			s := by[k]
			if s == nil {
				s = &sums{}
				by[k] = s
			}
			s.contacts += q.Contacts
			s.busy += q.Occupancy * float64(q.Agents)
			s.agents += float64(q.Agents)
			s.peak = max(s.peak, q.Staff)
		}
	}
	for _, s := range r.Summaries {
		var contacts, peak, occupancy, bound, gap any
		if q := by[key{s.Channel, s.Region}]; q != nil {
			contacts = q.contacts
			if s.Channel != "" || s.Region != "" {
				peak = q.peak // the total's peak would add up series that peak apart
			}
			if q.busy > 0 {
				occupancy = q.busy / q.agents
			}
		}
		if s.LowerBound > 0 {
			// A roster at its bound may cost a rounding error below it.
			bound, gap = s.LowerBound, max(0, s.Gap())
		}
		t.Rows = append(t.Rows, []any{cmp.Or(s.Channel, "total"), s.Region, contacts, peak, s.RequiredHours, s.PaidHours,
			s.UnderHours, s.OverHours, s.Efficiency(), s.ServiceLevel, occupancy, s.Cost, bound, gap})
	}
	return t
}
