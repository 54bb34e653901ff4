// Package plan runs the weekly planning cycle - history, forecast,
// staffing requirements, roster, outputs - as one configured pipeline.
package plan

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"
	"go.yaml.in/yaml/v3"
)

// Config is a plan file. Paths are relative to the folder of the file.
type Config struct {
	History  string   `yaml:"history"`
	Interval Duration `yaml:"interval"` // 0: as in the history
	Horizon  Duration `yaml:"horizon"`  // default 7 days
	Model    string   `yaml:"model"`    // default auto
	Holidays string   `yaml:"holidays"`
	Targets  string   `yaml:"targets"`
	// Quantile staffs to a forecast quantile ("p90") instead of the point forecast.
	Quantile string `yaml:"quantile"`
	Shifts   string `yaml:"shifts"`
	Agents   string `yaml:"agents"`
	// Effort scales how long the roster search keeps improving: 1 (the
	// default) or more for the leanest roster, less for a quicker one.
	Effort float64 `yaml:"effort"`
	// Seed drives the roster search's random choices; 0 (the default) is a
	// fixed seed. The same inputs and seed give the same roster.
	Seed uint64 `yaml:"seed"`
	// Costs are the cost per paid hour by contract, for outsourcing scenarios.
	Costs Costs `yaml:"costs"`
	// Scenarios are what-if specs compared with the plan, e.g. "aht=+10%".
	Scenarios []string `yaml:"scenarios"`
	Outputs   Outputs  `yaml:"outputs"`
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
	Plots        string `yaml:"plots"` // folder of PNG charts, inside Dir unless absolute
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
// the line they are on, and fills in defaults.
func ReadConfig(r io.Reader, name string) (Config, error) {
	cfg := Config{
		Horizon: Duration(7 * 24 * time.Hour),
		Model:   "auto",
		Outputs: Outputs{Workbook: "plan.xlsx", Forecast: "forecast.csv", Requirements: "requirements.csv",
			Roster: "roster.csv"},
	}
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return cfg, &table.Error{File: name, Err: errors.New(strings.Join(te.Errors, "; "))}
		}
		return cfg, &table.Error{File: name, Err: err}
	}
	for _, req := range []struct{ key, value string }{
		{"history", cfg.History}, {"targets", cfg.Targets}, {"shifts", cfg.Shifts},
	} {
		if req.value == "" {
			return cfg, &table.Error{File: name, Err: fmt.Errorf("key %s: required, but not set", req.key)}
		}
	}
	if cfg.Effort < 0 {
		return cfg, &table.Error{File: name, Err: fmt.Errorf("key effort: want a number > 0 (or 0 for the default, 1), got %v", cfg.Effort)}
	}
	if cfg.Costs.InHouse < 0 || cfg.Costs.Outsourced < 0 {
		return cfg, &table.Error{File: name, Err: errors.New("key costs: want costs per hour >= 0")}
	}
	for i, spec := range cfg.Scenarios {
		if _, err := ParseScenario(spec); err != nil {
			return cfg, &table.Error{File: name, Err: fmt.Errorf("key scenarios, item %d: %w", i+1, err)}
		}
	}
	switch cfg.Quantile {
	case "", "p10", "p90":
	default:
		return cfg, &table.Error{File: name, Err: fmt.Errorf("key quantile: want p10 or p90, got %q", cfg.Quantile)}
	}
	return cfg, nil
}
