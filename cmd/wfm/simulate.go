package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/plan"
	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/sim/roster"
	"github.com/wfm-dev/wfm/schedule/staff"
	"gonum.org/v1/gonum/floats"
)

// maxSimulated bounds the contacts one simulate run draws: about a minute
// of work.
const maxSimulated = 1e8

type simulateOptions struct {
	// A roster's simulation.
	Roster, Forecast, Targets string
	ForecastError             bool
	// One steady queue's.
	Contacts float64
	AHT      time.Duration
	Interval time.Duration
	Patience time.Duration
	agents   int
	Hours    float64
	target   staff.Target
	// Both.
	Agents       string // a number of agents, or with --roster the agents file
	CV           float64
	Replications int
	Seed         uint64
	input        inputOptions
	output       outputOptions
}

func newSimulateCmd(s *streams) *cobra.Command {
	o := &simulateOptions{Interval: 30 * time.Minute, Hours: 2000, Replications: 20, Seed: 1,
		target: staff.Target{ServiceLevel: 0.8, AnswerSeconds: 20, Concurrency: 1}}
	cmd := &cobra.Command{
		Use:   "simulate (--roster FILE --forecast FILE --targets FILE | --contacts N --aht DURATION --agents N) [flags]",
		Short: "Simulate a roster, or one steady queue, contact by contact, with confidence intervals",
		Long: `Discrete-event simulation of the centre, contact by contact.

With --roster, the roster's week against the forecast and targets: one
queue per channel and region, contacts arriving at random (Poisson) at the
point forecast's rate with its AHT, and one agent per shift, on the queue
over the shift less its breaks, activities and the target's shrinkage
(one stretch per shift, staggered between agents), answering its shift's
channel and, with --agents FILE, the other channels the agent lists. The
target gives the answer time, patience (abandonment) and concurrency. The
output has per interval, channel and region: scheduled agents, offered,
answered and abandoned contacts, service level, ASA and occupancy, each
with COLUMN_ci95, the half-width of its 95% confidence interval over
--replications runs, and erlang_service_level, what Erlang expects of the
scheduled agents. A summary per channel and region follows, on stdout with
-o, else on stderr. The runs follow the point forecast; --forecast-error
also draws, in each run, each series' level of each day from the forecast's
P10-P90 spread (a split normal), so the intervals hold the forecast's error.

Without --roster, the analyst's check of 'wfm erlang': the interval's
contacts arrive at random (Poisson) on a queue served by --agents agents,
for --hours of simulated time split into --replications independent runs.
It prints the service level (contacts answered within the --sl seconds
over all contacts), ASA (mean wait of answered contacts), occupancy,
probability of waiting and, with --patience, abandon rate, each with
KEY_ci95, the half-width of its 95% confidence interval; the table also
shows Erlang's figure beside each.

Each replication starts empty and first runs a warm-up, a tenth of its
length and at least 20 handle times, which is left out. With --concurrency
c each agent holds up to c chats, each taking the per-chat handle time; with
--patience customers hang up after an exponential patience of that mean.
Handle times are exponential, as Erlang assumes, unless --aht-cv gives a
coefficient of variation (lognormal). Same flags and --seed, same figures.` + exitStatusHelp,
		Example: `  wfm simulate --roster roster.csv --forecast forecast.csv --targets examples/targets.yaml -o simulation.csv
  wfm simulate --roster roster.csv --forecast forecast.csv --targets targets.csv --agents examples/agents.csv --replications 50
  wfm simulate --contacts 100 --aht 180 --interval 30m --sl 80/20 --agents 14
  wfm simulate --contacts 100 --aht 180 --sl 80/20 --agents 12 --patience 5m --format json
  wfm simulate --contacts 400 --aht 5m48s --sl 80/60 --agents 42 --concurrency 2 --aht-cv 0.6 --hours 500`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Replications < sim.MinReplications || o.Replications > 1000 {
				return usagef("--replications %d: want a whole number from %d to 1000", o.Replications, sim.MinReplications)
			}
			if o.Roster != "" {
				for _, name := range []string{"contacts", "aht", "interval", "sl", "concurrency", "patience", "hours"} {
					if cmd.Flags().Changed(name) {
						return usagef("--%s is for one steady queue; with --roster the forecast and targets say it", name)
					}
				}
				return runSimulateRoster(cmd.Context(), s, o)
			}
			for _, name := range []string{"forecast", "targets", "forecast-error"} {
				if cmd.Flags().Changed(name) {
					return usagef("--%s needs --roster FILE", name)
				}
			}
			for _, name := range []string{"contacts", "agents"} {
				if !cmd.Flags().Changed(name) {
					return usagef("--%s is required", name)
				}
			}
			return runSimulate(cmd, s, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Roster, "roster", "", "roster `FILE` (.csv or .xlsx) to simulate, as written by wfm schedule or wfm plan")
	f.StringVar(&o.Forecast, "forecast", "", "with --roster: forecast `FILE`, as written by wfm forecast")
	f.StringVar(&o.Targets, "targets", "", "with --roster: targets `FILE` (.csv, .xlsx or .yaml)")
	f.BoolVar(&o.ForecastError, "forecast-error", false, "with --roster: draw each day's level of each series between the forecast's contacts_p10 and contacts_p90")
	f.Var(floatFlag{&o.Contacts, 0, staff.MaxContacts, false}, "contacts", fmt.Sprintf("contacts offered in each interval, at most %g", float64(staff.MaxContacts)))
	f.Var(durationFlag{&o.AHT, time.Second}, "aht", "average handle time, e.g. 348 (seconds) or 5m48s")
	f.Var(floatFlag{&o.CV, 0, 10, false}, "aht-cv", "coefficient of variation of handle times, lognormal; 0 draws them exponential")
	f.Var(durationFlag{&o.Interval, time.Minute}, "interval", "interval length")
	f.Var(serviceLevelFlag{&o.target.ServiceLevel, &o.target.AnswerSeconds}, "sl", "service-level target PERCENT/SECONDS; the seconds count as answered in time")
	f.StringVar(&o.Agents, "agents", "", fmt.Sprintf("agents on seat, 1 to %d; with --roster, the agents `FILE` giving each agent's channels", staff.MaxAgents))
	f.Var(floatFlag{&o.target.Concurrency, 1, staff.MaxConcurrency, false}, "concurrency", fmt.Sprintf("contacts one agent handles at once (chat), a whole number from 1 to %d", staff.MaxConcurrency))
	f.Var(durationFlag{&o.Patience, time.Second}, "patience", "mean customer patience, e.g. 60s: model abandonment (Erlang A)")
	f.Var(floatFlag{&o.Hours, 0, 1e7, true}, "hours", "simulated hours over all replications, warm-ups aside")
	f.IntVar(&o.Replications, "replications", o.Replications, fmt.Sprintf("independent runs the confidence intervals come from, %d to 1000", sim.MinReplications))
	f.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the random numbers")
	o.input.register(cmd, "roster")
	o.output.register(cmd)
	return cmd
}

// simulateResult is the JSON object of a simulation: the keys of wfm
// erlang, each with the half-width of its 95% confidence interval.
type simulateResult struct {
	Agents           int      `json:"agents"`
	LoadErlangs      float64  `json:"load_erlangs"`
	Replications     int      `json:"replications"`
	Hours            float64  `json:"hours"`
	ServiceLevel     float64  `json:"service_level"`
	ServiceLevelCI95 float64  `json:"service_level_ci95"`
	ASASeconds       float64  `json:"asa_seconds"`
	ASASecondsCI95   float64  `json:"asa_seconds_ci95"`
	Occupancy        float64  `json:"occupancy"`
	OccupancyCI95    float64  `json:"occupancy_ci95"`
	ProbWait         float64  `json:"prob_wait"`
	ProbWaitCI95     float64  `json:"prob_wait_ci95"`
	AbandonRate      *float64 `json:"abandon_rate,omitempty"`
	AbandonRateCI95  *float64 `json:"abandon_rate_ci95,omitempty"`
}

// fieldUsage makes a target's field error a usage error naming its flag.
func fieldUsage(err error) error {
	var fe *staff.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	name, ok := targetFlags[fe.Field]
	if !ok {
		name = fe.Field
	}
	return usagef("--%s: %v", name, fe.Err)
}

func runSimulate(cmd *cobra.Command, s *streams, o *simulateOptions) error {
	n, err := strconv.Atoi(o.Agents)
	if err != nil {
		return usagef("invalid argument %q for \"--agents\" flag: want a whole number", o.Agents)
	}
	o.agents = n
	if err := o.checkStdout(); err != nil {
		return err
	}
	switch {
	case o.AHT <= 0:
		return usagef("--aht is required: the average handle time, e.g. 348 or 5m48s")
	case o.agents < 1 || o.agents > staff.MaxAgents:
		return usagef("--agents %d: want a whole number from 1 to %d", o.agents, staff.MaxAgents)
	case o.target.Concurrency != math.Trunc(o.target.Concurrency):
		return usagef("--concurrency %g: the simulation hands out whole chats, want a whole number", o.target.Concurrency)
	}
	t := o.target
	t.Channel = "interval"
	t.PatienceSeconds = o.Patience.Seconds()
	// Erlang's figures, shown beside the simulated ones, also check the
	// target and the load.
	want, err := t.Evaluate(o.agents, o.Contacts, o.AHT.Seconds(), o.Interval)
	if err != nil {
		return fieldUsage(err)
	}
	if !want.Stable {
		return usagef("--agents %d: %d slots for a load of %.3g Erlangs, a queue without --patience that grows without end; want more agents", o.agents, want.Agents, want.Load)
	}
	m, err := o.model()
	if err != nil {
		return err
	}
	done := s.busy("simulating")
	res, err := sim.Run(cmd.Context(), m, o.Replications, o.Seed)
	done()
	if err != nil {
		return err
	}
	sum := res.Queues[0].Summary
	if o.output.Format == "json" {
		r := simulateResult{Agents: o.agents, LoadErlangs: want.Load, Replications: o.Replications, Hours: o.Hours,
			ServiceLevel: sum.ServiceLevel.Mean, ServiceLevelCI95: sum.ServiceLevel.HalfWidth,
			ASASeconds: sum.ASA.Mean, ASASecondsCI95: sum.ASA.HalfWidth,
			Occupancy: sum.Occupancy.Mean, OccupancyCI95: sum.Occupancy.HalfWidth,
			ProbWait: sum.ProbWait.Mean, ProbWaitCI95: sum.ProbWait.HalfWidth}
		if o.Patience > 0 {
			r.AbandonRate, r.AbandonRateCI95 = &sum.AbandonRate.Mean, &sum.AbandonRate.HalfWidth
		}
		out, _ := json.MarshalIndent(r, "", "  ")
		_, err := fmt.Fprintf(s.Out, "%s\n", out)
		return err
	}
	tb := &table.Table{Name: "Simulation", Columns: []string{"metric", "simulated", "ci95", "erlang"}}
	rows := []struct {
		key          string
		got          sim.Estimate
		erlang       float64
		withPatience bool
	}{
		{"service_level", sum.ServiceLevel, want.ServiceLevel, false},
		{"asa_seconds", sum.ASA, want.ASA, false},
		{"occupancy", sum.Occupancy, want.Occupancy, false},
		{"prob_wait", sum.ProbWait, want.ProbWait, false},
		{"abandon_rate", sum.AbandonRate, want.AbandonRate, true},
	}
	for _, r := range rows {
		if !r.withPatience || o.Patience > 0 {
			tb.Rows = append(tb.Rows, []any{r.key, r.got.Mean, r.got.HalfWidth, r.erlang})
		}
	}
	// Machines read every figure in full; people the rounded ones.
	forPeople := o.output.Format == "table" || o.output.Format == "" && s.Terminal
	if forPeople {
		tb.Decimals = map[string]int{"simulated": 4, "ci95": 4, "erlang": 4}
		fmt.Fprintf(s.Out, "load %.2f Erlangs on %d agents: %g hours simulated in %d replications, %.0f contacts\n",
			want.Load, o.agents, o.Hours, o.Replications, sum.Offered.Mean*float64(o.Replications))
	}
	return writeStdout(s, o.output.Format, o.output.CSV, tb)
}

// checkStdout refuses the output flags of a roster's simulation: one
// queue's figures go to stdout.
func (o *simulateOptions) checkStdout() error {
	out := o.output
	if out.Path != "" || out.Update || out.Force {
		return usagef("-o, --update and --force need --roster FILE: one queue's figures go to stdout")
	}
	return out.check()
}

// runSimulateRoster simulates a roster against its forecast and targets.
func runSimulateRoster(ctx context.Context, s *streams, o *simulateOptions) error {
	for _, f := range []struct{ name, value string }{{"forecast", o.Forecast}, {"targets", o.Targets}} {
		if err := required(f.name, f.value); err != nil {
			return err
		}
	}
	if err := o.output.check(); err != nil {
		return err
	}
	if err := notInput(o.output.Path, o.Roster, o.Forecast, o.Targets, o.Agents); err != nil {
		return err
	}
	var src plan.Source
	shifts, err := src.Roster(o.input.main(o.Roster, nil))
	if err != nil {
		return err
	}
	quantiles := []plan.Quantile{plan.Point}
	if o.ForecastError {
		quantiles = append(quantiles, plan.P10, plan.P90)
	}
	ds, err := src.Demands(plan.Input{Path: o.Forecast, Encoding: o.input.Encoding}, quantiles...)
	if err != nil {
		return err
	}
	demands := ds[0]
	opt := roster.Options{Replications: o.Replications, Seed: o.Seed, CV: o.CV}
	if o.ForecastError {
		opt.P10, opt.P90 = ds[1], ds[2]
	}
	targets, err := src.Targets(plan.Input{Path: o.Targets, Encoding: o.input.Encoding})
	if err != nil {
		return err
	}
	if o.Agents != "" {
		if opt.Agents, err = src.Skills(plan.Input{Path: o.Agents, Encoding: o.input.Encoding}); err != nil {
			return err
		}
	}
	if err := plan.CheckTargets(plan.DemandSeries(demands), targets, o.Targets, o.Forecast); err != nil {
		return err
	}
	contacts := 0.0
	for _, d := range demands {
		contacts += floats.Sum(d.Contacts)
	}
	if total := contacts * float64(o.Replications); total > maxSimulated {
		return usagef("--replications %d: %.3g contacts to simulate, want at most %g; lower --replications", o.Replications, total, float64(maxSimulated))
	}
	done := s.busy("simulating")
	res, err := plan.Simulate(ctx, shifts, demands, targets, opt, o.Targets, o.Forecast)
	done()
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		s.warnf("%s", w)
	}
	if err := o.output.write(s, records.Simulation(res), nil); err != nil {
		return err
	}
	if s.Quiet {
		return nil
	}
	sum := records.SimulationSummary(res)
	// With the intervals on stdout, the summary goes to stderr for people.
	if o.output.Path == "" {
		return writeStdout(&streams{Out: s.Err, Terminal: s.ErrTerm}, "table", o.output.CSV, sum)
	}
	return writeStdout(s, o.output.Format, o.output.CSV, sum)
}

// model returns the steady queue to simulate: hours/replications of
// measured time per replication after its warm-up, in whole intervals.
func (o *simulateOptions) model() (sim.Model, error) {
	iv := o.Interval.Seconds()
	measured := int(math.Max(1, math.Ceil(o.Hours*3600/float64(o.Replications)/iv*(1-1e-12))))
	warm := sim.SteadyWarmUp(measured, o.AHT.Seconds(), iv)
	if total := o.Contacts * float64(warm+measured) * float64(o.Replications); total > maxSimulated {
		return sim.Model{}, usagef("--hours %g: %.3g contacts to simulate at %g per --interval %s, want at most %g; lower --hours",
			o.Hours, total, o.Contacts, dur.Text(o.Interval), float64(maxSimulated))
	}
	q := sim.Queue{Name: "interval", AHT: o.AHT.Seconds(), CV: o.CV, Patience: o.Patience.Seconds(),
		Concurrency: int(o.target.Concurrency), Answer: o.target.AnswerSeconds}
	return sim.Steady(q, o.Contacts, iv, warm, measured, o.agents), nil
}
