package records

import (
	"cmp"
	"slices"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/sim/roster"
)

// simulated are the figures a simulation table shows, each followed by
// its 95% half-width: column name and how to read it from the statistics.
var simulated = []struct {
	name     string
	decimals int
	share    bool // shown as a percentage in a workbook
	get      func(*sim.Stats) sim.Estimate
}{
	{"offered", 2, false, func(s *sim.Stats) sim.Estimate { return s.Offered }},
	{"answered", 2, false, func(s *sim.Stats) sim.Estimate { return s.Answered }},
	{"abandoned", 2, false, func(s *sim.Stats) sim.Estimate { return s.Abandoned }},
	{"service_level", 4, true, func(s *sim.Stats) sim.Estimate { return s.ServiceLevel }},
	{"asa_seconds", 1, false, func(s *sim.Stats) sim.Estimate { return s.ASA }},
	{"occupancy", 4, true, func(s *sim.Stats) sim.Estimate { return s.Occupancy }},
}

// simulationTable starts a table of the given leading columns, then each
// simulated figure with its _ci95, then erlang_service_level.
func simulationTable(name string, lead ...string) *table.Table {
	t := &table.Table{Name: name, Columns: lead, Decimals: map[string]int{"scheduled": 2, "erlang_service_level": 4},
		Formats: map[string]string{"erlang_service_level": "0.0%"}}
	for _, f := range simulated {
		t.Columns = append(t.Columns, f.name, f.name+"_ci95")
		t.Decimals[f.name], t.Decimals[f.name+"_ci95"] = f.decimals, f.decimals
		if f.share {
			t.Formats[f.name], t.Formats[f.name+"_ci95"] = "0.0%", "0.0%"
		}
	}
	t.Columns = append(t.Columns, "erlang_service_level")
	return t
}

// appendFigures appends f's simulated figures and Erlang's service level
// (empty when NaN) to row.
func appendFigures(row []any, f roster.Figures) []any {
	for _, c := range simulated {
		e := c.get(&f.Stats)
		row = append(row, e.Mean, e.HalfWidth)
	}
	return append(row, finite(f.Erlang))
}

// Simulation lays out a simulated roster per interval, channel and region:
// the agents scheduled (breaks and activities excluded, before shrinkage),
// then offered, answered and abandoned contacts (means per replication),
// service level, ASA and occupancy, each with its 95% confidence
// half-width in a column _ci95, and the service level Erlang expects from
// the scheduled agents.
func Simulation(res *roster.Result) *table.Table {
	t := simulationTable("Simulation", "interval_start", "channel", "region", "scheduled")
	t.Grow(len(res.Intervals))
	row := make([]any, 0, len(t.Columns))
	for _, f := range res.Intervals {
		t.Add(appendFigures(append(row[:0], f.Start, f.Channel, f.Region, f.Scheduled), f)...)
	}
	return t
}

// SimulationSummary lays out a simulated roster at a glance, per channel
// and region, then in total ("total", empty region), over the whole
// horizon: contacts offered, the simulated service level with its 95%
// half-width beside Erlang's expectation, ASA, abandoned share, and
// occupancy with its half-width.
func SimulationSummary(res *roster.Result) *table.Table {
	t := &table.Table{Name: "Simulation summary", Columns: []string{"channel", "region", "offered", "service_level", "service_level_ci95",
		"erlang_service_level", "asa_seconds", "abandon_rate", "occupancy", "occupancy_ci95"},
		Decimals: map[string]int{"offered": 0, "service_level": 3, "service_level_ci95": 3, "erlang_service_level": 3, "asa_seconds": 1,
			"abandon_rate": 3, "occupancy": 3, "occupancy_ci95": 3}}
	for _, f := range res.Series {
		t.Add(cmp.Or(f.Channel, "total"), f.Region, f.Offered.Mean, f.ServiceLevel.Mean, f.ServiceLevel.HalfWidth, finite(f.Erlang),
			f.ASA.Mean, f.AbandonRate.Mean, f.Occupancy.Mean, f.Occupancy.HalfWidth)
	}
	return t
}

// AddSimulated appends to a Summary table (see Summary) the simulated
// service level and occupancy of each of its rows' channel and region, and
// of the total: simulated_service_level and simulated_occupancy.
func AddSimulated(t *table.Table, res *roster.Result) {
	type key struct{ channel, region string }
	by := map[key]roster.Figures{}
	for _, f := range res.Series {
		by[key{cmp.Or(f.Channel, "total"), f.Region}] = f
	}
	ch, rg := slices.Index(t.Columns, "channel"), slices.Index(t.Columns, "region")
	t.Columns = append(t.Columns, "simulated_service_level", "simulated_occupancy")
	t.Decimals["simulated_service_level"], t.Decimals["simulated_occupancy"] = 3, 3
	for i, row := range t.Rows {
		sl, occ := any(nil), any(nil)
		if f, ok := by[key{row[ch].(string), row[rg].(string)}]; ok {
			sl, occ = f.ServiceLevel.Mean, f.Occupancy.Mean
		}
		t.Rows[i] = append(row, sl, occ)
	}
}
