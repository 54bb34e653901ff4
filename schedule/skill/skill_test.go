package skill

import (
	"math"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// pair is chat (80/60, ASA at most 20 s, two at once) and phone (80/20),
// neither busier than 85%, as in the example operation.
func pair() Pair {
	return Pair{Interval: 30 * time.Minute, Replications: 8, Seed: 1, Targets: [2]staff.Target{
		{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 60, ASASeconds: 20, MaxOccupancy: 0.85, Concurrency: 2, PatienceSeconds: 300, MinAgents: 1},
		{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, MaxOccupancy: 0.85, PatienceSeconds: 120, MinAgents: 1},
	}}
}

// erlangMix is the separate Erlang staffing of each channel.
func erlangMix(t *testing.T, p Pair, loads [2]Load) Mix {
	t.Helper()
	var m Mix
	for c, tg := range p.Targets {
		n, _, err := tg.Agents(loads[c].Contacts, loads[c].AHT, p.Interval)
		if err != nil {
			t.Fatal(err)
		}
		m.Dedicated[c] = n
	}
	return m
}

// TestCrossTrainingLowersStaff: on a peak half-hour of the example
// operation, giving 30% of the phone agents the chat skill needs fewer
// agents than dedicated staffing, and the mix found meets both targets in
// an independent simulation within its confidence interval. (On small
// intervals the saving is within the search's noise.)
func TestCrossTrainingLowersStaff(t *testing.T) {
	p := pair()
	loads := [2]Load{{747, 391}, {390, 341}}
	d, err := p.Staff(t.Context(), loads, erlangMix(t, p, loads), 1)
	if err != nil {
		t.Fatal(err)
	}
	x, err := p.Staff(t.Context(), loads, CrossTrain(d, 0.3), 1)
	if err != nil {
		t.Fatal(err)
	}
	if x.Cross == 0 || x.Total() >= d.Total() {
		t.Fatalf("cross-trained %+v (%d agents), dedicated %+v (%d): want fewer with some cross-trained", x, x.Total(), d, d.Total())
	}
	for _, m := range []Mix{d, x} {
		check := p
		check.Replications = 20
		s, err := check.Simulate(t.Context(), loads, m, 99)
		if err != nil {
			t.Fatal(err)
		}
		for c, tg := range p.Targets {
			if sl := s[c].ServiceLevel; sl.Mean+sl.HalfWidth < tg.ServiceLevel {
				t.Errorf("%+v: %s service level %.3f ± %.3f, want %.2f", m, tg.Channel, sl.Mean, sl.HalfWidth, tg.ServiceLevel)
			}
		}
	}
	// One agent fewer than found misses a target on the search's contacts.
	for _, fewer := range []Mix{{[2]int{x.Dedicated[0] - 1, x.Dedicated[1]}, x.Cross}, {[2]int{x.Dedicated[0], x.Dedicated[1]}, x.Cross - 1}} {
		if ok, err := p.meets(t.Context(), loads, fewer, 1); err != nil || ok {
			t.Errorf("%+v meets both targets (err %v): the search stopped early at %+v", fewer, err, x)
		}
	}
}

// TestStaffFloorsAndGrows: an interval without contacts keeps each
// channel's MinAgents; a start short of the targets grows until it meets
// them.
func TestStaffFloorsAndGrows(t *testing.T) {
	p := pair()
	m, err := p.Staff(t.Context(), [2]Load{}, Mix{Dedicated: [2]int{5, 5}}, 1)
	if err != nil || m != (Mix{Dedicated: [2]int{1, 1}}) {
		t.Errorf("no contacts: %+v, %v; want one agent of each", m, err)
	}
	loads := [2]Load{{150, 420}, {80, 348}}
	want, err := p.Staff(t.Context(), loads, erlangMix(t, p, loads), 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Staff(t.Context(), loads, Mix{Dedicated: [2]int{2, 2}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The two searches take other paths through the simulation's noise.
	if ok, err := p.meets(t.Context(), loads, got, 1); !ok || err != nil || math.Abs(float64(got.Total()-want.Total())) > 2 {
		t.Errorf("from 2 and 2 agents: %+v (meets %v, %v); want about %+v", got, ok, err, want)
	}
	if _, err := (Pair{Targets: p.Targets, Interval: p.Interval, Replications: 1}).Staff(t.Context(), loads, want, 1); err == nil {
		t.Errorf("one replication: no error")
	}
}

func TestCrossTrainAndPool(t *testing.T) {
	d := Mix{Dedicated: [2]int{20, 10}}
	if got := CrossTrain(d, 0.3); got != (Mix{Dedicated: [2]int{20, 7}, Cross: 3}) {
		t.Errorf("CrossTrain 30%%: %+v", got)
	}
	if got := Pool(d); got != (Mix{Cross: 30}) {
		t.Errorf("Pool: %+v", got)
	}
}

// TestCheck: the service level must reach the target, and the ASA and the
// occupancy stay within their caps when there are some.
func TestCheck(t *testing.T) {
	capped := staff.Target{ServiceLevel: 0.8, ASASeconds: 20, MaxOccupancy: 0.85}
	for _, c := range []struct {
		tg           staff.Target
		sl, asa, occ float64
		want         bool
	}{
		{capped, 0.8, 20, 0.85, true},
		{capped, 0.79, 5, 0.5, false},
		{capped, 0.9, 21, 0.5, false},
		{capped, 0.9, 5, 0.86, false},
		{staff.Target{ServiceLevel: 0.8}, 0.9, 500, 0.99, true},
	} {
		s := sim.Stats{ServiceLevel: sim.Estimate{Mean: c.sl}, ASA: sim.Estimate{Mean: c.asa}, Occupancy: sim.Estimate{Mean: c.occ}}
		if got := Check(c.tg, s); got != c.want {
			t.Errorf("%+v, SL %v ASA %v occupancy %v: %v, want %v", c.tg, c.sl, c.asa, c.occ, got, c.want)
		}
	}
}

// TestOverflowOnlyWithSpecialists: chats wait for their specialists before
// cross-trained agents take them, but not when there are none: with every
// agent cross-trained, the wait would be for nobody and only add to the
// ASA.
func TestOverflowOnlyWithSpecialists(t *testing.T) {
	p := pair()
	for _, c := range []struct {
		dedicated [2]int
		want      float64
	}{{[2]int{3, 2}, OverflowShare * 60}, {[2]int{0, 2}, 0}, {[2]int{0, 0}, 0}} {
		qs := []sim.Queue{Queue(p.Targets[0], nil, 400), Queue(p.Targets[1], nil, 300)}
		overflowDelay(qs, c.dedicated)
		if qs[0].Overflow != c.want || qs[1].Overflow != 0 {
			t.Errorf("dedicated %v: overflow delays %v and %v, want %v and 0", c.dedicated, qs[0].Overflow, qs[1].Overflow, c.want)
		}
	}
}
