package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/schedule"
)

// TestOutputNeverReplacesAnInput: -o naming an input, or a plan writing
// over one, exits 2 before any work and leaves the input as it was.
func TestOutputNeverReplacesAnInput(t *testing.T) {
	dir := t.TempDir()
	write := tempWriter(t, dir)
	history := write("history.csv", "interval_start,contacts\n2026-03-02T08:00,4\n2026-03-02T08:30,5\n")
	forecastFile := write("forecast.csv", "interval_start,channel,region,contacts,aht_seconds\n2026-03-02T08:00,chat,east,40,300\n")
	targets := write("targets.csv", "channel,service_level,answer_seconds,aht_seconds\nchat,0.8,20,300\nall,0.8,20,300\n")
	requirements := write("requirements.csv", "interval_start,channel,region,staff\n2026-03-02T08:00,chat,east,4\n")
	shifts, err := filepath.Abs(filepath.Join("testdata", "shifts.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	config := write("plan.yaml", "history: history.csv\ntargets: targets.csv\nshifts: "+shifts+"\n"+
		"outputs: {dir: out, forecast: ../history.csv}\n")
	dotted := filepath.Join(dir, ".", "sub", "..", "history.csv")
	for _, c := range []struct {
		name, input string
		args        []string
		want        string
	}{
		{"forecast over its history", history, []string{"forecast", "--history", history, "-o", history}, "-o " + history + " is the input " + history},
		{"forecast over its history, spelt otherwise", history, []string{"forecast", "--history", history, "-o", dotted}, "is the input " + history},
		{"backtest over its history", history, []string{"backtest", "--history", history, "-o", history}, "is the input"},
		{"staff over its forecast", forecastFile, []string{"staff", "--forecast", forecastFile, "--targets", targets, "-o", forecastFile}, "is the input " + forecastFile},
		{"staff over its targets", targets, []string{"staff", "--forecast", forecastFile, "--targets", targets, "-o", targets}, "is the input " + targets},
		{"schedule over its requirements", requirements, []string{"schedule", "--requirements", requirements, "--shifts", shifts, "-o", requirements}, "is the input " + requirements},
		{"plan forecast over its history", history, []string{"plan", "--config", config}, "key outputs.forecast: " + history + " would overwrite the history input " + history},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, err := os.ReadFile(c.input)
			if err != nil {
				t.Fatal(err)
			}
			_, stderr, code := wfm(t, c.args...)
			if code != exitInput || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, %q; want %d and a message containing %q", code, stderr, exitInput, c.want)
			}
			if after, _ := os.ReadFile(c.input); string(after) != string(before) {
				t.Errorf("%s changed to %q", c.input, after)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "plan.xlsx")); err == nil {
		t.Error("the refused plan wrote its workbook")
	}
}

// TestPlanRejectsAtOnce: a plan whose settings or inputs cannot be planned
// exits 2 before any computing, naming the file (and key or column).
func TestPlanRejectsAtOnce(t *testing.T) {
	config := copyPlan(t)
	dir := filepath.Dir(config)
	original, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	phoneOnly := filepath.Join(dir, "phone.csv")
	if err := os.WriteFile(phoneOnly, []byte("channel,service_level,answer_seconds\nphone,0.8,20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, extra string // appended to the plan file
		args        []string
		want        string
	}{
		{"outsourcing without its cost", "", []string{"--scenario", "outsource=40%"},
			config + `: key scenarios: "outsource=40%" outsources, which needs the cost of an outsourced hour`},
		{"outsourcing scenario in the file", "scenarios: [outsource=40%]\n", nil, `key scenarios: "outsource=40%" outsources`},
		{"NaN effort", "effort: .nan\n", nil, config + ": key effort: want a number > 0 and at most 100"},
		{"huge effort", "effort: 1e9\n", nil, "key effort: want a number > 0 and at most 100"},
		{"seed overflows", "seed: 18446744073709551616\n", nil, config + `: line 11: key seed: want a whole number from 0 to 18446744073709551615`},
		{"horizon beyond a year", "", nil, config + ": key horizon 371d: want more than 0 and at most 366d"},
		{"series without target", "", nil, phoneOnly + ": column channel: no target for channel \"chat\" region \"east\""},
		{"week_start not a weekday", "week_start: funday\n", nil, config + `: key week_start: want a weekday such as monday, got "funday"`},
		{"start off the week", "start: 2026-12-01\n", nil, config + ": key start: 2026-12-01 is a Tuesday, but weeks start on Monday"},
		{"start not a date", "start: soon\n", nil, config + `: key start: want next-week or a date such as 2026-03-02, got "soon"`},
		{"start inside the history", "start: 2026-01-05\n", nil, config + ": key start: 2026-01-05 is before the end of the history"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := string(original) + c.extra
			switch c.name {
			case "horizon beyond a year":
				text = strings.Replace(text, "horizon: 7d", "horizon: 53w", 1)
			case "series without target":
				text = strings.Replace(text, "targets: targets.csv", "targets: phone.csv", 1)
			}
			if err := os.WriteFile(config, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := wfm(t, append([]string{"plan", "--config", config}, c.args...)...)
			if code != exitInput || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, %q; want %d and one line containing %q", code, stderr, exitInput, c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "plan-out", "forecast.csv")); err == nil {
				t.Error("the rejected plan wrote its forecast")
			}
		})
	}
}

