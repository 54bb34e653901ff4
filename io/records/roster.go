package records

import (
	"cmp"
	"fmt"

	"github.com/wfm-dev/wfm/io/table"

	"github.com/wfm-dev/wfm/schedule"
)

// Shifts lays a roster out as the roster file: one row per agent and
// working day, breaks as break_start, break_end, break_start_2, ..., then
// the agent's name and contract (empty for anonymous tours, so the columns
// do not depend on the run), then activities as activity, activity_start,
// activity_end, activity_2, ... when any shift holds one.
func Shifts(r schedule.Roster) *table.Table {
	t := &table.Table{Name: "Shifts", Columns: []string{"agent_id", "date", "shift", "start", "end"}}
	breaks, activities := 1, 0
	for _, s := range r.Shifts {
		breaks = max(breaks, len(s.Breaks))
		activities = max(activities, len(s.Activities))
	}
	t.Columns = numbered(t.Columns, breaks, "break_start", "break_end")
	t.Columns = append(t.Columns, "channel", "region", "name", "contract")
	t.Columns = numbered(t.Columns, activities, "activity", "activity_start", "activity_end")
	for _, s := range r.Shifts {
		row := []any{s.AgentID, s.Start.Format(table.DateLayout), s.Template, s.Start, s.End}
		for i := range breaks {
			if i < len(s.Breaks) {
				row = append(row, s.Breaks[i].Start, s.Breaks[i].End)
			} else {
				row = append(row, nil, nil)
			}
		}
		row = append(row, s.Channel, s.Region, s.Name, s.Contract)
		for i := range activities {
			if i < len(s.Activities) {
				a := s.Activities[i]
				row = append(row, a.Kind, a.Start, a.End)
			} else {
				row = append(row, nil, nil, nil)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// numbered appends n groups of the named columns to cols, the second and
// later suffixed _2, _3, ...
func numbered(cols []string, n int, names ...string) []string {
	for i := range n {
		suffix := ""
		if i > 0 {
			suffix = fmt.Sprintf("_%d", i+1)
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

// Summary lays out a roster's totals per channel and region, then overall.
func Summary(r schedule.Roster) *table.Table {
	t := &table.Table{Name: "Summary", Columns: []string{"channel", "region", "paid_hours", "required_hours", "under_hours",
		"over_hours", "efficiency", "service_level", "cost", "lower_bound", "gap"},
		Decimals: map[string]int{"paid_hours": 2, "required_hours": 2, "under_hours": 2, "over_hours": 2, "efficiency": 4,
			"service_level": 4, "cost": 2, "lower_bound": 2, "gap": 4}}
	for _, s := range r.Summaries {
		var bound, gap any
		if s.LowerBound > 0 {
			bound, gap = s.LowerBound, s.Gap()
		}
		t.Rows = append(t.Rows, []any{cmp.Or(s.Channel, "total"), s.Region, s.PaidHours, s.RequiredHours,
			s.UnderHours, s.OverHours, s.Efficiency(), s.ServiceLevel, s.Cost, bound, gap})
	}
	return t
}
