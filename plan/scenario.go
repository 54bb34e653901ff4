package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/workers"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/skill"
	"github.com/wfm-dev/wfm/schedule/staff"
	"go.yaml.in/yaml/v3"
)

// Scenario is one what-if change to a plan's demand, targets or contracts.
// Zero fields change nothing.
type Scenario struct {
	Name string

	// AHTFactor multiplies every interval's handle time and every target's
	// default AHT (1.1 for +10%); 0 means 1.
	AHTFactor float64
	// VolumeFactor multiplies every interval's contacts; 0 means 1.
	VolumeFactor float64
	// ServiceLevel, when positive, replaces the service level (a share in
	// (0,1)) and AnswerSeconds the answer time of every immediate target;
	// their other goals (ASA, occupancy cap) stay.
	ServiceLevel, AnswerSeconds float64
	// Shrinkage, when ShrinkageSet, replaces every target's shrinkage.
	Shrinkage    float64
	ShrinkageSet bool
	// PoolRegions staffs and rosters each channel's regions as one queue.
	PoolRegions bool
	// OutsourceShare is the share of paid hours costed at the outsourced
	// rate, in [0,1]; the roster itself does not change.
	OutsourceShare float64
	// CrossTrain, when its channels are set, gives a share of the second
	// channel's agents the first one's skill (skill.Build): the roster is
	// rebuilt with them and checked by simulation.
	CrossTrain skill.Training
}

// crossTrains reports whether the scenario cross-trains agents.
func (s Scenario) crossTrains() bool { return s.CrossTrain.Channels != [2]string{} }

// changesRoster reports whether the scenario changes the requirements, and
// so needs its own staffing and roster.
func (s Scenario) changesRoster() bool {
	return (s.AHTFactor != 0 && s.AHTFactor != 1) || (s.VolumeFactor != 0 && s.VolumeFactor != 1) ||
		s.ServiceLevel != 0 || s.ShrinkageSet || s.PoolRegions || s.crossTrains()
}

// Validate checks that every field is in range: factors positive (or 0,
// unchanged), the service level a share in (0,1) with a non-negative answer
// time, shrinkage in [0,1) and the outsourced share in [0,1].
func (s Scenario) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !finite(s.AHTFactor) || s.AHTFactor < 0:
		return fmt.Errorf("aht: want a positive factor, got %v", s.AHTFactor)
	case !finite(s.VolumeFactor) || s.VolumeFactor < 0:
		return fmt.Errorf("volume: want a positive factor, got %v", s.VolumeFactor)
	case !finite(s.ServiceLevel) || s.ServiceLevel < 0 || s.ServiceLevel >= 1:
		return fmt.Errorf("sl: want a service level in (0, 1), got %v", s.ServiceLevel)
	case !finite(s.AnswerSeconds) || s.AnswerSeconds < 0:
		return fmt.Errorf("sl: want a non-negative answer time, got %v seconds", s.AnswerSeconds)
	case s.ServiceLevel == 0 && s.AnswerSeconds != 0:
		return fmt.Errorf("sl: an answer time of %v seconds without a service level", s.AnswerSeconds)
	case !finite(s.Shrinkage) || s.Shrinkage < 0 || s.Shrinkage >= 1:
		return fmt.Errorf("shrinkage: want a share in [0, 1), got %v", s.Shrinkage)
	case s.Shrinkage != 0 && !s.ShrinkageSet:
		return fmt.Errorf("shrinkage: %v given without ShrinkageSet", s.Shrinkage)
	case !finite(s.OutsourceShare) || s.OutsourceShare < 0 || s.OutsourceShare > 1:
		return fmt.Errorf("outsource: want a share in [0, 1], got %v", s.OutsourceShare)
	case s.crossTrains() && s.PoolRegions:
		return fmt.Errorf("cross-train: not with pool=regions, which merges the regions cross-training works in")
	}
	if s.crossTrains() {
		if err := s.CrossTrain.Validate(); err != nil {
			return fmt.Errorf("cross-train: %w", err)
		}
	}
	return nil
}

// scenarioKeys are the changes ParseScenario knows, in the order its
// errors list them.
var scenarioKeys = []string{"aht", "volume", "sl", "shrinkage", "pool", "outsource", "cross-train"}

