package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// replanInputs returns a forecast, the actuals of a morning three times
// it (the default gain follows a departure only part of the way) and the
// roster 'wfm schedule' builds for the forecast.
func replanInputs(t *testing.T, dir string) (fc, actuals, roster string) {
	t.Helper()
	fc, actuals = intradayInputs(t, dir, 3)
	reqs, roster := filepath.Join(dir, "requirements.csv"), filepath.Join(dir, "roster.csv")
	if _, stderr, code := wfm(t, "staff", "--forecast", fc, "--targets", filepath.Join("testdata", "targets.csv"), "-o", reqs); code != exitOK {
		t.Fatalf("staff: exit %d: %s", code, stderr)
	}
	if _, stderr, code := wfm(t, "schedule", "--requirements", reqs, "--shifts", filepath.Join("testdata", "shifts.yaml"), "-o", roster); code != exitOK {
		t.Fatalf("schedule: exit %d: %s", code, stderr)
	}
	return fc, actuals, roster
}

func TestIntradayReplan(t *testing.T) {
	dir := t.TempDir()
	fc, actuals, roster := replanInputs(t, dir)
	args := []string{"intraday", "--forecast", fc, "--actuals", actuals, "--now", "2026-03-23T12:00", "--roster", roster,
		"--targets", filepath.Join("testdata", "targets.csv"), "--shifts", filepath.Join("testdata", "shifts.yaml")}
	out := filepath.Join(dir, "out")
	_, stderr, code := wfm(t, append(args, "-o", out)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "re-plan: ") {
		t.Errorf("no re-plan summary in %q", stderr)
	}
	header := func(name string) string {
		h, _, _ := strings.Cut(mustRead(t, filepath.Join(out, name)), "\n")
		return h
	}
	rosterHeader, _, _ := strings.Cut(mustRead(t, roster), "\n")
	for name, want := range map[string]string{
		"actions.csv":  "agent_id,name,action,start,end,channel,region,hours,cost,reason",
		"coverage.csv": "interval_start,channel,region,contacts,required,scheduled_before,scheduled_after,net_after,service_level_before,service_level_after",
		"roster.csv":   rosterHeader,
	} {
		if got := header(name); got != want {
			t.Errorf("%s: header %q, want %q", name, got, want)
		}
	}
	actions := mustRead(t, filepath.Join(out, "actions.csv"))
	if !strings.Contains(actions, ",overtime,") {
		t.Errorf("no overtime for a busy morning:\n%s", actions)
	}
	for _, line := range strings.Split(strings.TrimSpace(actions), "\n")[1:] {
		if f := strings.Split(line, ","); f[3] < "2026-03-23T12:00" {
			t.Errorf("action before --now: %s", line)
		}
	}
	// Same inputs, same bytes.
	again := filepath.Join(dir, "again")
	if _, stderr, code := wfm(t, append(args, "-o", again)...); code != exitOK {
		t.Fatalf("again: exit %d: %s", code, stderr)
	}
	for _, name := range []string{"actions.csv", "roster.csv", "coverage.csv", "forecast.csv"} {
		if mustRead(t, filepath.Join(out, name)) != mustRead(t, filepath.Join(again, name)) {
			t.Errorf("%s: a second run wrote different bytes", name)
		}
	}
}

func TestIntradayReplanRejects(t *testing.T) {
	dir := t.TempDir()
	fc, actuals, roster := replanInputs(t, dir)
	write := tempWriter(t, dir)
	const rosterHeader = "agent_id,date,shift,start,end,break_start,break_end,channel,region\n"
	backwards := write("backwards.csv", rosterHeader+"A,2026-03-23,DAY,2026-03-23T17:00,2026-03-23T08:00,,,phone,east\n")
	stranger := write("stranger.csv", rosterHeader+"A,2026-03-23,DAY,2026-03-23T08:00,2026-03-23T17:00,,,email,west\n")
	badAgents := write("agents.csv", "agent_id,channels,max_hours\nA,phone,lots\n")
	targets := filepath.Join("testdata", "targets.csv")
	base := []string{"--forecast", fc, "--actuals", actuals, "--now", "2026-03-23T12:00"}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"roster without targets", []string{"--roster", roster}, "--roster needs --targets"},
		{"shifts without roster", []string{"--shifts", filepath.Join("testdata", "shifts.yaml")}, "--shifts re-plans a roster: give --roster too"},
		{"overtime rate below 1", []string{"--roster", roster, "--targets", targets, "--overtime-rate", "0.5"}, "--overtime-rate 0.5: want a factor of at least 1"},
		{"shift ending before it starts", []string{"--roster", backwards, "--targets", targets}, backwards + ": row 2, column end: want an end after the start 2026-03-23T17:00"},
		{"shift of a series not in the forecast", []string{"--roster", stranger, "--targets", targets}, stranger + ": row 2, column channel: channel email, region west has no requirements"},
		{"bad agents file", []string{"--roster", roster, "--targets", targets, "--agents", badAgents}, badAgents + ": row 2, column max_hours"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			stdout, stderr, code := wfm(t, append(append([]string{"intraday", "-o", out}, base...), c.args...)...)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != exitInput || !strings.HasPrefix(lines[len(lines)-1], "wfm: "+c.want) || stdout != "" {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, exitInput, "wfm: "+c.want)
			}
			for _, name := range []string{"forecast.csv", "actions.csv", "roster.csv", "coverage.csv"} {
				if _, err := os.Stat(filepath.Join(out, name)); err == nil {
					t.Errorf("%s was written despite the error", name)
				}
			}
		})
	}
}
