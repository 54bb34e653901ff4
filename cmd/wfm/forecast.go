package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/plan"
)

// historyOptions are the flags of commands reading history.
type historyOptions struct {
	Path     string
	Interval time.Duration
	Holidays string
	Columns  columnsFlag
	input    inputOptions
}

func (o *historyOptions) register(cmd *cobra.Command) {
	o.Columns = columnsFlag{}
	cmd.Flags().StringVar(&o.Path, "history", "", "history `FILE` (.csv or .xlsx): interval_start, contacts[, channel, region, aht_seconds]")
	cmd.Flags().Var(durationFlag{&o.Interval, time.Minute}, "interval", "interval length, e.g. 15m, 30m, 1h (default: as in the history; finer data is summed up)")
	cmd.Flags().StringVar(&o.Holidays, "holidays", "", "holidays `FILE`: date, name, effect (closed, a factor like 1.8, \"like Sunday\", or empty: learn it from past years)")
	cmd.Flags().Var(o.Columns, "columns", "map wfm's columns to the file's, e.g. contacts=IncomingContactVolume,interval_start=TimeStamp")
	o.input.register(cmd, "history")
}

// load reads the history (and holidays), reporting gaps and partial
// intervals on stderr.
func (o *historyOptions) load(s *streams) (*records.History, []forecast.Holiday, error) {
	if err := required("history", o.Path); err != nil {
		return nil, nil, err
	}
	var src plan.Source
	h, err := src.History(o.input.main(o.Path, o.Columns), o.Interval)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range h.Notes() {
		s.notef("%s: %s", o.Path, n)
	}
	var holidays []forecast.Holiday
	if o.Holidays != "" {
		if holidays, err = src.Holidays(plan.Input{Path: o.Holidays}); err != nil {
			return nil, nil, err
		}
	}
	return h, holidays, nil
}

// notInput refuses an output that would replace one of the inputs.
func notInput(out string, inputs ...string) error {
	for _, in := range inputs {
		if out != "" && in != "" && plan.SameFile(out, in) {
			return usagef("-o %s is the input %s: write the output elsewhere", out, in)
		}
	}
	return nil
}

// intervals converts a horizon into a whole number of intervals.
func intervals(horizon, interval time.Duration) int {
	return int((horizon + interval - 1) / interval)
}

type forecastOptions struct {
	history   historyOptions
	Horizon   time.Duration
	Start     string
	Model     string
	Overrides string
	output    outputOptions
}

func newForecastCmd(s *streams) *cobra.Command {
	o := &forecastOptions{Horizon: 7 * 24 * time.Hour}
	cmd := &cobra.Command{
		Use:   "forecast --history FILE [flags]",
		Short: "Forecast contacts per interval, channel and region",
		Long: `Forecast every (channel, region) series of the history from the interval after
its last one, for --horizon. Output columns: interval_start, channel, region,
contacts, contacts_p10, contacts_p90, aht_seconds, model.

--start forecasts from a later interval instead (a date means its midnight):
the forecast runs through the gap after the history and outputs --horizon from
--start. The start may not be before the history's end, nor the gap and the
horizon together more than 184 days of 15-minute intervals.

--model names the model (auto, the default, suits most series):
` + modelList() + `
--overrides applies a planner's changes after the model, in the file's
order: columns start, end (dates, both days included, or date-times, the end
excluded), channel, region (empty or * for all), one of factor (x1.5), add
(contacts per interval, may be negative) and set (contacts per interval; the
P10 and P90 scale with the point forecast, or equal it where the model said
0), and note. Every value stays at 0 or more. Each override's effect is
listed on stderr; one that matches no interval is a warning.` + exitStatusHelp,
		Example: `  wfm forecast --history examples/history.csv -o forecast.csv
  wfm forecast --history calls.xlsx --interval 30m --horizon 14d --model snaive
  wfm forecast --history calls.csv --start 2026-03-02 --horizon 7d
  wfm forecast --history calls.csv --overrides campaigns.csv -o forecast.csv
  wfm forecast --history export.csv --columns contacts=IncomingContactVolume,interval_start=TimeStamp`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runForecast(cmd.Context(), s, o) },
	}
	o.history.register(cmd)
	cmd.Flags().Var(durationFlag{&o.Horizon, time.Hour}, "horizon", "how far ahead to forecast, e.g. 7d, 14d, 6w")
	cmd.Flags().StringVar(&o.Start, "start", "", "first interval to forecast, a `DATE` (its midnight) or date-time (default: the one after the history)")
	enumVarP(cmd, cmd.Flags(), &o.Model, "model", "", "auto", forecast.Models(), "forecasting model")
	cmd.Flags().StringVar(&o.Overrides, "overrides", "", "planner's overrides `FILE`: start, end, channel, region, factor|add|set, note")
	o.output.register(cmd)
	holdOutputFolder(cmd, &o.output.Path)
	return cmd
}

func runForecast(ctx context.Context, s *streams, o *forecastOptions) error {
	opt := plan.ForecastOptions{Horizon: o.Horizon, Model: o.Model}
	if err := opt.Validate(); err != nil {
		return usagef("--%v", err)
	}
	if o.Start != "" {
		t, err := parseStart(o.Start)
		if err != nil {
			return usagef("--start %q: want a date such as 2026-03-02 or a date-time such as 2026-03-02T08:00", o.Start)
		}
		opt.Start = t
	}
	if err := o.output.check(); err != nil {
		return err
	}
	if err := notInput(o.output.Path, o.history.Path, o.history.Holidays, o.Overrides); err != nil {
		return err
	}
	h, holidays, err := o.history.load(s)
	if err != nil {
		return err
	}
	var overrides []forecast.Override
	if o.Overrides != "" {
		if overrides, err = (plan.Source{}).Overrides(plan.Input{Path: o.Overrides}); err != nil {
			return err
		}
	}
	opt.Holidays = holidays
	done := s.busy("forecasting")
	fs, err := plan.Forecast(ctx, h, opt)
	done()
	if oe := (*forecast.OptionError)(nil); errors.As(err, &oe) {
		return usagef("--%v", err)
	}
	if err != nil {
		return err
	}
	reportForecasts(s, fs)
	reportOverrides(s, forecast.ApplyOverrides(fs, overrides))
	return o.output.write(s, records.Forecasts(fs), nil)
}

// parseStart reads a date (its midnight) or a date-time, at its wall clock
// as the history's times are.
func parseStart(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d, nil
	}
	return table.ParseTime(s)
}

// reportForecasts tells what the forecast cleaned or filled in the history.
func reportForecasts(s *streams, fs []forecast.Forecast) {
	for _, f := range fs {
		if len(f.Outliers) > 0 {
			s.notef("%s/%s: %d outlier interval(s) cleaned before fitting: %s", f.Channel, f.Region, len(f.Outliers), table.ListTimes(f.Outliers))
		}
	}
}

// reportOverrides lists what each override changed, warning of those that
// changed nothing.
func reportOverrides(s *streams, effects []forecast.OverrideEffect) {
	for _, e := range effects {
		if e.Intervals == 0 {
			s.warnf("%s", e)
		} else {
			s.notef("%s", e)
		}
	}
}

// modelList is the --model values with a line on each, for help texts.
func modelList() string {
	var b strings.Builder
	for _, m := range forecast.Models() {
		fmt.Fprintf(&b, "  %-15s %s\n", m, forecast.About(m))
	}
	return b.String()
}
