package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/forecast"
)

// TestBadInputExitsTwoWithoutOutput runs each command on bad input and
// checks for exit code 2, one located message and no output file.
func TestBadInputExitsTwoWithoutOutput(t *testing.T) {
	dir := t.TempDir()
	write := tempWriter(t, dir)
	history := write("history.csv", "interval_start,contacts\n2026-03-02T08:00,4\n2026-03-02T08:30,-4\n")
	workbook := filepath.Join(dir, "history.xlsx")
	if _, _, code := wfm(t, "forecast", "--history", filepath.Join("testdata", "history.csv"), "--model", "snaive", "--horizon", "1h", "-o", workbook); code != exitOK {
		t.Fatal("cannot make a workbook to test with")
	}
	data, _ := os.ReadFile(workbook)
	truncated := write("truncated.xlsx", string(data[:len(data)/3]))
	forecastFile := write("forecast.csv", "interval_start,channel,region,contacts\n2026-03-02T08:00,chat,east,40\n")
	badTargets := write("targets.csv", "channel,service_level,answer_seconds\nchat,1.5,20\n")
	typoTargets := write("typo.csv", "channel,service_levle\nchat,0.8\n")
	for _, c := range []struct {
		name string
		args []string
		want string // in the message
		bare bool   // run as is, without -o
	}{
		{"negative contacts", []string{"forecast", "--history", history}, history + ": row 3, column contacts: want a number of contacts >= 0", false},
		{"missing column", []string{"forecast", "--history", write("h1.csv", "interval_start,channel\n2026-03-02T08:00,chat\n")}, "h1.csv: row 1, column contacts: required column missing", false},
		{"bad date", []string{"forecast", "--history", write("h2.csv", "interval_start,contacts\n2026-03-02T08:00,1\n02/03/2026 8am,2\n")}, "h2.csv: row 3, column interval_start: want a date-time", false},
		{"text contacts", []string{"forecast", "--history", write("h3.csv", "interval_start,contacts\n2026-03-02T08:00,many\n")}, "h3.csv: row 2, column contacts: want a number", false},
		{"NaN contacts", []string{"forecast", "--history", write("h4.csv", "interval_start,contacts\n2026-03-02T08:00,NaN\n")}, "h4.csv: row 2, column contacts", false},
		{"Inf contacts", []string{"forecast", "--history", write("h5.csv", "interval_start,contacts\n2026-03-02T08:00,Inf\n")}, "h5.csv: row 2, column contacts", false},
		{"duplicate interval", []string{"forecast", "--history", write("h6.csv", "interval_start,contacts\n2026-03-02T08:00,1\n2026-03-02T08:00,2\n")}, "h6.csv: row 3, column interval_start: duplicate interval", false},
		{"mixed intervals", []string{"forecast", "--history", write("h7.csv", "interval_start,contacts\n2026-03-02T08:00,1\n2026-03-02T08:30,1\n2026-03-02T09:00,1\n2026-03-02T09:15,1\n")}, "h7.csv: row 5, column interval_start:", false},
		{"empty file", []string{"forecast", "--history", write("h8.csv", "")}, "h8.csv: the file is empty", false},
		{"directory", []string{"forecast", "--history", dir}, dir + ": is a directory", false},
		{"no such sheet", []string{"forecast", "--history", workbook, "--sheet", "Calls"}, `history.xlsx: no sheet "Calls"; the workbook has Forecast`, false},
		{"truncated workbook", []string{"forecast", "--history", truncated}, "truncated.xlsx: not a readable XLSX workbook", false},
		{"missing history", []string{"forecast", "--history", filepath.Join(dir, "none.csv")}, "none.csv: cannot open: no such file or directory", false},
		{"history flag absent", []string{"forecast"}, "--history is required", false},
		{"bad horizon", []string{"forecast", "--history", history, "--horizon", "soon"}, `invalid argument "soon" for "--horizon"`, false},
		{"unknown model", []string{"forecast", "--history", history, "--model", "crystal-ball"}, `invalid argument "crystal-ball" for "--model" flag: want one of {auto|`, false},
		{"bad output type", []string{"forecast", "--history", history, "-o", filepath.Join(dir, "f.txt")}, "want a .csv, .xlsx or .json file", false},
		{"unknown flag", []string{"forecast", "--histroy", history}, "unknown flag: --histroy", false},
		{"unknown command", []string{"forcast"}, `unknown command "forcast"`, true},
		{"stray argument", []string{"forecast", "history.csv"}, "takes no arguments", true},
		{"service level out of range", []string{"staff", "--forecast", forecastFile, "--targets", badTargets}, badTargets + ": row 2, column service_level:", false},
		{"misspelt target column", []string{"staff", "--forecast", forecastFile, "--targets", typoTargets}, typoTargets + ": row 1, column service_levle: unknown column", false},
		{"bad quantile", []string{"staff", "--forecast", forecastFile, "--targets", badTargets, "--quantile", "p50"}, `invalid argument "p50" for "--quantile" flag: want one of {p10|p90}`, false},
		{"bad service level flag", []string{"erlang", "--contacts", "100", "--aht", "180", "--sl", "80"}, "want PERCENT/SECONDS like 80/20", false},
		{"zero effort", []string{"schedule", "--requirements", forecastFile, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--effort", "0"}, `invalid argument "0" for "--effort" flag: want a number above 0 and at most 100`, false},
		{"negative seed", []string{"schedule", "--requirements", forecastFile, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--seed", "-1"}, `invalid argument "-1" for "--seed" flag: want a whole number from 0 to 18446744073709551615`, false},
		{"seed beyond uint64", []string{"schedule", "--requirements", forecastFile, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--seed", "18446744073709551616"}, `invalid argument "18446744073709551616" for "--seed" flag: want a whole number from 0 to 18446744073709551615`, false},
		{"plan seed beyond uint64", []string{"plan", "--config", filepath.Join("testdata", "plan.yaml"), "--seed", "1e30"}, `invalid argument "1e30" for "--seed" flag: want a whole number`, true},
		{"long currency", []string{"schedule", "--requirements", forecastFile, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--currency", "DOLLARS-US"}, `--currency: want a currency code or symbol`, false},
		{"NaN effort", []string{"schedule", "--requirements", forecastFile, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--effort", "NaN"}, `invalid argument "NaN" for "--effort" flag`, false},
		{"infinite effort", []string{"demo", "-o", filepath.Join(dir, "demo"), "--effort", "Inf"}, `invalid argument "Inf" for "--effort" flag`, false},
		{"effort above the maximum", []string{"plan", "--config", filepath.Join("testdata", "plan.yaml"), "--effort", "1e9"}, `invalid argument "1e9" for "--effort" flag: want a number above 0 and at most 100`, true},
		{"text shrinkage", []string{"erlang", "--contacts", "100", "--aht", "180", "--shrinkage", "much"}, `invalid argument "much" for "--shrinkage" flag: want a number`, true},
		{"fractional folds", []string{"backtest", "--history", history, "--folds", "2.5"}, `invalid argument "2.5" for "--folds" flag: want a whole number`, false},
		{"plan effort", []string{"plan", "--config", filepath.Join("testdata", "plan.yaml"), "--effort", "-2"}, `invalid argument "-2" for "--effort" flag: want a number above 0 and at most 100`, true},
		{"history too short for the model", []string{"forecast", "--history", write("short.csv", "interval_start,contacts\n2026-03-02T08:00,4\n2026-03-02T08:30,5\n"), "--model", "dhr"}, "short.csv: channel all, region all: unusable history", false},
		{"horizon of too many intervals", []string{"forecast", "--history", write("q.csv", "interval_start,contacts\n2026-03-02T08:00,4\n2026-03-02T08:15,5\n"), "--horizon", "200d"}, "--horizon 19200 intervals: want 1 to 17664", false},
		{"override of two changes", []string{"forecast", "--history", filepath.Join("testdata", "history.csv"), "--model", "snaive", "--overrides", write("ov.csv", "start,end,factor,add\n2026-03-03,2026-03-03,2,5\n")}, "ov.csv: row 2, column add: want one of factor, add and set filled per row, but factor is too", false},
		{"missing overrides", []string{"forecast", "--history", filepath.Join("testdata", "history.csv"), "--model", "snaive", "--overrides", filepath.Join(dir, "none.csv")}, "none.csv: cannot open", false},
		{"accuracy without forecast", []string{"accuracy", "--history", history}, "--forecast is required", false},
		{"accuracy of a bad quantile", []string{"accuracy", "--history", filepath.Join("testdata", "history.csv"), "--forecast", write("pub.csv", "interval_start,contacts,contacts_p10\n2026-03-02T08:00,4,low\n")}, "pub.csv: row 2, column contacts_p10: want a number of contacts", false},
		{"accuracy without overlap", []string{"accuracy", "--history", filepath.Join("testdata", "history.csv"), "--forecast", write("later.csv", "interval_start,channel,region,contacts\n2027-03-02T08:00,chat,east,4\n")}, "history.csv: no actual for any interval of the forecast " + filepath.Join(dir, "later.csv"), false},
		{"accuracy of a finer forecast", []string{"accuracy", "--history", filepath.Join("testdata", "history.csv"), "--forecast", write("fine.csv", "interval_start,contacts\n2026-03-02T08:00,4\n2026-03-02T08:15,4\n")}, "history.csv: the history is at 1h intervals", false},
		{"update without xlsx", []string{"forecast", "--history", history, "-o", filepath.Join(dir, "f.csv"), "--update"}, "--update works on .xlsx workbooks", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".csv")
			args := c.args
			if !c.bare && !slices.Contains(args, "-o") {
				args = append(slices.Clone(args), "-o", out)
			}
			stdout, stderr, code := wfm(t, args...)
			if code != exitInput {
				t.Errorf("exit code %d, want %d; stderr %q", code, exitInput, stderr)
			}
			if !strings.HasPrefix(stderr, "wfm: ") || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line containing %q", stderr, c.want)
			}
			if strings.Contains(stderr, "goroutine") || stdout != "" {
				t.Errorf("stdout %q, stderr %q: want nothing on stdout and no trace", stdout, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written despite the error", out)
			}
		})
	}
}

func TestFailedRunKeepsExistingOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "forecast.csv")
	if err := os.WriteFile(out, []byte("last week's forecast"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "history.csv")
	os.WriteFile(bad, []byte("interval_start,contacts\nnot a date,1\n"), 0o644)
	if _, _, code := wfm(t, "forecast", "--history", bad, "-o", out); code != exitInput {
		t.Fatalf("exit code %d, want %d", code, exitInput)
	}
	if got, _ := os.ReadFile(out); string(got) != "last week's forecast" {
		t.Errorf("existing output damaged: %q", got)
	}
	// Nothing beside them: no temporary file, nor the lock the run held.
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"forecast.csv", "history.csv"}; !slices.Equal(names, want) {
		t.Errorf("folder holds %q, want %q", names, want)
	}
}

func TestHelpShowsExamplesAndExitStatus(t *testing.T) {
	root := newRootCmd(&streams{})
	for _, c := range append(root.Commands(), root) {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		stdout, _, code := wfm(t, strings.Fields(c.CommandPath() + " --help")[1:]...)
		if code != exitOK {
			t.Errorf("%s --help: exit %d", c.CommandPath(), code)
		}
		for _, want := range []string{c.Short, "Examples:", "  wfm ", "EXIT STATUS", "Flags:"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s --help lacks %q", c.CommandPath(), want)
			}
		}
		// No sentinel defaults, no Go-style durations (30m0s).
		for _, bad := range []string{"default -1", "m0s", "h0m"} {
			if strings.Contains(stdout, bad) {
				t.Errorf("%s --help shows %q", c.CommandPath(), bad)
			}
		}
	}
	// The demo brings its own example plan: its help speaks of no plan file.
	if stdout, _, _ := wfm(t, "demo", "--help"); strings.Contains(stdout, "plan file") {
		t.Errorf("demo --help speaks of a plan file:\n%s", stdout)
	}
}

// TestCompletionOffersEnumValues: shell completion of an enumerated flag
// offers the values the flag accepts.
func TestCompletionOffersEnumValues(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"forecast", "--model", ""}, forecast.Models()},
		{[]string{"staff", "--quantile", ""}, []string{"p10", "p90"}},
		{[]string{"staff", "--format", ""}, stdoutFormats},
		{[]string{"erlang", "--format", ""}, stdoutFormats},
		{[]string{"plan", "--format", ""}, stdoutFormats},
		{[]string{"schedule", "--log-format", ""}, []string{"text", "json"}},
		{[]string{"forecast", "--encoding", ""}, csvEncodings},
	} {
		stdout, stderr, code := wfm(t, append([]string{cobra.ShellCompRequestCmd}, c.args...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if got := lines[:len(lines)-1]; !slices.Equal(got, c.want) {
			t.Errorf("%v: completes %q, want %q", c.args, got, c.want)
		}
	}
}
