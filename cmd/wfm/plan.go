package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/plan"
)

type planOptions struct {
	Config    string
	Format    string
	Update    bool
	Wait      time.Duration
	Plots     string
	Calendars string
	Overrides string
	Scenarios []string
	search    searchOptions
}

func newPlanCmd(s *streams) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan --config plan.yaml",
		Short: "Run the weekly cycle in one go: forecast, staff, schedule, outputs",
		Long: `Read history, targets and shift templates as the plan file says, forecast,
compute staffing requirements, build the roster and write the planner's
workbook (Summary, Dashboard, Forecast, Requirements, Roster, Shifts,
Coverage, Accuracy) and the same tables as CSV files into the plan's output folder,
with outputs: calendars one iCalendar file per agent in the plan's time_zone,
then print a summary per channel and region. Paths in the plan file are relative to it;
examples/plan.yaml is a complete, commented example.

A plan covers whole weeks: from the first week_start day (default monday) at
or after the end of the history, at midnight (start: next-week, the default),
or from the date start names, which must fall on week_start; for horizon
(default 7d). timeoff: names the agents' leave and fixed training or
meetings, activities: the flexible ones (a weekly team meeting) the roster
search places where they cost the least coverage. overrides: applies the
planner's changes to the forecast (as wfm forecast --overrides);
previous_forecast: scores the forecast published last time against the
history on the Accuracy sheet (as wfm accuracy).

--scenario compares what-ifs with the plan on the Scenarios sheet. A
cross-train scenario staffs its two channels by simulation, the
cross-trained agents taking both contact by contact, and lists the
simulated service on the Simulated sheet; cross-train=chat+phone:0% staffs
them so without training anyone, telling the simulation's own change from
the training's.` + exitStatusHelp,
		Example: `  wfm plan --config examples/plan.yaml
  wfm plan --config plan.yaml --update --format json
  wfm plan --config plan.yaml --plots charts/
  wfm plan --config plan.yaml --calendars /srv/calendars/
  wfm plan --config plan.yaml --overrides campaigns.csv
  wfm plan --config plan.yaml --scenario 'aht=+10%' --scenario 'volume=+20%;pool=regions' --scenario 'outsource=40%'
  wfm plan --config plan.yaml --scenario 'cross-train=chat+phone:0%' --scenario 'cross-train=chat+phone:30%' --scenario 'cross-train=chat+phone:all'
  wfm plan --config /etc/wfm/plan.yaml --quiet`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runPlan(cmd.Context(), s, o, cmd.Flags()) },
	}
	cmd.Flags().StringVar(&o.Config, "config", "", "plan `FILE` (YAML)")
	enumVarP(cmd, cmd.Flags(), &o.Format, "format", "", "", stdoutFormats, "summary format, by default table on a terminal, else csv")
	cmd.Flags().BoolVar(&o.Update, "update", false, "write the plan's sheets into the existing workbook, keeping the planner's other sheets")
	cmd.Flags().StringArrayVar(&o.Scenarios, "scenario", nil, "compare a what-if with the plan (repeatable): aht=+10%, volume=+20%, sl=90/20, shrinkage=0.35, pool=regions, outsource=40%, cross-train=chat+phone:30%, or several joined by ;")
	cmd.Flags().StringVar(&o.Plots, "plots", "", "also write PNG charts (forecast against history, coverage against requirement) into `DIR`")
	cmd.Flags().StringVar(&o.Calendars, "calendars", "", "also write one iCalendar file per agent, AGENT_ID.ics, into `DIR` (plan file: outputs: calendars)")
	cmd.Flags().StringVar(&o.Overrides, "overrides", "", "planner's overrides of the forecast `FILE`, instead of the plan file's overrides:")
	cmd.Flags().Var(durationFlag{&o.Wait, time.Second}, "wait", "how long to wait for another run writing to the same output folder (default: fail at once)")
	o.search.register(cmd, true)
	return cmd
}

