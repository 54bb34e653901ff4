package plan

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/skill"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// chatPhone is a week of one region's chat, busiest in the evening, and
// phone, busiest at midday, open 08:00-22:00, with the example's targets.
func chatPhone() Baseline {
	const n = 48 * 7
	chat := staff.Demand{Channel: "chat", Region: "east", Start: monday, Interval: 30 * time.Minute, Contacts: make([]float64, n)}
	phone := staff.Demand{Channel: "phone", Region: "east", Start: monday, Interval: 30 * time.Minute, Contacts: make([]float64, n)}
	for i := range n {
		h := float64(i%48) / 2
		if h < 8 || h >= 22 {
			continue
		}
		chat.Contacts[i] = math.Round(60 * (0.2 + 0.8*math.Exp(-(h-19)*(h-19)/4)))
		phone.Contacts[i] = math.Round(40 * (0.2 + 0.8*math.Exp(-(h-10)*(h-10)/4)))
	}
	base := smallBaseline()
	base.Demands = []staff.Demand{chat, phone}
	base.Targets = []staff.Target{
		{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 60, MaxOccupancy: 0.85, Shrinkage: 0.3, Concurrency: 2,
			PatienceSeconds: 300, AHTSeconds: 400},
		{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, MaxOccupancy: 0.85, Shrinkage: 0.3,
			PatienceSeconds: 120, AHTSeconds: 300},
	}
	return base
}

// TestCompareCrossTrain: giving 30% of the phone agents the chat skill
// needs fewer paid hours than the baseline roster, and so does giving
// every agent both skills, and the simulated service of both channels
// meets its target. The chat peaks in the evening and the phone at
// midday: the cross-trained cover the one and the other. (Full pooling
// need not save more: an agent holding a chat takes no call, so blending
// every agent blocks calls that specialists would take.)
func TestCompareCrossTrain(t *testing.T) {
	base := planned(t, chatPhone())
	var scenarios []Scenario
	for _, spec := range []string{"cross-train=chat+phone:30%", "cross-train=chat+phone:all"} {
		s, err := ParseScenario(spec)
		if err != nil {
			t.Fatal(err)
		}
		scenarios = append(scenarios, s)
	}
	cs, err := Compare(context.Background(), base, scenarios)
	if err != nil {
		t.Fatal(err)
	}
	b, part, all := cs[0], cs[1], cs[2]
	// The simulated table: the baseline's two channels, then each
	// scenario's.
	if tb := SimulatedTable(cs); tb == nil || len(tb.Rows) != 6 || tb.Rows[0][0] != "baseline" || tb.Rows[5][0] != all.Scenario {
		t.Errorf("simulated table %+v, want two rows of each of the baseline and the scenarios", tb)
	}
	if tb := SimulatedTable([]Comparison{{Scenario: "baseline"}}); tb != nil {
		t.Errorf("simulated table of no simulation: %+v, want nil", tb)
	}
	if !(part.PaidHours < b.PaidHours) || !(all.PaidHours < b.PaidHours) {
		t.Errorf("paid hours: baseline %v, 30%% cross-trained %v, all %v: want fewer than the baseline", b.PaidHours, part.PaidHours, all.PaidHours)
	}
	// Under-staffing is reckoned against what the simulation staffed, which
	// the roster covers as the baseline's covers Erlang's requirement.
	for _, c := range []Comparison{part, all} {
		if c.UnderHours > b.UnderHours+0.005*c.PaidHours {
			t.Errorf("%s: %v hours under-staffed, baseline %v", c.Scenario, c.UnderHours, b.UnderHours)
		}
	}
	for _, c := range cs {
		if len(c.Simulated) != 2 {
			t.Fatalf("%s: simulated %+v, want chat and phone", c.Scenario, c.Simulated)
		}
		for _, s := range c.Simulated {
			if s.Simulated.Mean+s.Simulated.HalfWidth < s.Target || s.Contacts == 0 {
				t.Errorf("%s: %s service level %.3f ± %.3f of %v contacts, want %v", c.Scenario, s.Channel,
					s.Simulated.Mean, s.Simulated.HalfWidth, s.Contacts, s.Target)
			}
		}
	}
}

func TestTrainAgents(t *testing.T) {
	var agents []schedule.Agent
	for i := range 10 {
		agents = append(agents, schedule.Agent{ID: string(rune('a' + i)), Channels: []string{"phone"}})
	}
	agents = append(agents, schedule.Agent{ID: "chat1", Channels: []string{"Chat"}}, schedule.Agent{ID: "any"})
	tr := skill.Training{Channels: [2]string{"chat", "phone"}, Share: 0.3}
	got := trainAgents(agents, tr)
	var trained []string
	for _, a := range got {
		if len(a.Channels) == 2 {
			trained = append(trained, a.ID)
		}
	}
	// Three of the ten, spread out; the chat agent and the agent of every
	// channel as they were.
	if want := []string{"d", "g", "j"}; !slices.Equal(trained, want) {
		t.Errorf("30%% of 10 phone agents: trained %v, want %v", trained, want)
	}
	if len(agents[0].Channels) != 1 {
		t.Errorf("the input's agents changed: %v", agents[0].Channels)
	}
	tr.Pool = true
	for _, a := range trainAgents(agents, tr) {
		if a.ID != "any" && len(a.Channels) != 2 {
			t.Errorf("pooled: agent %s serves %v", a.ID, a.Channels)
		}
	}
}

// TestCheckCrossTrain: a cross-training scenario is refused before the
// plan is built, naming the file, when no region has history of both its
// channels or one of them is deferred work.
func TestCheckCrossTrain(t *testing.T) {
	h := &records.History{Series: []forecast.Series{{Channel: "Chat", Region: "east"}, {Channel: "phone", Region: "east"},
		{Channel: "email", Region: "east"}, {Channel: "phone", Region: "west"}}}
	targets := []staff.Target{{Channel: "chat"}, {Channel: "phone"}, {Channel: "email", Kind: staff.Deferred}}
	for _, c := range []struct {
		spec, file, msg string
	}{
		{"cross-train=chat+phone:30%", "", ""},
		{"aht=+10%", "", ""},
		{"cross-train=chat+sms:30%", "history.csv", "no region has history of both"},
		{"cross-train=chat+email:all", "targets.csv", `channel "email", which is deferred work`},
	} {
		s, err := ParseScenario(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		err = checkCrossTrain([]Scenario{s}, h, targets, "history.csv", "targets.csv")
		var te *table.Error
		switch {
		case c.msg == "" && err != nil:
			t.Errorf("%s: %v", c.spec, err)
		case c.msg != "" && (!errors.As(err, &te) || te.File != c.file || !strings.Contains(err.Error(), c.msg)):
			t.Errorf("%s: error %v, want one in %s containing %q", c.spec, err, c.file, c.msg)
		}
	}
}
