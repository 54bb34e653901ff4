package plan

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/skill"
	"github.com/wfm-dev/wfm/schedule/staff"
	"gonum.org/v1/gonum/floats/scalar"
)

func TestParseScenario(t *testing.T) {
	good := []struct {
		spec string
		want Scenario
	}{
		{"aht=+10%", Scenario{AHTFactor: 1.1}},
		{"aht=-12.5%", Scenario{AHTFactor: 0.875}},
		{"volume=+20%", Scenario{VolumeFactor: 1.2}},
		{"volume=-5%", Scenario{VolumeFactor: 0.95}},
		{"volume=+0%", Scenario{VolumeFactor: 1}},
		{"sl=90/20", Scenario{ServiceLevel: 0.9, AnswerSeconds: 20}},
		{"sl=80%/60s", Scenario{ServiceLevel: 0.8, AnswerSeconds: 60}},
		{"sl=80/0", Scenario{ServiceLevel: 0.8}},
		{"shrinkage=0.35", Scenario{Shrinkage: 0.35, ShrinkageSet: true}},
		{"shrinkage=35%", Scenario{Shrinkage: 0.35, ShrinkageSet: true}},
		{"shrinkage=0", Scenario{ShrinkageSet: true}},
		{"pool=regions", Scenario{PoolRegions: true}},
		{"pool=Regions", Scenario{PoolRegions: true}},
		{"outsource=40%", Scenario{OutsourceShare: 0.4}},
		{"outsource=0.4", Scenario{OutsourceShare: 0.4}},
		{"outsource=100%", Scenario{OutsourceShare: 1}},
		{"aht=+10%;sl=90/20", Scenario{AHTFactor: 1.1, ServiceLevel: 0.9, AnswerSeconds: 20}},
		{" AHT = +10% ; Volume=-5% ; pool=regions ; ", Scenario{AHTFactor: 1.1, VolumeFactor: 0.95, PoolRegions: true}},
		{"cross-train=chat+phone:30%", Scenario{CrossTrain: skill.Training{Channels: [2]string{"chat", "phone"}, Share: 0.3}}},
		{"Cross-Train = chat + phone : 0.5", Scenario{CrossTrain: skill.Training{Channels: [2]string{"chat", "phone"}, Share: 0.5}}},
		{"cross-train=chat+phone:0%", Scenario{CrossTrain: skill.Training{Channels: [2]string{"chat", "phone"}}}},
		{"cross-train=chat+phone:ALL;aht=+5%", Scenario{AHTFactor: 1.05, CrossTrain: skill.Training{Channels: [2]string{"chat", "phone"}, Pool: true}}},
	}
	for _, tc := range good {
		t.Run(tc.spec, func(t *testing.T) {
			got, err := ParseScenario(tc.spec)
			if err != nil {
				t.Fatalf("ParseScenario(%q): %v", tc.spec, err)
			}
			tc.want.Name = strings.TrimSpace(tc.spec)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("ParseScenario(%q) (-want +got):\n%s", tc.spec, diff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("parsed scenario does not validate: %v", err)
			}
		})
	}
	bad := []struct{ spec, msg string }{
		{"", "empty scenario"},
		{" ; ", "empty scenario"},
		{"aht", "want key=value"},
		{"aht=10%", "aht: want a change like +10%"},
		{"aht=+10", "aht: want a change like +10%"},
		{"aht=+x%", `got "+x%"`},
		{"aht=+Inf%", "aht: want a change"},
		{"volume=-100%", "volume: a change of \"-100%\" leaves nothing"},
		{"sl=90", "sl: want a service level in percent and an answer time in seconds like 90/20"},
		{"sl=90/-5", "like 90/20"},
		{"sl=0.9/20", "percent from 1 to below 100"},
		{"sl=100/20", "percent from 1 to below 100"},
		{"shrinkage=1", "shrinkage: want a share below 100%"},
		{"shrinkage=-0.1", "shrinkage: want a share like 0.35 or 35%"},
		{"shrinkage=lots", `got "lots"`},
		{"pool=channels", `pool: want regions, got "channels"`},
		{"outsource=140%", "outsource: want a share like 40% or 0.4"},
		{"outsource=NaN", "outsource: want a share"},
		{"budget=+10%", `unknown change "budget": want one of aht, volume, sl, shrinkage, pool, outsource`},
		{"aht=+1%;AHT=+2%", "aht: given twice"},
		{"cross-train=chat:30%", "cross-train: want two channels and a share"},
		{"cross-train=chat+phone", "cross-train: want two channels and a share"},
		{"cross-train=+phone:30%", "cross-train: want two channels and a share"},
		{"cross-train=chat+phone+social:30%", "cross-train: want two channels and a share"},
		{"cross-train=chat+phone:130%", "cross-train: want a share like 30% or 0.3"},
		{"cross-train=chat+phone:some", `got "some"`},
		{"cross-train=chat+Chat:30%", `cross-train: want two different channels, got "chat" twice`},
		{"cross-train=chat+phone:30%;pool=regions", "cross-train: not with pool=regions"},
	}
	for _, tc := range bad {
		t.Run("bad/"+tc.spec, func(t *testing.T) {
			_, err := ParseScenario(tc.spec)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("ParseScenario(%q) = %v, want an error containing %q", tc.spec, err, tc.msg)
			}
		})
	}
}