func runPlan(ctx context.Context, s *streams, o *planOptions, flags *pflag.FlagSet) error {
	if err := required("config", o.Config); err != nil {
		return err
	}
	f, err := os.Open(o.Config)
	if err != nil {
		return &table.Error{File: o.Config, Err: err}
	}
	defer f.Close()
	cfg, err := plan.ReadConfig(f, o.Config)
	if err != nil {
		return err
	}
	o.search.override(flags, &cfg)
	for _, spec := range o.Scenarios {
		sc, err := plan.ParseScenario(spec)
		if err != nil {
			return usagef("--scenario %q: %v", spec, err)
		}
		cfg.Scenarios = append(cfg.Scenarios, sc)
	}
	cfg.Outputs.Update = cfg.Outputs.Update || o.Update
	if o.Overrides != "" {
		cfg.Overrides = plan.Input{} // nor the plan file's way of reading its own file
	}
	// Paths given on the command line are the user's, not the plan file's.
	for _, d := range []struct {
		flag string
		to   *string
	}{{o.Plots, &cfg.Outputs.Plots}, {o.Calendars, &cfg.Outputs.Calendars}, {o.Overrides, &cfg.Overrides.Path}} {
		if d.flag == "" {
			continue
		}
		abs, err := filepath.Abs(d.flag)
		if err != nil {
			return err
		}
		*d.to = abs
	}
	dir := filepath.Dir(o.Config)
	return runPipeline(ctx, s, cfg, plan.Source{Dir: dir}, dir, o.Format, o.Wait)
}

// runPipeline runs a plan, writes its files under outBase and prints where
// they are and the summary. It holds the output folder for the whole run,
// waiting up to wait for another run there, so runs never mix their files.
func runPipeline(ctx context.Context, s *streams, cfg plan.Config, src plan.Source, outBase, format string, wait time.Duration) error {
	// Flags may have changed the plan file's settings: check them before
	// taking the output folder.
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfg.Version = version
	dir := cfg.OutputDir(outBase)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	unlock, err := outfile.Lock(dir, wait)
	if err != nil {
		return err
	}
	defer unlock()
	p := &progress{s: s}
	res, err := plan.Run(ctx, cfg, src, outBase, p.stage)
	p.done()
	if err != nil {
		return err
	}
	for _, n := range res.History.Notes() {
		s.notef("%s: %s", src.Name(cfg.History.Path), n)
	}
	reportForecasts(s, res.Forecasts)
	reportOverrides(s, res.Overrides)
	if res.Published != nil {
		reportUnmatched(s, src.Name(cfg.PreviousForecast.Path), *res.Published)
	}
	for _, w := range res.Roster.Warnings {
		s.warnf("%s", w)
	}
	paths, err := res.Write(cfg, outBase)
	if err != nil {
		return err
	}
	// One line for the calendars, which may be thousands.
	var calendars int
	var calendarDir string
	for _, p := range paths {
		if filepath.Ext(p) == ".ics" {
			calendars, calendarDir = calendars+1, filepath.Dir(p)
			continue
		}
		s.notef("wrote %s", p)
	}
	if calendars > 0 {
		s.notef("wrote %d calendars into %s", calendars, calendarDir)
	}
	s.rosterSummary(res.Roster)
	if s.Quiet {
		return nil
	}
	return writeSummary(s, format, res.Summary(), res.Scenarios, res.Simulated)
}

// writeSummary prints the plan's summary and, when scenarios were compared,
// their comparison and the simulated service of cross-training scenarios:
// one after the other as tables or CSV, or as one JSON object {"summary":
// [...], "scenarios": [...], "simulated": [...]}.
func writeSummary(s *streams, format string, summary, scenarios, simulated *table.Table) error {
	parts := []struct {
		key string
		t   *table.Table
	}{{"summary", summary}, {"scenarios", scenarios}, {"simulated", simulated}}
	sep := "{"
	for i, p := range parts {
		if p.t == nil {
			continue
		}
		var err error
		if format == "json" {
			fmt.Fprintf(s.Out, "%s%q: ", sep, p.key)
			sep = ", "
			err = p.t.WriteJSON(s.Out)
		} else {
			if i > 0 {
				fmt.Fprintln(s.Out)
			}
			err = writeStdout(s, format, table.CSVFormat{}, p.t)
		}
		if err != nil {
			return err
		}
	}
	if format != "json" {
		return nil
	}
	_, err := fmt.Fprintln(s.Out, "}")
	return err
}