// ParseScenario reads a scenario written as key=value changes joined by
// ";", keys case-insensitive, each at most once:
//
//	aht=+10%        every handle time 10% longer (a sign is required)
//	volume=-5%      5% fewer contacts in every interval
//	sl=90/20        immediate targets: 90% answered within 20 seconds
//	shrinkage=0.35  every target's shrinkage (also 35%)
//	pool=regions    each channel's regions staffed as one queue
//	outsource=40%   40% of paid hours at the outsourced rate (also 0.4)
//	cross-train=chat+phone:30%  30% of phone agents also take chat;
//	                ":all" gives every chat and phone agent both skills;
//	                both channels are staffed by simulation, so ":0%"
//	                tells the simulation's own change from training's
//
// The Name is the spec with surrounding space trimmed. Errors name the key
// and say what was expected. It runs in O(len(spec)).
func ParseScenario(spec string) (Scenario, error) {
	s := Scenario{Name: strings.TrimSpace(spec)}
	seen := map[string]bool{}
	for _, part := range strings.Split(spec, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, value, ok := strings.Cut(part, "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if !ok {
			return Scenario{}, fmt.Errorf("%q: want key=value with a key among %s", part, strings.Join(scenarioKeys, ", "))
		}
		if seen[key] {
			return Scenario{}, fmt.Errorf("%s: given twice", key)
		}
		seen[key] = true
		var err error
		switch key {
		case "aht":
			s.AHTFactor, err = parseChange(key, value)
		case "volume":
			s.VolumeFactor, err = parseChange(key, value)
		case "sl":
			s.ServiceLevel, s.AnswerSeconds, err = parseServiceLevel(value)
		case "shrinkage":
			s.ShrinkageSet = true
			if s.Shrinkage, err = parseShare(key, value, "0.35 or 35%"); err == nil && s.Shrinkage >= 1 {
				err = fmt.Errorf("shrinkage: want a share below 100%%, got %q", value)
			}
		case "pool":
			if !strings.EqualFold(value, "regions") {
				err = fmt.Errorf("pool: want regions, got %q", value)
			}
			s.PoolRegions = true
		case "outsource":
			s.OutsourceShare, err = parseShare(key, value, "40% or 0.4")
		case "cross-train":
			s.CrossTrain, err = parseCrossTrain(value)
		default:
			err = fmt.Errorf("unknown change %q: want one of %s", key, strings.Join(scenarioKeys, ", "))
		}
		if err != nil {
			return Scenario{}, err
		}
	}
	if len(seen) == 0 {
		return Scenario{}, fmt.Errorf("empty scenario: want changes like aht=+10%% or sl=90/20, joined by ;")
	}
	// Each change is in range; this catches changes that do not go together.
	if err := s.Validate(); err != nil {
		return Scenario{}, err
	}
	return s, nil
}

func (s *Scenario) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a scenario like aht=+10%% or sl=90/20", n.Line)
	}
	v, err := ParseScenario(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: key scenarios: %w", n.Line, err)
	}
	*s = v
	return nil
}

// parseChange reads a signed percentage change, "+10%" or "-5%", as a
// factor (1.1, 0.95), which must stay positive.
func parseChange(key, value string) (float64, error) {
	num, pct := strings.CutSuffix(value, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if !pct || err != nil || (num == "" || num[0] != '+' && num[0] != '-') || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%s: want a change like +10%% or -5%%, got %q", key, value)
	}
	if v <= -100 {
		return 0, fmt.Errorf("%s: a change of %q leaves nothing; want more than -100%%", key, value)
	}
	return 1 + v/100, nil
}

