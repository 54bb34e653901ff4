package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/plan"
)

type backtestOptions struct {
	history historyOptions
	Horizon time.Duration
	Folds   int
	output  outputOptions
}

func newBacktestCmd(s *streams) *cobra.Command {
	o := &backtestOptions{Horizon: 7 * 24 * time.Hour, Folds: 4}
	cmd := &cobra.Command{
		Use:   "backtest --history FILE [flags]",
		Short: "Measure forecast accuracy by rolling the origin back over the history",
		Long: `Forecast the last --folds stretches of the history as if they were the future,
each from the history before it, and score every model per series: WAPE,
MASE (scaled by the weekly seasonal-naive error), bias (forecast minus
actual, relative to actual) and the share of actuals inside the 80% interval.` + exitStatusHelp,
		Example: `  wfm backtest --history examples/history.csv
  wfm backtest --history calls.csv --interval 30m --horizon 14d --folds 8 --format csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runBacktest(cmd.Context(), s, o) },
	}
	o.history.register(cmd)
	cmd.Flags().Var(durationFlag{&o.Horizon, time.Hour}, "horizon", "length of each forecast, e.g. 7d")
	cmd.Flags().IntVar(&o.Folds, "folds", o.Folds, "number of rolling origins")
	o.output.register(cmd)
	holdOutputFolder(cmd, &o.output.Path)
	return cmd
}

func runBacktest(ctx context.Context, s *streams, o *backtestOptions) error {
	if o.Folds < 1 {
		return usagef("--folds %d: want at least 1", o.Folds)
	}
	if err := (plan.ForecastOptions{Horizon: o.Horizon, Model: "auto"}).Validate(); err != nil {
		return usagef("--%v", err)
	}
	if err := o.output.check(); err != nil {
		return err
	}
	if err := notInput(o.output.Path, o.history.Path, o.history.Holidays); err != nil {
		return err
	}
	h, holidays, err := o.history.load(s)
	if err != nil {
		return err
	}
	t := &table.Table{Name: "Accuracy", Columns: []string{"channel", "region", "model", "folds", "wape", "mase", "bias", "coverage_80"},
		Decimals: map[string]int{"wape": 4, "mase": 3, "bias": 4, "coverage_80": 3}}
	p := &progress{s: s}
	defer p.done()
	for i, series := range h.Series {
		p.stage(plan.Stage{Name: strings.TrimSpace("backtesting " + strings.Trim(series.Channel+"/"+series.Region, "/")), Step: i + 1, Steps: len(h.Series)})
		scores, err := forecast.Backtest(ctx, series, forecast.BacktestOptions{
			Horizon: intervals(o.Horizon, h.Interval), Folds: o.Folds, Holidays: holidays})
		if err != nil {
			return err
		}
		for _, sc := range scores {
			t.Rows = append(t.Rows, []any{sc.Channel, sc.Region, sc.Model, sc.Folds, sc.WAPE, sc.MASE, sc.Bias, sc.Coverage})
		}
	}
	return o.output.write(s, t, nil)
}
