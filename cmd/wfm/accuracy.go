package main

import (
	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/plan"
)

type accuracyOptions struct {
	Forecast string
	History  string
	Columns  columnsFlag
	input    inputOptions
	output   outputOptions
}

func newAccuracyCmd(s *streams) *cobra.Command {
	o := &accuracyOptions{Columns: columnsFlag{}}
	cmd := &cobra.Command{
		Use:   "accuracy --forecast FILE --history FILE [flags]",
		Short: "Score a forecast issued earlier against the actuals that arrived since",
		Long: `Score a forecast file written earlier by wfm forecast (or wfm plan) against
the actuals of a history file, interval by interval: per series and day, per
series over all days (the rows without a date) and in total, the intervals
matched, the actual and forecast contacts, WAPE (sum |forecast - actual| over
sum actual), bias ((forecast - actual) / actual: above 0 the forecast was too
high) and coverage_80, the share of actuals inside the forecast's P10-P90
(closed hours, 0 forecast and 0 actual, left out).

The history is read at the forecast's interval length: finer actuals (5-minute
data for a 30-minute forecast) are summed up. Intervals of the forecast
without an actual yet are left out, and counted on stderr; a forecast with no
actual at all is an error.` + exitStatusHelp,
		Example: `  wfm accuracy --forecast forecast.csv --history history.csv
  wfm accuracy --forecast last-week.csv --history calls.xlsx --format json
  wfm accuracy --forecast last-week.csv --history calls-5min.csv -o accuracy.xlsx
  wfm accuracy --forecast forecast.csv --history export.csv --columns contacts=IncomingContactVolume,interval_start=TimeStamp`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAccuracy(s, o) },
	}
	cmd.Flags().StringVar(&o.Forecast, "forecast", "", "forecast `FILE` issued earlier: interval_start, channel, region, contacts, contacts_p10, contacts_p90")
	cmd.Flags().StringVar(&o.History, "history", "", "actuals `FILE` (.csv or .xlsx), the history's columns: interval_start, contacts[, channel, region]")
	cmd.Flags().Var(o.Columns, "columns", "map wfm's columns to the history file's, e.g. contacts=IncomingContactVolume,interval_start=TimeStamp")
	o.input.register(cmd, "history")
	o.output.register(cmd)
	holdOutputFolder(cmd, &o.output.Path)
	return cmd
}

func runAccuracy(s *streams, o *accuracyOptions) error {
	if err := required("forecast", o.Forecast); err != nil {
		return err
	}
	if err := required("history", o.History); err != nil {
		return err
	}
	if err := o.output.check(); err != nil {
		return err
	}
	if err := notInput(o.output.Path, o.Forecast, o.History); err != nil {
		return err
	}
	p, h, err := plan.ScorePublished(plan.Source{}, plan.Input{Path: o.Forecast}, o.input.main(o.History, o.Columns), nil)
	if err != nil {
		return err
	}
	for _, n := range h.Notes() {
		s.notef("%s: %s", o.History, n)
	}
	reportUnmatched(s, o.Forecast, p)
	return o.output.write(s, records.PublishedAccuracy(p), nil)
}

// reportUnmatched tells how many of the forecast's intervals had no actual.
func reportUnmatched(s *streams, file string, p forecast.Published) {
	if p.Unmatched > 0 {
		s.notef("%s: %d interval(s) without an actual (after the history or missing from it), left out", file, p.Unmatched)
	}
}
