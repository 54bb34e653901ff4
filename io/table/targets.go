package table

import (
	"fmt"

	"github.com/wfm-dev/wfm/schedule/staff"
)

type target = staff.Target

var targetFields = []field[target]{
	{"channel", true, text(func(t *target) *string { return &t.Channel })},
	{"region", false, text(func(t *target) *string { return &t.Region })},
	{"kind", false, func(t *target, s string) error {
		switch k := staff.Kind(s); k {
		case staff.Immediate, staff.Deferred:
			t.Kind = k
			return nil
		}
		return fmt.Errorf("want immediate or deferred, got %q", s)
	}},
	{"service_level", false, share(func(t *target) *float64 { return &t.ServiceLevel })},
	{"answer_seconds", false, seconds(func(t *target) *float64 { return &t.AnswerSeconds })},
	{"asa_seconds", false, seconds(func(t *target) *float64 { return &t.ASASeconds })},
	{"max_occupancy", false, share(func(t *target) *float64 { return &t.MaxOccupancy })},
	{"shrinkage", false, share(func(t *target) *float64 { return &t.Shrinkage })},
	{"concurrency", false, number(func(t *target) *float64 { return &t.Concurrency })},
	{"patience_seconds", false, seconds(func(t *target) *float64 { return &t.PatienceSeconds })},
	{"response_hours", false, number(func(t *target) *float64 { return &t.ResponseHours })},
	{"aht_seconds", false, seconds(func(t *target) *float64 { return &t.AHTSeconds })},
	{"min_agents", false, integer(func(t *target) *int { return &t.MinAgents })},
}

// ReadTargets reads staffing targets, one row per channel or channel and
// region, checking each row.
func ReadTargets(g *Grid) ([]staff.Target, error) {
	ts, err := readRecords(g, targetFields, false)
	if err != nil {
		return nil, err
	}
	seen := map[[2]string]int{}
	for i, t := range ts {
		if err := locate(g, i, t.Validate()); err != nil {
			return nil, err
		}
		k := [2]string{t.Channel, t.Region}
		if j, dup := seen[k]; dup {
			return nil, g.Errorf(i, g.Column("channel"), "a second target for channel %q region %q (first on row %d)",
				t.Channel, t.Region, g.Lines[j])
		}
		seen[k] = i
	}
	return ts, nil
}
