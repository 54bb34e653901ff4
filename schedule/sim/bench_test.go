package sim

import (
	"fmt"
	"testing"

	"github.com/wfm-dev/wfm/schedule/erlang"
)

// BenchmarkEvents runs one replication of a steady queue per op, Erlang A
// at 80/20, and reports the events simulated per second on one core.
func BenchmarkEvents(b *testing.B) {
	for _, load := range []float64{10, 2000} {
		b.Run(fmt.Sprintf("%gErlangs", load), func(b *testing.B) {
			q := erlang.Queue{Load: load, AHT: 180, Patience: 180}
			w, err := q.Agents(erlang.Targets{ServiceLevel: 0.8, Answer: 20})
			if err != nil {
				b.Fatal(err)
			}
			m := steady(load, 180, 180, 1, w.Agents, 200000)
			nIv, err := m.intervals()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			events := 0
			for b.Loop() {
				e := newEngine(&m, nIv, 1, 0)
				e.run(b.Context())
				events += e.events
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
