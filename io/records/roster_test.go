package records

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
)

func TestShiftsColumns(t *testing.T) {
	at := func(hour, minute int) time.Time { return time.Date(2026, 11, 23, hour, minute, 0, 0, time.UTC) }
	span := func(from, to int) schedule.Span { return schedule.Span{Start: at(from, 0), End: at(to, 0)} }
	named := schedule.Shift{AgentID: "E001", Template: "FT8", Span: span(8, 17), Breaks: []schedule.Span{span(12, 13)},
		Channel: "chat", Region: "east", Name: "林欣", Contract: "in-house"}
	trained := named
	trained.Activities = []schedule.Activity{{Kind: "training", Span: span(9, 11)}, {Kind: "meeting", Span: span(15, 16)}}
	anonymous := schedule.Shift{AgentID: "PT4-001", Template: "PT4", Span: span(18, 22), Channel: "phone", Region: "east"}
	// Four breaks: more than the file's fixed three.
	long := anonymous
	long.Breaks = []schedule.Span{span(18, 19), span(19, 20), span(20, 21), span(21, 22)}
	for _, tc := range []struct {
		name   string
		shifts []schedule.Shift
		want   string
	}{
		{"templates only: every column stays, empty", []schedule.Shift{anonymous}, `
agent_id,date,shift,start,end,break_start,break_end,channel,region,name,contract,break_start_2,break_end_2,break_start_3,break_end_3,activity,activity_start,activity_end,activity_2,activity_start_2,activity_end_2
PT4-001,2026-11-23,PT4,2026-11-23T18:00,2026-11-23T22:00,,,phone,east,,,,,,,,,,,,
`},
		{"named agents", []schedule.Shift{named, anonymous}, `
agent_id,date,shift,start,end,break_start,break_end,channel,region,name,contract,break_start_2,break_end_2,break_start_3,break_end_3,activity,activity_start,activity_end,activity_2,activity_start_2,activity_end_2
E001,2026-11-23,FT8,2026-11-23T08:00,2026-11-23T17:00,2026-11-23T12:00,2026-11-23T13:00,chat,east,林欣,in-house,,,,,,,,,,
PT4-001,2026-11-23,PT4,2026-11-23T18:00,2026-11-23T22:00,,,phone,east,,,,,,,,,,,,
`},
		{"activities", []schedule.Shift{trained, anonymous}, `
agent_id,date,shift,start,end,break_start,break_end,channel,region,name,contract,break_start_2,break_end_2,break_start_3,break_end_3,activity,activity_start,activity_end,activity_2,activity_start_2,activity_end_2
E001,2026-11-23,FT8,2026-11-23T08:00,2026-11-23T17:00,2026-11-23T12:00,2026-11-23T13:00,chat,east,林欣,in-house,,,,,training,2026-11-23T09:00,2026-11-23T11:00,meeting,2026-11-23T15:00,2026-11-23T16:00
PT4-001,2026-11-23,PT4,2026-11-23T18:00,2026-11-23T22:00,,,phone,east,,,,,,,,,,,,
`},
		{"more breaks than the fixed columns add columns after the third", []schedule.Shift{long}, `
agent_id,date,shift,start,end,break_start,break_end,channel,region,name,contract,break_start_2,break_end_2,break_start_3,break_end_3,break_start_4,break_end_4,activity,activity_start,activity_end,activity_2,activity_start_2,activity_end_2
PT4-001,2026-11-23,PT4,2026-11-23T18:00,2026-11-23T22:00,2026-11-23T18:00,2026-11-23T19:00,phone,east,,,2026-11-23T19:00,2026-11-23T20:00,2026-11-23T20:00,2026-11-23T21:00,2026-11-23T21:00,2026-11-23T22:00,,,,,,
`},
	} {
		var b strings.Builder
		if err := Shifts(schedule.Roster{Shifts: tc.shifts}).WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(strings.TrimPrefix(tc.want, "\n"), b.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestSummaryEfficiency checks that a short roster's efficiency counts the
// hours it covers, not those it was asked for, and stands beside them.
func TestSummaryEfficiency(t *testing.T) {
	tab := Summary(schedule.Roster{Summaries: []schedule.Summary{{PaidHours: 10, RequiredHours: 406.4, UnderHours: 398.4}}}, nil)
	got := map[string]string{}
	for c, name := range tab.Columns {
		got[name] = tab.Text(0, c)
	}
	if got["efficiency"] != "0.8" || got["under_hours"] != "398.4" {
		t.Errorf("efficiency %s beside under_hours %s, want 0.8 beside 398.4", got["efficiency"], got["under_hours"])
	}
}

// TestSummaryFromRequirements checks the columns taken from the
// requirements - contacts, peak staff per series, agents-weighted
// occupancy - and the lower bound with its gap, never below zero.
func TestSummaryFromRequirements(t *testing.T) {
	r := schedule.Roster{Summaries: []schedule.Summary{
		{Channel: "chat", Region: "east", PaidHours: 10, Cost: 100, LowerBound: 100.000001},
		{Channel: "phone", PaidHours: 5, Cost: 50},
		{PaidHours: 15, Cost: 150, LowerBound: 120},
	}}
	reqs := []staff.Requirement{
		{Channel: "chat", Region: "east", Contacts: 10, Agents: 3, Staff: 4, Occupancy: 0.8},
		{Channel: "chat", Region: "east", Contacts: 5, Agents: 1, Staff: 2, Occupancy: 0.4},
		{Channel: "phone", Contacts: 7, Agents: 2, Staff: 9},
	}
	var b strings.Builder
	if err := Summary(r, reqs).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := `channel,region,contacts,peak_staff,required_hours,paid_hours,under_hours,over_hours,efficiency,service_level,occupancy,cost,lower_bound,gap
chat,east,15,4,0,10,0,0,0,0,0.7,100,100,0
phone,,7,9,0,5,0,0,0,0,,50,,
total,,22,,0,15,0,0,0,0,0.467,150,120,0.25
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
}
