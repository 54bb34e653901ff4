package erlang

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
)

// refMeets applies targets to reference values.
func refMeets(r refErlang, tg Targets) bool {
	if float64(r.n) <= r.a {
		return false
	}
	return (tg.ServiceLevel == 0 || r.sl >= tg.ServiceLevel) &&
		(tg.ASA == 0 || r.asa <= tg.ASA) &&
		(tg.MaxOccupancy == 0 || r.a/float64(r.n) <= tg.MaxOccupancy)
}

// near tells whether a reference value sits so close to its target that
// rounding may decide it; such cases are not evidence either way.
func near(r refErlang, tg Targets) bool {
	close := func(v, w float64) bool { return w != 0 && math.Abs(v-w) <= 1e-12*math.Abs(w) }
	return close(r.sl, tg.ServiceLevel) || close(r.asa, tg.ASA)
}

// TestAgentsFewest checks the search against a brute-force scan of the
// reference values: the answer meets every target and one agent fewer does
// not.
func TestAgentsFewest(t *testing.T) {
	targets := []Targets{
		{ServiceLevel: 0.8, Answer: 20},
		{ServiceLevel: 0.9, Answer: 10},
		{ServiceLevel: 0.5, Answer: 0},
		{ASA: 15},
		{ASA: 0.5},
		{MaxOccupancy: 0.85},
		{ServiceLevel: 0.8, Answer: 20, ASA: 5, MaxOccupancy: 0.9},
		{ServiceLevel: 0.95, Answer: 60, MaxOccupancy: 0.7},
	}
	for _, a := range []float64{0.001, 0.3, 1, 4.2, 10, 27.5, 50, 180.25, 1234.5, 25000, 100000} {
		for _, aht := range []float64{45, 348} {
			for _, tg := range targets {
				name := fmt.Sprintf("A=%g AHT=%g %+v", a, aht, tg)
				m, err := Queue{Load: a, AHT: aht}.Agents(tg)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				n := m.Agents
				refs := refErlangs(a, aht, tg.Answer, []int{n - 1, n})
				if near(refs[0], tg) || near(refs[1], tg) {
					continue
				}
				if !refMeets(refs[1], tg) {
					t.Errorf("%s: %d agents do not meet the targets (SL %.6g ASA %.6g)", name, n, refs[1].sl, refs[1].asa)
				}
				if n > 1 && refMeets(refs[0], tg) {
					t.Errorf("%s: %d agents already meet the targets, got %d", name, n-1, n)
				}
				want := Queue{Load: a, AHT: aht}.Evaluate(n, tg.Answer)
				if m != want {
					t.Errorf("%s: metrics %+v, Evaluate gives %+v", name, m, want)
				}
			}
		}
	}
}

func TestAgentsEdges(t *testing.T) {
	// No load, no agents.
	m, err := Queue{AHT: 180}.Agents(Targets{ServiceLevel: 0.8, Answer: 20})
	if err != nil || m.Agents != 0 || m.ServiceLevel != 1 {
		t.Errorf("zero load: %+v, %v; want 0 agents, SL 1", m, err)
	}
	// Only an occupancy cap: exactly ceil(A/cap), even where A/cap is an
	// integer.
	for _, c := range []struct {
		a, limit float64
		want     int
	}{{8.5, 0.85, 10}, {8.5001, 0.85, 11}, {3, 1, 4}, {0.01, 1, 1}, {90, 0.9, 100}} {
		m, err := Queue{Load: c.a, AHT: 60}.Agents(Targets{MaxOccupancy: c.limit})
		if err != nil || m.Agents != c.want {
			t.Errorf("A=%g cap %g: %d agents (%v), want %d", c.a, c.limit, m.Agents, err, c.want)
		}
	}
	// No targets: the fewest agents that keep the queue stable.
	if m, _ := (Queue{Load: 7, AHT: 60}).Agents(Targets{}); m.Agents != 8 || !m.Stable {
		t.Errorf("no targets at 7 Erlangs: %+v, want 8 agents", m)
	}
	// Extreme but reachable targets terminate with a finite answer.
	m, err = Queue{Load: 100000, AHT: 300}.Agents(Targets{ServiceLevel: 0.9999999, Answer: 1, ASA: 1e-6})
	if err != nil || m.Agents <= 100000 || m.ServiceLevel < 0.9999999 || m.ASA > 1e-6 {
		t.Errorf("extreme targets at 100,000 Erlangs: %+v, %v", m, err)
	}
	if errors.Is(err, ErrUnreachable) {
		t.Error("reachable targets reported unreachable")
	}
}

// A tight occupancy cap starts the search far above the load, where B has
// long underflowed; the search must still be quick and exact.
func TestAgentsFarAboveLoad(t *testing.T) {
	m, err := Queue{Load: 100000, AHT: 300}.Agents(Targets{MaxOccupancy: 1e-4, ServiceLevel: 0.8, Answer: 20})
	if err != nil || m.Agents != 1000000000 || m.ProbWait != 0 || m.ServiceLevel != 1 {
		t.Errorf("got %+v, %v; want 10^9 agents, no wait", m, err)
	}
}

// TestAgentsLoadLimit: a load beyond MaxLoad is refused at once rather than
// searched (at 1e30 Erlangs the search never ended); MaxLoad itself is
// searched, within the time the limit promises.
func TestAgentsLoadLimit(t *testing.T) {
	goals := Targets{ServiceLevel: 0.8, Answer: 20}
	for _, c := range []struct {
		name     string
		queue    Queue
		wantLoad bool
	}{
		{"1e30 Erlangs", Queue{Load: 1e30, AHT: 300}, true},
		{"1e30 Erlangs with patience", Queue{Load: 1e30, AHT: 300, Patience: 60}, true},
		{"just above", Queue{Load: math.Nextafter(MaxLoad, math.Inf(1)), AHT: 300}, true},
		{"at the limit", Queue{Load: MaxLoad, AHT: 300}, false},
		{"at the limit with patience", Queue{Load: MaxLoad, AHT: 300, Patience: 60}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			m, err := c.queue.Agents(goals)
			if got := errors.Is(err, ErrLoad); got != c.wantLoad {
				t.Fatalf("error %v: wraps ErrLoad %v, want %v", err, got, c.wantLoad)
			}
			if !c.wantLoad && (err != nil || m.ServiceLevel < 0.8) {
				t.Errorf("%+v, %v", m, err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}
