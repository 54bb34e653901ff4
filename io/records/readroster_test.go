package records

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
)

// TestReadRosterReadsShifts: the roster file Shifts writes reads back as
// its shifts, breaks and activities, every break unpaid.
func TestReadRosterReadsShifts(t *testing.T) {
	at := func(hour, minute int) time.Time { return time.Date(2026, 11, 23, hour, minute, 0, 0, time.UTC) }
	span := func(from, to int) schedule.Span { return schedule.Span{Start: at(from, 0), End: at(to, 0)} }
	want := []schedule.Shift{
		{AgentID: "E001", Template: "FT8", Span: span(8, 17), Breaks: []schedule.Span{span(12, 13)}, Channel: "chat", Region: "east",
			Name: "林欣", Contract: "in-house", Paid: 8 * time.Hour, Activities: []schedule.Activity{{Kind: "training", Span: span(9, 11)}, {Kind: "meeting", Span: span(15, 16)}}},
		{AgentID: "PT4-001", Template: "PT4", Span: span(18, 22), Channel: "phone", Region: "east",
			Breaks: []schedule.Span{span(18, 19), span(19, 20), span(20, 21), span(21, 22)}},
	}
	var b strings.Builder
	if err := Shifts(schedule.Roster{Shifts: want}).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	g, err := table.Read(strings.NewReader(b.String()), "roster.csv", table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadRoster(g)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	// Without channel and region columns, shifts are of the default series.
	g, _ = table.Read(strings.NewReader("Agent_ID,Start,End\nA,2026-11-23 08:00,2026-11-23 16:00\n"), "roster.csv", table.ReadOptions{})
	if got, err := ReadRoster(g); err != nil || got[0].Channel != DefaultSeries || got[0].Region != DefaultSeries || got[0].End != at(16, 0) {
		t.Errorf("%+v, %v", got, err)
	}
}

func TestReadRosterRejects(t *testing.T) {
	const head = "agent_id,start,end,break_start,break_end,channel\n"
	for _, c := range []struct{ name, csv, want string }{
		{"no agent_id column", "start,end\n2026-11-23T08:00,2026-11-23T16:00\n", "roster.csv: row 1, column agent_id: required column missing"},
		{"no rows", head, "no data rows"},
		{"empty agent", head + ",2026-11-23T08:00,2026-11-23T16:00,,,phone\n", "row 2, column agent_id: want an agent_id"},
		{"bad start", head + "A,8am,2026-11-23T16:00,,,phone\n", `row 2, column start: want a date-time like 2026-03-02T09:00, got "8am"`},
		{"end before start", head + "A,2026-11-23T08:00,2026-11-23T07:00,,,phone\n", "row 2, column end: want an end after the start"},
		{"break outside", head + "A,2026-11-23T08:00,2026-11-23T16:00,2026-11-23T15:30,2026-11-23T16:30,phone\n",
			"row 2, column break_end: want a span inside the shift"},
		{"half a break", head + "A,2026-11-23T08:00,2026-11-23T16:00,2026-11-23T12:00,,phone\n", "row 2, column break_end: want an end beside the start"},
		{"start without end", "agent_id,start,end,break_start_2\nA,2026-11-23T08:00,2026-11-23T16:00,\n", "column break_start_2: want a column break_end_2 beside it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := table.Read(strings.NewReader(c.csv), "roster.csv", table.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = ReadRoster(g)
			var te *table.Error
			if !errors.As(err, &te) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want a *table.Error with %q", err, c.want)
			}
		})
	}
}

// TestReadSkills: an agents file gives its channels and region, whatever
// shift templates it names, and an agent_id once.
func TestReadSkills(t *testing.T) {
	g, _ := table.Read(strings.NewReader("agent_id,channels,shift,min_hours\nE1,phone;chat,FT8,30\nE2,,PT4,\n"), "agents.csv", table.ReadOptions{})
	got, err := ReadSkills(g)
	want := []schedule.Agent{{ID: "E1", Region: DefaultSeries, Channels: []string{"phone", "chat"}}, {ID: "E2", Region: DefaultSeries}}
	if d := cmp.Diff(want, got); err != nil || d != "" {
		t.Errorf("error %v, (-want +got)\n%s", err, d)
	}
	g, _ = table.Read(strings.NewReader("agent_id\nE1\nE1\n"), "agents.csv", table.ReadOptions{})
	if _, err := ReadSkills(g); err == nil || !strings.Contains(err.Error(), `row 3, column agent_id: a second agent "E1" (first on row 2)`) {
		t.Errorf("repeated agent: %v", err)
	}
}

