package plan

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/chart"
	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
	"github.com/xuri/excelize/v2"
)

// Inputs is where a plan's files are read from: Files holds them under the
// config's relative paths, and Dir is how messages name that folder.
type Inputs struct {
	Files fs.FS
	Dir   string
}

func (in Inputs) read(name string) (*table.Grid, error) {
	display := filepath.Join(in.Dir, name)
	f, err := in.Files.Open(path.Clean(filepath.ToSlash(name)))
	if err != nil {
		return nil, &table.Error{File: display, Err: err}
	}
	defer f.Close()
	return table.Read(f, display, table.ReadOptions{})
}

// Result is everything a plan computed.
type Result struct {
	History      *table.History
	Forecasts    []forecast.Forecast
	Requirements []staff.Requirement
	Roster       schedule.Roster
	// Scenarios compares what-if scenarios with the plan; nil without any.
	Scenarios *table.Table
}

// Stage says which step of Run has begun, for progress reports.
type Stage struct {
	Name  string
	Step  int // from 1
	Steps int
}

// Run reads the plan's inputs and runs history -> forecast -> staff ->
// schedule, calling report (when not nil) as each step begins.
func Run(cfg Config, in Inputs, report func(Stage)) (*Result, error) {
	steps := 4
	if len(cfg.Scenarios) > 0 {
		steps++
	}
	begun := 0
	stage := func(name string) {
		begun++
		if report != nil {
			report(Stage{Name: name, Step: begun, Steps: steps})
		}
	}
	stage("reading the inputs")
	g, err := in.read(cfg.History)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	if res.History, err = table.ReadHistory(g, table.HistoryOptions{Interval: time.Duration(cfg.Interval)}); err != nil {
		return nil, err
	}
	var holidays []forecast.Holiday
	if cfg.Holidays != "" {
		if g, err = in.read(cfg.Holidays); err != nil {
			return nil, err
		}
		if holidays, err = table.ReadHolidays(g); err != nil {
			return nil, err
		}
	}
	if g, err = in.read(cfg.Targets); err != nil {
		return nil, err
	}
	targets, err := table.ReadTargets(g)
	if err != nil {
		return nil, err
	}
	if g, err = in.read(cfg.Shifts); err != nil {
		return nil, err
	}
	templates, err := table.ReadShifts(g)
	if err != nil {
		return nil, err
	}
	var agents []schedule.Agent
	if cfg.Agents != "" {
		if g, err = in.read(cfg.Agents); err != nil {
			return nil, err
		}
		if agents, err = table.ReadAgents(g, templates); err != nil {
			return nil, err
		}
	}

	stage(fmt.Sprintf("forecasting %d series", len(res.History.Series)))
	step := res.History.Interval
	horizon := int((time.Duration(cfg.Horizon) + step - 1) / step)
	if res.Forecasts, err = forecast.PredictAll(res.History.Series, forecast.Options{
		Horizon: horizon, Model: cfg.Model, Holidays: holidays}); err != nil {
		return nil, err
	}
	stage("computing staffing requirements")
	demands := Demands(res.Forecasts, cfg.Quantile)
	if res.Requirements, err = staff.Staff(context.Background(), demands, targets); err != nil {
		return nil, err
	}
	expected, err := staff.ExpectedServiceLevel(res.Requirements, targets)
	if err != nil {
		return nil, err
	}
	stage("building the roster")
	opt := schedule.Options{ServiceLevel: expected, Effort: cfg.Effort, Seed: cfg.Seed}
	if res.Roster, err = schedule.Build(context.Background(), res.Requirements, templates, agents, opt); err != nil {
		return nil, err
	}
	if len(cfg.Scenarios) == 0 {
		return res, nil
	}
	stage(fmt.Sprintf("comparing %d scenario(s)", len(cfg.Scenarios)))
	scenarios := make([]Scenario, len(cfg.Scenarios))
	for i, spec := range cfg.Scenarios {
		if scenarios[i], err = ParseScenario(spec); err != nil {
			return nil, err
		}
	}
	cs, err := Compare(Baseline{Demands: demands, Targets: targets, Templates: templates, Agents: agents,
		Costs: cfg.Costs, Options: opt, Requirements: res.Requirements, Roster: res.Roster}, scenarios)
	if err != nil {
		return nil, err
	}
	res.Scenarios = ComparisonTable(cs)
	return res, nil
}

// Demands turns forecasts into the demand to staff: the point forecast, or
// the quantile "p10" or "p90".
func Demands(fs []forecast.Forecast, quantile string) []staff.Demand {
	out := make([]staff.Demand, len(fs))
	for i, f := range fs {
		contacts := map[string][]float64{"": f.Contacts, "p10": f.P10, "p90": f.P90}[quantile]
		out[i] = staff.Demand{Channel: f.Channel, Region: f.Region, Start: f.Start, Interval: f.Interval,
			Contacts: contacts, AHT: f.AHT}
	}
	return out
}

