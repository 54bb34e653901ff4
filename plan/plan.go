package plan

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/sim/roster"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Result is everything a plan computed.
type Result struct {
	History   *records.History
	Forecasts []forecast.Forecast
	// Overrides is what each of the planner's overrides changed in the
	// forecast, in the order of the overrides file.
	Overrides []forecast.OverrideEffect
	// Published scores the forecast published before (previous_forecast)
	// against the history; nil without one.
	Published    *forecast.Published
	Requirements []staff.Requirement
	Roster       schedule.Roster
	// Scenarios compares what-if scenarios with the plan; nil without any.
	Scenarios *table.Table
	// Simulation is the roster simulated; nil unless the plan simulates.
	Simulation *roster.Result
	// Simulated is the simulated service of cross-training scenarios and
	// of the plan's channels they cross-train; nil without any.
	Simulated *table.Table
}

// Stage says which step of Run has begun, for progress reports.
type Stage struct {
	Name  string
	Step  int // from 1
	Steps int
}

// inputs are a plan's input tables, read.
type inputs struct {
	history   *records.History
	holidays  []forecast.Holiday
	overrides []forecast.Override
	published *forecast.Published
	targets   []staff.Target
	templates []schedule.Template
	agents    []schedule.Agent
	timeOff   []schedule.TimeOff
	rules     []schedule.ActivityRule
}

// read reads and checks every input of the plan, so that a bad one fails
// the run before any computing.
func read(cfg Config, src Source, base string) (*inputs, error) {
	in := &inputs{}
	var err error
	if in.history, err = src.History(cfg.History, time.Duration(cfg.Interval)); err != nil {
		return nil, err
	}
	if cfg.Holidays.Path != "" {
		if in.holidays, err = src.Holidays(cfg.Holidays); err != nil {
			return nil, err
		}
	}
	if cfg.Overrides.Path != "" {
		if in.overrides, err = src.Overrides(cfg.Overrides); err != nil {
			return nil, err
		}
	}
	if cfg.PreviousForecast.Path != "" {
		p, _, err := ScorePublished(src, cfg.PreviousForecast, cfg.History, in.history)
		if err != nil {
			return nil, err
		}
		in.published = &p
	}
	if in.targets, err = src.Targets(cfg.Targets); err != nil {
		return nil, err
	}
	if in.templates, err = src.Shifts(cfg.Shifts); err != nil {
		return nil, err
	}
	if cfg.Agents.Path != "" {
		if in.agents, err = src.Agents(cfg.Agents, in.templates); err != nil {
			return nil, err
		}
	}
	if cfg.TimeOff.Path != "" {
		if in.timeOff, err = src.TimeOff(cfg.TimeOff, in.agents, in.templates); err != nil {
			return nil, err
		}
	}
	if cfg.Activities.Path != "" {
		if in.rules, err = src.Activities(cfg.Activities); err != nil {
			return nil, err
		}
	}
	if err := checkOutputs(cfg, src, base, in.history); err != nil {
		return nil, err
	}
	targetsFile := src.Name(cfg.Targets.Path)
	if err := CheckTargets(HistorySeries(in.history), in.targets, targetsFile, src.Name(cfg.History.Path)); err != nil {
		return nil, err
	}
	if err := checkPooling(cfg.Scenarios, in.history, in.targets, targetsFile); err != nil {
		return nil, err
	}
	if in.agents != nil {
		return in, nil // named agents are trained as they are, whatever their regions
	}
	return in, checkCrossTrain(cfg.Scenarios, in.history, in.targets, src.Name(cfg.History.Path), targetsFile)
}

// checkCrossTrain checks that the two channels of every cross-training
// scenario rostered from templates have history together in some region
// and are both answered at once, which would otherwise fail only once the
// plan is built.
func checkCrossTrain(scenarios []Scenario, h *records.History, targets []staff.Target, historyFile, targetsFile string) error {
	for _, s := range scenarios {
		if !s.crossTrains() {
			continue
		}
		chs := s.CrossTrain.Channels
		has := map[string][2]bool{} // by region: history of each channel
		for _, ser := range h.Series {
			c := slices.IndexFunc(chs[:], func(ch string) bool { return strings.EqualFold(ch, ser.Channel) })
			if c < 0 {
				continue
			}
			if t, ok := staff.Targets(targets).For(ser.Channel, ser.Region); ok && t.Kind == staff.Deferred {
				return &table.Error{File: targetsFile, Column: "kind", Err: fmt.Errorf(
					"scenario %q cross-trains channel %q, which is deferred work: cross-training shares agents between queues answered at once",
					s.Name, ser.Channel)}
			}
			v := has[ser.Region]
			v[c] = true
			has[ser.Region] = v
		}
		if !slices.Contains(slices.Collect(maps.Values(has)), [2]bool{true, true}) {
			return &table.Error{File: historyFile, Column: "channel", Err: fmt.Errorf(
				"scenario %q cross-trains %s and %s, but no region has history of both", s.Name, chs[0], chs[1])}
		}
	}
	return nil
}

// checkPooling checks that every channel a scenario pools the regions of
// has a target for the whole channel, which the pooled queue is staffed to.
func checkPooling(scenarios []Scenario, h *records.History, targets []staff.Target, targetsFile string) error {
	i := slices.IndexFunc(scenarios, func(s Scenario) bool { return s.PoolRegions })
	if i < 0 {
		return nil
	}
	regions := map[string]int{}
	for _, s := range h.Series {
		regions[s.Channel]++
	}
	for _, s := range h.Series {
		if _, ok := staff.Targets(targets).For(s.Channel, ""); regions[s.Channel] > 1 && !ok {
			return &table.Error{File: targetsFile, Column: "region", Err: fmt.Errorf(
				"scenario %q pools channel %q's regions, which needs a target for the whole channel (a row with an empty region)",
				scenarios[i].Name, s.Channel)}
		}
	}
	return nil
}