// parseShare reads a share written as a percentage ("35%") or a fraction
// ("0.35"), in [0,1].
func parseShare(key, value, example string) (float64, error) {
	num, pct := strings.CutSuffix(value, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if pct {
		v /= 100
	}
	if err != nil || !(v >= 0 && v <= 1) {
		return 0, fmt.Errorf("%s: want a share like %s, got %q", key, example, value)
	}
	return v, nil
}

// parseCrossTrain reads "chat+phone:30%": two channels joined by "+", the
// second one's agents of whom the share given also take the first; "all"
// for the share gives every agent of both both skills.
func parseCrossTrain(value string) (skill.Training, error) {
	const want = "two channels and a share of the second's agents like chat+phone:30% (or chat+phone:all)"
	channels, share, ok := strings.Cut(value, ":")
	a, b, two := strings.Cut(channels, "+")
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if !ok || !two || a == "" || b == "" || strings.Contains(b, "+") {
		return skill.Training{}, fmt.Errorf("cross-train: want %s, got %q", want, value)
	}
	tr := skill.Training{Channels: [2]string{a, b}}
	if strings.EqualFold(strings.TrimSpace(share), "all") {
		tr.Pool = true
	} else {
		var err error
		if tr.Share, err = parseShare("cross-train", strings.TrimSpace(share), "30% or 0.3"); err != nil {
			return skill.Training{}, err
		}
	}
	if err := tr.Validate(); err != nil {
		return skill.Training{}, fmt.Errorf("cross-train: %w", err)
	}
	return tr, nil
}

// parseServiceLevel reads "90/20": a service level in percent and an
// answer time in seconds.
func parseServiceLevel(value string) (float64, float64, error) {
	bad := fmt.Errorf("sl: want a service level in percent and an answer time in seconds like 90/20, got %q", value)
	a, b, ok := strings.Cut(value, "/")
	if !ok {
		return 0, 0, bad
	}
	sl, err1 := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(a), "%"), 64)
	answer, err2 := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(b), "s"), 64)
	if err1 != nil || err2 != nil || math.IsInf(answer, 0) || math.IsNaN(answer) || answer < 0 {
		return 0, 0, bad
	}
	// A level below 1% is almost surely a share written without the
	// percent scale (0.9/20): refuse it rather than plan for 0.9%.
	if !(sl >= 1 && sl < 100) {
		return 0, 0, fmt.Errorf("sl: want a service level in percent from 1 to below 100 (like 90/20), got %q", value)
	}
	return sl / 100, answer, nil
}

// Baseline is what a plan computed and what its scenarios recompute from.
type Baseline struct {
	Demands   []staff.Demand
	Targets   []staff.Target
	Templates []schedule.Template
	Agents    []schedule.Agent // nil: anonymous tours
	Costs     Costs            // needed by outsourcing scenarios
	// File is the plan file the scenarios come from, which errors of a
	// scenario's staffing name.
	File string
	// Options are those the baseline roster was built with. Every scenario
	// is built with the same Effort, Seed and TimeLimit, so that the rows
	// differ by the scenario and not by the search; ServiceLevel is set per
	// scenario from its own targets.
	Options schedule.Options
	// Effort, when positive and unlike Options.Effort, is the search effort
	// of the scenarios' rosters, to trade their quality for time. The
	// baseline's row is then rebuilt at this effort too: a roster's cost
	// moves with the effort by as much as a scenario moves it, and rows
	// compared must share one.
	Effort float64
	// Requirements and Roster are the baseline plan's, reused for the
	// baseline row and for scenarios that change only costs. When Roster
	// has no summaries, or Effort asks for another, both are computed.
	Requirements []staff.Requirement
	Roster       schedule.Roster
}

// Comparison is one row of a scenario comparison.
type Comparison struct {
	Scenario string
	// PeakAgents is the most agents the roster has on shift in one
	// interval, breaks excluded, all channels and regions together.
	PeakAgents float64
	// PaidHours and UnderHours are the roster's paid hours and the
	// agent-hours of requirement it leaves uncovered.
	PaidHours, UnderHours float64
	// Cost is the roster's cost: in-house hours at Costs.InHouse when set
	// (so the baseline's may differ from its roster summary's), else at the
	// templates' or agents' rates; the outsourced share of paid hours at
	// Costs.Outsourced.
	Cost float64
	// ServiceLevel is the expected service level of the roster,
	// contact-weighted over intervals (Summary.ServiceLevel of the total).
	ServiceLevel float64
	// Occupancy is the handled load over the on-seat capacity of the
	// roster: Σ min(load, slots) / Σ slots over all intervals, where slots
	// are scheduled agents × (1 - shrinkage) × concurrency. Immediate
	// contacts beyond an interval's slots are not handled in it; deferred
	// work is handled when it arrives, up to a series' total capacity.
	Occupancy float64
	// Simulated is, for a cross-training scenario rostered from templates,
	// the simulated service of its two channels per region beside
	// Erlang's estimate; for the baseline, that of the channels the
	// scenarios cross-train.
	Simulated []skill.ChannelService
}

