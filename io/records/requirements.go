package records

import (
	"cmp"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Requirements lays requirements out as the requirements file.
func Requirements(rs []staff.Requirement) *table.Table {
	t := &table.Table{Name: "Requirements", Columns: []string{"interval_start", "channel", "region", "contacts",
		"aht_seconds", "agents", "staff", "service_level", "asa_seconds", "occupancy"},
		Decimals: map[string]int{"contacts": 2, "aht_seconds": 1, "service_level": 4, "asa_seconds": 1, "occupancy": 4}}
	t.Grow(len(rs))
	for _, r := range rs {
		t.Add(r.Start, r.Channel, r.Region, r.Contacts, r.AHT, r.Agents, r.Staff, r.ServiceLevel, finite(r.ASA), r.Occupancy)
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

var requirementFields = []table.Field[requirement]{
	{Name: "interval_start", Required: true}, // read by ReadRequirements, in the grid's date system
	{Name: "channel", Required: false, Set: text(func(r *requirement) *string { return &r.Channel })},
	{Name: "region", Required: false, Set: text(func(r *requirement) *string { return &r.Region })},
	{Name: "contacts", Required: false, Set: number(func(r *requirement) *float64 { return &r.Contacts })},
	{Name: "aht_seconds", Required: false, Set: number(func(r *requirement) *float64 { return &r.AHT })},
	{Name: "agents", Required: false, Set: integer(func(r *requirement) *int { return &r.Agents })},
	{Name: "staff", Required: false, Set: integer(func(r *requirement) *int { return &r.Staff })},
	{Name: "service_level", Required: false, Set: share(func(r *requirement) *float64 { return &r.ServiceLevel })},
	{Name: "asa_seconds", Required: false, Set: number(func(r *requirement) *float64 { return &r.ASA })},
	{Name: "occupancy", Required: false, Set: share(func(r *requirement) *float64 { return &r.Occupancy })},
}

// ReadRequirements reads a requirements file. Where it has no staff column,
// Staff is taken from agents, so the scheduler always covers Staff. Each
// series (channel and region, ignoring case) must be on a grid of one
// interval length, told by at least two rows, without repeated intervals.
func ReadRequirements(g *table.Grid) ([]staff.Requirement, error) {
	hasStaff := g.Column("staff") >= 0
	if !hasStaff && g.Column("agents") < 0 {
		return nil, table.Errorf(g.File, 1, "staff", "required column missing (or agents); the file has %s", strings.Join(g.Header, ", "))
	}
	rs, err := table.ReadRecords(g, requirementFields, true)
	if err != nil {
		return nil, err
	}
	cTime := g.Column("interval_start")
	bySeries := map[seriesKey][]observation{}
	var keys []seriesKey
	var names seriesNames
	for i := range rs {
		st, err := intervalStart(g, i, cTime)
		if err != nil {
			return nil, err
		}
		rs[i].Start = st.Wall
		k := names.key(rs[i].Channel, rs[i].Region)
		rs[i].Channel, rs[i].Region = k.channel, k.region
		if !hasStaff {
			rs[i].Staff = rs[i].Agents
		}
		if err := locate(g, i, rs[i].Validate()); err != nil {
			return nil, err
		}
		if _, ok := bySeries[k]; !ok {
			keys = append(keys, k)
		}
		bySeries[k] = append(bySeries[k], observation{start: st.Wall, row: i})
	}
	var interval time.Duration
	for _, k := range keys {
		obs := bySeries[k]
		sort.SliceStable(obs, func(a, b int) bool { return obs[a].start.Before(obs[b].start) })
		for j := 1; j < len(obs); j++ {
			if obs[j].start.Equal(obs[j-1].start) {
				return nil, g.Errorf(obs[j].row, cTime, "repeated interval %s for channel %s, region %s (also on row %d)",
					obs[j].start.Format(table.TimeLayout), k.channel, k.region, g.Lines[obs[j-1].row])
			}
		}
		d, err := step(g, obs, cTime)
		if err != nil {
			return nil, err
		}
		interval = cmp.Or(interval, d)
	}
	if interval == 0 {
		return nil, table.Errorf(g.File, 0, "interval_start", "one row per channel and region cannot tell the interval length; give at least two intervals")
	}
	return rs, nil
}

// PoolSavings lays out the agent-hours each channel saves with its regions
// pooled into one queue, the target the pool is staffed to (the
// channel's), and the regions' own targets it does not use.
func PoolSavings(ps []staff.PoolSaving) *table.Table {
	t := &table.Table{Name: "Pooling", Columns: []string{"channel", "regions", "separate_hours", "pooled_hours", "saved_hours", "saved_share", "pooled_target", "region_targets_not_used"},
		Decimals: map[string]int{"separate_hours": 1, "pooled_hours": 1, "saved_hours": 1, "saved_share": 4}}
	for _, p := range ps {
		share := 0.0
		if p.SeparateHours > 0 {
			share = p.SavedHours / p.SeparateHours
		}
		t.Rows = append(t.Rows, []any{p.Channel, p.Regions, p.SeparateHours, p.PooledHours, p.SavedHours, share, p.Target, strings.Join(p.OwnTargets, "; ")})
	}
	return t
}
