package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// maxSimulated bounds the contacts one simulate run draws: about a minute
// of work.
const maxSimulated = 1e8

type simulateOptions struct {
	Contacts     float64
	AHT          time.Duration
	CV           float64
	Interval     time.Duration
	Patience     time.Duration
	Agents       int
	Hours        float64
	Replications int
	Seed         uint64
	target       staff.Target
	Format       string
}

func newSimulateCmd(s *streams) *cobra.Command {
	o := &simulateOptions{Interval: 30 * time.Minute, Hours: 2000, Replications: 20, Seed: 1,
		target: staff.Target{ServiceLevel: 0.8, AnswerSeconds: 20, Concurrency: 1}}
	cmd := &cobra.Command{
		Use:   "simulate --contacts N --aht DURATION --agents N [flags]",
		Short: "Simulate one steady interval's queue, contact by contact, with confidence intervals",
		Long: `The analyst's check of 'wfm erlang' by discrete-event simulation: the
interval's contacts arrive at random (Poisson) on a queue served by --agents
agents, for --hours of simulated time split into --replications independent
runs. It prints the service level (contacts answered within the --sl seconds
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
		Example: `  wfm simulate --contacts 100 --aht 180 --interval 30m --sl 80/20 --agents 14
  wfm simulate --contacts 100 --aht 180 --sl 80/20 --agents 12 --patience 5m --format json
  wfm simulate --contacts 400 --aht 5m48s --sl 80/60 --agents 42 --concurrency 2 --aht-cv 0.6 --hours 500`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, name := range []string{"contacts", "agents"} {
				if !cmd.Flags().Changed(name) {
					return usagef("--%s is required", name)
				}
			}
			return runSimulate(cmd, s, o)
		},
	}
	f := cmd.Flags()
	f.Var(floatFlag{&o.Contacts, 0, staff.MaxContacts, false}, "contacts", fmt.Sprintf("contacts offered in each interval, at most %g", float64(staff.MaxContacts)))
	f.Var(durationFlag{&o.AHT, time.Second}, "aht", "average handle time, e.g. 348 (seconds) or 5m48s")
	f.Var(floatFlag{&o.CV, 0, 10, false}, "aht-cv", "coefficient of variation of handle times, lognormal; 0 draws them exponential")
	f.Var(durationFlag{&o.Interval, time.Minute}, "interval", "interval length")
	f.Var(serviceLevelFlag{&o.target.ServiceLevel, &o.target.AnswerSeconds}, "sl", "service-level target PERCENT/SECONDS; the seconds count as answered in time")
	f.IntVar(&o.Agents, "agents", 0, fmt.Sprintf("agents on seat, 1 to %d", staff.MaxAgents))
	f.Var(floatFlag{&o.target.Concurrency, 1, staff.MaxConcurrency, false}, "concurrency", fmt.Sprintf("contacts one agent handles at once (chat), a whole number from 1 to %d", staff.MaxConcurrency))
	f.Var(durationFlag{&o.Patience, time.Second}, "patience", "mean customer patience, e.g. 60s: model abandonment (Erlang A)")
	f.Var(floatFlag{&o.Hours, 0, 1e7, true}, "hours", "simulated hours over all replications, warm-ups aside")
	f.IntVar(&o.Replications, "replications", o.Replications, fmt.Sprintf("independent runs the confidence intervals come from, %d to 1000", sim.MinReplications))
	f.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the random numbers")
	enumVarP(cmd, f, &o.Format, "format", "", "", stdoutFormats, "output, by default table on a terminal, else csv")
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
	switch {
	case o.AHT <= 0:
		return usagef("--aht is required: the average handle time, e.g. 348 or 5m48s")
	case o.Agents < 1 || o.Agents > staff.MaxAgents:
		return usagef("--agents %d: want a whole number from 1 to %d", o.Agents, staff.MaxAgents)
	case o.Replications < sim.MinReplications || o.Replications > 1000:
		return usagef("--replications %d: want a whole number from %d to 1000", o.Replications, sim.MinReplications)
	case o.target.Concurrency != math.Trunc(o.target.Concurrency):
		return usagef("--concurrency %g: the simulation hands out whole chats, want a whole number", o.target.Concurrency)
	}
	t := o.target
	t.Channel = "interval"
	t.PatienceSeconds = o.Patience.Seconds()
	// Erlang's figures, shown beside the simulated ones, also check the
	// target and the load.
	want, err := t.Evaluate(o.Agents, o.Contacts, o.AHT.Seconds(), o.Interval)
	if err != nil {
		return fieldUsage(err)
	}
	if !want.Stable {
		return usagef("--agents %d: %d slots for a load of %.3g Erlangs, a queue without --patience that grows without end; want more agents", o.Agents, want.Agents, want.Load)
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
	if o.Format == "json" {
		r := simulateResult{Agents: o.Agents, LoadErlangs: want.Load, Replications: o.Replications, Hours: o.Hours,
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
	forPeople := o.Format == "table" || o.Format == "" && s.Terminal
	if forPeople {
		tb.Decimals = map[string]int{"simulated": 4, "ci95": 4, "erlang": 4}
		fmt.Fprintf(s.Out, "load %.2f Erlangs on %d agents: %g hours simulated in %d replications, %.0f contacts\n",
			want.Load, o.Agents, o.Hours, o.Replications, sum.Offered.Mean*float64(o.Replications))
	}
	return writeStdout(s, o.Format, table.CSVFormat{}, tb)
}

// model returns the steady queue to simulate: each replication a warm-up,
// a tenth of its measured length and at least 20 handle times, then
// hours/replications, in whole intervals.
func (o *simulateOptions) model() (sim.Model, error) {
	iv := o.Interval.Seconds()
	measured := math.Max(1, math.Ceil(o.Hours*3600/float64(o.Replications)/iv*(1-1e-12)))
	warm := math.Max(math.Ceil(measured/10), math.Ceil(20*o.AHT.Seconds()/iv))
	n := measured + warm
	if total := o.Contacts * n * float64(o.Replications); total > maxSimulated {
		return sim.Model{}, usagef("--hours %g: %.3g contacts to simulate at %g per --interval %s, want at most %g; lower --hours",
			o.Hours, total, o.Contacts, dur.Text(o.Interval), float64(maxSimulated))
	}
	q := sim.Queue{Name: "interval", Offered: make([]float64, int(n)), AHT: o.AHT.Seconds(), CV: o.CV,
		Patience: o.Patience.Seconds(), Concurrency: int(o.target.Concurrency), Answer: o.target.AnswerSeconds}
	for i := range q.Offered {
		q.Offered[i] = o.Contacts
	}
	m := sim.Model{Interval: iv, WarmUp: warm * iv, Queues: []sim.Queue{q}, Agents: make([]sim.Agent, o.Agents)}
	for i := range m.Agents {
		m.Agents[i] = sim.Agent{Skills: []int{0}, Duty: []sim.Period{{Start: 0, End: math.Inf(1)}}}
	}
	return m, nil
}
