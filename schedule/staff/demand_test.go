package staff

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestRequirementValidate(t *testing.T) {
	good := Requirement{Start: staffMonday, Channel: "phone", Region: "east", Contacts: 100, AHT: 180,
		Agents: 14, Staff: 20, ServiceLevel: 0.8, ASA: 12, Occupancy: 0.88}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid requirement: %v", err)
	}
	with := func(f func(*Requirement)) Requirement { r := good; f(&r); return r }
	for _, c := range []struct {
		name  string
		r     Requirement
		field string
	}{
		{"staff 1e9", with(func(r *Requirement) { r.Staff = 1e9 }), "staff"},
		{"staff just above", with(func(r *Requirement) { r.Staff = MaxAgents + 1 }), "staff"},
		{"negative staff", with(func(r *Requirement) { r.Staff = -1 }), "staff"},
		{"agents 1e9", with(func(r *Requirement) { r.Agents = 1e9 }), "agents"},
		{"contacts 1e30", with(func(r *Requirement) { r.Contacts = 1e30 }), "contacts"},
		{"NaN contacts", with(func(r *Requirement) { r.Contacts = math.NaN() }), "contacts"},
		{"Inf AHT", with(func(r *Requirement) { r.AHT = math.Inf(1) }), "aht_seconds"},
		{"NaN service level", with(func(r *Requirement) { r.ServiceLevel = math.NaN() }), "service_level"},
		{"Inf ASA", with(func(r *Requirement) { r.ASA = math.Inf(1) }), "asa_seconds"},
		{"negative occupancy", with(func(r *Requirement) { r.Occupancy = -0.1 }), "occupancy"},
		{"staff at the limit", with(func(r *Requirement) { r.Staff = MaxAgents }), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.r.Validate()
			var fe *FieldError
			got := ""
			if errors.As(err, &fe) {
				got = fe.Field
			} else if err != nil {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if got != c.field {
				t.Errorf("error %v names field %q, want %q", err, got, c.field)
			}
		})
	}
}

func TestTargetsFor(t *testing.T) {
	ts := Targets{
		{Channel: "chat", AHTSeconds: 1},
		{Channel: "Chat", Region: "East", AHTSeconds: 2},
		{Channel: "phone", Region: "east", AHTSeconds: 3},
	}
	for _, c := range []struct {
		channel, region string
		want            float64 // AHTSeconds of the row found, 0 for none
	}{
		{"chat", "east", 2},
		{"CHAT", "EAST", 2},
		{" chat ", "east ", 2},
		{"chat", "west", 1},
		{"Chat", "", 1},
		{"phone", "east", 3},
		{"phone", "west", 0},
		{"email", "east", 0},
	} {
		got, ok := ts.For(c.channel, c.region)
		if ok != (c.want != 0) || got.AHTSeconds != c.want {
			t.Errorf("For(%q, %q) = %+v, %v; want the row with aht %v", c.channel, c.region, got, ok, c.want)
		}
	}
}

// TestTargetAgentsLimits: the calculator refuses offers beyond the limits
// at once, naming contacts (wfm erlang --contacts 1e30 searched forever).
func TestTargetAgentsLimits(t *testing.T) {
	target := Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20}
	for _, contacts := range []float64{1e30, MaxContacts + 1, 5e6} {
		start := time.Now()
		_, _, err := target.Agents(contacts, 3600, 30*time.Minute)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "contacts" {
			t.Errorf("%g contacts: error %v, want one on contacts", contacts, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%g contacts: took %v", contacts, d)
		}
	}
	// Concurrency 1e30 overflowed the slot count; now the target is refused.
	huge := target
	huge.Concurrency = 1e30
	if _, _, err := huge.Agents(100, 180, 30*time.Minute); fieldOf(err) != "concurrency" {
		t.Errorf("concurrency 1e30: Agents error %v, want one on concurrency", err)
	}
	if _, err := huge.Evaluate(3, 100, 180, 30*time.Minute); fieldOf(err) != "concurrency" {
		t.Errorf("concurrency 1e30: Evaluate error %v, want one on concurrency", err)
	}
	if n, _, err := target.Agents(1000, 180, 30*time.Minute); err != nil || n <= 100 {
		t.Errorf("1000 contacts at 100 Erlangs: %d agents, %v", n, err)
	}
}

// fieldOf returns the field a *FieldError names, or "".
func fieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}
