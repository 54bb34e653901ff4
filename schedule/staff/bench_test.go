package staff

import (
	"context"
	"testing"
	"time"
)

// BenchmarkStaffYear staffs a year of 15-minute intervals for 4 channels
// (phone, chat at concurrency 2, social, deferred email) × 8 regions:
// 1,121,280 interval solves per op.
func BenchmarkStaffYear(b *testing.B) { benchmarkStaffYear(b, 0) }

// BenchmarkStaffYearErlangA is BenchmarkStaffYear with a 2-minute mean
// patience on the immediate channels, so every solve is Erlang A.
func BenchmarkStaffYearErlangA(b *testing.B) { benchmarkStaffYear(b, 120) }

func benchmarkStaffYear(b *testing.B, patience float64) {
	ds, ts := syntheticDemands(4, 8, 365*96, 15*time.Minute)
	for i := range ts {
		if ts[i].kind() == Immediate {
			ts[i].PatienceSeconds = patience
		}
	}
	n := 0
	for _, d := range ds {
		n += len(d.Contacts)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Staff(context.Background(), ds, ts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "intervals/s")
}

// BenchmarkServiceLevelWith scores one interval of a roster: fractional
// staff, shrinkage, 10-30 Erlangs.
func BenchmarkServiceLevelWith(b *testing.B) {
	t := Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, Shrinkage: 0.3}
	b.ReportAllocs()
	i := 0
	sum := 0.0
	for b.Loop() {
		c := 100 + float64(i%200)
		sum += t.ServiceLevelWith(c/2.5+float64(i%7), c, 300, 30*time.Minute)
		i++
	}
	if sum < 0 {
		b.Fatal(sum)
	}
}
