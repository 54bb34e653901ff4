package schedule

import (
	"context"
	"fmt"
	"slices"

	"github.com/wfm-dev/wfm/internal/workers"
	"github.com/wfm-dev/wfm/schedule/staff"
	"gonum.org/v1/gonum/floats"
)

// part is the requirement rows of one series, as indexes into all rows.
type part struct {
	rows []int
	reqs []staff.Requirement
}

// independentSeries splits the requirements by series when nothing ties
// the series together - no named agents to share, no max_tours cap to
// split - so that each can be rostered on its own core. It returns nil
// otherwise.
func independentSeries(reqs []staff.Requirement, templates []Template, agents []Agent) []part {
	if len(agents) > 0 || slices.ContainsFunc(templates, func(t Template) bool { return t.MaxTours > 0 }) {
		return nil
	}
	index := map[seriesKey]int{}
	var parts []part
	for row, q := range reqs {
		k := seriesKey{q.Channel, q.Region}
		i, ok := index[k]
		if !ok {
			i = len(parts)
			index[k] = i
			parts = append(parts, part{})
		}
		parts[i].rows = append(parts[i].rows, row)
		parts[i].reqs = append(parts[i].reqs, q)
	}
	return parts
}

// buildParts rosters each part on its own, in parallel, and merges the
// rosters as build would have made them together: coverage in the
// requirements' order, a summary per series then the total, and tours
// numbered over the whole roster, series by series. The result does not
// depend on the number of cores.
func buildParts(ctx context.Context, reqs []staff.Requirement, parts []part, templates []Template, opt Options) (Roster, error) {
	states := make([]*state, len(parts))
	bounds := make([]bound, len(parts))
	errs := make([]error, len(parts))
	// The largest series first, so that the cores end together rather
	// than one of them finishing a large series alone.
	order := make([]int, len(parts))
	size := make([]int, len(parts))
	for i, pt := range parts {
		order[i] = i
		for _, q := range pt.reqs {
			size[i] += q.Staff
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return size[b] - size[a] })
	workers.Each(len(parts), func(k int) {
		i := order[k]
		states[i], bounds[i], errs[i] = solve(ctx, parts[i].reqs, templates, nil, opt)
	})
	for i, err := range errs {
		if err != nil {
			return Roster{}, fmt.Errorf("%s/%s: %w", parts[i].reqs[0].Channel, parts[i].reqs[0].Region, err)
		}
	}
	// Numbering is sequential, part after part; the ids' width is known
	// once every part is numbered.
	nm := newNamer(templates, opt.TimeOff)
	for _, st := range states {
		nm.name(st)
	}
	workers.Each(len(states), func(i int) { states[i].placeActivities(opt.Activities) })
	rosters := make([]Roster, len(parts))
	for i, st := range states {
		rosters[i] = st.roster(parts[i].reqs, bounds[i], opt.ServiceLevel, nm)
	}

	out := Roster{Coverage: make([]Coverage, len(reqs))}
	total := Summary{}
	var sl slMean
	searched := 0.0 // under-coverage the parts' searches left
	for i, r := range rosters {
		out.Shifts = append(out.Shifts, r.Shifts...)
		for k, c := range r.Coverage {
			out.Coverage[parts[i].rows[k]] = c
			sl.add(parts[i].reqs[k].Contacts, c)
		}
		series, sum := r.Summaries[0], r.Summaries[len(r.Summaries)-1]
		out.Summaries = append(out.Summaries, series)
		total.addTotals(sum)
		// Each series' bound is a bound on its own cost, so their sum bounds the whole.
		total.LowerBound += sum.LowerBound
		searched += floats.Sum(states[i].searched)
		for _, w := range r.Warnings {
			if !slices.Contains(out.Warnings, w) {
				out.Warnings = append(out.Warnings, w)
			}
		}
	}
	total.ServiceLevel = sl.value()
	total.LowerBound = shortBound(total.LowerBound, searched)
	out.Summaries = append(out.Summaries, total)
	nm.finish(&out)
	return out, nil
}
