package plan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wfm-dev/wfm/io/calendar"
	"github.com/wfm-dev/wfm/io/chart"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// Write writes the plan's files into Outputs.Dir (relative to base when
// not absolute), creating it, and returns their paths. The files are
// written all or nothing (see outfile.Batch): when one fails, none is
// replaced and the previous run's files stay whole.
//
// Without Outputs.Update, the workbook replaces an existing one only if
// wfm wrote each of its sheets, as the previous run of the plan did
// (sheet.CheckReplace); a workbook holding a planner's sheets is an error
// asking for update, which keeps them.
func (r *Result) Write(cfg Config, base string) ([]string, error) {
	out := cfg.Outputs
	dir := cfg.OutputDir(base)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var b outfile.Batch
	defer b.Discard()
	var paths []string
	type output struct {
		name  string
		table *table.Table
	}
	outs := []output{
		{out.Forecast, records.Forecasts(r.Forecasts)},
		{out.Requirements, records.Requirements(r.Requirements)},
		{out.Roster, records.Shifts(r.Roster)},
		{out.Coverage, records.Coverage(r.Roster)},
	}
	if r.Simulation != nil {
		outs = append(outs, output{out.Simulation, records.Simulation(r.Simulation)})
	}
	for _, o := range outs {
		if o.name == "" {
			continue
		}
		p := filepath.Join(dir, r.expand(o.name))
		var err error
		if strings.EqualFold(filepath.Ext(p), ".csv") {
			err = b.Add(p, out.CSV().Writer(o.table, p))
		} else {
			err = sheet.Save(&b, p, sheet.Create, o.table, nil)
		}
		if err != nil {
			return nil, hintForeign(err)
		}
		paths = append(paths, p)
	}
	if out.Workbook != "" {
		p := filepath.Join(dir, r.expand(out.Workbook))
		mode := sheet.Create
		if out.Update {
			mode = sheet.Update
		}
		if err := sheet.WriteFile(&b, p, mode, func(f *excelize.File) error { return r.addSheets(f, cfg) }); err != nil {
			return nil, hintForeign(err)
		}
		paths = append(paths, p)
	}
	if out.Plots != "" {
		plots, err := r.folder(dir, out.Plots)
		if err != nil {
			return nil, err
		}
		written, err := chart.WriteAll(&b, plots, r.History.Series, r.Forecasts, r.Roster, chart.Options{})
		if err != nil {
			return nil, err
		}
		paths = append(paths, written...)
	}
	if out.Calendars != "" {
		loc, err := calendar.LoadZone(cfg.TimeZone)
		if err != nil {
			return nil, &table.Error{File: cfg.File, Err: fmt.Errorf("key time_zone: %w", err)}
		}
		cals, err := r.folder(dir, out.Calendars)
		if err != nil {
			return nil, err
		}
		written, err := calendar.WriteAll(&b, cals, r.Roster, calendar.Options{Location: loc})
		if err != nil {
			return nil, err
		}
		paths = append(paths, written...)
	}
	if err := b.Commit(); err != nil {
		return nil, err
	}
	return paths, nil
}

// hintForeign tells how to go on when a workbook is not wfm's to replace.
func hintForeign(err error) error {
	if errors.Is(err, sheet.ErrForeign) {
		return fmt.Errorf("%w; set update: true under outputs in the plan (or pass --update) to write wfm's sheets into it and keep the others", err)
	}
	return err
}

// simulation is the name of the simulation's output, "" when the plan
// does not simulate.
func (c Config) simulation() string {
	if !c.Simulate {
		return ""
	}
	return c.Outputs.Simulation
}

// OutputDir is the folder the plan writes to: Outputs.Dir, relative to
// base unless absolute.
func (c Config) OutputDir(base string) string {
	if filepath.IsAbs(c.Outputs.Dir) {
		return c.Outputs.Dir
	}
	return filepath.Join(base, c.Outputs.Dir)
}

// folder makes the output folder name, inside dir unless absolute, and
// returns its path.
func (r *Result) folder(dir, name string) (string, error) {
	name = r.expand(name)
	if !filepath.IsAbs(name) {
		name = filepath.Join(dir, name)
	}
	return name, os.MkdirAll(name, 0o755)
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

// addSheets writes the plan's sheets, Summary and Dashboard first.
func (r *Result) addSheets(f *excelize.File, cfg Config) error {
	about := sheet.About{Title: "Workforce plan", Sources: cfg.sources(), Version: cfg.Version, Currency: cfg.Currency}
	if err := sheet.AddSummaryOf(f, r.Roster, r.Summary(), about); err != nil {
		return err
	}
	if err := sheet.AddDashboard(f, r.History.Series, r.Forecasts, r.Roster, 14); err != nil {
		return err
	}
	if err := sheet.AddForecast(f, r.Forecasts); err != nil {
		return err
	}
	if err := sheet.AddTable(f, records.Requirements(r.Requirements)); err != nil {
		return err
	}
	if err := sheet.AddRosterDetail(f, r.Roster); err != nil {
		return err
	}
	var published *table.Table
	if r.Published != nil {
		published = records.PublishedAccuracy(*r.Published)
	}
	if err := sheet.AddAccuracy(f, records.Accuracy(r.Forecasts), records.Overrides(r.Overrides), published); err != nil {
		return err
	}
	for _, t := range []*table.Table{r.Scenarios, r.Simulated} {
		if t != nil && len(t.Rows) > 0 {
			if err := sheet.AddTable(f, t); err != nil {
				return err
			}
		}
	}
	return sheet.MoveFirst(f, sheet.SummarySheet)
}

// sources names the plan file and its input files, as a planner finds them.
func (c Config) sources() []string {
	out := []string{c.File}
	for _, in := range c.inputs() {
		if p := in.input.Path; p != "" {
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(c.File), p)
			}
			out = append(out, in.key+" "+p)
		}
	}
	return out
}

// namedInput is an input of the plan and its key.
type namedInput struct {
	key   string
	input Input
}

// inputs are the plan's inputs, set or not, in the plan file's order.
func (c Config) inputs() []namedInput {
	return []namedInput{{"history", c.History}, {"holidays", c.Holidays}, {"overrides", c.Overrides}, {"previous_forecast", c.PreviousForecast}, {"targets", c.Targets}, {"shifts", c.Shifts},
		{"agents", c.Agents}, {"timeoff", c.TimeOff}, {"activities", c.Activities}}
}