func TestScenarioValidate(t *testing.T) {
	for _, tc := range []struct {
		s   Scenario
		msg string
	}{
		{Scenario{AHTFactor: math.NaN()}, "aht: want a positive factor"},
		{Scenario{VolumeFactor: -1}, "volume: want a positive factor"},
		{Scenario{ServiceLevel: 1, AnswerSeconds: 20}, "sl: want a service level in (0, 1)"},
		{Scenario{AnswerSeconds: 20}, "without a service level"},
		{Scenario{ServiceLevel: 0.8, AnswerSeconds: math.Inf(1)}, "non-negative answer time"},
		{Scenario{Shrinkage: 0.3}, "without ShrinkageSet"},
		{Scenario{Shrinkage: 1, ShrinkageSet: true}, "shrinkage: want a share in [0, 1)"},
		{Scenario{OutsourceShare: 1.5}, "outsource: want a share in [0, 1]"},
		{Scenario{CrossTrain: skill.Training{Channels: [2]string{"chat", ""}, Share: 0.3}}, "cross-train: want two channels"},
		{Scenario{CrossTrain: skill.Training{Channels: [2]string{"chat", "phone"}, Share: -0.1}}, "cross-train: want a share in [0, 1]"},
	} {
		if err := tc.s.Validate(); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%+v.Validate() = %v, want an error containing %q", tc.s, err, tc.msg)
		}
	}
}

// monday is the first day of the generated instance.
var monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// smallBaseline is two days of 30-minute intervals: phone in two regions
// (east with its own AHT per interval, west with the default AHT of its
// own target) and deferred email in one region, open 08:00-22:00, with a
// full-time and a part-time template.
func smallBaseline() Baseline {
	const n = 48 * 2
	curve := func(i int, peak float64) float64 {
		h := float64(i%48) / 2
		if h < 8 || h >= 22 {
			return 0
		}
		return math.Round(peak * (0.4 + 0.6*math.Exp(-(h-14)*(h-14)/18)))
	}
	east := staff.Demand{Channel: "phone", Region: "east", Start: monday, Interval: 30 * time.Minute,
		Contacts: make([]float64, n), AHT: make([]float64, n)}
	west := staff.Demand{Channel: "phone", Region: "west", Start: monday, Interval: 30 * time.Minute,
		Contacts: make([]float64, n)}
	email := staff.Demand{Channel: "email", Region: "east", Start: monday, Interval: 30 * time.Minute,
		Contacts: make([]float64, n)}
	for i := range n {
		east.Contacts[i], east.AHT[i] = curve(i, 60), 300
		west.Contacts[i] = curve(i, 20)
		email.Contacts[i] = curve(i, 10)
	}
	return Baseline{
		Demands: []staff.Demand{east, west, email},
		Targets: []staff.Target{
			{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, MaxOccupancy: 0.9, Shrinkage: 0.3},
			{Channel: "phone", Region: "west", ServiceLevel: 0.8, AnswerSeconds: 20, MaxOccupancy: 0.9, Shrinkage: 0.3, AHTSeconds: 360},
			{Channel: "email", Kind: staff.Deferred, ResponseHours: 2, MaxOccupancy: 0.9, Shrinkage: 0.3, AHTSeconds: 600},
		},
		Templates: []schedule.Template{
			{Name: "FT8", Length: 8 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 14 * time.Hour,
				StartStep: time.Hour, DaysPerWeek: 5, DaysOff: schedule.Consecutive, SameStart: true, CostPerHour: 60},
			{Name: "PT4", Length: 4 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 18 * time.Hour,
				StartStep: time.Hour, DaysPerWeek: 5, DaysOff: schedule.AnyDaysOff, CostPerHour: 55},
		},
		Options: schedule.Options{Effort: 0.5},
	}
}

