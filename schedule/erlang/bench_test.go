package erlang

import (
	"math"
	"testing"
)

// typicalLoads are 1 to 50 Erlangs, fractional, as interval forecasts give.
func typicalLoads() []float64 {
	loads := make([]float64, 1024)
	for i := range loads {
		loads[i] = 1 + 49*float64((i*7919)%1024)/1023
	}
	return loads
}

var sink Metrics

// BenchmarkAgentsTypical: one fewest-agents solve per op at 1-50 Erlangs
// against 80/20, ASA 30 s and an 85% occupancy cap.
func BenchmarkAgentsTypical(b *testing.B) {
	loads := typicalLoads()
	tg := Targets{ServiceLevel: 0.8, Answer: 20, ASA: 30, MaxOccupancy: 0.85}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m, err := Queue{Load: loads[i%len(loads)], AHT: 348}.Agents(tg)
		if err != nil {
			b.Fatal(err)
		}
		sink = m
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "solves/s")
}

// BenchmarkAgentsLarge: one solve at 100,000 Erlangs.
func BenchmarkAgentsLarge(b *testing.B) {
	tg := Targets{ServiceLevel: 0.8, Answer: 20, MaxOccupancy: 0.99}
	b.ReportAllocs()
	for b.Loop() {
		m, err := Queue{Load: 100000, AHT: 348}.Agents(tg)
		if err != nil {
			b.Fatal(err)
		}
		sink = m
	}
}

// BenchmarkEvaluateTypical: one Erlang C evaluation at 1-50 Erlangs.
func BenchmarkEvaluateTypical(b *testing.B) {
	loads := typicalLoads()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := loads[i%len(loads)]
		sink = Queue{Load: a, AHT: 348}.Evaluate(int(a)+3, 20)
		i++
	}
}

// BenchmarkAgentsErlangATypical: one Erlang A solve at 1-50 Erlangs with a
// mean patience of 2 minutes.
func BenchmarkAgentsErlangATypical(b *testing.B) {
	loads := typicalLoads()
	tg := Targets{ServiceLevel: 0.8, Answer: 20, MaxOccupancy: 0.85}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m, err := Queue{Load: loads[i%len(loads)], AHT: 348, Patience: 120}.Agents(tg)
		if err != nil {
			b.Fatal(err)
		}
		sink = m
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "solves/s")
}

// BenchmarkAgentsNearErlangATypical is BenchmarkAgentsErlangATypical along a
// smooth run of loads, each search starting from the previous answer moved
// by the change in load, as Staff does along a series.
func BenchmarkAgentsNearErlangATypical(b *testing.B) {
	loads := make([]float64, 1024)
	for i := range loads {
		loads[i] = 25.5 + 24*math.Sin(float64(i)*2*math.Pi/96)
	}
	tg := Targets{ServiceLevel: 0.8, Answer: 20, MaxOccupancy: 0.85}
	b.ReportAllocs()
	i, prev := 0, Metrics{}
	for b.Loop() {
		a := loads[i%len(loads)]
		guess := 0
		if prev.Agents > 0 {
			guess = prev.Agents + int(math.Round(a-prev.Load))
		}
		m, err := Queue{Load: a, AHT: 348, Patience: 120}.AgentsNear(tg, guess)
		if err != nil {
			b.Fatal(err)
		}
		sink, prev = m, m
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "solves/s")
}
