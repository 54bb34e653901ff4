package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"slices"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/plan"

	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestGolden runs each command on the test data and compares its output
// with testdata/*.golden; go test -update rewrites them. The chain
// forecast -> staff -> schedule runs on the outputs of the step before.
func TestGolden(t *testing.T) {
	dir := t.TempDir()
	forecastCSV := filepath.Join(dir, "forecast.csv")
	requirementsCSV := filepath.Join(dir, "requirements.csv")
	history := filepath.Join("testdata", "history.csv")
	targets := filepath.Join("testdata", "targets.csv")
	for _, c := range []struct {
		golden string
		args   []string
		file   string // compare this file's content instead of stdout
	}{
		{"forecast.csv.golden", []string{"forecast", "--history", history, "--model", "snaive", "-o", forecastCSV}, forecastCSV},
		{"forecast-auto.csv.golden", []string{"forecast", "--history", history, "--horizon", "1d", "--format", "csv"}, ""},
		{"forecast.json.golden", []string{"forecast", "--history", history, "--model", "mean", "--horizon", "3h", "--format", "json"}, ""},
		{"backtest.txt.golden", []string{"backtest", "--history", history, "--horizon", "1d", "--folds", "2", "--format", "table"}, ""},
		{"staff.csv.golden", []string{"staff", "--forecast", forecastCSV, "--targets", targets, "-o", requirementsCSV}, requirementsCSV},
		{"staff-pool.txt.golden", []string{"staff", "--forecast", forecastCSV, "--targets", targets, "--quantile", "p90", "--pool-regions", "-o", filepath.Join(dir, "p90.csv"), "--format", "table"}, ""},
		{"schedule.csv.golden", []string{"schedule", "--requirements", requirementsCSV, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--targets", targets, "--format", "csv"}, ""},
		{"erlang.json.golden", []string{"erlang", "--contacts", "100", "--aht", "180", "--interval", "30m", "--sl", "80/20", "--shrinkage", "0.3", "--format", "json"}, ""},
		{"erlang-a.txt.golden", []string{"erlang", "--contacts", "400", "--aht", "5m48s", "--sl", "80/60", "--concurrency", "2", "--patience", "90s", "--max-occupancy", "0.85", "--format", "table"}, ""},
	} {
		t.Run(c.golden, func(t *testing.T) {
			stdout, stderr, code := wfm(t, c.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := []byte(stdout)
			if c.file != "" {
				var err error
				if got, err = os.ReadFile(c.file); err != nil {
					t.Fatal(err)
				}
			}
			golden(t, c.golden, got)
		})
	}
}

// TestOutputIsDeterministic runs the same forecast twice into CSV and JSON
// and expects the same bytes.
func TestOutputIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".csv", ".json"} {
		var runs [2][]byte
		for i := range runs {
			out := filepath.Join(dir, "f"+ext)
			if _, stderr, code := wfm(t, "forecast", "--history", filepath.Join("testdata", "history.csv"), "--horizon", "2d", "-o", out); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			runs[i], _ = os.ReadFile(out)
		}
		if string(runs[0]) != string(runs[1]) || len(runs[0]) == 0 {
			t.Errorf("%s output differs between two runs of the same forecast", ext)
		}
	}
}

// TestScheduleSeed checks that --seed reaches the roster search: another
// seed gives another roster, and the same seed the same bytes.
func TestScheduleSeed(t *testing.T) {
	dir := t.TempDir()
	req := testRequirements(t, dir)
	roster := func(seed string) string {
		stdout, stderr, code := wfm(t, "schedule", "--requirements", req, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--format", "csv", "--seed", seed)
		if code != exitOK {
			t.Fatalf("--seed %s: exit %d: %s", seed, code, stderr)
		}
		return stdout
	}
	one, two := roster("1"), roster("2")
	if one == two {
		t.Error("--seed 2 gives the roster of --seed 1")
	}
	if again := roster("2"); again != two {
		t.Error("--seed 2 gives another roster on a second run")
	}
}

// TestSearchFlagsOverridePlan: flags given on the command line replace the
// plan file's effort and seed; flags left out keep them.
func TestSearchFlagsOverridePlan(t *testing.T) {
	for _, c := range []struct {
		args   []string
		effort float64
		seed   uint64
	}{
		{nil, 3, 9},
		{[]string{"--seed", "5"}, 3, 5},
		{[]string{"--effort", "0.5"}, 0.5, 9},
	} {
		var o searchOptions
		cmd := &cobra.Command{}
		o.register(cmd, true)
		if err := cmd.ParseFlags(c.args); err != nil {
			t.Fatal(err)
		}
		cfg := plan.Config{Effort: 3, Seed: 9}
		o.override(cmd.Flags(), &cfg)
		if cfg.Effort != c.effort || cfg.Seed != c.seed {
			t.Errorf("%v: effort %g, seed %d; want %g, %d", c.args, cfg.Effort, cfg.Seed, c.effort, c.seed)
		}
	}
}

// TestPlan runs the whole cycle from a plan file copied into a temporary
// folder, checking the summary and that every output was written.
func TestPlan(t *testing.T) {
	config := copyPlan(t)
	dir := filepath.Dir(config)
	stdout, stderr, code := wfm(t, "plan", "--config", config, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "plan.csv.golden", []byte(stdout))
	for _, name := range []string{"forecast.csv", "requirements.csv", "roster.csv", "plan-2026-W13.xlsx"} {
		if fi, err := os.Stat(filepath.Join(dir, "plan-out", name)); err != nil || fi.Size() == 0 {
			t.Errorf("plan did not write %s: %v", name, err)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "plan-out", "plan-2026-W13.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Dashboard", "ChartData", "Forecast", "Requirements", "Roster", "Shifts", "Coverage"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("workbook sheets %v, want %v", got, want)
	}
	if _, _, code := wfm(t, "plan", "--config", config, "--quiet"); code != exitOK {
		t.Errorf("quiet re-run: exit %d", code)
	}
}

// copyPlan copies the test plan and its inputs into a new folder and
// returns the plan file's path.
func copyPlan(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"plan.yaml", "history.csv", "targets.csv", "shifts.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "plan.yaml")
}

func TestPlanForCron(t *testing.T) {
	config := copyPlan(t)
	out := filepath.Join(filepath.Dir(config), "plan-out")
	os.MkdirAll(out, 0o755)
	unlock, err := outfile.Lock(out, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code := wfm(t, "plan", "--config", config)
	if code != exitError || !strings.Contains(stderr, "another wfm run is writing to this folder") {
		t.Errorf("run beside a locked folder: exit %d, %q; want 1 and a clear message", code, stderr)
	}
	unlock()

	stdout, stderr, code := wfm(t, "plan", "--config", config, "--log-format", "json", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var summary struct{ Summary []map[string]any }
	if err := json.Unmarshal([]byte(stdout), &summary); err != nil || len(summary.Summary) == 0 {
		t.Errorf("stdout is not a JSON summary: %v\n%s", err, stdout)
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var record struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(line), &record); err != nil || record.Level == "" || record.Msg == "" {
			t.Errorf("stderr line is not a JSON log record: %q", line)
		}
	}
	if !strings.Contains(stderr, `"msg":"wrote `) {
		t.Errorf("no log record of the files written: %s", stderr)
	}
}

func TestPlanPlotsAndCalendars(t *testing.T) {
	config := copyPlan(t)
	plots, calendars := filepath.Join(t.TempDir(), "charts"), filepath.Join(t.TempDir(), "calendars")
	if _, stderr, code := wfm(t, "plan", "--config", config, "--plots", plots, "--calendars", calendars, "-q"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"forecast-chat-east.png", "forecast-phone-south.png", "coverage-phone-east.png", "coverage-total.png"} {
		data, err := os.ReadFile(filepath.Join(plots, name))
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("%s: not a PNG (%v)", name, err)
		}
	}
	files, err := filepath.Glob(filepath.Join(calendars, "*.ics"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no calendars in %s (%v)", calendars, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil || !bytes.HasPrefix(data, []byte("BEGIN:VCALENDAR")) || !bytes.Contains(data, []byte("BEGIN:VEVENT")) {
			t.Errorf("%s: no calendar of shifts (%v)", name, err)
		}
	}
}

func TestPlanScenarios(t *testing.T) {
	config := copyPlan(t)
	stdout, stderr, code := wfm(t, "plan", "--config", config, "--scenario", "volume=+20%", "--scenario", "pool=regions", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct{ Scenarios []map[string]any }
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	var names []string
	for _, row := range out.Scenarios {
		names = append(names, row["scenario"].(string))
	}
	if want := []string{"baseline", "volume=+20%", "pool=regions"}; !slices.Equal(names, want) {
		t.Errorf("scenario rows %v, want %v", names, want)
	}
	if out.Scenarios[1]["paid_hours"].(float64) <= out.Scenarios[0]["paid_hours"].(float64) {
		t.Errorf("20%% more volume needs no more paid hours: %v", out.Scenarios)
	}
	f, err := excelize.OpenFile(filepath.Join(filepath.Dir(config), "plan-out", "plan-2026-W13.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex("Scenarios"); idx < 0 {
		t.Error("the workbook has no Scenarios sheet")
	}
	if _, stderr, code := wfm(t, "plan", "--config", config, "--scenario", "aht=10%"); code != exitInput || !strings.Contains(stderr, "want a change like +10%") {
		t.Errorf("bad scenario: exit %d, %q", code, stderr)
	}
}

func TestPlanCrossTrain(t *testing.T) {
	config := copyPlan(t)
	stdout, stderr, code := wfm(t, "plan", "--config", config, "--scenario", "cross-train=chat+phone:30%", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct{ Scenarios, Simulated []map[string]any }
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	// East has both channels: the baseline's and the scenario's service of
	// each, simulated.
	var rows []string
	for _, row := range out.Simulated {
		rows = append(rows, fmt.Sprint(row["scenario"], " ", row["channel"], " ", row["region"]))
		if sl := row["service_level"].(float64); !(sl > 0 && sl <= 1) {
			t.Errorf("%v: simulated service level %v", row, sl)
		}
	}
	want := []string{"baseline chat east", "baseline phone east", "cross-train=chat+phone:30% chat east", "cross-train=chat+phone:30% phone east"}
	if len(out.Scenarios) != 2 || !slices.Equal(rows, want) {
		t.Errorf("scenarios %v, simulated rows %v, want %v", out.Scenarios, rows, want)
	}
	f, err := excelize.OpenFile(filepath.Join(filepath.Dir(config), "plan-out", "plan-2026-W13.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex("Simulated"); idx < 0 {
		t.Error("the workbook has no Simulated sheet")
	}
	if _, stderr, code := wfm(t, "plan", "--config", config, "--scenario", "cross-train=chat:30%"); code != exitInput || !strings.Contains(stderr, "cross-train: want two channels") {
		t.Errorf("bad scenario: exit %d, %q", code, stderr)
	}
	if _, stderr, code := wfm(t, "plan", "--config", config, "--scenario", "cross-train=chat+sms:30%"); code != exitInput || !strings.Contains(stderr, "no region has history of both") {
		t.Errorf("a channel without history: exit %d, %q", code, stderr)
	}
}