// planned fills in the baseline's requirements and roster as the plan
// computes them.
func planned(tb testing.TB, base Baseline) Baseline {
	tb.Helper()
	reqs, err := staff.Staff(context.Background(), base.Demands, base.Targets)
	if err != nil {
		tb.Fatal(err)
	}
	opt := base.Options
	if opt.ServiceLevel, err = staff.ExpectedServiceLevel(reqs, base.Targets); err != nil {
		tb.Fatal(err)
	}
	if base.Roster, err = schedule.Build(context.Background(), reqs, base.Templates, nil, opt); err != nil {
		tb.Fatal(err)
	}
	base.Requirements = reqs
	return base
}

// compareOne runs Compare with one scenario and returns the baseline and
// the scenario rows.
func compareOne(t *testing.T, base Baseline, spec string) (Comparison, Comparison) {
	t.Helper()
	s, err := ParseScenario(spec)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := Compare(context.Background(), base, []Scenario{s})
	if err != nil {
		t.Fatalf("Compare(%q): %v", spec, err)
	}
	if len(cs) != 2 || cs[0].Scenario != "baseline" || cs[1].Scenario != spec {
		t.Fatalf("Compare(%q) rows %+v, want baseline then the scenario", spec, cs)
	}
	return cs[0], cs[1]
}

