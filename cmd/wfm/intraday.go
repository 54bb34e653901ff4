package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/plan"
)

type intradayOptions struct {
	Forecast string
	Actuals  string
	History  string
	Now      string
	Dir      string
	Wait     time.Duration
}

func newIntradayCmd(s *streams) *cobra.Command {
	o := &intradayOptions{}
	cmd := &cobra.Command{
		Use:   "intraday --forecast FILE --actuals FILE --now DATETIME -o DIR",
		Short: "Re-forecast the rest of today from today's actuals",
		Long: `Re-forecast every series of a forecast from --now on with the day's actuals so
far, and write DIR/forecast.csv in the columns of 'wfm forecast', from --now to
the end of the forecast.

The update is a Kalman filter of today's departure from the forecast: each
interval since midnight counts by its volume, recent ones most, and the
departure found scales the rest of today - point forecast and P10/P90 alike -
fading with the lead time as far as past days say departures fade. Days after
today keep the forecast's values: forecast again with today in the history to
carry the day forward. How far to follow the actuals is learned per series
from --history, by forecasting its last ten days a day ahead with the
forecast's model (a few seconds a series with auto); without it, a default
learned on a bank's call-centre data. A series without actuals before --now
is left as it was.

--actuals has the history's columns (interval_start, contacts[, channel,
region, aht_seconds]); finer intervals are summed to the forecast's, and rows
at or after --now are ignored. --now must be an interval start of the
forecast, inside it.` + exitStatusHelp,
		Example: `  wfm intraday --forecast forecast.csv --actuals today.csv --now 2026-03-02T12:00 -o intraday
  wfm intraday --forecast forecast.csv --actuals today.csv --history history.csv --now 2026-03-02T12:00 -o intraday`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runIntraday(cmd.Context(), s, o) },
	}
	cmd.Flags().StringVar(&o.Forecast, "forecast", "", "forecast `FILE` of 'wfm forecast' (.csv or .xlsx)")
	cmd.Flags().StringVar(&o.Actuals, "actuals", "", "today's actuals `FILE`, in the history's columns")
	cmd.Flags().StringVar(&o.History, "history", "", "history `FILE` to learn the update's gain from (default: a built-in gain)")
	cmd.Flags().StringVar(&o.Now, "now", "", "the first interval to re-forecast, a `DATETIME` such as 2026-03-02T12:00")
	cmd.Flags().StringVarP(&o.Dir, "out", "o", "", "`DIR` to write forecast.csv into")
	cmd.Flags().Var(durationFlag{&o.Wait, time.Second}, "wait", "how long to wait for another run writing to DIR (default: fail at once)")
	return cmd
}

func runIntraday(ctx context.Context, s *streams, o *intradayOptions) error {
	for _, f := range []struct{ name, value string }{{"forecast", o.Forecast}, {"actuals", o.Actuals}, {"now", o.Now}, {"out", o.Dir}} {
		if err := required(f.name, f.value); err != nil {
			return err
		}
	}
	now, err := table.ParseTime(o.Now)
	if err != nil {
		return usagef("--now %q: want a date-time such as 2026-03-02T12:00", o.Now)
	}
	out := filepath.Join(o.Dir, "forecast.csv")
	if err := notInput(out, o.Forecast, o.Actuals, o.History); err != nil {
		return err
	}
	g, err := table.ReadFS(nil, o.Forecast, o.Forecast, table.ReadOptions{})
	if err != nil {
		return err
	}
	fs, err := records.ReadForecasts(g)
	if err != nil {
		return err
	}
	var src plan.Source
	interval := fs[0].Interval
	actuals, err := src.History(plan.Input{Path: o.Actuals}, interval)
	if err != nil {
		// Refuse coarser actuals in this command's terms rather than
		// those of --interval.
		if own, ownErr := src.History(plan.Input{Path: o.Actuals}, 0); ownErr == nil && own.Interval > interval {
			return table.Errorf(o.Actuals, 0, "interval_start", "%s intervals: want the forecast's, %s, or finer", dur.Text(own.Interval), dur.Text(interval))
		}
		return err
	}
	for _, n := range actuals.Notes() {
		s.notef("%s: %s", o.Actuals, n)
	}
	var history *records.History
	if o.History != "" {
		if history, err = src.History(plan.Input{Path: o.History}, interval); err != nil {
			return err
		}
		for _, n := range history.Notes() {
			s.notef("%s: %s", o.History, n)
		}
	}
	done := s.busy("re-forecasting")
	updated, ups, err := plan.Intraday(ctx, fs, actuals, history, now)
	done()
	if oe := (*forecast.OptionError)(nil); errors.As(err, &oe) && oe.Field == "now" {
		return usagef("--%v", oe)
	}
	if err != nil {
		return err
	}
	for _, u := range ups {
		s.notef("%s", u.Remark())
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return err
	}
	unlock, err := outfile.Lock(o.Dir, o.Wait)
	if err != nil {
		return err
	}
	defer unlock()
	return outfile.Write(out, records.Forecasts(updated).WriteCSV)
}
