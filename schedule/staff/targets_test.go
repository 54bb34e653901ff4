package staff

import (
	"errors"
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestTargetValidate(t *testing.T) {
	phone := Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, ASASeconds: 15, MaxOccupancy: 0.85,
		Shrinkage: 0.3, Concurrency: 1, PatienceSeconds: 60, AHTSeconds: 348, MinAgents: 1}
	email := Target{Channel: "email", Kind: Deferred, ResponseHours: 4, MaxOccupancy: 0.9, Shrinkage: 0.3}
	for _, ok := range []Target{phone, email, {Channel: "chat"}, {Channel: "chat", Concurrency: 2.5, MaxOccupancy: 1}} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	with := func(base Target, f func(*Target)) Target { f(&base); return base }
	for _, c := range []struct {
		name   string
		target Target
		field  string
		msg    string
	}{
		{"service level above 1", with(phone, func(t *Target) { t.ServiceLevel = 1.2 }), "service_level",
			"service_level: must be between 0 and 1 (exclusive), got 1.2"},
		{"service level 1", with(phone, func(t *Target) { t.ServiceLevel = 1 }), "service_level", ""},
		{"negative service level", with(phone, func(t *Target) { t.ServiceLevel = -0.5 }), "service_level", ""},
		{"negative answer time", with(phone, func(t *Target) { t.AnswerSeconds = -1 }), "answer_seconds", ""},
		{"negative ASA", with(phone, func(t *Target) { t.ASASeconds = -3 }), "asa_seconds",
			"asa_seconds: must be positive (0: no ASA target), got -3"},
		{"occupancy above 1", with(phone, func(t *Target) { t.MaxOccupancy = 1.1 }), "max_occupancy", ""},
		{"shrinkage 1", with(phone, func(t *Target) { t.Shrinkage = 1 }), "shrinkage",
			"shrinkage: must be in [0, 1), got 1"},
		{"negative shrinkage", with(phone, func(t *Target) { t.Shrinkage = -0.1 }), "shrinkage", ""},
		{"concurrency below 1", with(phone, func(t *Target) { t.Concurrency = 0.5 }), "concurrency",
			"concurrency: must be between 1 and 100 contacts per agent, got 0.5"},
		{"concurrency 1e30", with(phone, func(t *Target) { t.Concurrency = 1e30 }), "concurrency", ""},
		{"concurrency above the limit", with(phone, func(t *Target) { t.Concurrency = MaxConcurrency + 0.5 }), "concurrency", ""},
		{"min agents 1e9", with(phone, func(t *Target) { t.MinAgents = 1e9 }), "min_agents",
			"min_agents: must be between 0 and 25000, got 1000000000"},
		{"negative AHT", with(phone, func(t *Target) { t.AHTSeconds = -180 }), "aht_seconds",
			"aht_seconds: must not be negative, got -180"},
		{"NaN AHT", with(phone, func(t *Target) { t.AHTSeconds = math.NaN() }), "aht_seconds", ""},
		{"negative patience", with(phone, func(t *Target) { t.PatienceSeconds = -1 }), "patience_seconds", ""},
		{"negative min agents", with(phone, func(t *Target) { t.MinAgents = -1 }), "min_agents", ""},
		{"no channel", with(phone, func(t *Target) { t.Channel = " " }), "channel", ""},
		{"unknown kind", with(phone, func(t *Target) { t.Kind = "batch" }), "kind", ""},
		{"immediate with response hours", with(phone, func(t *Target) { t.ResponseHours = 2 }), "response_hours", ""},
		{"deferred without response hours", with(email, func(t *Target) { t.ResponseHours = 0 }), "response_hours", ""},
		{"deferred with a service level", with(email, func(t *Target) { t.ServiceLevel = 0.8 }), "service_level", ""},
		{"deferred with an ASA", with(email, func(t *Target) { t.ASASeconds = 60 }), "asa_seconds", ""},
		{"deferred with patience", with(email, func(t *Target) { t.PatienceSeconds = 60 }), "patience_seconds", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.target.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if fe.Field != c.field {
				t.Errorf("field %q, want %q (%v)", fe.Field, c.field, err)
			}
			if c.msg != "" && err.Error() != c.msg {
				t.Errorf("message %q, want %q", err.Error(), c.msg)
			}
		})
	}
}

