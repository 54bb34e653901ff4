package main

import (
	"cmp"
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/plan"
	"github.com/wfm-dev/wfm/schedule/staff"
)

type staffOptions struct {
	Forecast string
	Targets  string
	Quantile string
	Pool     bool
	input    inputOptions
	output   outputOptions
}

func newStaffCmd(s *streams) *cobra.Command {
	o := &staffOptions{}
	cmd := &cobra.Command{
		Use:   "staff --forecast FILE --targets FILE [flags]",
		Short: "Turn a forecast into staffing requirements per interval",
		Long: `Compute, for every interval, channel and region of the forecast, the fewest
on-seat agents meeting the channel's targets (Erlang C, or Erlang A where a
patience is given; deferred channels by workload) and the staff to schedule
once shrinkage is added.

Targets (CSV, XLSX or YAML), one row per channel, optionally per channel and
region: channel, region, service_level, answer_seconds, asa_seconds,
max_occupancy, shrinkage, concurrency, patience_seconds, kind
(immediate|deferred), response_hours, aht_seconds, min_agents.` + exitStatusHelp,
		Example: `  wfm staff --forecast forecast.csv --targets examples/targets.yaml -o requirements.csv
  wfm staff --forecast forecast.csv --targets targets.csv --quantile p90 --pool-regions`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runStaff(cmd.Context(), s, o) },
	}
	cmd.Flags().StringVar(&o.Forecast, "forecast", "", "forecast `FILE` (.csv or .xlsx), as written by wfm forecast")
	cmd.Flags().StringVar(&o.Targets, "targets", "", "targets `FILE` (.csv, .xlsx or .yaml)")
	enumVarP(cmd, cmd.Flags(), &o.Quantile, "quantile", "", "", []string{"p10", "p90"}, "staff to a forecast quantile instead of the point forecast")
	cmd.Flags().BoolVar(&o.Pool, "pool-regions", false, "also print the agent-hours saved by pooling each channel's regions into one queue, staffed to the channel's target (not the regions' own)")
	o.input.register(cmd, "forecast")
	o.output.register(cmd)
	holdOutputFolder(cmd, &o.output.Path)
	return cmd
}

func runStaff(ctx context.Context, s *streams, o *staffOptions) error {
	// The flag takes nothing ParseQuantile refuses.
	q, _ := plan.ParseQuantile(o.Quantile)
	if err := required("forecast", o.Forecast); err != nil {
		return err
	}
	if err := required("targets", o.Targets); err != nil {
		return err
	}
	if err := o.output.check(); err != nil {
		return err
	}
	if err := notInput(o.output.Path, o.Forecast, o.Targets); err != nil {
		return err
	}
	var src plan.Source
	demands, err := src.Demand(o.input.main(o.Forecast, nil), q)
	if err != nil {
		return err
	}
	// Targets never come from another sheet of the forecast's workbook.
	targets, err := src.Targets(plan.Input{Path: o.Targets, Encoding: o.input.Encoding})
	if err != nil {
		return err
	}
	if err := plan.CheckTargets(plan.DemandSeries(demands), targets, o.Targets, o.Forecast); err != nil {
		return err
	}
	reqs, err := plan.Staff(ctx, demands, targets, o.Targets, o.Forecast)
	if err != nil {
		return err
	}
	if err := o.output.write(s, records.Requirements(reqs), nil); err != nil {
		return err
	}
	if !o.Pool {
		return nil
	}
	savings, err := staff.PoolRegions(ctx, demands, targets)
	if err != nil {
		return err
	}
	for _, p := range savings {
		if p.SavedHours < 0 && len(p.OwnTargets) > 0 {
			s.notef("%s: pooling costs %.1f agent-hours more: the pool is staffed to the channel's target, %s, the regions to their own: %s",
				p.Channel, -p.SavedHours, p.Target, strings.Join(p.OwnTargets, "; "))
		}
	}
	// With the requirements on stdout, the comparison goes to stderr, in
	// the format asked for, else as a table for people.
	if o.output.Path == "" {
		return writeStdout(&streams{Out: s.Err, Terminal: s.ErrTerm}, cmp.Or(o.output.Format, "table"), o.output.CSV, records.PoolSavings(savings))
	}
	return writeStdout(s, o.output.Format, o.output.CSV, records.PoolSavings(savings))
}
