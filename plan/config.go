package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/calendar"
	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"go.yaml.in/yaml/v3"
)

// Config is a plan file. Input paths are relative to the folder of the
// file, or absolute.
type Config struct {
	// File is the plan file's name as messages show it.
	File string `yaml:"-"`
	// Version is wfm's version, which the workbook's Summary names: set by
	// the caller, not the plan file.
	Version  string   `yaml:"-"`
	History  Input    `yaml:"history"`
	Interval Duration `yaml:"interval"` // 0: as in the history
	Horizon  Duration `yaml:"horizon"`  // default 7 days, at most MaxHorizon
	// WeekStart is the weekday planning weeks begin on: "monday" (the
	// default) or any weekday's English name.
	WeekStart string `yaml:"week_start"`
	// Start is the first day planned: "next-week" (the default), the first
	// WeekStart day at or after the end of the history, at midnight; or a
	// date such as 2026-03-02, which must fall on WeekStart.
	Start    string `yaml:"start"`
	Model    string `yaml:"model"` // default auto
	Holidays Input  `yaml:"holidays"`
	// Overrides are the planner's changes to the forecast (start, end,
	// channel, region, factor|add|set, note), applied after the model.
	Overrides Input `yaml:"overrides"`
	// PreviousForecast is a forecast published before (the columns of wfm
	// forecast), scored against the history on the workbook's Accuracy
	// sheet as wfm accuracy does.
	PreviousForecast Input `yaml:"previous_forecast"`
	Targets          Input `yaml:"targets"`
	// Quantile staffs to a forecast quantile ("p90") instead of the point forecast.
	Quantile Quantile `yaml:"quantile"`
	Shifts   Input    `yaml:"shifts"`
	Agents   Input    `yaml:"agents"`
	// TimeOff is the agents' leave and fixed activities (agent_id, start,
	// end, kind); Activities the flexible ones placed in every tour (kind,
	// length, from, to, agents).
	TimeOff    Input `yaml:"timeoff"`
	Activities Input `yaml:"activities"`
	// Effort scales how long the roster search keeps improving: 1 (the
	// default) or more for the leanest roster, less for a quicker one; at
	// most schedule.MaxEffort.
	Effort float64 `yaml:"effort"`
	// Seed drives the roster search's random choices; 0 (the default) is a
	// fixed seed. The same inputs and seed give the same roster.
	Seed uint64 `yaml:"seed"`
	// Simulate runs the roster through the discrete-event simulation
	// (roster.Simulate, Replications runs of the point forecast, seeded by
	// Seed): the Summary gains the simulated service level and occupancy,
	// and Outputs.Simulation the figures per interval.
	Simulate bool `yaml:"simulate"`
	// Costs are the cost per paid hour by contract, for outsourcing scenarios.
	Costs Costs `yaml:"costs"`
	// Scenarios are what-if changes compared with the plan, written as
	// ParseScenario reads them, e.g. "aht=+10%".
	Scenarios []Scenario `yaml:"scenarios"`
	// TimeZone is the centre's IANA time zone (Asia/Shanghai), whose
	// wall-clock times the history and roster hold; "" is UTC. The
	// calendars need it to put shifts at the right instants.
	TimeZone string `yaml:"time_zone"`
	// Currency is the code or symbol of the costs (CNY, ¥), which the
	// workbook writes beside them; "" for none.
	Currency string  `yaml:"currency"`
	Outputs  Outputs `yaml:"outputs"`
}

// Costs are the cost of a paid hour by contract type. An in-house rate
// replaces the templates' rates in scenario comparisons; the outsourced rate
// prices the share of hours an outsourcing scenario moves.
type Costs struct {
	InHouse    float64 `yaml:"in-house"`
	Outsourced float64 `yaml:"outsourced"`
}