func TestCompare(t *testing.T) {
	base := planned(t, smallBaseline())

	t.Run("baseline row", func(t *testing.T) {
		cs, err := Compare(context.Background(), base, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := cs[0]
		// Paid hours, cost and peak agents from the shifts themselves.
		var paid, cost float64
		onShift := map[time.Time]float64{}
		for _, s := range base.Roster.Shifts {
			rate := map[string]float64{"FT8": 60, "PT4": 55}[s.Template]
			h := map[string]float64{"FT8": 8, "PT4": 4}[s.Template]
			paid += h
			cost += h * rate
			for at := s.Start; at.Before(s.End); at = at.Add(30 * time.Minute) {
				onShift[at]++
			}
		}
		peak := 0.0
		for _, v := range onShift {
			peak = math.Max(peak, v)
		}
		if paid == 0 {
			t.Fatal("the baseline roster has no shifts")
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"paid hours", b.PaidHours, paid}, {"cost", b.Cost, cost}, {"peak agents", b.PeakAgents, peak}} {
			if !scalar.EqualWithinAbsOrRel(c.got, c.want, 1e-9, 1e-12) {
				t.Errorf("baseline %s = %v, want %v", c.name, c.got, c.want)
			}
		}
		if !(b.ServiceLevel > 0.7 && b.ServiceLevel <= 1) || !(b.Occupancy > 0.3 && b.Occupancy < 1) {
			t.Errorf("baseline service level %v and occupancy %v are not plausible", b.ServiceLevel, b.Occupancy)
		}
	})

	t.Run("unchanged scenarios equal the baseline", func(t *testing.T) {
		// shrinkage=0.3 is every target's already: it reruns Staff and Build.
		for _, spec := range []string{"volume=+0%", "shrinkage=0.3", "aht=+0%;volume=+0%"} {
			b, s := compareOne(t, base, spec)
			s.Scenario = b.Scenario
			if diff := cmp.Diff(b, s, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("%s (-baseline +scenario):\n%s", spec, diff)
			}
		}
	})

	t.Run("directions", func(t *testing.T) {
		for _, tc := range []struct {
			spec string
			more bool // more paid hours than the baseline
		}{
			{"shrinkage=0.4", true},
			{"aht=+10%", true},
			{"volume=+20%", true},
			{"sl=95/10", true},
			{"volume=-20%", false},
			{"sl=60/60", false},
			{"shrinkage=0.2", false},
		} {
			b, s := compareOne(t, base, tc.spec)
			if (s.PaidHours > b.PaidHours) != tc.more || s.PaidHours == b.PaidHours {
				t.Errorf("%s: paid hours %v against the baseline's %v, want more: %v", tc.spec, s.PaidHours, b.PaidHours, tc.more)
			}
			if (s.Cost > b.Cost) != tc.more {
				t.Errorf("%s: cost %v against the baseline's %v, want more: %v", tc.spec, s.Cost, b.Cost, tc.more)
			}
		}
		// A higher target raises the expected service level; a lower one
		// seats fewer agents for the same work, raising occupancy. (Less
		// shrinkage cuts paid hours, not seats: Erlang C sizes the agents
		// on seat, so occupancy moves only with rounding.)
		b, s := compareOne(t, base, "sl=95/10")
		if !(s.ServiceLevel > b.ServiceLevel) {
			t.Errorf("sl=95/10: service level %v, baseline %v", s.ServiceLevel, b.ServiceLevel)
		}
		b, s = compareOne(t, base, "sl=60/60")
		if !(s.Occupancy > b.Occupancy) {
			t.Errorf("sl=60/60: occupancy %v, baseline %v", s.Occupancy, b.Occupancy)
		}
	})

	t.Run("outsource", func(t *testing.T) {
		costed := base
		costed.Costs = Costs{InHouse: 60, Outsourced: 40}
		b, s := compareOne(t, costed, "outsource=50%")
		if s.PaidHours != b.PaidHours || s.PeakAgents != b.PeakAgents || s.ServiceLevel != b.ServiceLevel {
			t.Errorf("outsourcing changed the roster: %+v against %+v", s, b)
		}
		if want := b.PaidHours * 50; !scalar.EqualWithinAbsOrRel(s.Cost, want, 1e-9, 1e-12) {
			t.Errorf("cost %v, want paid hours x 50 = %v", s.Cost, want)
		}
		if want := b.PaidHours * 60; !scalar.EqualWithinAbsOrRel(b.Cost, want, 1e-9, 1e-12) {
			t.Errorf("baseline cost %v, want paid hours x 60 = %v", b.Cost, want)
		}
		// Without an in-house rate, in-house hours keep the templates' cost.
		costed.Costs = Costs{Outsourced: 40}
		b, s = compareOne(t, costed, "outsource=40%")
		if want := 0.6*b.Cost + 0.4*40*b.PaidHours; !scalar.EqualWithinAbsOrRel(s.Cost, want, 1e-9, 1e-12) {
			t.Errorf("cost %v, want %v", s.Cost, want)
		}
	})

	t.Run("pool", func(t *testing.T) {
		b, s := compareOne(t, base, "pool=regions")
		if s.PaidHours > b.PaidHours {
			t.Errorf("pooled paid hours %v above the separate %v", s.PaidHours, b.PaidHours)
		}
		// The pooled demand is staffed exactly as staff.PoolDemands pools it.
		pooled, err := staff.PoolDemands(base.Demands, base.Targets)
		if err != nil {
			t.Fatal(err)
		}
		if len(pooled) != 2 || pooled[0].Channel != "phone" || pooled[0].Region != "" || pooled[1].Channel != "email" {
			t.Fatalf("pooled demands %+v, want phone pooled then email", pooled)
		}
		pr, err := staff.Staff(context.Background(), pooled[:1], base.Targets)
		if err != nil {
			t.Fatal(err)
		}
		hours := 0.0
		for _, r := range pr {
			hours += float64(r.Agents) * 0.5
		}
		savings, err := staff.PoolRegions(context.Background(), base.Demands[:2], base.Targets)
		if err != nil {
			t.Fatal(err)
		}
		if !scalar.EqualWithinAbsOrRel(hours, savings[0].PooledHours, 1e-9, 1e-12) {
			t.Errorf("pooled agent-hours %v, staff.PoolRegions says %v", hours, savings[0].PooledHours)
		}
		if !(savings[0].PooledHours <= savings[0].SeparateHours) {
			t.Errorf("pooling needs %v agent-hours, separate %v", savings[0].PooledHours, savings[0].SeparateHours)
		}
	})

	t.Run("several in order, deterministic", func(t *testing.T) {
		specs := []string{"aht=+10%", "volume=-5%;sl=90/20", "pool=regions", "shrinkage=0.35"}
		var ss []Scenario
		for _, spec := range specs {
			s, err := ParseScenario(spec)
			if err != nil {
				t.Fatal(err)
			}
			ss = append(ss, s)
		}
		first, err := Compare(context.Background(), base, ss)
		if err != nil {
			t.Fatal(err)
		}
		for i, spec := range specs {
			if first[i+1].Scenario != spec {
				t.Errorf("row %d is %q, want %q", i+1, first[i+1].Scenario, spec)
			}
			if _, one := compareOne(t, base, spec); !cmp.Equal(one, first[i+1]) {
				t.Errorf("%s alone %+v, among others %+v", spec, one, first[i+1])
			}
		}
	})

	t.Run("computes a missing baseline", func(t *testing.T) {
		bare := base
		bare.Requirements, bare.Roster = nil, schedule.Roster{}
		cs, err := Compare(context.Background(), bare, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := compareOne(t, base, "volume=+0%")
		if !cmp.Equal(want, cs[0]) {
			t.Errorf("computed baseline %+v, want %+v", cs[0], want)
		}
	})

	t.Run("effort rebuilds the baseline", func(t *testing.T) {
		lower := base
		lower.Effort = 0.25
		cs, err := Compare(context.Background(), lower, nil)
		if err != nil {
			t.Fatal(err)
		}
		at := smallBaseline()
		at.Options.Effort = 0.25
		want, _ := compareOne(t, planned(t, at), "volume=+0%")
		if !cmp.Equal(want, cs[0]) {
			t.Errorf("baseline at effort 0.25 %+v, want %+v", cs[0], want)
		}
	})

	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			base Baseline
			s    Scenario
			msg  string
		}{
			{base, Scenario{Name: "o", OutsourceShare: 0.4}, `scenario "o": outsourcing needs the cost of an outsourced hour`},
			{base, Scenario{Name: "x", AHTFactor: -1}, `scenario "x": aht: want a positive factor`},
			{noChannelTarget(base), Scenario{Name: "p", PoolRegions: true},
				`scenario "p": channel "phone": pooling its regions needs a target for the whole channel`},
		} {
			_, err := Compare(context.Background(), tc.base, []Scenario{tc.s})
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Compare(%+v) = %v, want an error containing %q", tc.s, err, tc.msg)
			}
		}
	})
}

