package records

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/sim/roster"
)

// TestSimulationColumns: each simulated figure has its _ci95 beside it,
// and the summary gains simulated columns matched by channel and region.
func TestSimulationColumns(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f := roster.Figures{Start: start, Channel: "chat", Region: "east", Scheduled: 3, Erlang: math.NaN()}
	f.ServiceLevel, f.Occupancy = sim.Estimate{Mean: 0.8, HalfWidth: 0.05}, sim.Estimate{Mean: 0.7, HalfWidth: 0.01}
	total := f
	total.Channel, total.Region, total.Occupancy.Mean = "", "", 0.6
	res := &roster.Result{Intervals: []roster.Figures{f}, Series: []roster.Figures{f, total}}
	var b strings.Builder
	if err := Simulation(res).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "interval_start,channel,region,scheduled,offered,offered_ci95,answered,answered_ci95,abandoned,abandoned_ci95," +
		"service_level,service_level_ci95,asa_seconds,asa_seconds_ci95,occupancy,occupancy_ci95,erlang_service_level\n" +
		"2026-11-23T09:00,chat,east,3,0,0,0,0,0,0,0.8,0.05,0,0,0.7,0.01,\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	sum := Summary(schedule.Roster{Summaries: []schedule.Summary{{Channel: "chat", Region: "east"}, {Channel: "phone"}, {}}}, nil)
	AddSimulated(sum, res)
	n := len(sum.Columns)
	if sum.Columns[n-2] != "simulated_service_level" || sum.Columns[n-1] != "simulated_occupancy" {
		t.Fatalf("columns %v", sum.Columns)
	}
	got := [][]any{sum.Rows[0][n-2:], sum.Rows[1][n-2:], sum.Rows[2][n-2:]}
	if d := cmp.Diff([][]any{{0.8, 0.7}, {nil, nil}, {0.8, 0.6}}, got); d != "" {
		t.Errorf("simulated columns (-want +got)\n%s", d)
	}
}
