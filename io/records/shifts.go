package records

import (
	"fmt"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"

	"github.com/wfm-dev/wfm/schedule"
	"go.yaml.in/yaml/v3"
)

type template = schedule.Template

var templateFields = []table.Field[template]{
	{Name: "name", Required: true, Set: text(func(t *template) *string { return &t.Name })},
	{Name: "length", Required: true, Set: duration(time.Hour, func(t *template) *time.Duration { return &t.Length })},
	{Name: "earliest_start", Required: true, Set: clock(func(t *template) *time.Duration { return &t.EarliestStart })},
	{Name: "latest_start", Required: false, Set: clock(func(t *template) *time.Duration { return &t.LatestStart })},
	{Name: "start_step", Required: false, Set: duration(time.Minute, func(t *template) *time.Duration { return &t.StartStep })},
	{Name: "days_per_week", Required: true, Set: integer(func(t *template) *int { return &t.DaysPerWeek })},
	{Name: "days_off", Required: false, Set: func(t *template, s string) error {
		switch d := schedule.DaysOff(strings.ToLower(s)); d {
		case schedule.Consecutive, schedule.AnyDaysOff:
			t.DaysOff = d
			return nil
		}
		return fmt.Errorf("want consecutive or any, got %q", s)
	}},
	{Name: "same_start", Required: false, Set: boolean(func(t *template) *bool { return &t.SameStart })},
	{Name: "breaks", Required: false, Set: func(t *template, s string) (err error) { t.Breaks, err = ParseBreaks(s); return err }},
	{Name: "cost_per_hour", Required: false, Set: number(func(t *template) *float64 { return &t.CostPerHour })},
	{Name: "max_tours", Required: false, Set: integer(func(t *template) *int { return &t.MaxTours })},
	// a YAML list of days arrives as flow text, "[Mon, Wed]"
	{Name: "days", Required: false, Set: func(t *template, s string) (err error) {
		t.Days, err = ParseDays(strings.Trim(s, "[] "))
		return err
	}},
	{Name: "min_rest", Required: false, Set: duration(time.Hour, func(t *template) *time.Duration { return &t.MinRest })},
	{Name: "min_break_gap", Required: false, Set: duration(time.Hour, func(t *template) *time.Duration { return &t.MinBreakGap })},
	{Name: "max_overtime", Required: false, Set: func(t *template, s string) (err error) {
		if t.MaxOvertime, err = table.ParseDuration(s, time.Hour); err == nil && t.MaxOvertime < 0 {
			err = fmt.Errorf("must not be negative, got %q", s)
		}
		return err
	}},
}

// ReadShifts reads shift templates. A template without latest_start starts
// only at earliest_start; without days_off its days off are "any"; without
// days it may work every day.
func ReadShifts(g *table.Grid) ([]schedule.Template, error) {
	ts, err := table.ReadRecords(g, templateFields, false)
	if err != nil {
		return nil, err
	}
	names := map[string]int{}
	for i := range ts {
		t := &ts[i]
		if g.Column("latest_start") < 0 || g.Cell(i, g.Column("latest_start")) == "" {
			t.LatestStart = t.EarliestStart
		}
		if t.DaysOff == "" {
			t.DaysOff = schedule.AnyDaysOff
		}
		if j, dup := names[t.Name]; dup {
			return nil, g.Errorf(i, g.Column("name"), "a second template named %q (first on row %d)", t.Name, g.Lines[j])
		}
		names[t.Name] = i
		if err := locate(g, i, t.Validate()); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// ParseBreaks reads a shift's breaks, written either compactly, one break
// per ";"-separated part as "LENGTH paid|unpaid EARLIEST-LATEST" measured
// from the shift start ("30m paid 2h-3h; 1h unpaid 3h30m-5h"), or as a YAML
// list of {length, paid, earliest_after, latest_after}.
func ParseBreaks(s string) ([]schedule.Break, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") {
		return parseYAMLBreaks(s)
	}
	var out []schedule.Break
	for _, part := range strings.Split(s, ";") {
		words := strings.Fields(part)
		if len(words) == 0 {
			continue
		}
		if len(words) != 3 {
			return nil, fmt.Errorf("want breaks like \"30m paid 2h-3h; 1h unpaid 3h30m-5h\", got %q", part)
		}
		var b schedule.Break
		var err error
		if b.Length, err = table.ParseDuration(words[0], time.Minute); err != nil {
			return nil, err
		}
		switch words[1] {
		case "paid":
			b.Paid = true
		case "unpaid":
		default:
			return nil, fmt.Errorf("want paid or unpaid, got %q", words[1])
		}
		from, to, ok := strings.Cut(words[2], "-")
		if !ok {
			to = from
		}
		if b.EarliestAfter, err = table.ParseDuration(from, time.Hour); err != nil {
			return nil, err
		}
		if b.LatestAfter, err = table.ParseDuration(to, time.Hour); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func parseYAMLBreaks(s string) ([]schedule.Break, error) {
	var raw []struct {
		Length        string `yaml:"length"`
		Paid          bool   `yaml:"paid"`
		EarliestAfter string `yaml:"earliest_after"`
		LatestAfter   string `yaml:"latest_after"`
	}
	dec := yaml.NewDecoder(strings.NewReader(s))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("want a list of {length, paid, earliest_after, latest_after}: %v", err)
	}
	var out []schedule.Break
	for _, r := range raw {
		b := schedule.Break{Paid: r.Paid}
		var err error
		if b.Length, err = table.ParseDuration(r.Length, time.Minute); err != nil {
			return nil, err
		}
		if b.EarliestAfter, err = table.ParseDuration(r.EarliestAfter, time.Hour); err != nil {
			return nil, err
		}
		if b.LatestAfter, err = table.ParseDuration(r.LatestAfter, time.Hour); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}
