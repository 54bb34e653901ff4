package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/wfm-dev/wfm/schedule/erlang"
)

// steady returns a model of one queue offered load Erlangs at constant
// rate, served by agents on duty throughout: warm-up intervals, then enough
// intervals for about contacts contacts per replication.
func steady(load, aht, patience float64, concurrency, agents int, contacts float64) Model {
	const interval = 1800.0
	perInterval := load / aht * interval
	// Twenty handle times settle a queue started empty, at every load here.
	warm := int(math.Ceil(20 * aht / interval))
	return Steady(Queue{AHT: aht, Patience: patience, Concurrency: concurrency, Answer: 20},
		perInterval, interval, warm, int(math.Ceil(contacts/perInterval)), agents)
}

// TestSteadyStateMatchesErlang: one queue at constant load, served by the
// fewest agents (slots, with concurrency) meeting 80/20, gives the service
// level, ASA, abandon rate, probability of waiting and occupancy of Erlang
// C (M/M/N) and, with a patience, Erlang A (M/M/N+M), from 1 to 2,000
// Erlangs. Each figure must lie within two half-widths of its 95% interval,
// plus a hair for the bias left by the warm-up: with a t of 2.26 (nine
// degrees of freedom) that is 4.5 standard errors, which a correct
// simulator misses about once in 10^5 figures, so that the fixed seed is
// not chosen to pass; and the half-widths themselves are bounded so that a
// loose interval cannot hide an error.
func TestSteadyStateMatchesErlang(t *testing.T) {
	const aht, reps = 180.0, 10
	type tc struct {
		load, patience float64
		concurrency    int
		sl             float64 // the target that sets the agents
	}
	var cases []tc
	for _, load := range []float64{1, 5, 20, 100, 500, 2000} {
		// Large queues without abandonment drift slowly near 80/20, and
		// would need long runs for a tight interval: staff them to more.
		sl := 0.8
		if load >= 100 {
			sl = 0.95
		}
		cases = append(cases, tc{load, 0, 1, sl}, tc{load, aht, 1, 0.8})
	}
	cases = append(cases, tc{20, 0, 3, 0.8}, tc{20, 120, 2, 0.8})
	for _, c := range cases {
		t.Run(fmt.Sprintf("%gE_patience%g_concurrency%d", c.load, c.patience, c.concurrency), func(t *testing.T) {
			q := erlang.Queue{Load: c.load, AHT: aht, Patience: c.patience}
			want, err := q.Agents(erlang.Targets{ServiceLevel: c.sl, Answer: 20})
			if err != nil {
				t.Fatal(err)
			}
			agents := (want.Agents + c.concurrency - 1) / c.concurrency
			want = q.Evaluate(agents*c.concurrency, 20)
			// Queues drift on the scale of a handle time: run at least a
			// hundred of them.
			m := steady(c.load, aht, c.patience, c.concurrency, agents, max(30000, 100*c.load))
			res, err := Run(t.Context(), m, reps, 7)
			if err != nil {
				t.Fatal(err)
			}
			s := res.Queues[0].Summary
			// Large queues without abandonment swing between long spells
			// without a wait and rarer congested ones lasting many handle
			// times: a hundred of them leave intervals twice as wide.
			wide := 1.0
			if c.patience == 0 && c.load >= 500 {
				wide = 2
			}
			for _, f := range []struct {
				name      string
				got       Estimate
				want, bar float64 // bar bounds the half-width
			}{
				{"service level", s.ServiceLevel, want.ServiceLevel, 0.035 * wide},
				{"ASA", s.ASA, want.ASA, (0.25*want.ASA + 0.5) * wide},
				{"abandon rate", s.AbandonRate, want.AbandonRate, 0.01},
				{"prob wait", s.ProbWait, want.ProbWait, 0.06 * wide},
				{"occupancy", s.Occupancy, want.Occupancy, 0.01},
			} {
				if f.got.HalfWidth > f.bar {
					t.Errorf("%s: half-width %.4g above %.4g", f.name, f.got.HalfWidth, f.bar)
				}
				if d := math.Abs(f.got.Mean - f.want); d > 2*f.got.HalfWidth+1e-3*math.Max(f.want, 1) {
					t.Errorf("%s: simulated %.5g ± %.3g, Erlang %.5g (off by %.2f half-widths)", f.name, f.got.Mean, f.got.HalfWidth, f.want, d/f.got.HalfWidth)
				}
			}
			if c.patience == 0 && s.Abandoned.Mean != 0 {
				t.Errorf("%g contacts abandoned without patience", s.Abandoned.Mean)
			}
		})
	}
}
