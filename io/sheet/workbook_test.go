package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/xuri/excelize/v2"
)

// plannerWorkbook saves a workbook of the planner's own with the sheets
// named, each holding a note, and returns its path.
func plannerWorkbook(t *testing.T, dir string, sheets ...string) string {
	t.Helper()
	path := filepath.Join(dir, "plan.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName(defaultSheet, sheets[0])
	for _, s := range sheets[1:] {
		f.NewSheet(s)
	}
	for _, s := range sheets {
		f.SetCellValue(s, "A1", "planner's note on "+s)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// parts reads the parts of the package at path.
func parts(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name] = string(b)
	}
	return got
}

// editPart rewrites one part of the package at path with edit, as another
// program writing the workbook would.
func editPart(t *testing.T, path, part string, edit func(string) string) {
	t.Helper()
	old := parts(t, path)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range old {
		if name == part {
			content = edit(content)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sheetsOf(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return f.GetSheetList()
}

func summaryFirst(f *excelize.File) error {
	if err := AddTable(f, &table.Table{Name: SummarySheet, Columns: []string{"a"}, Rows: [][]any{{1.0}}}); err != nil {
		return err
	}
	if err := AddRosterDetail(f, roster()); err != nil {
		return err
	}
	return MoveFirst(f, SummarySheet)
}

// TestCreateReplacesOnlyWfmsWorkbooks writes a new workbook over files of
// several kinds: one holding a planner's sheets, or no workbook at all,
// must be refused as bad input, untouched, unless forced.
func TestCreateReplacesOnlyWfmsWorkbooks(t *testing.T) {
	tests := []struct {
		name    string
		make    func(t *testing.T, dir string) string
		foreign string // in the error; "" when the file may be replaced
	}{
		{"planner's workbook", func(t *testing.T, dir string) string {
			return plannerWorkbook(t, dir, "Budget", "Notes")
		}, "sheets Budget, Notes"},
		{"wfm's workbook", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "plan.xlsx")
			if err := writeFile(path, Create, summaryFirst); err != nil {
				t.Fatal(err)
			}
			return path
		}, ""},
		{"wfm's workbook with a planner's sheet added", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "plan.xlsx")
			if err := writeFile(path, Create, summaryFirst); err != nil {
				t.Fatal(err)
			}
			f, _ := excelize.OpenFile(path)
			f.NewSheet("Summary (2)") // Excel's name for a copy of Summary
			f.Save()
			f.Close()
			return path
		}, "sheets Summary (2)"},
		{"workbook of an older wfm", func(t *testing.T, dir string) string {
			return plannerWorkbook(t, dir, SummarySheet, "Requirements", RosterSheet)
		}, ""},
		{"not a workbook", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "plan.xlsx")
			os.WriteFile(path, []byte("agent_id,name\n"), 0o644)
			return path
		}, "not an XLSX workbook"},
		{"empty file", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "plan.xlsx")
			os.WriteFile(path, nil, 0o644)
			return path
		}, ""},
		{"no file", func(t *testing.T, dir string) string { return filepath.Join(dir, "plan.xlsx") }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.make(t, t.TempDir())
			before, _ := os.ReadFile(path)
			err := writeFile(path, Create, func(f *excelize.File) error { return AddRoster(f, roster(), nil, About{}) })
			if tt.foreign == "" {
				if err != nil {
					t.Fatal(err)
				}
				want := []string{SummarySheet, RosterSheet, ShiftsSheet, CoverageSheet, ChartDataSheet}
				if diff := cmp.Diff(want, sheetsOf(t, path)); diff != "" {
					t.Errorf("sheets (-want +got):\n%s", diff)
				}
				return
			}
			var te *table.Error
			if !errors.Is(err, ErrForeign) || !errors.As(err, &te) || !strings.Contains(err.Error(), tt.foreign) {
				t.Fatalf("got %v, want a *table.Error wrapping ErrForeign naming %q", err, tt.foreign)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("refused file changed")
			}
			if err := writeFile(path, Force, func(f *excelize.File) error { return AddRoster(f, roster(), nil, About{}) }); err != nil {
				t.Fatalf("forced: %v", err)
			}
			if got := sheetsOf(t, path); len(got) != 5 {
				t.Errorf("forced write left sheets %v", got)
			}
		})
	}
}

