package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/erlang"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// targetFlags names the flag of each target field the calculator takes.
var targetFlags = map[string]string{"service_level": "sl", "answer_seconds": "sl", "asa_seconds": "asa",
	"max_occupancy": "max-occupancy", "shrinkage": "shrinkage", "concurrency": "concurrency",
	"patience_seconds": "patience"}

type erlangOptions struct {
	Contacts float64
	AHT      time.Duration
	Interval time.Duration
	Patience time.Duration
	ASA      time.Duration
	target   staff.Target
	Format   string
}

func newErlangCmd(s *streams) *cobra.Command {
	o := &erlangOptions{Interval: 30 * time.Minute,
		target: staff.Target{ServiceLevel: 0.8, AnswerSeconds: 20, Concurrency: 1}}
	cmd := &cobra.Command{
		Use:   "erlang --contacts N --aht DURATION [flags]",
		Short: "Compute the agents one interval needs (Erlang C, or Erlang A with --patience)",
		Long: `The analyst's calculator: the fewest on-seat agents meeting every target given
(service level, ASA, maximum occupancy) for one interval's contacts, the staff
to schedule once shrinkage is added, and the service they give. The table
also lists the neighbouring agent counts, to show the trade-off.

With --concurrency c, chats are queued on c slots per agent, each taking the
per-chat handle time: agents = ceil(slots / c). With --patience, customers
abandon after an exponential patience of that mean (Erlang A).` + exitStatusHelp,
		Example: `  wfm erlang --contacts 100 --aht 180 --interval 30m --sl 80/20
  wfm erlang --contacts 400 --aht 5m48s --sl 80/60 --concurrency 2 --shrinkage 0.3 --format json
  wfm erlang --contacts 250 --aht 348 --sl 80/20 --asa 15s --max-occupancy 0.85 --patience 60s`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("contacts") {
				return usagef("--contacts is required: the contacts offered in the interval, >= 0")
			}
			return runErlang(s, o)
		},
	}
	f := cmd.Flags()
	f.Var(floatFlag{&o.Contacts, 0, staff.MaxContacts, false}, "contacts", fmt.Sprintf("contacts offered in the interval, at most %g", float64(staff.MaxContacts)))
	f.Var(durationFlag{&o.AHT, time.Second}, "aht", "average handle time, e.g. 348 (seconds) or 5m48s")
	f.Var(durationFlag{&o.Interval, time.Minute}, "interval", "interval length")
	f.Var(serviceLevelFlag{&o.target.ServiceLevel, &o.target.AnswerSeconds}, "sl", "service-level target PERCENT/SECONDS")
	f.Var(durationFlag{&o.ASA, time.Second}, "asa", "maximum average speed of answer, e.g. 15s")
	f.Float64Var(&o.target.MaxOccupancy, "max-occupancy", 0, "occupancy cap, e.g. 0.85")
	f.Float64Var(&o.target.Shrinkage, "shrinkage", 0, "share of paid time not on seat, e.g. 0.3")
	f.Var(floatFlag{&o.target.Concurrency, 1, staff.MaxConcurrency, false}, "concurrency", fmt.Sprintf("contacts one agent handles at once (chat), 1 to %d", staff.MaxConcurrency))
	f.Var(durationFlag{&o.Patience, time.Second}, "patience", "mean customer patience, e.g. 60s: model abandonment (Erlang A)")
	enumVarP(cmd, f, &o.Format, "format", "", "", stdoutFormats, "output, by default table on a terminal, else csv")
	return cmd
}

// erlangResult is the JSON object of the calculator.
type erlangResult struct {
	Agents       int      `json:"agents"`
	Staff        int      `json:"staff"`
	LoadErlangs  float64  `json:"load_erlangs"`
	ServiceLevel float64  `json:"service_level"`
	ASASeconds   *float64 `json:"asa_seconds"` // null when the queue is unstable
	Occupancy    float64  `json:"occupancy"`
	ProbWait     float64  `json:"prob_wait"`
	AbandonRate  *float64 `json:"abandon_rate,omitempty"`
}

func runErlang(s *streams, o *erlangOptions) error {
	if o.AHT <= 0 {
		return usagef("--aht is required: the average handle time, e.g. 348 or 5m48s")
	}
	t := o.target
	t.Channel = "interval"
	t.ASASeconds = o.ASA.Seconds()
	t.PatienceSeconds = o.Patience.Seconds()
	if err := t.Validate(); err != nil {
		var fe *staff.FieldError
		if errors.As(err, &fe) {
			return usagef("--%s: %v", targetFlags[fe.Field], fe.Err)
		}
		return &usageError{err}
	}
	aht := o.AHT.Seconds()
	if load := erlang.Load(o.Contacts, aht, o.Interval.Seconds()); load > erlang.MaxLoad {
		return usagef("--contacts %g with --aht %s in --interval %s: a load of %.3g Erlangs, want at most %g", o.Contacts, dur.Text(o.AHT), dur.Text(o.Interval), load, float64(erlang.MaxLoad))
	}
	agents, m, err := t.Agents(o.Contacts, aht, o.Interval)
	if err != nil {
		return err
	}
	if o.Format == "json" {
		out, _ := json.MarshalIndent(result(t, agents, m), "", "  ")
		_, err := fmt.Fprintf(s.Out, "%s\n", out)
		return err
	}
	// Machines read every figure in full; people the rounded ones.
	forPeople := o.Format == "table" || o.Format == "" && s.Terminal
	round := func(v float64, decimals int) float64 {
		if forPeople {
			return table.Round(v, decimals)
		}
		return v
	}
	nb := &table.Table{Name: "Erlang", Columns: []string{"agents", "staff", "service_level", "asa_seconds", "occupancy", "prob_wait"}}
	if t.PatienceSeconds > 0 {
		nb.Columns = append(nb.Columns, "abandon_rate")
	}
	nb.Columns = append(nb.Columns, "meets_targets")
	for n := max(agents-3, 0); n <= agents+3; n++ {
		nm, err := t.Evaluate(n, o.Contacts, aht, o.Interval)
		if err != nil {
			return err
		}
		r := result(t, n, nm)
		row := []any{n, r.Staff, round(r.ServiceLevel, 4), "unstable", round(r.Occupancy, 4), round(r.ProbWait, 4)}
		if r.ASASeconds != nil {
			row[3] = round(*r.ASASeconds, 2)
		}
		if r.AbandonRate != nil {
			row = append(row, round(*r.AbandonRate, 4))
		}
		nb.Rows = append(nb.Rows, append(row, n >= agents))
	}
	if forPeople {
		fmt.Fprintf(s.Out, "load %.2f Erlangs: %d agents on seat, %d staff with %.0f%% shrinkage\n",
			m.Load, agents, t.WithShrinkage(agents), 100*t.Shrinkage)
	}
	return writeStdout(s, o.Format, table.CSVFormat{}, nb)
}

// result gathers the figures of agents on seat, in full precision.
func result(t staff.Target, agents int, m erlang.Metrics) erlangResult {
	r := erlangResult{Agents: agents, Staff: t.WithShrinkage(agents), LoadErlangs: m.Load,
		ServiceLevel: m.ServiceLevel, Occupancy: m.Occupancy, ProbWait: m.ProbWait}
	if m.Stable {
		r.ASASeconds = &m.ASA
	}
	if t.PatienceSeconds > 0 {
		r.AbandonRate = &m.AbandonRate
	}
	return r
}