// Outputs name the files a plan writes, inside Dir. Names may hold {week}
// (the ISO week the forecast starts in, 2026-W48) and {date} (its first
// day, 2026-11-23); an empty name writes no such file.
type Outputs struct {
	Dir string `yaml:"dir"`
	// Workbook holds every table of the plan as sheets: Summary, Forecast,
	// Requirements, Roster, Shifts, Coverage, Accuracy, Scenarios.
	Workbook string `yaml:"workbook"`
	// Update writes the plan's sheets into an existing workbook, keeping
	// the planner's other sheets.
	Update       bool   `yaml:"update"`
	Forecast     string `yaml:"forecast"`
	Requirements string `yaml:"requirements"`
	Roster       string `yaml:"roster"`
	Coverage     string `yaml:"coverage"`
	// Simulation holds the simulated figures per interval, written when
	// Simulate is set.
	Simulation string `yaml:"simulation"`
	Plots      string `yaml:"plots"` // folder of PNG charts, inside Dir unless absolute
	// Calendars is a folder of iCalendar files, one per agent
	// (AGENT_ID.ics), inside Dir unless absolute.
	Calendars string `yaml:"calendars"`
	// Encoding and BOM say how the CSV files are encoded (table.CSVFormat):
	// gbk for Chinese Excel, or UTF-8 with a byte-order mark.
	Encoding string `yaml:"encoding"`
	BOM      bool   `yaml:"bom"`
}

// CSV returns the format of the CSV files.
func (o Outputs) CSV() table.CSVFormat {
	return table.CSVFormat{Encoding: o.Encoding, BOM: o.BOM}
}

// Duration is a YAML duration: Go style ("30m") or days and weeks ("7d", "2w").
type Duration time.Duration

func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := table.ParseDuration(n.Value, time.Hour)
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: want a duration like 30m, 7d or 2w, got %q", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// ReadConfig reads a plan file, rejecting unknown keys and wrong types with
// the line and key they are on, fills in defaults and validates it. Errors
// are *table.Error naming the file.
func ReadConfig(r io.Reader, name string) (Config, error) {
	cfg := Config{
		File:      name,
		Horizon:   Duration(7 * 24 * time.Hour),
		Model:     "auto",
		WeekStart: "monday",
		Start:     NextWeek,
		Outputs: Outputs{Workbook: "plan.xlsx", Forecast: "forecast.csv", Requirements: "requirements.csv",
			Roster: "roster.csv", Simulation: "simulation.csv"},
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return cfg, &table.Error{File: name, Err: err}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return cfg, &table.Error{File: name, Err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		msgs := []string{err.Error()}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs = te.Errors
		}
		keys := keyLines(&root)
		for i, m := range msgs {
			msgs[i] = withKey(m, keys)
		}
		return cfg, &table.Error{File: name, Err: errors.New(strings.Join(msgs, "; "))}
	}
	if err := checkSeed(&root); err != nil {
		return cfg, &table.Error{File: name, Err: err}
	}
	return cfg, cfg.Validate()
}

// Validate checks the configuration before any input is read: required
// inputs, the forecast's horizon and model, the time zone, the roster
// search's effort, costs, and that outsourcing scenarios have an outsourced cost. Errors are
// *table.Error naming File.
func (c Config) Validate() error {
	bad := func(format string, args ...any) error {
		return &table.Error{File: c.File, Err: fmt.Errorf(format, args...)}
	}
	for _, req := range []struct {
		key   string
		value Input
	}{
		{"history", c.History}, {"targets", c.Targets}, {"shifts", c.Shifts},
	} {
		if req.value.Path == "" {
			return bad("key %s: required, but not set", req.key)
		}
	}
	if err := (ForecastOptions{Horizon: time.Duration(c.Horizon), Model: c.Model}).Validate(); err != nil {
		return bad("key %v", err)
	}
	if _, _, err := c.firstDay(); err != nil {
		return bad("%v", err)
	}
	if _, err := calendar.LoadZone(c.TimeZone); err != nil {
		return bad("key time_zone: %v", err)
	}
	if err := sheet.CheckCurrency(c.Currency); err != nil {
		return bad("key currency: %v", err)
	}
	if err := c.Outputs.CSV().Check(); err != nil {
		return bad("key outputs.encoding: %v", err)
	}
	if !(c.Effort >= 0 && c.Effort <= schedule.MaxEffort) {
		return bad("key effort: want a number > 0 and at most %d (or 0 for the default, 1), got %v", schedule.MaxEffort, c.Effort)
	}
	if !(c.Costs.InHouse >= 0 && c.Costs.Outsourced >= 0) || math.IsInf(c.Costs.InHouse+c.Costs.Outsourced, 0) {
		return bad("key costs: want costs per hour >= 0")
	}
	for _, s := range c.Scenarios {
		if err := s.Validate(); err != nil {
			return bad("key scenarios: %q: %v", s.Name, err)
		}
		if s.OutsourceShare > 0 && !(c.Costs.Outsourced > 0) {
			return bad("key scenarios: %q outsources, which needs the cost of an outsourced hour (costs: outsourced)", s.Name)
		}
	}
	return nil
}