// TestUpdateKeepsNamesAndProtection updates a workbook with sheet-local
// names and print areas, a structure lock with a legacy password and a
// password to modify, moving Summary first twice over.
func TestUpdateKeepsNamesAndProtection(t *testing.T) {
	path := plannerWorkbook(t, t.TempDir(), "Notes", "Budget")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	names := []excelize.DefinedName{
		{Name: "_xlnm.Print_Area", RefersTo: "Budget!$A$1:$B$2", Scope: "Budget"},
		{Name: "rate", RefersTo: "Notes!$A$1", Scope: "Notes"},
		{Name: "rate", RefersTo: "Budget!$B$1", Scope: "Budget"},
		{Name: "total", RefersTo: "Budget!$C$1", Scope: "Workbook"},
	}
	for _, n := range names {
		if err := f.SetDefinedName(&n); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	const protection = `<workbookProtection workbookPassword="CC3D" lockStructure="1"/>`
	const sharing = `<fileSharing readOnlyRecommended="1" userName="Planner" reservationPassword="D5E4"/>`
	editPart(t, path, "xl/workbook.xml", func(s string) string {
		return strings.Replace(s, "<workbookPr", sharing+"<workbookPr", 1)
	})
	editPart(t, path, "xl/workbook.xml", func(s string) string {
		return strings.Replace(s, "<bookViews>", protection+"<bookViews>", 1)
	})

	for run := 1; run <= 2; run++ {
		if err := writeFile(path, Update, summaryFirst); err != nil {
			t.Fatal(err)
		}
		g, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{SummarySheet, "Notes", "Budget", RosterSheet, ShiftsSheet, CoverageSheet}
		if diff := cmp.Diff(want, g.GetSheetList()); diff != "" {
			t.Errorf("run %d: sheets (-want +got):\n%s", run, diff)
		}
		less := func(a, b excelize.DefinedName) bool { return a.Name+a.Scope < b.Name+b.Scope }
		if diff := cmp.Diff(names, g.GetDefinedName(), cmpopts.SortSlices(less)); diff != "" {
			t.Errorf("run %d: defined names (-want +got):\n%s", run, diff)
		}
		g.Close()
		book := parts(t, path)["xl/workbook.xml"]
		for _, attr := range []string{`workbookPassword="CC3D"`, `lockStructure="1"`, `reservationPassword="D5E4"`, `userName="Planner"`} {
			if !strings.Contains(book, attr) {
				t.Errorf("run %d: workbook part lost %s:\n%s", run, attr, book)
			}
		}
	}
}

// TestUpdateRefusesACaseClash updates a workbook where the planner keeps a
// sheet named "summary": wfm must not delete it as its own Summary.
func TestUpdateRefusesACaseClash(t *testing.T) {
	path := plannerWorkbook(t, t.TempDir(), "summary", "Notes")
	before, _ := os.ReadFile(path)
	err := writeFile(path, Update, func(f *excelize.File) error { return AddRoster(f, roster(), nil, About{}) })
	var clash *ClashError
	var te *table.Error
	if !errors.As(err, &clash) || !errors.As(err, &te) || clash.Sheet != "summary" || clash.Wfm != SummarySheet {
		t.Fatalf("got %v, want a located ClashError of summary and Summary", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("workbook changed")
	}
}

// TestUpdateLeavesNoOrphanCharts updates a workbook with a chart of the
// planner's own several times: the package must hold the same parts after
// each run, the planner's chart among them.
func TestUpdateLeavesNoOrphanCharts(t *testing.T) {
	path := plannerWorkbook(t, t.TempDir(), "Notes")
	f, _ := excelize.OpenFile(path)
	f.SetSheetRow("Notes", "A2", &[]any{1, 2, 3})
	if err := f.AddChart("Notes", "E2", &excelize.Chart{Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "mine", Values: "Notes!$A$2:$C$2"}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "planner's chart"}}}}); err != nil {
		t.Fatal(err)
	}
	f.Save()
	f.Close()
	var first []string
	for run := 1; run <= 3; run++ {
		if err := writeFile(path, Update, func(f *excelize.File) error {
			if err := planSheets(f); err != nil {
				return err
			}
			return AddSummary(f, roster(), nil, About{})
		}); err != nil {
			t.Fatal(err)
		}
		p := parts(t, path)
		var names []string
		var charts []string
		for name, content := range p {
			// New sheets take new numbers; what counts is how many parts.
			names = append(names, digits.ReplaceAllString(name, "N"))
			if strings.HasPrefix(name, "xl/charts/chart") {
				charts = append(charts, name)
				if !strings.Contains(content, "planner") && !strings.Contains(content, "Required and scheduled") && !strings.Contains(content, "contacts per") {
					t.Errorf("run %d: %s is neither the planner's chart nor wfm's", run, name)
				}
			}
		}
		slices.Sort(names)
		if len(charts) != 5 {
			t.Errorf("run %d: chart parts %v, want the planner's, Coverage's and the Dashboard's three", run, charts)
		}
		if first == nil {
			first = names
		} else if diff := cmp.Diff(first, names); diff != "" {
			t.Errorf("run %d: parts changed from run 1 (-want +got):\n%s", run, diff)
		}
		for name, content := range p {
			if !strings.HasSuffix(name, ".rels") {
				continue
			}
			rels, err := parseRels([]byte(content))
			if err != nil {
				t.Fatal(err)
			}
			for _, rel := range rels.Rels {
				if target := resolvePart(sourceOf(name), rel.Target); rel.TargetMode == "" && p[target] == "" {
					t.Errorf("run %d: %s points at %s, which the package lacks", run, name, target)
				}
			}
		}
		if n := strings.Count(p["[Content_Types].xml"], "/xl/charts/chart"); n != 5 {
			t.Errorf("run %d: content types list %d charts, want 5", run, n)
		}
	}
	if charts := chartsOf(t, path); len(charts[DashboardSheet]) != 3 || len(charts[CoverageSheet]) != 1 || len(charts["Notes"]) != 1 {
		t.Errorf("charts by sheet after updates: Dashboard %d, Coverage %d, Notes %d; want 3, 1, 1",
			len(charts[DashboardSheet]), len(charts[CoverageSheet]), len(charts["Notes"]))
	}
	g, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if v, _ := g.GetCellValue("Notes", "A1"); v != "planner's note on Notes" {
		t.Errorf("Notes!A1 = %q", v)
	}
}

