package plan

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/examples"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// exampleBaseline is the last week of the example history starting on a
// Monday, taken as the demand to plan, with the example targets, shifts,
// costs and (withAgents) agents.
func exampleBaseline(tb testing.TB, withAgents bool) Baseline {
	read := func(name string) *table.Grid {
		f, err := examples.Files.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		defer f.Close()
		g, err := table.Read(f, name, table.ReadOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		return g
	}
	h, err := records.ReadHistory(read("history.csv"), records.HistoryOptions{Interval: 30 * time.Minute})
	if err != nil {
		tb.Fatal(err)
	}
	targets, err := records.ReadTargets(read("targets.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	templates, err := records.ReadShifts(read("shifts.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	b := Baseline{Targets: targets, Templates: templates, Costs: Costs{InHouse: 60, Outsourced: 42}}
	if withAgents {
		if b.Agents, err = records.ReadAgents(read("agents.csv"), templates); err != nil {
			tb.Fatal(err)
		}
	}
	for _, s := range h.Series {
		n := len(s.Contacts)
		first := n - 7*48
		for first > 0 && s.Start.Add(time.Duration(first)*s.Interval).Weekday() != time.Monday {
			first--
		}
		d := staff.Demand{Channel: s.Channel, Region: s.Region, Start: s.Start.Add(time.Duration(first) * s.Interval),
			Interval: s.Interval, Contacts: make([]float64, 7*48)}
		if s.AHT != nil {
			d.AHT = make([]float64, 7*48)
		}
		for i := range d.Contacts {
			c := s.Contacts[first+i]
			if math.IsNaN(c) {
				c = 0
			}
			d.Contacts[i] = c
			if s.AHT != nil {
				d.AHT[i] = s.AHT[first+i]
			}
		}
		b.Demands = append(b.Demands, d)
	}
	return b
}

// BenchmarkCompareExample compares two scenarios on the last full week of
// the example operation (twelve series, anonymous tours) at a low effort.
func BenchmarkCompareExample(b *testing.B) {
	base := exampleBaseline(b, false)
	base.Effort = 0.1
	var ss []Scenario
	for _, spec := range []string{"aht=+10%", "pool=regions"} {
		s, err := ParseScenario(spec)
		if err != nil {
			b.Fatal(err)
		}
		ss = append(ss, s)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(context.Background(), base, ss); err != nil {
			b.Fatal(err)
		}
	}
}
