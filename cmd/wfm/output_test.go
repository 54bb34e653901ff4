package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// TestOutputKeepsPlannersWorkbook writes -o over a workbook of the
// planner's: refused with exit 2 and a hint, unless --force or --update;
// a workbook wfm wrote is replaced as any output.
func TestOutputKeepsPlannersWorkbook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Budget")
	f.SetCellValue("Budget", "A1", "mine")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	planner, _ := os.ReadFile(path)
	forecast := []string{"forecast", "--history", filepath.Join("testdata", "history.csv"), "--model", "snaive", "--horizon", "1h", "-o", path}
	sheets := func() []string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return f.GetSheetList()
	}

	_, stderr, code := wfm(t, forecast...)
	if code != exitInput || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q: want 2 and one line", code, stderr)
	}
	for _, want := range []string{path, "Budget", "--update", "--force"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(planner, now) {
		t.Error("the planner's workbook changed")
	}

	if _, stderr, code := wfm(t, append(forecast, "--update", "--force")...); code != exitInput || !strings.Contains(stderr, "exclude each other") {
		t.Errorf("--update --force: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := wfm(t, append(forecast, "--update")...); code != exitOK {
		t.Fatalf("--update: exit %d, stderr %q", code, stderr)
	}
	if diff := cmp.Diff([]string{"Budget", "Forecast"}, sheets()); diff != "" {
		t.Errorf("after --update (-want +got):\n%s", diff)
	}
	if _, stderr, code := wfm(t, append(forecast, "--force")...); code != exitOK {
		t.Fatalf("--force: exit %d, stderr %q", code, stderr)
	}
	if diff := cmp.Diff([]string{"Forecast"}, sheets()); diff != "" {
		t.Errorf("after --force (-want +got):\n%s", diff)
	}
	if _, stderr, code := wfm(t, forecast...); code != exitOK {
		t.Errorf("replacing wfm's own workbook: exit %d, stderr %q", code, stderr)
	}
}

// TestCSVOutputForChineseExcel writes a forecast of Chinese series as GBK
// and as UTF-8 with a BOM, to a file and to stdout: wfm's own reader reads
// each back to the plain UTF-8 output's cells.
func TestCSVOutputForChineseExcel(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	chinese := strings.NewReplacer("phone", "电话", "chat", "在线", "east", "华东", "south", "华南").Replace(string(data))
	history := tempWriter(t, dir)("history.csv", chinese)
	forecast := []string{"forecast", "--history", history, "--model", "snaive", "--horizon", "2h"}
	read := func(name string, data []byte) *table.Grid {
		t.Helper()
		g, err := table.Read(bytes.NewReader(data), name, table.ReadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return g
	}
	plain, stderr, code := wfm(t, forecast...)
	if code != exitOK || !strings.Contains(plain, "电话,华东") {
		t.Fatalf("exit %d: %s\n%s", code, stderr, plain)
	}
	want := read("plain.csv", []byte(plain))
	for _, c := range []struct {
		flags []string
		start string
	}{
		{[]string{"--bom"}, "\xef\xbb\xbfinterval_start,"},
		{[]string{"--out-encoding", "gbk"}, "interval_start,"},
		{[]string{"--out-encoding", "GB18030"}, "interval_start,"},
	} {
		out := filepath.Join(dir, "out.csv")
		stdout, stderr, code := wfm(t, append(append(forecast, c.flags...), "-o", out)...)
		if code != exitOK || stdout != "" {
			t.Fatalf("%v -o: exit %d, stdout %q: %s", c.flags, code, stdout, stderr)
		}
		file, _ := os.ReadFile(out)
		piped, _, _ := wfm(t, append(forecast, c.flags...)...)
		if piped != string(file) {
			t.Errorf("%v: stdout differs from the file", c.flags)
		}
		if !strings.HasPrefix(string(file), c.start) || bytes.Contains(file, []byte("电话")) == (c.flags[0] != "--bom") {
			t.Errorf("%v: file starts %q, want %q and Chinese text in its encoding", c.flags, file[:20], c.start)
		}
		if diff := cmp.Diff(want.Rows, read("out.csv", file).Rows); diff != "" {
			t.Errorf("%v: read back (-want +got):\n%s", c.flags, diff)
		}
	}
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--bom", "--out-encoding", "gbk"}, "a byte-order mark is for UTF-8, not gbk"},
		{[]string{"--bom", "-o", filepath.Join(dir, "f.xlsx")}, "--bom and --out-encoding work on CSV output only"},
		{[]string{"--out-encoding", "gbk", "--format", "json"}, "--bom and --out-encoding work on CSV output only"},
		{[]string{"--out-encoding", "latin1"}, "want one of {utf-8|gbk|gb18030}"},
	} {
		if _, stderr, code := wfm(t, append(forecast, c.flags...)...); code != exitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.flags, code, stderr, c.want)
		}
	}
}
