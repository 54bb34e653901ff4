package table

import (
	"cmp"
	"math"
	"strings"

	"github.com/wfm-dev/wfm/schedule/staff"
)

// Requirements lays requirements out as the requirements file.
func Requirements(rs []staff.Requirement) *Table {
	t := &Table{Name: "Requirements", Columns: []string{"interval_start", "channel", "region", "contacts",
		"aht_seconds", "agents", "staff", "service_level", "asa_seconds", "occupancy"}}
	t.grow(len(rs))
	for _, r := range rs {
		t.add(r.Start, r.Channel, r.Region, Round(r.Contacts, 2), Round(r.AHT, 1),
			r.Agents, r.Staff, Round(r.ServiceLevel, 4), finite(Round(r.ASA, 1)), Round(r.Occupancy, 4))
	}
	return t
}

// finite turns infinities (an unstable queue's wait) into empty cells.
func finite(v float64) any {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return v
}

type requirement = staff.Requirement

var requirementFields = []field[requirement]{
	{"interval_start", true, func(r *requirement, s string) (err error) { r.Start, err = ParseTime(s); return err }},
	{"channel", false, text(func(r *requirement) *string { return &r.Channel })},
	{"region", false, text(func(r *requirement) *string { return &r.Region })},
	{"contacts", false, number(func(r *requirement) *float64 { return &r.Contacts })},
	{"aht_seconds", false, number(func(r *requirement) *float64 { return &r.AHT })},
	{"agents", false, integer(func(r *requirement) *int { return &r.Agents })},
	{"staff", false, integer(func(r *requirement) *int { return &r.Staff })},
	{"service_level", false, share(func(r *requirement) *float64 { return &r.ServiceLevel })},
	{"asa_seconds", false, number(func(r *requirement) *float64 { return &r.ASA })},
	{"occupancy", false, share(func(r *requirement) *float64 { return &r.Occupancy })},
}

// ReadRequirements reads a requirements file. Where it has no staff column,
// Staff is taken from agents, so the scheduler always covers Staff.
func ReadRequirements(g *Grid) ([]staff.Requirement, error) {
	if g.Column("staff") < 0 && g.Column("agents") < 0 {
		return nil, errorf(g.File, 1, "staff", "required column missing (or agents); the file has %s", strings.Join(g.Header, ", "))
	}
	rs, err := readRecords(g, requirementFields, true)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].Channel = cmp.Or(rs[i].Channel, DefaultSeries)
		rs[i].Region = cmp.Or(rs[i].Region, DefaultSeries)
		if g.Column("staff") < 0 {
			rs[i].Staff = rs[i].Agents
		}
	}
	return rs, nil
}

// PoolSavings lays out the agent-hours each channel saves with its regions
// pooled into one queue.
func PoolSavings(ps []staff.PoolSaving) *Table {
	t := &Table{Name: "Pooling", Columns: []string{"channel", "regions", "separate_hours", "pooled_hours", "saved_hours", "saved_share"}}
	for _, p := range ps {
		share := 0.0
		if p.SeparateHours > 0 {
			share = p.SavedHours / p.SeparateHours
		}
		t.Rows = append(t.Rows, []any{p.Channel, p.Regions, Round(p.SeparateHours, 1), Round(p.PooledHours, 1),
			Round(p.SavedHours, 1), Round(share, 4)})
	}
	return t
}
