package plan

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
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
	"github.com/xuri/excelize/v2"
)

// smallResult is a plan of a few intervals per channel, contacts scaled by
// scale so that two runs write different files.
func smallResult(scale float64, channels ...string) *Result {
	start := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	r := &Result{History: &records.History{Interval: 30 * time.Minute}}
	for _, ch := range channels {
		contacts := []float64{10 * scale, 12 * scale, 8 * scale, 9 * scale}
		r.History.Series = append(r.History.Series, forecast.Series{Channel: ch, Region: "east",
			Start: start.AddDate(0, 0, -1), Interval: 30 * time.Minute, Contacts: contacts})
		r.Forecasts = append(r.Forecasts, forecast.Forecast{Channel: ch, Region: "east", Start: start,
			Interval: 30 * time.Minute, Model: "snaive", Contacts: contacts, P10: contacts, P90: contacts})
		for i := range contacts {
			at := start.Add(time.Duration(i) * 30 * time.Minute)
			r.Requirements = append(r.Requirements, staff.Requirement{Start: at, Channel: ch, Region: "east",
				Contacts: contacts[i], AHT: 300, Agents: 3, Staff: 4})
			r.Roster.Coverage = append(r.Roster.Coverage, schedule.Coverage{Start: at, Channel: ch, Region: "east",
				Required: 4, Scheduled: 4, ServiceLevel: 0.8})
		}
		r.Roster.Shifts = append(r.Roster.Shifts, schedule.Shift{AgentID: ch + "-001", Template: "FT2", Channel: ch,
			Region: "east", Span: schedule.Span{Start: start, End: start.Add(2 * time.Hour)}})
		r.Roster.Summaries = append(r.Roster.Summaries, schedule.Summary{Channel: ch, Region: "east", PaidHours: 2})
	}
	r.Roster.Summaries = append(r.Roster.Summaries, schedule.Summary{PaidHours: 2 * float64(len(channels))})
	return r
}

func writeConfig(dir string) Config {
	return Config{Outputs: Outputs{Dir: dir, Workbook: "plan.xlsx", Forecast: "forecast.csv",
		Requirements: "requirements.csv", Roster: "roster.csv", Plots: "charts", Calendars: "calendars"}}
}

// snapshot reads every file under dir, by path relative to it.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestWriteIsAllOrNothing runs a plan twice into one folder, the second
// run failing on its last file or on its workbook: the folder must hold
// the first run's files, whole, and nothing else.
func TestWriteIsAllOrNothing(t *testing.T) {
	tests := []struct {
		name    string
		second  func(dir string) *Result
		wantErr string
	}{
		{"last chart cannot be drawn", func(string) *Result {
			r := smallResult(2, "chat", "phone")
			r.Forecasts[1].Contacts, r.Forecasts[1].P10, r.Forecasts[1].P90 = nil, nil, nil
			r.History.Series = r.History.Series[:1]
			return r
		}, "forecast-phone-east.png"},
		{"last calendar cannot be written", func(string) *Result {
			r := smallResult(2, "chat", "phone")
			s := &r.Roster.Shifts[1]
			s.Start, s.End = s.End, s.Start
			return r
		}, "phone-001.ics"},
		{"workbook holds a planner's sheet", func(dir string) *Result {
			f, err := excelize.OpenFile(filepath.Join(dir, "plan.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			f.NewSheet("Budget")
			f.Save()
			f.Close()
			return smallResult(2, "chat", "phone")
		}, "update: true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeConfig(dir)
			paths, err := smallResult(1, "chat", "phone").Write(cfg, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 4+4+1+2 { // 3 CSVs, the workbook, 2 forecast, 2 coverage and the total chart, 2 calendars
				t.Errorf("first run wrote %d files: %v", len(paths), paths)
			}
			second := tt.second(dir)
			first := snapshot(t, dir)
			paths, err = second.Write(cfg, "")
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("second run: %v, want an error naming %q", err, tt.wantErr)
			}
			if paths != nil {
				t.Errorf("failed run reports paths %v", paths)
			}
			if diff := cmp.Diff(first, snapshot(t, dir)); diff != "" {
				t.Errorf("folder after the failed run (-first run +now):\n%s", diff)
			}
		})
	}
}

// TestWriteReplacesItsOwnWorkbook runs a plan without update twice, as the
// weekly cron does: the second run replaces the workbook the first wrote.
func TestWriteReplacesItsOwnWorkbook(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(dir)
	cfg.Outputs.Plots = ""
	for _, scale := range []float64{1, 2} {
		if _, err := smallResult(scale, "chat").Write(cfg, ""); err != nil {
			t.Fatalf("run %v: %v", scale, err)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "plan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := f.GetCellValue("Requirements", "D2"); got != "20" {
		t.Errorf("Requirements!D2 = %q, want the second run's 20", got)
	}
	if got := f.GetSheetList(); !slices.Equal(got[:3], []string{sheet.SummarySheet, sheet.DashboardSheet, sheet.ChartDataSheet}) {
		t.Errorf("sheets %v", got)
	}

	cfg.Outputs.Update = true
	g, _ := excelize.OpenFile(filepath.Join(dir, "plan.xlsx"))
	g.NewSheet("Budget")
	g.Save()
	g.Close()
	if _, err := smallResult(3, "chat").Write(cfg, ""); err != nil {
		t.Fatalf("update: %v", err)
	}
	cfg.Outputs.Update = false
	_, err = smallResult(3, "chat").Write(cfg, "")
	var te *table.Error
	if !errors.Is(err, sheet.ErrForeign) || !errors.As(err, &te) {
		t.Errorf("replacing the planner's workbook: %v, want a *table.Error wrapping sheet.ErrForeign", err)
	}
}

// TestWritePlotsChineseChannels writes the plots of channels named in
// Chinese, which once all folded to one file name and failed the run.
func TestWritePlotsChineseChannels(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(dir)
	if _, err := smallResult(1, "电话", "在线").Write(cfg, ""); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"coverage-total.png", "coverage-在线-east.png", "coverage-电话-east.png", "forecast-在线-east.png", "forecast-电话-east.png"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("charts (-want +got):\n%s", diff)
	}
}

// TestWriteCSVEncoding writes the plan's CSV files in GBK: each reads
// back, with wfm's reader detecting GBK, to the UTF-8 run's cells.
func TestWriteCSVEncoding(t *testing.T) {
	utf8Dir, gbkDir := t.TempDir(), t.TempDir()
	cfg := Config{Outputs: Outputs{Dir: utf8Dir, Forecast: "forecast.csv", Requirements: "requirements.csv", Roster: "roster.csv"}}
	if _, err := smallResult(1, "电话").Write(cfg, ""); err != nil {
		t.Fatal(err)
	}
	cfg.Outputs.Dir, cfg.Outputs.Encoding = gbkDir, "gbk"
	if _, err := smallResult(1, "电话").Write(cfg, ""); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"forecast.csv", "requirements.csv", "roster.csv"} {
		raw, _ := os.ReadFile(filepath.Join(gbkDir, name))
		if !bytes.Contains(raw, []byte("\xb5\xe7\xbb\xb0")) {
			t.Errorf("%s: no GBK 电话 in %q", name, raw[:min(len(raw), 200)])
		}
		want, err1 := table.ReadFile(filepath.Join(utf8Dir, name), table.ReadOptions{})
		got, err2 := table.ReadFile(filepath.Join(gbkDir, name), table.ReadOptions{})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if diff := cmp.Diff(want.Rows, got.Rows); diff != "" {
			t.Errorf("%s read back (-utf-8 +gbk):\n%s", name, diff)
		}
	}
}
