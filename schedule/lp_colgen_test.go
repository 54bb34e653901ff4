package schedule

import (
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

// A 24/7 week of 30-minute intervals is relaxed interval by interval, not
// in blocks: the relaxation's tours, at its values, cover every interval's
// requirement and cost exactly its bound, a dual-feasible value, so by weak
// duality they are the linear relaxation's optimum. Relaxed in blocks,
// they would cover blocks on the whole but leave intervals short.
func TestRelaxWholeWeekOfHalfHours(t *testing.T) {
	reqs := weekRequirements("chat", "east", 30*time.Minute, 0, 24, 120, 348, rand.New(rand.NewPCG(5, 7)))
	tmpls := []Template{
		{Name: "FT8", Length: 8 * time.Hour, LatestStart: 23*time.Hour + 30*time.Minute, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true},
		{Name: "PT4", Length: 4 * time.Hour, LatestStart: 20 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: AnyDaysOff, CostPerHour: 1.1},
	}
	p, err := prepare(reqs, tmpls, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := p.g.n()
	if n != 7*48 {
		t.Fatalf("%d intervals, want a week of half-hours", n)
	}
	budget := lpBudget
	rel := p.relax(0, p.req[0], nil, &budget)
	if !rel.exact {
		t.Fatalf("relaxation not solved within %d pivots", lpBudget)
	}
	perInterval := make([]int32, n)
	for i := range perInterval {
		perInterval[i] = int32(i)
	}
	cover := make([]float64, n)
	cost := 0.0
	for c, tr := range rel.tours {
		col := p.column(tr, perInterval)
		for k, i := range col.Rows {
			cover[i] += rel.x[c] * col.Vals[k]
		}
		cost += rel.x[c] * col.Cost
	}
	for i, r := range p.req[0] {
		if cover[i] < r-1e-6 {
			t.Fatalf("interval %s: the relaxation covers %g of %g", p.g.at(i*p.g.interval).Format("Mon 15:04"), cover[i], r)
		}
	}
	if !scalar.EqualWithinAbsOrRel(cost, rel.bound, 1e-6, 1e-6) {
		t.Errorf("the relaxation's tours cost %g, its bound is %g", cost, rel.bound)
	}
}