// noChannelTarget gives phone a target per region and none for the channel.
func noChannelTarget(b Baseline) Baseline {
	b.Targets = []staff.Target{
		{Channel: "phone", Region: "east", ServiceLevel: 0.8, AnswerSeconds: 20, Shrinkage: 0.3},
		b.Targets[1], b.Targets[2],
	}
	return b
}

// TestCompareByHand measures a roster given by hand: one immediate series
// of two 30-minute intervals, 10 then 5 agents scheduled at 20%
// shrinkage, 30 then 12 contacts of 300 s. On seat are 4 and 2
// agent-hours; the work is 2.5 and 1 agent-hours, all handled: occupancy
// 3.5 / 6.
func TestCompareByHand(t *testing.T) {
	d := staff.Demand{Channel: "chat", Start: monday, Interval: 30 * time.Minute,
		Contacts: []float64{30, 12}, AHT: []float64{300, 300}}
	reqs := []staff.Requirement{
		{Start: monday, Channel: "chat", Contacts: 30, AHT: 300, Staff: 10},
		{Start: monday.Add(30 * time.Minute), Channel: "chat", Contacts: 12, AHT: 300, Staff: 5},
	}
	base := Baseline{
		Demands:      []staff.Demand{d},
		Targets:      []staff.Target{{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 20, Shrinkage: 0.2}},
		Costs:        Costs{InHouse: 60, Outsourced: 40},
		Requirements: reqs,
		Roster: schedule.Roster{
			Coverage: []schedule.Coverage{
				{Start: reqs[0].Start, Channel: "chat", Required: 10, Scheduled: 10, ServiceLevel: 0.9},
				{Start: reqs[1].Start, Channel: "chat", Required: 5, Scheduled: 5, ServiceLevel: 0.95},
			},
			Summaries: []schedule.Summary{{Channel: "chat", PaidHours: 12, Cost: 700, ServiceLevel: 0.91},
				{PaidHours: 12, Cost: 700, ServiceLevel: 0.91}},
		},
	}
	cs, err := Compare(context.Background(), base, []Scenario{{Name: "half", OutsourceShare: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Comparison{
		{Scenario: "baseline", PeakAgents: 10, PaidHours: 12, Cost: 720, ServiceLevel: 0.91, Occupancy: 3.5 / 6},
		{Scenario: "half", PeakAgents: 10, PaidHours: 12, Cost: 600, ServiceLevel: 0.91, Occupancy: 3.5 / 6},
	}
	if diff := cmp.Diff(want, cs, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}

	// Over capacity: 60 contacts in the second interval are 5 agent-hours
	// of work on 2 on seat; only 2 are handled, occupancy (2.5+2)/6.
	base.Requirements[1].Contacts = 60
	cs, err = Compare(context.Background(), base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cs[0].Occupancy; !scalar.EqualWithinAbsOrRel(got, 4.5/6, 1e-12, 1e-12) {
		t.Errorf("occupancy %v, want %v", got, 4.5/6)
	}
	// Concurrency 2 doubles the slots to 8 and 4 slot-hours: (2.5+4)/12.
	base.Targets[0].Concurrency = 2
	if cs, err = Compare(context.Background(), base, nil); err != nil {
		t.Fatal(err)
	}
	if got := cs[0].Occupancy; !scalar.EqualWithinAbsOrRel(got, 6.5/12, 1e-12, 1e-12) {
		t.Errorf("occupancy with concurrency 2: %v, want %v", got, 6.5/12)
	}
}

func TestComparisonTable(t *testing.T) {
	tab := ComparisonTable([]Comparison{
		{Scenario: "baseline", PeakAgents: 40, PaidHours: 800, Cost: 48000, ServiceLevel: 0.84, Occupancy: 0.8},
		{Scenario: "aht=+10%", PeakAgents: 44, PaidHours: 872.5, UnderHours: 1.25, Cost: 52350, ServiceLevel: 0.83, Occupancy: 0.82},
	})
	want := [][]any{
		{"baseline", 40.0, 800.0, 0.0, 48000.0, 0.84, 0.8, nil, nil, nil, nil, nil},
		{"aht=+10%", 44.0, 872.5, 1.3, 52350.0, 0.83, 0.82, 4.0, 72.5, 4350.0, -0.01, 0.02},
	}
	if tab.Name != "Scenarios" || len(tab.Columns) != len(want[0]) {
		t.Fatalf("table %q with columns %v", tab.Name, tab.Columns)
	}
	// People read the figures rounded; JSON carries them whole.
	read := make([][]any, len(tab.Rows))
	for r := range tab.Rows {
		for c := range tab.Columns {
			read[r] = append(read[r], tab.Cell(r, c))
		}
	}
	if diff := cmp.Diff(want, read, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("rows as read (-want +got):\n%s", diff)
	}
	if got := tab.Rows[1][3]; got != 1.25 {
		t.Errorf("under_hours %v in the table's data, want 1.25 whole", got)
	}
}

func BenchmarkCompare(b *testing.B) {
	base := planned(b, smallBaseline())
	var ss []Scenario
	for _, spec := range []string{"aht=+10%", "sl=90/20", "pool=regions", "outsource=40%"} {
		s, err := ParseScenario(spec)
		if err != nil {
			b.Fatal(err)
		}
		ss = append(ss, s)
	}
	base.Costs = Costs{InHouse: 60, Outsourced: 40}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(context.Background(), base, ss); err != nil {
			b.Fatal(err)
		}
	}
}

// TestComparePoolAgents: agents of the east region cannot take west's
// calls until the regions are pooled, and pooling leaves the caller's
// agents as they were.
func TestComparePoolAgents(t *testing.T) {
	base := smallBaseline()
	base.Demands = base.Demands[:2] // phone east and west
	for i := range 40 {
		a := schedule.Agent{ID: fmt.Sprintf("E%02d", i), Region: "east", Channels: []string{"phone"}, MaxHours: 40}
		for d := range a.Days {
			a.Days[d] = true
		}
		base.Agents = append(base.Agents, a)
	}
	b, s := compareOne(t, base, "pool=regions")
	if !(s.UnderHours < b.UnderHours) || !(s.ServiceLevel > b.ServiceLevel) {
		t.Errorf("pooled under-covered hours %v and service level %v, separate %v and %v: pooling should help the west",
			s.UnderHours, s.ServiceLevel, b.UnderHours, b.ServiceLevel)
	}
	for _, a := range base.Agents {
		if a.Region != "east" {
			t.Fatalf("Compare changed agent %s's region to %q", a.ID, a.Region)
		}
	}
}

// FuzzParseScenario: any spec is rejected or gives a valid scenario.
func FuzzParseScenario(f *testing.F) {
	for _, s := range []string{"aht=+10%", "sl=90/20", "shrinkage=0.35", "volume=-5%", "pool=regions",
		"outsource=40%", "aht=+10%;sl=90/20", "sl=1e400/20", "aht=+1e308%",
		// As planners write them (examples/plan.yaml, wfm plan --help).
		"volume=+20%;pool=regions", " AHT = +10% ; Volume=-5% ; pool=regions ; ", "sl=80%/60s", "shrinkage=35%", "outsource=0.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseScenario(spec)
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Errorf("ParseScenario(%q) = %+v, which does not validate: %v", spec, s, err)
		}
	})
}

func ExampleParseScenario() {
	s, err := ParseScenario("aht=+10%; sl=90/20; outsource=40%")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("AHT x%.2f, %.0f%% in %.0f s, %.0f%% outsourced\n", s.AHTFactor, s.ServiceLevel*100, s.AnswerSeconds, s.OutsourceShare*100)
	_, err = ParseScenario("aht=10%")
	fmt.Println(err)
	// Output:
	// AHT x1.10, 90% in 20 s, 40% outsourced
	// aht: want a change like +10% or -5%, got "10%"
}

// TestMeasureClosedWeek: a week without contacts may have a roster without
// shifts, coverage or summaries; its comparison row has no one on shift.
func TestMeasureClosedWeek(t *testing.T) {
	base := smallBaseline()
	var reqs []staff.Requirement
	for _, d := range base.Demands {
		for i := range d.Contacts {
			reqs = append(reqs, staff.Requirement{Start: d.Start.Add(time.Duration(i) * d.Interval), Channel: d.Channel, Region: d.Region})
		}
	}
	got, err := measure(base, base.Demands, base.Targets, reqs, schedule.Roster{}, Scenario{Name: "closed"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Comparison{Scenario: "closed", Occupancy: math.NaN()}, got, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("closed week (-want +got):\n%s", diff)
	}
}