// NextWeek is the default Start: the first week after the history.
const NextWeek = "next-week"

// firstDay returns the week's first weekday and, unless Start is NextWeek
// (or empty), the date Start names (midnight, UTC: wall-clock time as the
// history's), checking both keys.
func (c Config) firstDay() (time.Weekday, time.Time, error) {
	week := time.Monday
	if c.WeekStart != "" {
		var ok bool
		if week, ok = parseWeekday(c.WeekStart); !ok {
			return 0, time.Time{}, fmt.Errorf("key week_start: want a weekday such as monday, got %q", c.WeekStart)
		}
	}
	if c.Start == "" || c.Start == NextWeek {
		return week, time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, c.Start)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("key start: want %s or a date such as 2026-03-02, got %q", NextWeek, c.Start)
	}
	if d.Weekday() != week {
		return 0, time.Time{}, fmt.Errorf("key start: %s is a %s, but weeks start on %s (key week_start)", c.Start, d.Weekday(), week)
	}
	return week, d, nil
}

// parseWeekday reads a weekday's English name, in any case.
func parseWeekday(name string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(name, d.String()) {
			return d, true
		}
	}
	return 0, false
}

// checkSeed rejects a seed that is not a whole number in uint64's range,
// which the decoder would read as a float and round.
func checkSeed(root *yaml.Node) error {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := root.Content[0].Content
	for i := 0; i+1 < len(m); i += 2 {
		if v := m[i+1]; m[i].Value == "seed" && v.Kind == yaml.ScalarNode && v.ShortTag() != "!!null" {
			if _, err := strconv.ParseUint(v.Value, 0, 64); err != nil {
				return fmt.Errorf("line %d: key seed: want a whole number from 0 to %d, got %q", v.Line, uint64(math.MaxUint64), v.Value)
			}
		}
	}
	return nil
}

// keyLines maps each line holding one scalar value to the dotted path of
// its key (outputs.dir), so that errors about a value can name the key.
// Lines holding several values, as flow mappings do, name none.
func keyLines(root *yaml.Node) map[int]string {
	keys := map[int]string{}
	values := map[int]int{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if path != "" {
					k = path + "." + k
				}
				walk(n.Content[i+1], k)
			}
		case yaml.ScalarNode:
			values[n.Line]++
			keys[n.Line] = path
		}
	}
	walk(root, "")
	for line, n := range values {
		if n > 1 || keys[line] == "" {
			delete(keys, line)
		}
	}
	return keys
}

// withKey inserts the key into a decoding error "line N: msg" about a
// value, unless the message names it already.
func withKey(msg string, keys map[int]string) string {
	rest, ok := strings.CutPrefix(msg, "yaml: ")
	if ok {
		msg = rest
	}
	lineText, what, ok := strings.Cut(strings.TrimPrefix(msg, "line "), ": ")
	line, err := strconv.Atoi(lineText)
	if !ok || err != nil || !strings.HasPrefix(msg, "line ") || strings.HasPrefix(what, "key ") || strings.HasPrefix(what, "field ") {
		return msg
	}
	if key, ok := keys[line]; ok {
		return fmt.Sprintf("line %d: key %s: %s", line, key, what)
	}
	return msg
}

// startAfter returns the first day to plan for a history ending at end
// (the start of the interval after its last): Start's date, or for
// NextWeek the first WeekStart midnight at or after end. A date before
// end is an error naming the key.
func (c Config) startAfter(end time.Time) (time.Time, error) {
	week, day, err := c.firstDay()
	if err != nil {
		return time.Time{}, &table.Error{File: c.File, Err: err}
	}
	if day.IsZero() {
		day = time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, end.Location())
		if day.Before(end) {
			day = day.AddDate(0, 0, 1)
		}
		for day.Weekday() != week {
			day = day.AddDate(0, 0, 1)
		}
		return day, nil
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, end.Location())
	if day.Before(end) {
		return time.Time{}, &table.Error{File: c.File, Err: fmt.Errorf("key start: %s is before the end of the history, %s",
			c.Start, end.Format("2006-01-02T15:04"))}
	}
	return day, nil
}
