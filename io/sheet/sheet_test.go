package sheet

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/xuri/excelize/v2"
)

func at(day, hour int) time.Time { return time.Date(2026, 11, 23+day, hour, 0, 0, 0, time.UTC) }

// roster is a two-agent, two-day roster with one break.
func roster() schedule.Roster {
	return schedule.Roster{
		Shifts: []schedule.Shift{
			{AgentID: "FT8-001", Template: "FT8", Span: schedule.Span{Start: at(0, 8), End: at(0, 17)},
				Breaks: []schedule.Span{{Start: at(0, 12), End: at(0, 13)}}, Channel: "chat", Region: "east"},
			{AgentID: "FT8-001", Template: "FT8", Span: schedule.Span{Start: at(1, 8), End: at(1, 17)}, Channel: "chat", Region: "east"},
			{AgentID: "PT4-001", Template: "PT4", Span: schedule.Span{Start: at(1, 18), End: at(1, 22)}, Channel: "phone", Region: "east"},
		},
		Coverage: []schedule.Coverage{
			{Start: at(0, 8), Channel: "chat", Region: "east", Required: 2, Scheduled: 1, ServiceLevel: 0.5},
			{Start: at(0, 9), Channel: "chat", Region: "east", Required: 1, Scheduled: 1, ServiceLevel: 0.8},
			{Start: at(0, 8), Channel: "phone", Region: "east", Required: 1, Scheduled: 0},
		},
		Summaries: []schedule.Summary{
			{Channel: "chat", Region: "east", PaidHours: 16, RequiredHours: 3, UnderHours: 1, Cost: 16},
			{PaidHours: 20, RequiredHours: 4, UnderHours: 2, Cost: 20, LowerBound: 18},
		},
	}
}

func TestAddRosterSheets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := writeFile(path, Create, func(f *excelize.File) error { return AddRoster(f, roster()) }); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{RosterSheet, ShiftsSheet, CoverageSheet, SummarySheet}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{RosterSheet, "A2", "FT8-001"},
		{RosterSheet, "E1", "Mon 11-23"},
		{RosterSheet, "E2", "08:00-17:00"},
		{RosterSheet, "E3", ""}, // PT4-001 is off on Monday
		{RosterSheet, "F3", "18:00-22:00"},
		{RosterSheet, "G2", "17"}, // hours on seat: two 9-hour days less a 1-hour break
		{ShiftsSheet, "A1", "agent_id"},
		{ShiftsSheet, "F2", "2026-11-23 12:00"},
		{CoverageSheet, "F2", "-1"},
		{CoverageSheet, "J2", "3"}, // total required at 08:00 over both channels
		{SummarySheet, "A3", "total"},
		{SummarySheet, "K3", "0.1111"}, // gap of 20 over a bound of 18
	} {
		got, err := f.GetCellValue(c.sheet, c.cell)
		if err != nil || got != c.want {
			t.Errorf("%s!%s = %q (%v), want %q", c.sheet, c.cell, got, err, c.want)
		}
	}
	// Dates must be real Excel dates, not text.
	if typ, _ := f.GetCellType(ShiftsSheet, "D2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("Shifts!D2 is text, want a date")
	}
	if panes, _ := f.GetPanes(RosterSheet); !panes.Freeze {
		t.Error("Roster header is not frozen")
	}
	if !hasChart(t, path) {
		t.Error("Coverage has no chart")
	}
}

// hasChart tells whether the workbook draws a chart on a sheet: a
// worksheet must reference a drawing and the package hold a chart part.
func hasChart(t *testing.T, path string) bool {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var drawing, chart bool
	f.Pkg.Range(func(k, v any) bool {
		name := k.(string)
		chart = chart || strings.HasPrefix(name, "xl/charts/chart")
		if strings.HasPrefix(name, "xl/worksheets/sheet") {
			drawing = drawing || bytes.Contains(v.([]byte), []byte("<drawing"))
		}
		return true
	})
	return chart && drawing
}

// TestUpdateKeepsThePlannersSheets writes wfm's sheets into a workbook with
// a sheet of the planner's own (formula, style) and an older wfm sheet.
func TestUpdateKeepsThePlannersSheets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Notes")
	f.SetCellValue("Notes", "A1", 40)
	f.SetCellFormula("Notes", "A2", "A1*2")
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetCellStyle("Notes", "A1", "A1", bold)
	f.NewSheet(SummarySheet)
	f.SetCellValue(SummarySheet, "Z99", "stale")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(path, Update, func(f *excelize.File) error { return AddRoster(f, roster()) }); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.GetSheetList(); !slices.Contains(got, "Notes") || len(got) != 5 {
		t.Fatalf("sheets %v, want Notes and wfm's four", got)
	}
	if formula, _ := g.GetCellFormula("Notes", "A2"); formula != "A1*2" {
		t.Errorf("formula %q lost", formula)
	}
	if style, _ := g.GetCellStyle("Notes", "A1"); style != bold {
		t.Errorf("style of Notes!A1 is %d, want %d", style, bold)
	}
	if v, _ := g.GetCellValue(SummarySheet, "Z99"); v != "" {
		t.Errorf("old Summary content survived: %q", v)
	}
}

func TestFailedBuildLeavesWorkbookAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := os.WriteFile(path, []byte("not touched"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := writeFile(path, Force, func(*excelize.File) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "not touched" {
		t.Errorf("workbook changed: %q", b)
	}
	// A corrupt workbook to update is an error, not silently replaced.
	if err := writeFile(path, Update, func(f *excelize.File) error { return nil }); err == nil {
		t.Error("updating a corrupt workbook succeeded")
	}
}

func TestAddTableTypes(t *testing.T) {
	f := excelize.NewFile()
	tbl := &table.Table{Name: "T", Columns: []string{"when", "n", "x", "s", "empty"},
		Rows: [][]any{{at(0, 8), 3, 2.5, "chat", nil}}}
	if err := AddTable(f, tbl); err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A2": "2026-11-23 08:00", "B2": "3", "C2": "2.5", "D2": "chat", "E2": ""} {
		if got, _ := f.GetCellValue("T", cell); got != want {
			t.Errorf("T!%s = %q, want %q", cell, got, want)
		}
	}
	if typ, _ := f.GetCellType("T", "C2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("number stored as %v", typ)
	}
}

// TestMoveFirst puts a summary before the planner's sheets when updating,
// and in a new workbook the first sheet added is first, active, and the
// only one besides those added later.
func TestMoveFirst(t *testing.T) {
	summary := &table.Table{Name: SummarySheet, Columns: []string{"a"}, Rows: [][]any{{1.0}}}
	dir := t.TempDir()
	fresh := filepath.Join(dir, "new.xlsx")
	if err := writeFile(fresh, Create, func(f *excelize.File) error {
		if err := AddTable(f, summary); err != nil {
			return err
		}
		if err := AddRosterDetail(f, roster()); err != nil {
			return err
		}
		return MoveFirst(f, SummarySheet)
	}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{SummarySheet, RosterSheet, ShiftsSheet, CoverageSheet}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("new workbook sheets %v, want %v", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0", got)
	}
	f.Close()

	planner := filepath.Join(dir, "planner.xlsx")
	g := excelize.NewFile()
	g.SetSheetName("Sheet1", "Notes")
	g.SetCellValue("Notes", "A1", "mine")
	if err := g.SaveAs(planner); err != nil {
		t.Fatal(err)
	}
	g.Close()
	if err := writeFile(planner, Update, func(f *excelize.File) error {
		if err := AddTable(f, summary); err != nil {
			return err
		}
		return MoveFirst(f, SummarySheet)
	}); err != nil {
		t.Fatal(err)
	}
	if g, err = excelize.OpenFile(planner); err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got, want := g.GetSheetList(), []string{SummarySheet, "Notes"}; !slices.Equal(got, want) {
		t.Errorf("updated workbook sheets %v, want %v", got, want)
	}
	if v, _ := g.GetCellValue("Notes", "A1"); v != "mine" {
		t.Errorf("Notes!A1 = %q, want mine", v)
	}
}

// writeFile writes the workbook path at once, as a batch of one file.
func writeFile(path string, mode Mode, build func(*excelize.File) error) error {
	var b outfile.Batch
	defer b.Discard()
	if err := WriteFile(&b, path, mode, build); err != nil {
		return err
	}
	return b.Commit()
}

// TestRosterGridSpansTheRequirements: the Roster grid has a column for
// every day the requirements cover, from the first, even where no one
// works (a closed Monday, a closed weekend).
func TestRosterGridSpansTheRequirements(t *testing.T) {
	r := schedule.Roster{
		Shifts: []schedule.Shift{
			{AgentID: "FT8-001", Template: "FT8", Span: schedule.Span{Start: at(1, 8), End: at(1, 17)}},
			{AgentID: "FT8-001", Template: "FT8", Span: schedule.Span{Start: at(2, 8), End: at(2, 17)}},
		},
		Coverage: []schedule.Coverage{{Start: at(0, 8)}, {Start: at(1, 8)}, {Start: at(2, 8)}, {Start: at(3, 23)}},
	}
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := writeFile(path, Create, func(f *excelize.File) error { return AddRosterDetail(f, r) }); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(RosterSheet)
	if err != nil || len(rows) < 2 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	want := [][]string{
		{"agent", "template", "channel", "region", "Mon 11-23", "Tue 11-24", "Wed 11-25", "Thu 11-26", "hours_on_seat"},
		{"FT8-001", "FT8", "", "", "", "08:00-17:00", "08:00-17:00", "", "18"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("Roster sheet (-want +got):\n%s", diff)
	}
}