// TestPlanInputsAnywhere: a plan reads inputs by absolute paths and from
// above its folder, and reads their encoding, sheet and columns.
func TestPlanInputsAnywhere(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"plans", "exports"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	history, err := os.ReadFile(filepath.Join("testdata", "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// An export with its own column names.
	renamed := strings.Replace(string(history), "interval_start,channel,region,contacts", "TimeStamp,Queue,region,Offered", 1)
	if err := os.WriteFile(filepath.Join(root, "exports", "calls.csv"), []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	targets, _ := filepath.Abs(filepath.Join("testdata", "targets.csv"))
	shifts, _ := filepath.Abs(filepath.Join("testdata", "shifts.yaml"))
	config := filepath.Join(root, "plans", "plan.yaml")
	plan := "history:\n  path: ../exports/calls.csv\n  encoding: utf-8\n  columns: {interval_start: TimeStamp, channel: Queue, contacts: Offered}\n" +
		"interval: 1h\nhorizon: 7d\nmodel: day-profile\ntargets: " + targets + "\nshifts: {path: " + shifts + "}\n" +
		"outputs: {dir: plan-out, workbook: \"plan-{week}.xlsx\"}\n"
	if err := os.WriteFile(config, []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := wfm(t, "plan", "--config", config, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The same plan as testdata/plan.yaml, read from elsewhere.
	golden(t, "plan.csv.golden", []byte(stdout))
}

// TestStaffLocatesMissingTargets: a series with no target, or contacts
// with no handle time anywhere, names the file to fix.
func TestStaffLocatesMissingTargets(t *testing.T) {
	dir := t.TempDir()
	write := tempWriter(t, dir)
	forecastFile := write("forecast.csv", "interval_start,channel,region,contacts\n2026-03-02T08:00,chat,east,40\n2026-03-02T08:00,phone,east,10\n")
	phoneOnly := write("phone.csv", "channel,service_level,answer_seconds,aht_seconds\nphone,0.8,20,300\n")
	noAHT := write("targets.csv", "channel,service_level,answer_seconds\nchat,0.8,20\nphone,0.8,20\n")
	for _, c := range []struct {
		name    string
		targets string
		want    string
	}{
		{"series without target", phoneOnly, phoneOnly + `: column channel: no target for channel "chat" region "east"`},
		{"no handle time", noAHT, forecastFile + `: column aht_seconds: channel "chat" region "east" has contacts without a handle time`},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := wfm(t, "staff", "--forecast", forecastFile, "--targets", c.targets)
			if code != exitInput || !strings.HasPrefix(stderr, "wfm: "+c.want) || stdout != "" {
				t.Errorf("exit %d, %q; want %d and %q", code, stderr, exitInput, c.want)
			}
		})
	}
}

func TestForecastHorizonBeyondAYear(t *testing.T) {
	_, stderr, code := wfm(t, "forecast", "--history", filepath.Join("testdata", "history.csv"), "--horizon", "400d")
	if want := "--horizon 400d: want more than 0 and at most 366d"; code != exitInput || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, %q; want %d and %q", code, stderr, exitInput, want)
	}
}

// TestEmptyRosterSummary: a closed week's roster, without shifts or
// summaries, is reported rather than failing the run.
func TestEmptyRosterSummary(t *testing.T) {
	if got, want := rosterSummaryLine(schedule.Roster{}), "roster: no shifts"; got != want {
		t.Errorf("rosterSummaryLine(empty) = %q, want %q", got, want)
	}
}

// TestForecastFromStart: --start forecasts through the gap after the
// history and writes the horizon from the start on, the rows a longer
// forecast from the history's end has there.
func TestForecastFromStart(t *testing.T) {
	dir := t.TempDir()
	history := filepath.Join("testdata", "history.csv") // ends Sunday 2026-03-22 at midnight
	whole, from := filepath.Join(dir, "whole.csv"), filepath.Join(dir, "from.csv")
	for _, args := range [][]string{
		{"--horizon", "3d", "-o", whole},
		{"--horizon", "1d", "--start", "2026-03-25", "-o", from},
	} {
		if _, stderr, code := wfm(t, append([]string{"forecast", "--history", history}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	read := func(name string) []string {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	var want []string
	for _, row := range read(whole) {
		if strings.HasPrefix(row, "interval_start,") || row >= "2026-03-25" {
			want = append(want, row)
		}
	}
	got := read(from)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("forecast from 2026-03-25 (-want +got):\n%s", diff)
	}
	if len(got) < 2 || !strings.HasPrefix(got[1], "2026-03-25T00:00,") {
		t.Errorf("first row %q, want 2026-03-25T00:00", got[1:2])
	}
}

func TestForecastStartRefused(t *testing.T) {
	history := filepath.Join("testdata", "history.csv")
	for _, c := range []struct{ start, want string }{
		{"2026-03-20", "--start 2026-03-20T00:00: before the end of the history, 2026-03-23T00:00"},
		{"2026-03-25T08:10", "--start 2026-03-25T08:10: not on the history's 1h grid"},
		{"2028-06-01", "--start 2028-06-01T00:00: with the horizon more than"},
		{"next monday", `--start "next monday": want a date`},
	} {
		t.Run(c.start, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "f.csv")
			_, stderr, code := wfm(t, "forecast", "--history", history, "--start", c.start, "-o", out)
			if code != exitInput || !strings.Contains(stderr, "wfm: "+c.want) {
				t.Errorf("exit %d, %q; want %d and %q", code, stderr, exitInput, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("wrote the output")
			}
		})
	}
}

// TestForecastReadsAnExport reads a history as another system exports it:
// a title row, Chinese headers and US dates, forecasting as from wfm's own
// form; a date in neither format exits 2 naming its row and column.
func TestForecastReadsAnExport(t *testing.T) {
	dir := t.TempDir()
	write := tempWriter(t, dir)
	var iso, export strings.Builder
	iso.WriteString("interval_start,contacts\n")
	export.WriteString("话务报表 2003-09,,\n时间,来电量\n")
	start := time.Date(2003, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range 14 * 48 {
		at := start.Add(time.Duration(i) * 30 * time.Minute)
		n := 10 + i%48
		fmt.Fprintf(&iso, "%s,%d\n", at.Format("2006-01-02T15:04"), n)
		fmt.Fprintf(&export, "%s,%d\n", at.Format("1/2/2006 3:04 PM"), n)
	}
	forecast := []string{"forecast", "--model", "snaive", "--horizon", "1d", "--history"}
	want, stderr, code := wfm(t, append(forecast, write("iso.csv", iso.String()))...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	exported := append(forecast, write("export.csv", export.String()), "--header-row", "2", "--date-format", "%m/%d/%Y %I:%M %p")
	got, stderr, code := wfm(t, exported...)
	if code != exitOK || got != want {
		t.Errorf("exit %d: %s\ngot:\n%.300s\nwant:\n%.300s", code, stderr, got, want)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{append(forecast, write("bad.csv", export.String()+"2003-15-09 08:00,3\n"), "--header-row", "2", "--date-format", "%m/%d/%Y %I:%M %p"),
			`bad.csv: row 675, column 时间: want a date-time in the format %m/%d/%Y %I:%M %p or like 2026-03-02T08:30, got "2003-15-09 08:00"`},
		{append(exported, "--date-format", "%m/%d/%Y %I:%M"), `invalid argument "%m/%d/%Y %I:%M" for "--date-format" flag: date format "%m/%d/%Y %I:%M": %I (hour 1-12) and %p (AM/PM) go together`},
	} {
		if _, stderr, code := wfm(t, c.args...); code != exitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
		}
	}
}

// TestPoolRegionsSaysWhichTarget: the pooling table, in the format asked
// for, names the target the pool is staffed to and the regions' own; a
// pool dearer than the regions says why.
func TestPoolRegionsSaysWhichTarget(t *testing.T) {
	dir := t.TempDir()
	fc := filepath.Join(dir, "forecast.csv")
	if _, stderr, code := wfm(t, "forecast", "--history", filepath.Join("testdata", "history.csv"), "--model", "snaive", "-o", fc); code != exitOK {
		t.Fatalf("forecast: exit %d: %s", code, stderr)
	}
	targets := tempWriter(t, dir)("targets.csv", "channel,region,service_level,answer_seconds,max_occupancy\n"+
		"chat,,0.8,60,0.85\nphone,,0.8,20,0.85\nphone,east,0.1,20,\nphone,south,0.1,20,\n")
	stdout, stderr, code := wfm(t, "staff", "--forecast", fc, "--targets", targets, "--pool-regions", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var reqs []map[string]any
	if err := json.Unmarshal([]byte(stdout), &reqs); err != nil || len(reqs) == 0 {
		t.Fatalf("requirements on stdout: %v", err)
	}
	note, table, _ := strings.Cut(stderr, "\n")
	var pools []map[string]any
	if err := json.Unmarshal([]byte(table), &pools); err != nil {
		t.Fatalf("pooling on stderr is not JSON after one note: %v\n%s", err, stderr)
	}
	phone := pools[1]
	if phone["channel"] != "phone" || phone["pooled_target"] != "80/20, occupancy 85%" ||
		phone["region_targets_not_used"] != "east 10/20; south 10/20" || !(phone["saved_hours"].(float64) < 0) {
		t.Errorf("phone pooling %v", phone)
	}
	if want := "phone: pooling costs"; !strings.HasPrefix(note, want) || !strings.Contains(note, "the channel's target, 80/20, occupancy 85%, the regions to their own: east 10/20; south 10/20") {
		t.Errorf("note %q", note)
	}
}