// Compare returns the baseline's comparison row, named "baseline", then
// one per scenario in input order.
//
// A scenario rescales the demand (AHTFactor, VolumeFactor), rewrites the
// targets (ServiceLevel and AnswerSeconds on immediate targets, Shrinkage
// on all, AHTFactor on their default AHT), and, with PoolRegions, merges
// each channel's regions into one demand: contacts summed, handle time
// contact-weighted, staffed against the channel's target with an empty
// region, which must exist; agents then serve any region. It then reruns
// the Staff and Roster stages with the baseline's Options. A
// scenario that changes only the outsourced share reuses the baseline
// roster. Outsourcing needs Costs.Outsourced.
//
// Scenarios run in parallel on all cores; the rows do not depend
// on their number (unless Options.TimeLimit cuts the search short). Cost:
// one Staff and one Build per scenario that changes the roster, and one of
// each for the baseline when it has no roster or Effort differs; Build
// dominates, and its time grows with Effort.
func Compare(ctx context.Context, base Baseline, scenarios []Scenario) ([]Comparison, error) {
	for _, s := range scenarios {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("scenario %q: %w", s.Name, err)
		}
		if s.OutsourceShare > 0 && !(base.Costs.Outsourced > 0) {
			return nil, fmt.Errorf("scenario %q: outsourcing needs the cost of an outsourced hour (costs: outsourced)", s.Name)
		}
	}
	if base.Effort > 0 && base.Effort != cmpOr1(base.Options.Effort) {
		base.Options.Effort = base.Effort
		base.Roster = schedule.Roster{}
	}
	if len(base.Roster.Summaries) == 0 {
		reqs, roster, err := rebuild(ctx, base, base.Demands, base.Targets, base.Agents)
		if err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		base.Requirements, base.Roster = reqs, roster
	}
	out := make([]Comparison, len(scenarios)+1)
	var err error
	if out[0], err = measure(base, base.Demands, base.Targets, base.Requirements, base.Roster, Scenario{Name: "baseline"}); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if out[0].Simulated, err = simulateBaseline(ctx, base, scenarios); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	errs := make([]error, len(scenarios))
	workers.Each(len(scenarios), func(i int) {
		out[i+1], errs[i] = run(ctx, base, scenarios[i])
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", scenarios[i].Name, err)
		}
	}
	return out, nil
}

// run computes one scenario's comparison row.
func run(ctx context.Context, base Baseline, s Scenario) (Comparison, error) {
	if !s.changesRoster() {
		return measure(base, base.Demands, base.Targets, base.Requirements, base.Roster, s)
	}
	demands, targets := s.apply(base.Demands, base.Targets)
	if s.crossTrains() {
		return crossTrain(ctx, base, s, demands, targets)
	}
	agents := base.Agents
	if s.PoolRegions {
		var err error
		if demands, err = staff.PoolDemands(demands, targets); err != nil {
			return Comparison{}, err
		}
		if agents != nil {
			agents = slices.Clone(agents)
			for i := range agents {
				agents[i].Region = ""
			}
		}
	}
	reqs, roster, err := rebuild(ctx, base, demands, targets, agents)
	if err != nil {
		return Comparison{}, fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return measure(base, demands, targets, reqs, roster, s)
}

// rebuild staffs the demands and rosters the requirements through the
// plan's own stages.
func rebuild(ctx context.Context, base Baseline, demands []staff.Demand, targets []staff.Target, agents []schedule.Agent) ([]staff.Requirement, schedule.Roster, error) {
	reqs, err := Staff(ctx, demands, targets, base.File, base.File)
	if err != nil {
		return nil, schedule.Roster{}, err
	}
	roster, err := Roster(ctx, reqs, targets, base.Templates, agents, base.Options)
	return reqs, roster, err
}

// apply returns copies of the demands and targets with the scenario's
// changes of handle time, volume, service level and shrinkage.
func (s Scenario) apply(demands []staff.Demand, targets []staff.Target) ([]staff.Demand, []staff.Target) {
	aht, volume := cmpOr1(s.AHTFactor), cmpOr1(s.VolumeFactor)
	ds := make([]staff.Demand, len(demands))
	for i, d := range demands {
		d.Contacts = scaled(d.Contacts, volume)
		if d.AHT != nil {
			d.AHT = scaled(d.AHT, aht)
		}
		ds[i] = d
	}
	ts := slices.Clone(targets)
	for i := range ts {
		t := &ts[i]
		t.AHTSeconds *= aht
		if s.ServiceLevel > 0 && (t.Kind == "" || t.Kind == staff.Immediate) {
			t.ServiceLevel, t.AnswerSeconds = s.ServiceLevel, s.AnswerSeconds
		}
		if s.ShrinkageSet {
			t.Shrinkage = s.Shrinkage
		}
	}
	return ds, ts
}

func cmpOr1(f float64) float64 {
	if f == 0 {
		return 1
	}
	return f
}

func scaled(xs []float64, f float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * f
	}
	return out
}

