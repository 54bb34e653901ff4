package schedule

import (
	"context"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// twoSeries is a week of chat in two regions, interleaved row by row as a
// requirements file sorted by time would list them.
func twoSeries() ([]staff.Requirement, []Template) {
	rng := rand.New(rand.NewPCG(3, 9))
	east := weekRequirements("chat", "east", 30*time.Minute, 8, 24, 30, 348, rng)
	south := weekRequirements("chat", "south", 30*time.Minute, 8, 24, 18, 348, rng)
	var reqs []staff.Requirement
	for i := range east {
		reqs = append(reqs, east[i], south[i])
	}
	_, tmpls := instanceA(1, 30)
	return reqs, tmpls
}

// TestIndependentSeriesMatchTheirOwnRosters checks that rostering series
// side by side gives each the roster it gets alone, coverage in the
// requirements' order, totals that add up and tour names used once.
func TestIndependentSeriesMatchTheirOwnRosters(t *testing.T) {
	reqs, tmpls := twoSeries()
	together, err := Build(context.Background(), reqs, tmpls, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, reqs, tmpls, nil, together)
	var paid, cost, bound float64
	for i, region := range []string{"east", "south"} {
		var own []staff.Requirement
		for _, q := range reqs {
			if q.Region == region {
				own = append(own, q)
			}
		}
		alone, err := Build(context.Background(), own, tmpls, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(alone.Summaries[0], together.Summaries[i], cmpopts.EquateNaNs()); diff != "" {
			t.Errorf("%s summary differs alone and together (-alone +together):\n%s", region, diff)
		}
		for k, row := 0, 0; row < len(reqs); row++ {
			if reqs[row].Region != region {
				continue
			}
			if diff := cmp.Diff(alone.Coverage[k], together.Coverage[row], cmpopts.EquateNaNs()); diff != "" {
				t.Fatalf("coverage of row %d (-alone +together):\n%s", row, diff)
			}
			k++
		}
		paid += alone.Summaries[0].PaidHours
		cost += alone.Summaries[0].Cost
		bound += alone.Summaries[0].LowerBound
	}
	total := together.Summaries[2]
	if total.PaidHours != paid || total.Cost != cost || total.LowerBound != bound {
		t.Errorf("total %+v, want paid %v cost %v bound %v", total, paid, cost, bound)
	}
	tours := map[string]string{}
	for _, s := range together.Shifts {
		if region, ok := tours[s.AgentID]; ok && region != s.Region {
			t.Fatalf("tour %s serves both %s and %s", s.AgentID, region, s.Region)
		}
		tours[s.AgentID] = s.Region
	}
}

func TestRosterDoesNotDependOnCores(t *testing.T) {
	reqs, tmpls := twoSeries()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one, err := Build(context.Background(), reqs, tmpls, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	four, err := Build(context.Background(), reqs, tmpls, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(one, four, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("roster on 1 and 4 cores differs (-1 +4):\n%s", diff)
	}
}
