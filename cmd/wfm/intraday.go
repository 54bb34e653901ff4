package main

import (
	"context"
	"errors"
	"math"
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
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/intraday"
)

type intradayOptions struct {
	Forecast string
	Actuals  string
	History  string
	Now      string
	Dir      string
	Wait     time.Duration
	// the re-plan of the roster
	Roster       string
	Targets      string
	Agents       string
	Shifts       string
	OvertimeRate float64
	MaxOvertime  time.Duration
}

func newIntradayCmd(s *streams) *cobra.Command {
	o := &intradayOptions{}
	cmd := &cobra.Command{
		Use:   "intraday --forecast FILE --actuals FILE --now DATETIME [--roster FILE --targets FILE] -o DIR",
		Short: "Re-forecast the rest of today from today's actuals, and re-plan its roster",
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
forecast, inside it.

With --roster (the published roster file of 'wfm schedule') and --targets,
it also staffs the rest of today from the updated forecast and proposes the
cheapest changes to today's shifts that bring every series back to its
requirement, or as near as the rules allow: first free ones, a break moved
inside its window and (with --agents) a multi-skilled agent moved to another
of their channels; then, by under-staffed agent-hours won per unit of cost,
overtime before or after a shift (the cost per hour times --overtime-rate, at
most --max-overtime an agent a day and the template's max_overtime) and
(with --agents and --shifts) a shift of an agent free today called in; then
voluntary time off wherever staff stays above the requirement without it.
No change falls before --now, and every change keeps the agents' max_hours
and min_hours in the roster's week, their working days and hours, and the
templates' min_rest between shifts. --shifts gives the break windows, paid
breaks, costs and rules of the roster's templates; without it breaks stay
put and nobody is called in. It writes DIR/actions.csv (agent_id, name,
action, start, end, channel, region, hours, cost, reason; action is
overtime, vto, move_break, move_channel or call_in), DIR/roster.csv (the
roster with the changes; a shift moved to another channel part way is two
rows) and DIR/coverage.csv (staff required, scheduled before and after, and
the service level expected before and after, per interval to midnight).` + exitStatusHelp,
		Example: `  wfm intraday --forecast forecast.csv --actuals today.csv --now 2026-03-02T12:00 -o intraday
  wfm intraday --forecast forecast.csv --actuals today.csv --history history.csv --now 2026-03-02T12:00 -o intraday
  wfm intraday --forecast forecast.csv --actuals today.csv --now 2026-03-02T12:00 \
      --roster roster.csv --targets examples/targets.yaml --shifts examples/shifts.yaml --agents examples/agents.csv -o intraday`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runIntraday(cmd.Context(), s, o) },
	}
	cmd.Flags().StringVar(&o.Forecast, "forecast", "", "forecast `FILE` of 'wfm forecast' (.csv or .xlsx)")
	cmd.Flags().StringVar(&o.Actuals, "actuals", "", "today's actuals `FILE`, in the history's columns")
	cmd.Flags().StringVar(&o.History, "history", "", "history `FILE` to learn the update's gain from (default: a built-in gain)")
	cmd.Flags().StringVar(&o.Now, "now", "", "the first interval to re-forecast, a `DATETIME` such as 2026-03-02T12:00")
	cmd.Flags().StringVarP(&o.Dir, "out", "o", "", "`DIR` to write forecast.csv into")
	cmd.Flags().StringVar(&o.Roster, "roster", "", "published roster `FILE` of 'wfm schedule' to re-plan the rest of today (.csv or .xlsx)")
	cmd.Flags().StringVar(&o.Targets, "targets", "", "targets `FILE`, to staff the updated forecast (with --roster)")
	cmd.Flags().StringVar(&o.Agents, "agents", "", "named agents `FILE`: channels, hours, days and costs (with --roster)")
	cmd.Flags().StringVar(&o.Shifts, "shifts", "", "shift templates `FILE`: breaks, costs, min_rest, max_overtime (with --roster)")
	cmd.Flags().Float64Var(&o.OvertimeRate, "overtime-rate", 1.5, "cost of an overtime hour, as a `FACTOR` of the cost per hour")
	o.MaxOvertime = 2 * time.Hour
	cmd.Flags().Var(durationFlag{&o.MaxOvertime, time.Hour}, "max-overtime", "most overtime one agent may work in a day (`DURATION`)")
	cmd.Flags().Var(durationFlag{&o.Wait, time.Second}, "wait", "how long to wait for another run writing to DIR (default: fail at once)")
	return cmd
}

func runIntraday(ctx context.Context, s *streams, o *intradayOptions) error {
	for _, f := range []struct{ name, value string }{{"forecast", o.Forecast}, {"actuals", o.Actuals}, {"now", o.Now}, {"out", o.Dir}} {
		if err := required(f.name, f.value); err != nil {
			return err
		}
	}
	if err := o.checkReplan(); err != nil {
		return err
	}
	now, err := table.ParseTime(o.Now)
	if err != nil {
		return usagef("--now %q: want a date-time such as 2026-03-02T12:00", o.Now)
	}
	outs := []string{filepath.Join(o.Dir, "forecast.csv")}
	if o.Roster != "" {
		outs = append(outs, filepath.Join(o.Dir, "actions.csv"), filepath.Join(o.Dir, "roster.csv"), filepath.Join(o.Dir, "coverage.csv"))
	}
	for _, out := range outs {
		if err := notInput(out, o.Forecast, o.Actuals, o.History, o.Roster, o.Targets, o.Agents, o.Shifts); err != nil {
			return err
		}
	}
	var src plan.Source
	g, err := table.ReadFS(nil, o.Forecast, o.Forecast, table.ReadOptions{})
	if err != nil {
		return err
	}
	fs, err := records.ReadForecasts(g)
	if err != nil {
		return err
	}
	rp, err := o.readReplan(src)
	if err != nil {
		return err
	}
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
	var b outfile.Batch
	defer b.Discard()
	if err := b.Add(outs[0], records.Forecasts(updated).WriteCSV); err != nil {
		return err
	}
	if rp != nil {
		rp.Forecasts, rp.Now = updated, now
		res, err := plan.ReplanRoster(ctx, *rp)
		if err != nil {
			return err
		}
		t := res.Totals()
		s.notef("re-plan: %d actions (%d move_break, %d move_channel, %d overtime, %d call_in, %d vto) costing %.2f; under-staffed agent-hours %.1f -> %.1f, over-staffed %.1f -> %.1f; expected service level %.1f%% -> %.1f%%",
			len(res.Actions), t.Actions[intraday.MoveBreak], t.Actions[intraday.MoveChannel], t.Actions[intraday.Overtime], t.Actions[intraday.CallIn], t.Actions[intraday.VTO],
			t.Cost, t.UnderBefore, t.UnderAfter, t.OverBefore, t.OverAfter, 100*t.ServiceLevelBefore, 100*t.ServiceLevelAfter)
		for _, f := range []struct {
			path string
			t    *table.Table
		}{
			{outs[1], records.Actions(res.Actions)},
			{outs[2], records.Shifts(schedule.Roster{Shifts: res.Roster})},
			{outs[3], records.ReplanCoverage(res.Coverage)},
		} {
			if err := b.Add(f.path, f.t.WriteCSV); err != nil {
				return err
			}
		}
	}
	return b.Commit()
}

// checkReplan checks that the re-plan's flags come with --roster and
// --targets.
func (o *intradayOptions) checkReplan() error {
	if o.Roster == "" {
		for _, f := range []struct{ name, value string }{{"targets", o.Targets}, {"agents", o.Agents}, {"shifts", o.Shifts}} {
			if f.value != "" {
				return usagef("--%s re-plans a roster: give --roster too", f.name)
			}
		}
		return nil
	}
	if o.Targets == "" {
		return usagef("--roster needs --targets, to staff the updated forecast")
	}
	if !(o.OvertimeRate >= 1) || math.IsInf(o.OvertimeRate, 0) {
		return usagef("--overtime-rate %v: want a factor of at least 1, such as 1.5", o.OvertimeRate)
	}
	return nil
}

// readReplan reads the re-plan's inputs; nil without --roster.
func (o *intradayOptions) readReplan(src plan.Source) (*plan.Replan, error) {
	if o.Roster == "" {
		return nil, nil
	}
	r := &plan.Replan{ForecastFile: o.Forecast, TargetsFile: o.Targets, OvertimeRate: o.OvertimeRate, MaxOvertime: o.MaxOvertime}
	var err error
	if r.Roster, err = table.ReadFS(nil, o.Roster, o.Roster, table.ReadOptions{}); err != nil {
		return nil, err
	}
	if r.Shifts, err = records.ReadRoster(r.Roster); err != nil {
		return nil, err
	}
	if r.Targets, err = src.Targets(plan.Input{Path: o.Targets}); err != nil {
		return nil, err
	}
	if o.Shifts != "" {
		if r.Templates, err = src.Shifts(plan.Input{Path: o.Shifts}); err != nil {
			return nil, err
		}
	}
	if o.Agents != "" {
		if r.Agents, err = src.Agents(plan.Input{Path: o.Agents}, r.Templates); err != nil {
			return nil, err
		}
	}
	return r, nil
}
