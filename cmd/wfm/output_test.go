package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