var digits = regexp.MustCompile(`[0-9]+`)

// TestWorkbookIsDeterministic writes the same workbook twice, new and as
// an update: the bytes must be the same.
func TestWorkbookIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	build := func(f *excelize.File) error {
		if err := summaryFirst(f); err != nil {
			return err
		}
		return AddTable(f, &table.Table{Name: "Requirements", Columns: []string{"a"}, Rows: [][]any{{1.0}}})
	}
	var files [][]byte
	for i := range 4 {
		path := filepath.Join(dir, fmt.Sprintf("new%d.xlsx", i))
		if i >= 2 {
			path = plannerWorkbook(t, t.TempDir(), "Notes")
		}
		mode := []Mode{Create, Create, Update, Update}[i]
		if err := writeFile(path, mode, build); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two new workbooks differ")
	}
	if !bytes.Equal(files[2], files[3]) {
		t.Error("two updated workbooks differ")
	}
	if name := firstPart(t, files[0]); name != "[Content_Types].xml" {
		t.Errorf("first part %s, want [Content_Types].xml", name)
	}
}

func firstPart(t *testing.T, b []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File[0].Name
}

// TestUserTextStaysText writes ids, names and channels that spreadsheet
// programs would take for formulas: they must be stored as text.
func TestUserTextStaysText(t *testing.T) {
	evil := []string{`=HYPERLINK("http://example.com","x")`, "@SUM(A1)", "+1+1", "-2+3", "=1+1"}
	r := schedule.Roster{}
	for i, s := range evil {
		r.Shifts = append(r.Shifts, schedule.Shift{AgentID: s, Template: s, Channel: s, Region: s,
			Span: schedule.Span{Start: at(i, 8), End: at(i, 12)}})
	}
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := writeFile(path, Create, func(f *excelize.File) error { return AddRoster(f, r, nil, About{}) }); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Shifts' second column is the date, a date cell.
	for sheet, cols := range map[string][]int{RosterSheet: {1, 2, 3}, ShiftsSheet: {1, 3}} {
		rows, _ := f.GetRows(sheet)
		for i := range evil {
			for _, col := range cols {
				cell, _ := excelize.CoordinatesToCellName(col, i+2)
				formula, _ := f.GetCellFormula(sheet, cell)
				typ, _ := f.GetCellType(sheet, cell)
				if formula != "" || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
					t.Errorf("%s!%s (%q) stored as %v with formula %q, want text", sheet, cell, rows[i+1][col-1], typ, formula)
				}
			}
		}
	}
	p := parts(t, path)
	for name, content := range p {
		if strings.HasPrefix(name, "xl/worksheets/") && strings.Contains(content, "<f>") {
			t.Errorf("%s holds a formula", name)
		}
	}
}

