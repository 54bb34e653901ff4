package records

import (
	"fmt"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"

	"github.com/wfm-dev/wfm/schedule"
)

type agent = schedule.Agent

// agentFields are the agents file's columns, the four ReadSkills reads
// first.
var agentFields = []table.Field[agent]{
	{Name: "agent_id", Required: true, Set: text(func(a *agent) *string { return &a.ID })},
	{Name: "name", Required: false, Set: text(func(a *agent) *string { return &a.Name })},
	{Name: "region", Required: false, Set: text(func(a *agent) *string { return &a.Region })},
	{Name: "channels", Required: false, Set: list(func(a *agent) *[]string { return &a.Channels })},
	{Name: "shift", Required: false, Set: list(func(a *agent) *[]string { return &a.Templates })},
	{Name: "min_hours", Required: false, Set: number(func(a *agent) *float64 { return &a.MinHours })},
	{Name: "max_hours", Required: false, Set: number(func(a *agent) *float64 { return &a.MaxHours })},
	{Name: "available_days", Required: false, Set: func(a *agent, s string) (err error) { a.Days, err = ParseDays(s); return err }},
	{Name: "earliest_start", Required: false, Set: clock(func(a *agent) *time.Duration { return &a.EarliestStart })},
	{Name: "latest_end", Required: false, Set: clock(func(a *agent) *time.Duration { return &a.LatestEnd })},
	{Name: "cost_per_hour", Required: false, Set: number(func(a *agent) *float64 { return &a.CostPerHour })},
	{Name: "contract", Required: false, Set: text(func(a *agent) *string { return &a.Contract })},
}

// ReadAgents reads named agents and checks each against the templates.
// Agents without available_days may work any day; other columns (an HR
// export's own) are ignored.
func ReadAgents(g *table.Grid, templates []schedule.Template) ([]schedule.Agent, error) {
	as, err := table.ReadRecords(g, agentFields, true)
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	daysCol := g.Column("available_days")
	for i := range as {
		a := &as[i]
		if a.Region == "" {
			a.Region = DefaultSeries
		}
		if g.Cell(i, daysCol) == "" {
			a.Days = [7]bool{true, true, true, true, true, true, true}
		}
		if j, dup := ids[a.ID]; dup {
			return nil, g.Errorf(i, g.Column("agent_id"), "a second agent %q (first on row %d)", a.ID, g.Lines[j])
		}
		ids[a.ID] = i
		if err := locate(g, i, a.Validate(templates)); err != nil {
			return nil, err
		}
	}
	return as, nil
}

// ParseDays reads the days an agent may work: ranges and lists of English
// day names or their three-letter abbreviations, "Mon-Fri", "Mon;Wed;Sat",
// "Saturday-Monday" (wrapping), in any case.
func ParseDays(s string) ([7]bool, error) {
	var days [7]bool
	day := func(w string) (time.Weekday, error) {
		w = strings.TrimSpace(w)
		for d := time.Sunday; d <= time.Saturday; d++ {
			if name := d.String(); strings.EqualFold(w, name) || strings.EqualFold(w, name[:3]) {
				return d, nil
			}
		}
		return 0, fmt.Errorf("want days like Mon-Fri or Mon;Wed;Sat, got %q", s)
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		from, to, isRange := strings.Cut(part, "-")
		a, err := day(from)
		if err != nil {
			return days, err
		}
		b := a
		if isRange {
			if b, err = day(to); err != nil {
				return days, err
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			days[d] = true
			if d == b {
				break
			}
		}
	}
	return days, nil
}
