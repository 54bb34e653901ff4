package main

import (
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
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
	o.input.register(cmd)
}

// load reads the history (and holidays), reporting gaps and partial
// intervals on stderr.
func (o *historyOptions) load(s *streams) (*table.History, []forecast.Holiday, error) {
	if err := required("history", o.Path); err != nil {
		return nil, nil, err
	}
	g, err := o.input.read(o.Path)
	if err != nil {
		return nil, nil, err
	}
	h, err := table.ReadHistory(g, table.HistoryOptions{Interval: o.Interval, Columns: o.Columns})
	if err != nil {
		return nil, nil, err
	}
	for _, n := range h.Notes() {
		s.notef("%s: %s", o.Path, n)
	}
	var holidays []forecast.Holiday
	if o.Holidays != "" {
		hg, err := table.ReadFile(o.Holidays, table.ReadOptions{})
		if err != nil {
			return nil, nil, err
		}
		if holidays, err = table.ReadHolidays(hg); err != nil {
			return nil, nil, err
		}
	}
	return h, holidays, nil
}

// intervals converts a horizon into a whole number of intervals.
func intervals(horizon, interval time.Duration) int {
	return int((horizon + interval - 1) / interval)
}

func checkModel(model string) error {
	if !slices.Contains(forecast.Models(), model) {
		return usagef("--model %q: want one of %s", model, strings.Join(forecast.Models(), ", "))
	}
	return nil
}

type forecastOptions struct {
	history historyOptions
	Horizon time.Duration
	Model   string
	output  outputOptions
}

func newForecastCmd(s *streams) *cobra.Command {
	o := &forecastOptions{Horizon: 7 * 24 * time.Hour}
	cmd := &cobra.Command{
		Use:   "forecast --history FILE [flags]",
		Short: "Forecast contacts per interval, channel and region",
		Long: `Forecast every (channel, region) series of the history from the interval after
its last one, for --horizon. Output columns: interval_start, channel, region,
contacts, contacts_p10, contacts_p90, aht_seconds, model.

--model auto (the default) picks, per series, the model with the best
rolling-origin backtest.` + exitStatusHelp,
		Example: `  wfm forecast --history examples/history.csv -o forecast.csv
  wfm forecast --history calls.xlsx --interval 30m --horizon 14d --model snaive
  wfm forecast --history export.csv --columns contacts=IncomingContactVolume,interval_start=TimeStamp`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error { return runForecast(s, o) },
	}
	o.history.register(cmd)
	cmd.Flags().Var(durationFlag{&o.Horizon, time.Hour}, "horizon", "how far ahead to forecast, e.g. 7d, 14d, 6w")
	enumVarP(cmd.Flags(), &o.Model, "model", "", "auto", forecast.Models(), "forecasting model")
	o.output.register(cmd)
	holdOutputFolder(cmd, &o.output.Path)
	return cmd
}

func runForecast(s *streams, o *forecastOptions) error {
	if err := checkModel(o.Model); err != nil {
		return err
	}
	if err := o.output.check(); err != nil {
		return err
	}
	h, holidays, err := o.history.load(s)
	if err != nil {
		return err
	}
	done := s.busy("forecasting")
	fs, err := forecast.PredictAll(h.Series, forecast.Options{
		Horizon: intervals(o.Horizon, h.Interval), Model: o.Model, Holidays: holidays})
	done()
	if err != nil {
		return err
	}
	reportForecasts(s, fs)
	return o.output.write(s, table.Forecasts(fs), nil)
}

// reportForecasts tells what the forecast cleaned or filled in the history.
func reportForecasts(s *streams, fs []forecast.Forecast) {
	for _, f := range fs {
		if len(f.Outliers) > 0 {
			s.notef("%s/%s: %d outlier interval(s) cleaned before fitting: %s", f.Channel, f.Region, len(f.Outliers), table.ListTimes(f.Outliers))
		}
	}
}