// TestLongTableContinues writes a table longer than a sheet (the limit
// lowered to 5 rows): it continues on numbered sheets, which a shorter
// table later drops, but never a planner's copy named alike.
func TestLongTableContinues(t *testing.T) {
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 5
	long := func(n int) *table.Table {
		t := &table.Table{Name: "Requirements", Columns: []string{"n"}}
		for i := range n {
			t.Rows = append(t.Rows, []any{float64(i)})
		}
		return t
	}
	path := filepath.Join(t.TempDir(), "req.xlsx")
	if err := writeFile(path, Create, func(f *excelize.File) error { return AddTable(f, long(9)) }); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		got[s], _ = f.GetRows(s)
	}
	f.Close()
	want := map[string][][]string{
		"Requirements":     {{"n"}, {"0"}, {"1"}, {"2"}, {"3"}},
		"Requirements (2)": {{"n"}, {"4"}, {"5"}, {"6"}, {"7"}},
		"Requirements (3)": {{"n"}, {"8"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}

	if err := writeFile(path, Update, func(f *excelize.File) error { return AddTable(f, long(2)) }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Requirements"}, sheetsOf(t, path)); diff != "" {
		t.Errorf("after a shorter table (-want +got):\n%s", diff)
	}

	copied := plannerWorkbook(t, t.TempDir(), "Requirements", "Requirements (2)")
	err = writeFile(copied, Update, func(f *excelize.File) error { return AddTable(f, long(9)) })
	var clash *ClashError
	if !errors.As(err, &clash) || clash.Sheet != "Requirements (2)" {
		t.Errorf("got %v, want a clash with the planner's Requirements (2)", err)
	}
}

// TestUpdateSingleSheetWorkbooks updates workbooks of one sheet: wfm's
// own, whose old content must go, and a planner's Sheet1, which must stay.
func TestUpdateSingleSheetWorkbooks(t *testing.T) {
	summary := &table.Table{Name: SummarySheet, Columns: []string{"a"}, Rows: [][]any{{1.0}}}
	tests := []struct {
		sheet string
		want  map[string][][]string
	}{
		{SummarySheet, map[string][][]string{SummarySheet: {{"a"}, {"1"}}}},
		{defaultSheet, map[string][][]string{SummarySheet: {{"a"}, {"1"}}, defaultSheet: {{"planner's note on Sheet1"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			path := plannerWorkbook(t, t.TempDir(), tt.sheet)
			if err := writeFile(path, Update, func(f *excelize.File) error { return AddTable(f, summary) }); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got := map[string][][]string{}
			for _, s := range f.GetSheetList() {
				got[s], _ = f.GetRows(s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sheets (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUpdateThroughSymlink updates a workbook reached through a link: the
// workbook is updated and the link stays.
func TestUpdateThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := plannerWorkbook(t, dir, "Notes")
	link := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := writeFile(link, Update, func(f *excelize.File) error { return AddRoster(f, roster(), nil, About{}) }); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a link (%v)", link, err)
	}
	if got := sheetsOf(t, target); !slices.Contains(got, "Notes") || !slices.Contains(got, RosterSheet) {
		t.Errorf("linked workbook holds %v, want Notes and wfm's sheets", got)
	}
}
