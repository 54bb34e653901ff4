package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBadInputExitsTwoWithoutOutput runs each command on bad input and
// checks for exit code 2, one located message and no output file.
func TestBadInputExitsTwoWithoutOutput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	history := write("history.csv", "interval_start,contacts\n2026-03-02T08:00,4\n2026-03-02T08:30,-4\n")
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
		{"missing history", []string{"forecast", "--history", filepath.Join(dir, "none.csv")}, "none.csv: cannot open: no such file or directory", false},
		{"history flag absent", []string{"forecast"}, "--history is required", false},
		{"bad horizon", []string{"forecast", "--history", history, "--horizon", "soon"}, `invalid argument "soon" for "--horizon"`, false},
		{"unknown model", []string{"forecast", "--history", history, "--model", "crystal-ball"}, `--model "crystal-ball": want one of`, false},
		{"bad output type", []string{"forecast", "--history", history, "-o", filepath.Join(dir, "f.txt")}, "want a .csv, .xlsx or .json file", false},
		{"unknown flag", []string{"forecast", "--histroy", history}, "unknown flag: --histroy", false},
		{"unknown command", []string{"forcast"}, `unknown command "forcast"`, true},
		{"stray argument", []string{"forecast", "history.csv"}, "takes no arguments", true},
		{"service level out of range", []string{"staff", "--forecast", forecastFile, "--targets", badTargets}, badTargets + ": row 2, column service_level:", false},
		{"misspelt target column", []string{"staff", "--forecast", forecastFile, "--targets", typoTargets}, typoTargets + ": row 1, column service_levle: unknown column", false},
		{"bad quantile", []string{"staff", "--forecast", forecastFile, "--targets", badTargets, "--quantile", "p50"}, `--quantile "p50": want p10 or p90`, false},
		{"bad service level flag", []string{"erlang", "--contacts", "100", "--aht", "180", "--sl", "80"}, "want PERCENT/SECONDS like 80/20", false},
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
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("folder holds %d files, want the two it had", len(entries))
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
	}
}
