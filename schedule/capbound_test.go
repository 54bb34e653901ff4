package schedule

import (
	"context"
	"testing"
	"time"
)

// TestCappedBound: a binding max_tours cap on the cheap template raises the
// bound above the uncapped one, keeps it below the roster's cost, and
// leaves it the same whatever the effort.
func TestCappedBound(t *testing.T) {
	pt := Template{Name: "PT4", Length: 4 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 14 * time.Hour,
		StartStep: 30 * time.Minute, DaysPerWeek: 5, DaysOff: AnyDaysOff, CostPerHour: 1.5}
	capped := ft8
	capped.MaxTours = 2
	reqs := dayReqs(9, 17, 3)
	build := func(tmpls []Template, effort float64) Summary {
		t.Helper()
		r, err := Build(context.Background(), reqs, tmpls, nil, Options{Effort: effort})
		if err != nil {
			t.Fatal(err)
		}
		check(t, reqs, tmpls, nil, r)
		return r.Summaries[len(r.Summaries)-1]
	}
	free := build([]Template{ft8, pt}, 1)
	var bounds []float64
	for _, effort := range []float64{0.25, 1} {
		tot := build([]Template{capped, pt}, effort)
		// 21 shifts of 8 h are needed; with 10 of them FT8, the other 88 h
		// are PT4 at 1.5: the capped relaxation costs about 212
		if tot.LowerBound < free.LowerBound+40 || tot.LowerBound > tot.Cost+1e-6 {
			t.Errorf("effort %g: bound %g, want above the uncapped %g by 40 and at most the cost %g", effort, tot.LowerBound, free.LowerBound, tot.Cost)
		}
		bounds = append(bounds, tot.LowerBound)
	}
	if bounds[0] != bounds[1] {
		t.Errorf("bounds %v differ with the effort", bounds)
	}
}
