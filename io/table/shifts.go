package table

import (
	"fmt"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/schedule"
	"go.yaml.in/yaml/v3"
)

type template = schedule.Template

var templateFields = []field[template]{
	{"name", true, text(func(t *template) *string { return &t.Name })},
	{"length", true, duration(time.Hour, func(t *template) *time.Duration { return &t.Length })},
	{"earliest_start", true, clock(func(t *template) *time.Duration { return &t.EarliestStart })},
	{"latest_start", false, clock(func(t *template) *time.Duration { return &t.LatestStart })},
	{"start_step", false, duration(time.Minute, func(t *template) *time.Duration { return &t.StartStep })},
	{"days_per_week", true, integer(func(t *template) *int { return &t.DaysPerWeek })},
	{"days_off", false, func(t *template, s string) error {
		switch d := schedule.DaysOff(strings.ToLower(s)); d {
		case schedule.Consecutive, schedule.AnyDaysOff:
			t.DaysOff = d
			return nil
		}
		return fmt.Errorf("want consecutive or any, got %q", s)
	}},
	{"same_start", false, boolean(func(t *template) *bool { return &t.SameStart })},
	{"breaks", false, func(t *template, s string) (err error) { t.Breaks, err = ParseBreaks(s); return err }},
	{"cost_per_hour", false, number(func(t *template) *float64 { return &t.CostPerHour })},
	{"max_tours", false, integer(func(t *template) *int { return &t.MaxTours })},
}

// ReadShifts reads shift templates. A template without latest_start starts
// only at earliest_start; without days_off its days off are "any".
func ReadShifts(g *Grid) ([]schedule.Template, error) {
	ts, err := readRecords(g, templateFields, false)
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
		if b.Length, err = ParseDuration(words[0], time.Minute); err != nil {
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
		if b.EarliestAfter, err = ParseDuration(from, time.Hour); err != nil {
			return nil, err
		}
		if b.LatestAfter, err = ParseDuration(to, time.Hour); err != nil {
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
		if b.Length, err = ParseDuration(r.Length, time.Minute); err != nil {
			return nil, err
		}
		if b.EarliestAfter, err = ParseDuration(r.EarliestAfter, time.Hour); err != nil {
			return nil, err
		}
		if b.LatestAfter, err = ParseDuration(r.LatestAfter, time.Hour); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}
