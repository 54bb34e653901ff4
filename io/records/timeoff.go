package records

import (
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
)

type timeOff = schedule.TimeOff

var timeOffFields = []table.Field[timeOff]{
	{Name: "agent_id", Required: true, Set: text(func(o *timeOff) *string { return &o.AgentID })},
	{Name: "start", Required: true}, // read by ReadTimeOff: a date or a date-time
	{Name: "end", Required: true},
	{Name: "kind", Required: false, Set: func(o *timeOff, s string) error { o.Kind = strings.ToLower(s); return nil }},
}

// ReadTimeOff reads leave and fixed activities: agent_id, start, end and
// kind (leave, the default, or an activity such as training). A start or
// end written as a date is a whole day, both ends included; a date-time is
// that moment. Each agent_id must name one of agents or, without agents, a
// tour of a template (FT8-007).
func ReadTimeOff(g *table.Grid, agents []schedule.Agent, templates []schedule.Template) ([]schedule.TimeOff, error) {
	offs, err := table.ReadRecords(g, timeOffFields, true)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, a := range agents {
		known[a.ID] = true
	}
	idCol, startCol, endCol := g.Column("agent_id"), g.Column("start"), g.Column("end")
	for i := range offs {
		o := &offs[i]
		switch {
		case agents != nil && !known[o.AgentID]:
			return nil, g.Errorf(i, idCol, "want an agent_id of the agents file, got %q", o.AgentID)
		case agents == nil && !schedule.NamesTour(o.AgentID, templates):
			return nil, g.Errorf(i, idCol, "want a tour's id such as %s-001 (or an agents file to name people), got %q", firstName(templates), o.AgentID)
		}
		if o.Kind == "" {
			o.Kind = schedule.Leave
		}
		var wholeStart, wholeEnd bool
		if o.Start, o.End, wholeStart, wholeEnd, err = readSpan(g, i, startCol, endCol); err != nil {
			return nil, err
		}
		if wholeStart != wholeEnd && o.Kind != schedule.Leave {
			return nil, g.Errorf(i, endCol, "want start and end both dates (whole days) or both date-times, got %q and %q", g.Cell(i, startCol), g.Cell(i, endCol))
		}
		if err := locate(g, i, o.Validate()); err != nil {
			return nil, err
		}
	}
	return offs, nil
}

// readSpan reads row r's start and end, each a date or a date-time, and
// whether each was a date. An end date is included: the span ends at the
// next midnight. An end not after the start is an error.
func readSpan(g *table.Grid, r, startCol, endCol int) (start, end time.Time, wholeStart, wholeEnd bool, err error) {
	if start, wholeStart, err = dateOrTime(g, r, startCol); err != nil {
		return
	}
	if end, wholeEnd, err = dateOrTime(g, r, endCol); err != nil {
		return
	}
	if wholeEnd {
		end = end.AddDate(0, 0, 1)
	}
	if !end.After(start) {
		err = g.Errorf(r, endCol, "want an end after the start %s, got %q", g.Cell(r, startCol), g.Cell(r, endCol))
	}
	return
}

// dateOrTime reads cell (r, c) as a moment, and reports whether it was
// written as a date alone (a whole day).
func dateOrTime(g *table.Grid, r, c int) (time.Time, bool, error) {
	t, err := g.Time(r, c)
	if err != nil {
		return t, false, g.Errorf(r, c, "want a date like 2026-03-02 or a date-time like 2026-03-02T09:00, got %q", g.Cell(r, c))
	}
	s := g.Cell(r, c)
	return t, t.Truncate(24*time.Hour).Equal(t) && !strings.Contains(s, ":"), nil
}

func firstName(templates []schedule.Template) string {
	if len(templates) == 0 {
		return "FT8"
	}
	return templates[0].Name
}

type activityRule = schedule.ActivityRule

var activityFields = []table.Field[activityRule]{
	{Name: "kind", Required: true, Set: func(r *activityRule, s string) error { r.Kind = strings.ToLower(s); return nil }},
	{Name: "length", Required: true, Set: duration(time.Hour, func(r *activityRule) *time.Duration { return &r.Length })},
	{Name: "from", Required: false, Set: clock(func(r *activityRule) *time.Duration { return &r.From })},
	{Name: "to", Required: false, Set: clock(func(r *activityRule) *time.Duration { return &r.To })},
	{Name: "agents", Required: false, Set: list(func(r *activityRule) *[]string { return &r.Agents })},
}

// ReadActivities reads flexible activities: kind, length, and the hours
// from and to (default the whole day) within which each agent (or each of
// the agents and templates listed in agents) gets one a week.
func ReadActivities(g *table.Grid) ([]schedule.ActivityRule, error) {
	rules, err := table.ReadRecords(g, activityFields, false)
	if err != nil {
		return nil, err
	}
	for i := range rules {
		r := &rules[i]
		if c := g.Column("to"); c < 0 || g.Cell(i, c) == "" {
			r.To = 24 * time.Hour
		}
		if err := locate(g, i, r.Validate()); err != nil {
			return nil, err
		}
	}
	return rules, nil
}
