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
				Breaks: []schedule.Span{{Start: at(0, 12), End: at(0, 13)}}, Channel: "chat", Region: "east", Paid: 8 * time.Hour},
			{AgentID: "FT8-001", Template: "FT8", Span: schedule.Span{Start: at(1, 8), End: at(1, 17)}, Channel: "chat", Region: "east", Paid: 9 * time.Hour},
			{AgentID: "PT4-001", Template: "PT4", Span: schedule.Span{Start: at(1, 18), End: at(1, 22)}, Channel: "phone", Region: "east", Paid: 4 * time.Hour},
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
	if err := writeFile(path, Create, func(f *excelize.File) error { return AddRoster(f, roster(), nil, About{}) }); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{SummarySheet, RosterSheet, ShiftsSheet, CoverageSheet, ChartDataSheet}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{RosterSheet, "A2", "FT8-001"},
		{RosterSheet, "G1", "Mon 11-23"},
		{RosterSheet, "G2", "08:00-17:00"},
		{RosterSheet, "G3", "Off"}, // PT4-001 is off on Monday
		{RosterSheet, "H3", "18:00-22:00"},
		{RosterSheet, "I1", "hours 2026-W48"},
		{RosterSheet, "I2", "17"}, // paid hours of the week
		{RosterSheet, "I5", "21"}, // and of everyone
		{ShiftsSheet, "A1", "agent_id"},
		{ShiftsSheet, "F2", "2026-11-23 12:00"},
		{CoverageSheet, "F2", "-1"},
		{ChartDataSheet, "E10", "3"}, // total required at 08:00 over both channels, in hours from midnight
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
	if err := writeFile(path, Update, func(f *excelize.File) error { return AddRoster(f, roster(), nil, About{}) }); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.GetSheetList(); !slices.Contains(got, "Notes") || len(got) != 6 {
		t.Fatalf("sheets %v, want Notes and wfm's five", got)
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
			{AgentID: "FT8-001", Template: "FT8", Span: schedule.Span{Start: at(1, 8), End: at(1, 17)}, Paid: 9 * time.Hour},
			{AgentID: "FT8-001", Template: "FT8", Span: schedule.Span{Start: at(2, 8), End: at(2, 17)}, Paid: 9 * time.Hour},
		},
		Coverage: []schedule.Coverage{{Start: at(0, 8)}, {Start: at(1, 8)}, {Start: at(2, 8)}, {Start: at(3, 23)}},
	}
	_, rows := writeGrid(t, r, 1)
	want := [][]string{
		{"agent", "name", "contract", "template", "channel", "region", "Mon 11-23", "Tue 11-24", "Wed 11-25", "Thu 11-26", "hours 2026-W48", "weekends"},
		{"FT8-001", "", "", "FT8", "", "", "Off", "08:00-17:00", "08:00-17:00", "Off", "18", "0"},
		{"agents working", "", "", "", "", "", "0", "1", "1", "0"},
		{"paid hours", "", "", "", "", "", "0", "9", "9", "0", "18"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("Roster sheet (-want +got):\n%s", diff)
	}
}