// checkOutputs refuses a plan whose outputs would overwrite one of its
// inputs.
func checkOutputs(cfg Config, src Source, base string, h *records.History) error {
	// The names' {week} and {date} are those of the forecast's start,
	// which continues the first series.
	var named Result
	if len(h.Series) > 0 {
		s := h.Series[0]
		named.Forecasts = []forecast.Forecast{{Start: s.Time(len(s.Contacts))}}
	}
	out := cfg.Outputs
	for _, o := range []struct{ key, name string }{
		{"forecast", out.Forecast}, {"requirements", out.Requirements}, {"roster", out.Roster},
		{"coverage", out.Coverage}, {"workbook", out.Workbook}, {"simulation", cfg.simulation()},
	} {
		if o.name == "" {
			continue
		}
		p := filepath.Join(cfg.OutputDir(base), named.expand(o.name))
		for _, in := range cfg.inputs() {
			if in.input.Path == "" {
				continue
			}
			if path, ok := src.osPath(in.input.Path); ok && SameFile(p, path) {
				return &table.Error{File: cfg.File, Err: fmt.Errorf("key outputs.%s: %s would overwrite the %s input %s; write it elsewhere",
					o.key, p, in.key, src.Name(in.input.Path))}
			}
		}
	}
	return nil
}

// Run validates the plan and reads and checks all of its inputs, then runs
// forecast -> staff -> roster (-> scenarios), calling report (when not nil)
// as each step begins. base is the folder the outputs are relative to, as
// for Write; an output that would overwrite an input is refused before
// any computing. Run stops between steps once ctx is done.
func Run(ctx context.Context, cfg Config, src Source, base string, report func(Stage)) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	steps := 4
	if cfg.Simulate {
		steps++
	}
	if len(cfg.Scenarios) > 0 {
		steps++
	}
	begun := 0
	stage := func(name string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		begun++
		if report != nil {
			report(Stage{Name: name, Step: begun, Steps: steps})
		}
		return nil
	}
	if err := stage("reading the inputs"); err != nil {
		return nil, err
	}
	in, err := read(cfg, src, base)
	if err != nil {
		return nil, err
	}
	res := &Result{History: in.history, Published: in.published}

	if err := stage(fmt.Sprintf("forecasting %d series", len(res.History.Series))); err != nil {
		return nil, err
	}
	start, err := cfg.startAfter(HistoryEnd(res.History))
	if err != nil {
		return nil, err
	}
	res.Forecasts, err = Forecast(ctx, res.History, ForecastOptions{Horizon: time.Duration(cfg.Horizon),
		Model: cfg.Model, Start: start, Holidays: in.holidays})
	if oe := (*forecast.OptionError)(nil); errors.As(err, &oe) {
		return nil, &table.Error{File: cfg.File, Err: fmt.Errorf("key %w", err)}
	}
	if err != nil {
		return nil, err
	}
	res.Overrides = forecast.ApplyOverrides(res.Forecasts, in.overrides)
	if err := stage("computing staffing requirements"); err != nil {
		return nil, err
	}
	demands := Demands(res.Forecasts, cfg.Quantile)
	if res.Requirements, err = Staff(ctx, demands, in.targets, src.Name(cfg.Targets.Path), src.Name(cfg.History.Path)); err != nil {
		return nil, err
	}
	if err := stage("building the roster"); err != nil {
		return nil, err
	}
	opt := schedule.Options{Effort: cfg.Effort, Seed: cfg.Seed, TimeOff: in.timeOff, Activities: in.rules}
	if res.Roster, err = Roster(ctx, res.Requirements, in.targets, in.templates, in.agents, opt); err != nil {
		return nil, err
	}
	if cfg.Simulate {
		if err := stage(fmt.Sprintf("simulating the roster, %d runs", Replications)); err != nil {
			return nil, err
		}
		// What will arrive is the point forecast, whatever quantile the
		// roster was staffed to.
		if res.Simulation, err = Simulate(ctx, res.Roster.Shifts, Demands(res.Forecasts, Point), in.targets,
			roster.Options{Replications: Replications, Seed: cfg.Seed, Agents: in.agents},
			src.Name(cfg.Targets.Path), src.Name(cfg.History.Path)); err != nil {
			return nil, err
		}
	}
	if len(cfg.Scenarios) == 0 {
		return res, nil
	}
	if err := stage(fmt.Sprintf("comparing %d scenario(s)", len(cfg.Scenarios))); err != nil {
		return nil, err
	}
	cs, err := Compare(ctx, Baseline{Demands: demands, Targets: in.targets, Templates: in.templates, Agents: in.agents,
		Costs: cfg.Costs, File: cfg.File, Options: opt, Requirements: res.Requirements, Roster: res.Roster}, cfg.Scenarios)
	if err != nil {
		return nil, err
	}
	res.Scenarios = ComparisonTable(cs)
	res.Simulated = SimulatedTable(cs)
	return res, nil
}

// Summary is the plan at a glance, per channel and region and in total
// (see records.Summary), with the simulated service level and occupancy
// when the plan simulates: what `wfm plan` prints and the workbook's
// Summary sheet shows.
func (r *Result) Summary() *table.Table {
	t := records.Summary(r.Roster, r.Requirements)
	if r.Simulation != nil {
		records.AddSimulated(t, r.Simulation)
	}
	return t
}