// measure computes the comparison row of a roster built for reqs.
func measure(base Baseline, demands []staff.Demand, targets []staff.Target, reqs []staff.Requirement, roster schedule.Roster, s Scenario) (Comparison, error) {
	// A closed week's roster may have no shifts, and then no coverage or
	// summaries: every interval has no one on shift.
	empty := len(roster.Shifts) == 0 && len(roster.Coverage) == 0 && len(roster.Summaries) == 0
	if !empty && (len(roster.Summaries) == 0 || len(roster.Coverage) != len(reqs)) {
		return Comparison{}, fmt.Errorf("a roster of %d coverage rows for %d requirements", len(roster.Coverage), len(reqs))
	}
	var total schedule.Summary
	if !empty {
		total = roster.Summaries[len(roster.Summaries)-1]
	}
	c := Comparison{Scenario: s.Name, PaidHours: total.PaidHours, UnderHours: total.UnderHours, ServiceLevel: total.ServiceLevel}

	inHouse := total.Cost
	if base.Costs.InHouse > 0 {
		inHouse = total.PaidHours * base.Costs.InHouse
	}
	c.Cost = (1-s.OutsourceShare)*inHouse + s.OutsourceShare*total.PaidHours*base.Costs.Outsourced

	type key struct{ channel, region string }
	interval := map[key]time.Duration{}
	for _, d := range demands {
		interval[key{d.Channel, d.Region}] = d.Interval
	}
	onShift := map[int64]float64{}
	type tally struct{ handled, slots, deferred float64 }
	series := map[key]*tally{}
	var handled, slots float64
	for i, q := range reqs {
		var cov schedule.Coverage
		if !empty {
			cov = roster.Coverage[i]
		}
		onShift[q.Start.UnixNano()] += cov.Scheduled
		k := key{q.Channel, q.Region}
		t, ok := staff.Targets(targets).For(q.Channel, q.Region)
		step := interval[k]
		if !ok || step <= 0 {
			return Comparison{}, fmt.Errorf("channel %q region %q: no target or interval", q.Channel, q.Region)
		}
		h := step.Hours()
		seats := cov.Scheduled * (1 - t.Shrinkage) * cmpOr1(t.Concurrency) * h
		load := q.Contacts * q.AHT / 3600 // agent-hours of work
		if t.Kind == staff.Deferred {
			if series[k] == nil {
				series[k] = &tally{}
			}
			series[k].deferred += load
			series[k].slots += seats
		} else {
			handled += math.Min(load, seats)
		}
		slots += seats
	}
	for _, tl := range series {
		handled += math.Min(tl.deferred, tl.slots)
	}
	if slots > 0 {
		c.Occupancy = handled / slots
	} else {
		c.Occupancy = math.NaN()
	}
	for _, n := range onShift {
		c.PeakAgents = math.Max(c.PeakAgents, n)
	}
	return c, nil
}

// ComparisonTable lays out comparisons as the "Scenarios" table: per
// scenario its agents, paid and under-covered hours, cost, service level
// and occupancy, then the change of each against the first row, the
// baseline as Compare returns it (empty in the baseline's own row).
// Tables for people round hours and agents to 0.1, cost to 1 and shares
// to 0.001; JSON carries the figures whole.
func ComparisonTable(cs []Comparison) *table.Table {
	t := &table.Table{Name: "Scenarios", Columns: []string{"scenario", "peak_agents", "paid_hours", "under_hours", "cost",
		"service_level", "occupancy", "peak_agents_change", "paid_hours_change", "cost_change",
		"service_level_change", "occupancy_change"},
		Decimals: map[string]int{"peak_agents": 1, "paid_hours": 1, "under_hours": 1, "cost": 0, "service_level": 3,
			"occupancy": 3, "peak_agents_change": 1, "paid_hours_change": 1, "cost_change": 0,
			"service_level_change": 3, "occupancy_change": 3}}
	for i, c := range cs {
		row := []any{c.Scenario, c.PeakAgents, c.PaidHours, c.UnderHours, c.Cost, c.ServiceLevel, c.Occupancy}
		if i == 0 {
			row = append(row, nil, nil, nil, nil, nil)
		} else {
			b := cs[0]
			row = append(row, c.PeakAgents-b.PeakAgents, c.PaidHours-b.PaidHours, c.Cost-b.Cost,
				c.ServiceLevel-b.ServiceLevel, c.Occupancy-b.Occupancy)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
