package schedule

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
)

// The benchmarks build the rosters of the generated instances (a), (b) and
// (c) and report the roster's quality next to the time: paid hours, the
// gap to the lower bound (%) and, for (c), the independent checker's verdict.

func reportRoster(b *testing.B, r Roster) {
	tot := r.Summaries[len(r.Summaries)-1]
	b.ReportMetric(tot.PaidHours, "paid-h")
	b.ReportMetric(100*tot.Gap(), "gap-%")
	b.ReportMetric(tot.UnderHours, "under-h")
}

// BenchmarkInstanceA: a week of 30-minute intervals open 08:00-24:00, full-
// and part-time same-start tours without breaks (compare with the MIP
// optimum: testdata/mipcheck.sh).
func BenchmarkInstanceA(b *testing.B) {
	reqs, tmpls := instanceA(3, 300)
	r := benchBuild(b, reqs, tmpls, nil)
	reportRoster(b, r)
}

// BenchmarkInstanceB: a 24/7 week of 15-minute intervals, 3 channels x 2
// regions, four templates with breaks and lunches in windows, across the
// range of 300 to 800 tours. Small series leave more of the gap to
// integrality: whole tours cannot follow the requirement as closely as the
// relaxation's fractions.
func BenchmarkInstanceB(b *testing.B) {
	for _, v := range []struct {
		name   string
		volume float64
	}{{"300-tours", 0.55}, {"440-tours", 1}, {"800-tours", 2.4}} {
		b.Run(v.name, func(b *testing.B) {
			reqs, tmpls := instanceB(1, v.volume)
			r := benchBuild(b, reqs, tmpls, nil)
			reportRoster(b, r)
			b.ReportMetric(float64(countTours(r)), "tours")
		})
	}
}

// BenchmarkInstanceC: instance (b)'s demand with 500 named agents of mixed
// skills, contracts and availability; every agent rule is checked.
func BenchmarkInstanceC(b *testing.B) {
	reqs, tmpls, agents := instanceC(1, 500)
	r := benchBuild(b, reqs, tmpls, agents)
	check(b, reqs, tmpls, agents, r)
	reportRoster(b, r)
	b.ReportMetric(float64(countTours(r)), "tours")
}

func benchBuild(b *testing.B, reqs []staff.Requirement, tmpls []Template, agents []Agent) Roster {
	b.ReportAllocs()
	var r Roster
	for b.Loop() {
		var err error
		if r, err = Build(context.Background(), reqs, tmpls, agents, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	return r
}

func countTours(r Roster) int {
	ids := map[string]bool{}
	for _, s := range r.Shifts {
		ids[s.AgentID] = true
	}
	return len(ids)
}

// BenchmarkRelax solves the linear relaxation of a 24/7 week of 30-minute
// intervals, as each series of the demo does first, and reports the
// simplex pivots it took.
func BenchmarkRelax(b *testing.B) {
	reqs := weekRequirements("chat", "east", 30*time.Minute, 0, 24, 120, 348, rand.New(rand.NewPCG(5, 7)))
	p, err := prepare(reqs, demoTemplates(), nil)
	if err != nil {
		b.Fatal(err)
	}
	pivots := 0
	for b.Loop() {
		budget := lpBudget
		if rel := p.relax(0, p.req[0], nil, &budget); !rel.exact {
			b.Fatal("relaxation not solved within the budget")
		}
		pivots = lpBudget - budget
	}
	b.ReportMetric(float64(pivots), "pivots")
}

// demoTemplates are the demo's templates: same-start days with two breaks
// apart, nights, part-time days.
func demoTemplates() []Template {
	brk := []Break{{Length: 30 * time.Minute, Paid: true, EarliestAfter: 2 * time.Hour, LatestAfter: 3 * time.Hour},
		{Length: time.Hour, EarliestAfter: 3*time.Hour + 30*time.Minute, LatestAfter: 5 * time.Hour}}
	return []Template{
		{Name: "FT8", Length: 8 * time.Hour, EarliestStart: 7 * time.Hour, LatestStart: 16 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true, Breaks: brk, MinBreakGap: time.Hour, CostPerHour: 60},
		{Name: "PT4", Length: 4 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 20 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: AnyDaysOff, CostPerHour: 55},
		{Name: "NIGHT", Length: 8 * time.Hour, EarliestStart: 22 * time.Hour, LatestStart: 23 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true, Breaks: brk, MinBreakGap: time.Hour, CostPerHour: 72},
	}
}