func TestWithShrinkage(t *testing.T) {
	for _, c := range []struct {
		agents    int
		shrinkage float64
		want      int
	}{
		{14, 0.3, 20}, // Call Centre Helper's worked example: 14 agents, 30% shrinkage, 20 staff
		{13, 0.35, 20}, {7, 0.3, 10}, {10, 0, 10}, {1, 0.35, 2}, {0, 0.3, 0}, {100, 0.25, 134}, {3, 0.99, 300},
	} {
		if got := (Target{Shrinkage: c.shrinkage}).WithShrinkage(c.agents); got != c.want {
			t.Errorf("%d agents at %g shrinkage: %d staff, want %d", c.agents, c.shrinkage, got, c.want)
		}
	}
}

func TestServiceLevelWith(t *testing.T) {
	const half = 30 * time.Minute
	phone := Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 180}
	// Erlang C at N = 1 and 2 in closed form, A = 0.5 (9 contacts of 100 s
	// in 30 minutes), T = 20 s: SL = 1 - C·e^{-(N-A)T/h} with C(1) = A,
	// C(2) = A²/(2+A).
	a, h, ans := 0.5, 100.0, 20.0
	sl1 := 1 - a*math.Exp(-(1-a)*ans/h)
	sl2 := 1 - a*a/(2+a)*math.Exp(-(2-a)*ans/h)
	small := Target{Channel: "x", AnswerSeconds: ans}
	for _, c := range []struct {
		name            string
		target          Target
		staff, contacts float64
		aht             float64
		want, tol       float64
	}{
		// Call Centre Helper worked example: 100 calls, 180 s, 30 minutes,
		// 14 agents answer 88.8% within 20 s.
		{"published example", phone, 14, 100, 180, 0.888, 0.0005},
		{"shrinkage applies", seats(phone, 0.3, 1), 20, 100, 180, 0.888, 0.0005},
		{"target AHT when none given", phone, 14, 100, 0, 0.888, 0.0005},
		{"target AHT for NaN", phone, 14, 100, math.NaN(), 0.888, 0.0005},
		{"concurrency: slots", seats(phone, 0, 2), 7, 100, 180, 0.888, 0.0005},
		{"N=1 closed form", small, 1, 9, h, sl1, 1e-12},
		{"N=2 closed form", small, 2, 9, h, sl2, 1e-12},
		{"fractional staff interpolates", small, 1.5, 9, h, (sl1 + sl2) / 2, 1e-12},
		{"fractional after shrinkage", seats(small, 0.5, 1), 3.5, 9, h, sl1 + 0.75*(sl2-sl1), 1e-12},
		{"below one agent: 0 or 1 on seat", small, 0.4, 9, h, 0.4 * sl1, 1e-12},
		{"nobody on seat", phone, 0, 100, 180, 0, 0},
		{"no contacts", phone, 0, 0, 0, 1, 0},
		{"deferred: capacity share", Target{Kind: Deferred, ResponseHours: 2, MaxOccupancy: 0.8}, 5, 100, 360, 5 * 0.8 / 20, 1e-12},
		{"deferred: enough", Target{Kind: Deferred, ResponseHours: 2}, 30, 100, 360, 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.target.ServiceLevelWith(c.staff, c.contacts, c.aht, half)
			if !scalar.EqualWithinAbsOrRel(got, c.want, c.tol, c.tol) {
				t.Errorf("got %.12g, want %.12g ± %g", got, c.want, c.tol)
			}
		})
	}
}

// seats returns t with a shrinkage and a concurrency.
func seats(t Target, shrinkage, concurrency float64) Target {
	t.Shrinkage, t.Concurrency = shrinkage, concurrency
	return t
}

