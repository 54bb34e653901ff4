package records

import (
	"fmt"
	"strings"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"
)

type target = staff.Target

var targetFields = []table.Field[target]{
	{Name: "channel", Required: true, Set: text(func(t *target) *string { return &t.Channel })},
	{Name: "region", Required: false, Set: text(func(t *target) *string { return &t.Region })},
	{Name: "kind", Required: false, Set: func(t *target, s string) error {
		switch k := staff.Kind(s); k {
		case staff.Immediate, staff.Deferred:
			t.Kind = k
			return nil
		}
		return fmt.Errorf("want immediate or deferred, got %q", s)
	}},
	{Name: "service_level", Required: false, Set: share(func(t *target) *float64 { return &t.ServiceLevel })},
	{Name: "answer_seconds", Required: false, Set: seconds(func(t *target) *float64 { return &t.AnswerSeconds })},
	{Name: "asa_seconds", Required: false, Set: seconds(func(t *target) *float64 { return &t.ASASeconds })},
	{Name: "max_occupancy", Required: false, Set: share(func(t *target) *float64 { return &t.MaxOccupancy })},
	{Name: "shrinkage", Required: false, Set: share(func(t *target) *float64 { return &t.Shrinkage })},
	{Name: "concurrency", Required: false, Set: number(func(t *target) *float64 { return &t.Concurrency })},
	{Name: "patience_seconds", Required: false, Set: seconds(func(t *target) *float64 { return &t.PatienceSeconds })},
	{Name: "response_hours", Required: false, Set: number(func(t *target) *float64 { return &t.ResponseHours })},
	{Name: "aht_seconds", Required: false, Set: seconds(func(t *target) *float64 { return &t.AHTSeconds })},
	{Name: "min_agents", Required: false, Set: integer(func(t *target) *int { return &t.MinAgents })},
}

// ReadTargets reads staffing targets, one row per channel or channel and
// region, checking each row.
func ReadTargets(g *table.Grid) ([]staff.Target, error) {
	ts, err := table.ReadRecords(g, targetFields, false)
	if err != nil {
		return nil, err
	}
	seen := map[[2]string]int{}
	for i, t := range ts {
		if err := locate(g, i, t.Validate()); err != nil {
			return nil, err
		}
		// Staffing matches channels and regions ignoring case, so CHAT and
		// chat are one target.
		k := [2]string{strings.ToLower(strings.TrimSpace(t.Channel)), strings.ToLower(strings.TrimSpace(t.Region))}
		if j, dup := seen[k]; dup {
			return nil, g.Errorf(i, g.Column("channel"), "a second target for channel %q region %q (first on row %d)",
				t.Channel, t.Region, g.Lines[j])
		}
		seen[k] = i
	}
	return ts, nil
}
