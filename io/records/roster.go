package records

import (
	"cmp"
	"fmt"

	"github.com/wfm-dev/wfm/io/table"

	"github.com/wfm-dev/wfm/schedule"
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
		row = append(row[:0], s.AgentID, s.Start.Format(table.DateLayout), s.Template, s.Start, s.End)
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