// Write writes the plan's files into Outputs.Dir (relative to base when
// not absolute), creating it, and returns their paths. Every file is
// written atomically.
func (r *Result) Write(cfg Config, base string) ([]string, error) {
	out := cfg.Outputs
	dir := cfg.OutputDir(base)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for _, o := range []struct {
		name  string
		table *table.Table
	}{
		{out.Forecast, table.Forecasts(r.Forecasts)},
		{out.Requirements, table.Requirements(r.Requirements)},
		{out.Roster, table.Shifts(r.Roster)},
		{out.Coverage, table.Coverage(r.Roster)},
	} {
		if o.name == "" {
			continue
		}
		p := filepath.Join(dir, r.expand(o.name))
		if err := sheet.Save(p, false, o.table, nil); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	if out.Workbook != "" {
		p := filepath.Join(dir, r.expand(out.Workbook))
		if err := sheet.WriteFile(p, out.Update, r.addSheets); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	if out.Plots != "" {
		plots := r.expand(out.Plots)
		if !filepath.IsAbs(plots) {
			plots = filepath.Join(dir, plots)
		}
		if err := os.MkdirAll(plots, 0o755); err != nil {
			return paths, err
		}
		written, err := chart.WriteAll(plots, r.History.Series, r.Forecasts, r.Roster, chart.Options{})
		paths = append(paths, written...)
		if err != nil {
			return paths, err
		}
	}
	return paths, nil
}

// OutputDir is the folder the plan writes to: Outputs.Dir, relative to
// base unless absolute.
func (c Config) OutputDir(base string) string {
	if filepath.IsAbs(c.Outputs.Dir) {
		return c.Outputs.Dir
	}
	return filepath.Join(base, c.Outputs.Dir)
}

// expand fills a file name's {week} and {date} with the forecast's start.
func (r *Result) expand(name string) string {
	if len(r.Forecasts) == 0 {
		return name
	}
	start := r.Forecasts[0].Start
	year, week := start.ISOWeek()
	return strings.NewReplacer("{week}", fmt.Sprintf("%d-W%02d", year, week),
		"{date}", start.Format(table.DateLayout)).Replace(name)
}

// addSheets writes the plan's sheets, Summary first.
func (r *Result) addSheets(f *excelize.File) error {
	if err := sheet.AddTable(f, r.Summary()); err != nil {
		return err
	}
	if err := sheet.AddForecast(f, r.History.Series, r.Forecasts, 14); err != nil {
		return err
	}
	if err := sheet.AddTable(f, table.Requirements(r.Requirements)); err != nil {
		return err
	}
	if err := sheet.AddRosterDetail(f, r.Roster); err != nil {
		return err
	}
	for _, t := range []*table.Table{table.Accuracy(r.Forecasts), r.Scenarios} {
		if t != nil && len(t.Rows) > 0 {
			if err := sheet.AddTable(f, t); err != nil {
				return err
			}
		}
	}
	return sheet.MoveFirst(f, sheet.SummarySheet)
}

// Summary is the plan at a glance, per channel and region and in total:
// forecast contacts, peak staff (per series), required and paid
// agent-hours, under-staffed hours, efficiency, expected service level and
// cost.
func (r *Result) Summary() *table.Table {
	t := &table.Table{Name: sheet.SummarySheet, Columns: []string{"channel", "region", "contacts", "peak_staff",
		"required_hours", "paid_hours", "under_hours", "efficiency", "service_level", "cost"}}
	type key struct{ channel, region string }
	contacts := map[key]float64{}
	peak := map[key]int{}
	var total float64
	for _, q := range r.Requirements {
		k := key{q.Channel, q.Region}
		contacts[k] += q.Contacts
		total += q.Contacts
		peak[k] = max(peak[k], q.Staff)
	}
	for _, s := range r.Roster.Summaries {
		row := []any{s.Channel, s.Region, math.Round(contacts[key{s.Channel, s.Region}]), peak[key{s.Channel, s.Region}]}
		if s.Channel == "" && s.Region == "" {
			row = []any{"total", "", math.Round(total), nil}
		}
		t.Rows = append(t.Rows, append(row, table.Round(s.RequiredHours, 1), table.Round(s.PaidHours, 1),
			table.Round(s.UnderHours, 1), table.Round(s.Efficiency(), 3), table.Round(s.ServiceLevel, 3), table.Round(s.Cost, 0)))
	}
	return t
}