func TestExpectedServiceLevel(t *testing.T) {
	const half = 30 * time.Minute
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	targets := []Target{{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, Shrinkage: 0.3}}
	reqs := []Requirement{
		{Start: start, Channel: "phone", Region: "north", Contacts: 100, AHT: 180},
		{Start: start.Add(half), Channel: "phone", Region: "north", Contacts: 0},
		{Start: start.Add(2 * half), Channel: "phone", Region: "north", Contacts: 100},
		{Start: start, Channel: "phone", Region: "south", Contacts: 100, AHT: 180},
	}
	sl, err := ExpectedServiceLevel(reqs, targets)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		region      string
		at          time.Time
		staff, want float64
		tol         float64
	}{
		// 20 staff at 30% shrinkage: the published example's 14 agents, 88.8%.
		{"published example", "north", start, 20, 0.888, 0.0005},
		{"no contacts", "north", start.Add(half), 3, 1, 0},
		{"no AHT anywhere", "north", start.Add(2 * half), 20, math.NaN(), 0},
		{"no such interval", "north", start.Add(-half), 20, math.NaN(), 0},
		{"series of one interval takes the others' length", "south", start, 20, 0.888, 0.0005},
		{"no such series", "west", start, 20, math.NaN(), 0},
	} {
		got := sl("phone", c.region, c.at, c.staff)
		if math.IsNaN(c.want) != math.IsNaN(got) || !math.IsNaN(got) && !scalar.EqualWithinAbs(got, c.want, c.tol) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if _, err := ExpectedServiceLevel(reqs, []Target{{Channel: "chat"}}); err == nil {
		t.Error("no error for requirements without a target")
	}
}

func TestTargetAgents(t *testing.T) {
	const half = 30 * time.Minute
	phone := Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 180}
	// Call Centre Helper's worked example: 14 agents, 17.41% wait.
	n, m, err := phone.Agents(100, 0, half)
	if err != nil || n != 14 || m.Agents != 14 || math.Abs(m.ProbWait-0.1741) > 0.00005 {
		t.Errorf("published example: %d agents, %+v, %v", n, m, err)
	}
	// Three chats per agent: the 14 slots take 5 agents, who hold 15.
	n, m, err = seats(phone, 0, 3).Agents(100, 180, half)
	if err != nil || n != 5 || m.Agents != 15 {
		t.Errorf("concurrency 3: %d agents, %d slots, %v", n, m.Agents, err)
	}
	// Patience: abandonment is reported.
	if _, m, err = (Target{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 20, PatienceSeconds: 60}).Agents(100, 180, half); err != nil || !(m.AbandonRate > 0) {
		t.Errorf("with patience: %+v, %v", m, err)
	}
	// Deferred, one interval: 10 Erlangs at a 0.8 cap.
	if n, m, err = (Target{Channel: "email", Kind: Deferred, ResponseHours: 1, MaxOccupancy: 0.8}).Agents(100, 180, half); err != nil || n != 13 || math.Abs(m.Occupancy-10.0/13) > 1e-12 {
		t.Errorf("deferred: %d agents, %+v, %v", n, m, err)
	}
	// No contacts: MinAgents only.
	if n, _, err = (Target{Channel: "phone", MinAgents: 2}).Agents(0, 0, half); err != nil || n != 2 {
		t.Errorf("no contacts: %d agents, %v", n, err)
	}
	var fe *FieldError
	if _, _, err = (Target{Channel: "phone", ServiceLevel: 0.8}).Agents(5, 0, half); !errors.As(err, &fe) || fe.Field != "aht_seconds" {
		t.Errorf("no AHT: %v", err)
	}
	if _, _, err = phone.Agents(-1, 180, half); err == nil {
		t.Error("negative contacts accepted")
	}
}

func TestTargetEvaluate(t *testing.T) {
	const half = 30 * time.Minute
	phone := Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 180}
	// Call Centre Helper's worked example: 13 agents give 79.6%, 14 give 88.8%.
	for _, c := range []struct {
		target Target
		agents int
		want   float64
	}{{phone, 13, 0.796}, {phone, 14, 0.888}, {seats(phone, 0, 2), 7, 0.888}} {
		m, err := c.target.Evaluate(c.agents, 100, 0, half)
		if err != nil || math.Abs(m.ServiceLevel-c.want) > 0.0005 {
			t.Errorf("%d agents at concurrency %g: %+v, %v; want SL %v", c.agents, c.target.Concurrency, m, err, c.want)
		}
	}
	m, err := phone.Evaluate(10, 100, 180, half) // 10 Erlangs on 10 agents
	if err != nil || m.Stable || !math.IsInf(m.ASA, 1) {
		t.Errorf("unstable: %+v, %v", m, err)
	}
	email := Target{Channel: "email", Kind: Deferred, ResponseHours: 1, MaxOccupancy: 0.8}
	if m, err := email.Evaluate(5, 100, 180, half); err != nil || math.Abs(m.ServiceLevel-0.4) > 1e-12 || m.Occupancy != 1 {
		t.Errorf("deferred: %+v, %v; want SL 0.4, occupancy 1", m, err)
	}
}
