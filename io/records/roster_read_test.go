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