// TestRosterGrid checks what a planner reads in the Roster grid: names and
// contracts, shifts with an activity marked and commented, days off, whole
// days of time off by kind (a shorter one leaves the day Off), paid hours
// per planned week and in total, weekends worked, and the totals rows.
func TestRosterGrid(t *testing.T) {
	shift := func(id string, day, from, to int, paid time.Duration) schedule.Shift {
		s := schedule.Shift{AgentID: id, Template: "FT8", Span: schedule.Span{Start: at(day, from), End: at(day, to)},
			Channel: "chat", Region: "east", Name: "Lin", Contract: "in-house", Paid: paid}
		if id == "E002" {
			s.Template, s.Channel, s.Name, s.Contract = "PT4", "phone", "Wu", "outsourced"
		}
		return s
	}
	trained := shift("E001", 0, 8, 17, 8*time.Hour)
	trained.Activities = []schedule.Activity{{Kind: "training", Span: schedule.Span{Start: at(0, 9), End: at(0, 11)}}}
	r := schedule.Roster{
		Shifts: []schedule.Shift{trained, shift("E001", 5, 8, 17, 8*time.Hour), shift("E001", 6, 8, 17, 8*time.Hour),
			shift("E001", 13, 8, 17, 8*time.Hour), shift("E002", 1, 18, 22, 4*time.Hour)},
		Coverage: []schedule.Coverage{{Start: at(0, 8)}, {Start: at(13, 8)}}, // two planned weeks
		TimeOff: []schedule.TimeOff{
			{AgentID: "E002", Kind: schedule.Leave, Span: schedule.Span{Start: at(2, 0), End: at(4, 0)}},
			{AgentID: "E002", Kind: "training", Span: schedule.Span{Start: at(8, 0), End: at(9, 0)}},
			{AgentID: "E002", Kind: "meeting", Span: schedule.Span{Start: at(9, 10), End: at(9, 11)}},
			{AgentID: "E003", Kind: schedule.Leave, Span: schedule.Span{Start: at(0, 0), End: at(14, 0)}},
		},
	}
	f, rows := writeGrid(t, r, 2) // the second time over the first, comments and all
	repeat := func(s string, n int) []string { return slices.Repeat([]string{s}, n) }
	join := func(parts ...[]string) []string { return slices.Concat(parts...) }
	const shift8 = "08:00-17:00"
	var days []string
	for d := range 14 {
		days = append(days, at(d, 0).Format("Mon 01-02"))
	}
	want := [][]string{
		join([]string{"agent", "name", "contract", "template", "channel", "region"}, days,
			[]string{"hours 2026-W48", "hours 2026-W49", "hours total", "weekends"}),
		join([]string{"E001", "Lin", "in-house", "FT8", "chat", "east", shift8 + " *"}, repeat("Off", 4),
			[]string{shift8, shift8}, repeat("Off", 6), []string{shift8, "24", "8", "32", "2"}),
		join([]string{"E002", "Wu", "outsourced", "PT4", "phone", "east", "Off", "18:00-22:00", "Leave", "Leave"}, repeat("Off", 4),
			[]string{"Training"}, repeat("Off", 5), []string{"4", "0", "4", "0"}),
		join([]string{"E003", "", "", "", "", ""}, repeat("Leave", 14), []string{"0", "0", "0", "0"}),
		join([]string{"agents working", "", "", "", "", "", "1", "1", "0", "0", "0", "1", "1"}, repeat("0", 6), []string{"1"}),
		join([]string{"paid hours", "", "", "", "", "", "8", "4", "0", "0", "0", "8", "8"}, repeat("0", 6), []string{"8", "28", "8", "36"}),
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("Roster sheet (-want +got):\n%s", diff)
	}
	style := func(cell string) int {
		s, err := f.GetCellStyle(RosterSheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// I3 and O3 are E002's leave and training, H2 and G3 days off.
	if style("I3") != style("O3") || style("I3") == style("G3") || style("G3") != style("H2") || style("I3") == style("H3") {
		t.Errorf("time off styled %d and %d, days off %d and %d, a PT4 shift %d: want time off alike and apart",
			style("I3"), style("O3"), style("G3"), style("H2"), style("H3"))
	}
	comments, err := f.GetComments(RosterSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 1 || comments[0].Cell != "G2" || !strings.Contains(comments[0].Text+textOf(comments[0].Paragraph), "training 09:00-11:00") {
		t.Errorf("comments %+v, want G2 naming the training 09:00-11:00", comments)
	}
}

func textOf(runs []excelize.RichTextRun) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// writeGrid writes r's sheets but Summary into a workbook, times times
// over, and opens it: the workbook and its Roster sheet's rows.
func writeGrid(t *testing.T, r schedule.Roster, times int) (*excelize.File, [][]string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	for range times {
		if err := writeFile(path, Update, func(f *excelize.File) error { return AddRosterDetail(f, r) }); err != nil {
			t.Fatal(err)
		}
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(RosterSheet)
	if err != nil {
		t.Fatal(err)
	}
	return f, rows
}
