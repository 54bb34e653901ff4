package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/skill"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Simulation of a cross-trained roster: replications of the week, and the
// rounds of staff added where it misses a target. Five replications of a
// week give a channel's weekly service level to within about a point.
const (
	crossTrainReplications = 5
	crossTrainRounds       = 2
)

// crossTrain computes the comparison row of a cross-training scenario.
// Named agents of the second channel are given the first one's skill in
// the scenario's share (every agent of either channel both, with Pool),
// taken in file order, and rostered again: the roster search chooses each
// shift's channel. Anonymous tours are rostered by skill.Build, which
// staffs each interval by simulation, the cross-trained agents blending
// both channels contact by contact, and checks the roster by simulation.
func crossTrain(ctx context.Context, base Baseline, s Scenario, demands []staff.Demand, targets []staff.Target) (Comparison, error) {
	tr := s.CrossTrain
	if base.Agents != nil {
		reqs, roster, err := rebuild(ctx, base, demands, targets, trainAgents(base.Agents, tr))
		if err != nil {
			return Comparison{}, err
		}
		return measure(base, demands, targets, reqs, roster, s)
	}
	reqs, err := Staff(ctx, demands, targets, base.File, base.File)
	if err != nil {
		return Comparison{}, err
	}
	opt := base.Options
	if opt.ServiceLevel, err = staff.ExpectedServiceLevel(reqs, targets); err != nil {
		return Comparison{}, err
	}
	out, err := skill.Build(ctx, reqs, targets, base.Templates, opt, tr,
		skill.Options{Replications: crossTrainReplications, Seed: simSeed(base), Rounds: crossTrainRounds})
	if err != nil {
		return Comparison{}, fmt.Errorf("cross-train: %w", err)
	}
	total := out.Roster.Summaries[len(out.Roster.Summaries)-1]
	roster := schedule.Roster{Shifts: out.Roster.Shifts, Coverage: out.Effective,
		Summaries: []schedule.Summary{effectiveTotal(total, reqs, out.Effective)}}
	c, err := measure(base, demands, targets, reqs, roster, s)
	c.Simulated = out.Simulated
	return c, err
}

// simSeed is the seed of the simulations: the roster search's, so that
// one seed gives one run.
func simSeed(base Baseline) uint64 {
	if base.Options.Seed == 0 {
		return 1
	}
	return base.Options.Seed
}

// simulateBaseline simulates the baseline roster's channels of each pair
// the scenarios cross-train from templates, each pair once, for the rows
// to compare with.
func simulateBaseline(ctx context.Context, base Baseline, scenarios []Scenario) ([]skill.ChannelService, error) {
	var out []skill.ChannelService
	done := map[[2]string]bool{}
	for _, s := range scenarios {
		pair := [2]string{strings.ToLower(s.CrossTrain.Channels[0]), strings.ToLower(s.CrossTrain.Channels[1])}
		if !s.crossTrains() || base.Agents != nil || done[pair] {
			continue
		}
		done[pair] = true
		sims, err := skill.Simulate(ctx, base.Requirements, base.Targets, base.Roster, s.CrossTrain, crossTrainReplications, simSeed(base))
		if err != nil {
			return nil, err
		}
		out = append(out, sims...)
	}
	return out, nil
}

// SimulatedTable lays out the simulated service of the comparisons that
// have one as the "Simulated" table: per scenario, channel and region the
// service level target, the simulated service level and occupancy with
// their 95% confidence half-widths, and Erlang's estimate of the service
// level beside. Nil when no comparison has a simulation.
func SimulatedTable(cs []Comparison) *table.Table {
	t := &table.Table{Name: "Simulated", Columns: []string{"scenario", "channel", "region", "contacts", "target_service_level",
		"service_level", "service_level_ci95", "erlang_service_level", "occupancy", "occupancy_ci95"},
		Decimals: map[string]int{"contacts": 0, "target_service_level": 3, "service_level": 3, "service_level_ci95": 3,
			"erlang_service_level": 3, "occupancy": 3, "occupancy_ci95": 3}}
	for _, c := range cs {
		for _, s := range c.Simulated {
			t.Rows = append(t.Rows, []any{c.Scenario, s.Channel, s.Region, s.Contacts, s.Target, s.Simulated.Mean,
				s.Simulated.HalfWidth, s.Erlang, s.Occupancy.Mean, s.Occupancy.HalfWidth})
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

// trainAgents returns a copy of the agents with tr applied: the share of
// the agents serving tr.Channels[1] but not [0] given [0] too, spread
// evenly over them in file order; with Pool, every agent serving either
// both. Agents of no listed channel serve every channel already.
func trainAgents(agents []schedule.Agent, tr skill.Training) []schedule.Agent {
	has := func(a schedule.Agent, ch string) bool {
		return slices.ContainsFunc(a.Channels, func(c string) bool { return strings.EqualFold(c, ch) })
	}
	out := slices.Clone(agents)
	k := 0
	for i, a := range out {
		if len(a.Channels) == 0 || has(a, tr.Channels[0]) && has(a, tr.Channels[1]) {
			continue
		}
		add := ""
		switch {
		case tr.Pool && has(a, tr.Channels[0]):
			add = tr.Channels[1]
		case has(a, tr.Channels[1]):
			// The k-th such agent is trained when the share's count
			// steps up at it: an even spread, exact in total.
			if math.Floor(float64(k+1)*tr.Share+1e-9) > math.Floor(float64(k)*tr.Share+1e-9) || tr.Pool {
				add = tr.Channels[0]
			}
			k++
		}
		if add != "" {
			out[i].Channels = append(slices.Clip(a.Channels), add)
		}
	}
	return out
}

// effectiveTotal is the roster's total summary, its hours measured against
// the requirements it was rostered to (the pair's staffed by simulation),
// with the service level Erlang expects of the effective coverage of the
// input requirements, as the roster's own series are not theirs.
func effectiveTotal(total schedule.Summary, reqs []staff.Requirement, cov []schedule.Coverage) schedule.Summary {
	var sl, w float64
	for i, q := range reqs {
		if c := cov[i]; q.Contacts > 0 && !math.IsNaN(c.ServiceLevel) {
			sl += q.Contacts * c.ServiceLevel
			w += q.Contacts
		}
	}
	total.ServiceLevel = math.NaN()
	if w > 0 {
		total.ServiceLevel = sl / w
	}
	return total
}