// TestReadRosterRoundTrip reads back what Shifts writes: breaks beyond
// the fixed columns, activities, and text escaped as formulas.
func TestReadRosterRoundTrip(t *testing.T) {
	at := func(hour, minute int) time.Time { return time.Date(2026, 11, 23, hour, minute, 0, 0, time.UTC) }
	span := func(from, to int) schedule.Span { return schedule.Span{Start: at(from, 0), End: at(to, 0)} }
	shifts := []schedule.Shift{
		{AgentID: "E001", Template: "FT8", Span: span(8, 17), Breaks: []schedule.Span{span(10, 11), span(12, 13)},
			Channel: "chat", Region: "east", Name: "=林欣", Contract: "in-house", Paid: 7 * time.Hour,
			Activities: []schedule.Activity{{Kind: "training", Span: span(14, 16)}}},
		{AgentID: "PT4-001", Template: "PT4", Span: span(18, 22), Channel: "phone", Region: "east", Paid: 3 * time.Hour,
			Breaks: []schedule.Span{span(18, 19)}},
		{AgentID: "PT4-002", Template: "PT4", Span: span(17, 23), Channel: "phone", Region: "east", Paid: 2 * time.Hour,
			Breaks: []schedule.Span{span(17, 18), span(18, 19), span(19, 20), span(20, 21)}},
	}
	var b strings.Builder
	if err := Shifts(schedule.Roster{Shifts: shifts}).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	got, err := ReadRoster(grid(t, "roster.csv", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(shifts, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
}

func TestReadRosterErrors(t *testing.T) {
	const header = "agent_id,start,end,break_start,break_end,break_start_2,break_end_2,activity,activity_start,activity_end\n"
	for _, tc := range []struct {
		name, content string
		row           int
		column, want  string
	}{
		{"no end column", "agent_id,start\nA,2026-11-23T08:00\n", 1, "end", "required column missing"},
		{"no rows", header, 0, "", "no data rows"},
		{"empty id", header + ",2026-11-23T08:00,2026-11-23T16:00,,,,,,,\n", 2, "agent_id", "want an agent_id, got an empty cell"},
		{"bad start", header + "A,8am,2026-11-23T16:00,,,,,,,\n", 2, "start", `want a date-time like 2026-03-02T09:00, got "8am"`},
		{"end before start", header + "A,2026-11-23T16:00,2026-11-23T08:00,,,,,,,\n", 2, "end", "want an end after the start 2026-11-23T16:00"},
		{"break without end", header + "A,2026-11-23T08:00,2026-11-23T16:00,2026-11-23T12:00,,,,,,\n", 2, "break_end", "want an end beside the start 2026-11-23T12:00"},
		{"break outside", header + "A,2026-11-23T08:00,2026-11-23T16:00,2026-11-23T15:30,2026-11-23T16:30,,,,,\n", 2, "break_end", "want a span inside the shift 2026-11-23T08:00 to 2026-11-23T16:00"},
		{"breaks overlap", header + "A,2026-11-23T08:00,2026-11-23T16:00,2026-11-23T12:00,2026-11-23T13:00,2026-11-23T12:30,2026-11-23T13:30,,,\n", 2, "break_start_2", "overlaps the break 12:00-13:00"},
		{"activity without times", header + "A,2026-11-23T08:00,2026-11-23T16:00,,,,,training,,\n", 2, "activity_start", "needs its start and end"},
		{"activity outside", header + "A,2026-11-23T08:00,2026-11-23T16:00,,,,,training,2026-11-23T07:00,2026-11-23T09:00\n", 2, "activity_end", "want a span inside the shift"},
	} {
		_, err := ReadRoster(grid(t, "roster.csv", tc.content))
		var te *table.Error
		if !errors.As(err, &te) {
			t.Errorf("%s: error %v, want a *table.Error", tc.name, err)
			continue
		}
		if te.File != "roster.csv" || te.Row != tc.row || te.Column != tc.column || !strings.Contains(te.Err.Error(), tc.want) {
			t.Errorf("%s: %v, want row %d, column %q, %q", tc.name, err, tc.row, tc.column, tc.want)
		}
	}
}
