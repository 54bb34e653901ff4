package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// simulateFiles writes a small week into a folder: two agents on the phone
// from 09:00 to 12:00 with a break, a forecast of three half-hours from
// 09:00 of phone and chat, and targets; it returns the folder.
func simulateFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"roster.csv": "agent_id,date,shift,start,end,break_start,break_end,channel,region\n" +
			"A1,2026-03-02,FT3,2026-03-02T09:00,2026-03-02T12:00,2026-03-02T10:00,2026-03-02T10:30,phone,north\n" +
			"A2,2026-03-02,FT3,2026-03-02T09:00,2026-03-02T12:00,,,phone,north\n",
		"forecast.csv": "interval_start,channel,region,contacts,aht_seconds\n" +
			"2026-03-02T09:00,phone,north,20,120\n2026-03-02T09:30,phone,north,25,120\n2026-03-02T10:00,phone,north,30,120\n" +
			"2026-03-02T09:00,chat,north,10,300\n2026-03-02T09:30,chat,north,10,300\n2026-03-02T10:00,chat,north,10,300\n",
		"targets.csv": "channel,service_level,answer_seconds,concurrency,patience_seconds\nphone,0.8,20,,120\nchat,0.8,60,2,\n",
		"agents.csv":  "agent_id,channels,shift\nA1,phone;chat,FT3\n",
		"quantiles.csv": "interval_start,channel,region,contacts,contacts_p10,contacts_p90,aht_seconds\n" +
			"2026-03-02T09:00,phone,north,20,10,30,120\n2026-03-02T09:30,phone,north,25,15,35,120\n2026-03-02T10:00,phone,north,30,20,40,120\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSimulateRoster: the roster's simulation has a row per interval and
// series with each figure's _ci95, prints the summary on stdout with -o,
// gives the same file for the same seed and another for another seed, and
// lets an agent listing chat answer it.
func TestSimulateRoster(t *testing.T) {
	dir := simulateFiles(t)
	in := func(name string) string { return filepath.Join(dir, name) }
	args := []string{"simulate", "--roster", in("roster.csv"), "--forecast", in("forecast.csv"), "--targets", in("targets.csv"), "--replications", "5"}
	run := func(out string, extra ...string) string {
		t.Helper()
		stdout, stderr, code := wfm(t, append(append(args, "-o", in(out)), extra...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(in(out))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stdout, "channel,region,offered,service_level,service_level_ci95,erlang_service_level,") ||
			!strings.Contains(stdout, "\nphone,north,") || !strings.Contains(stdout, "\ntotal,,") {
			t.Errorf("summary:\n%s", stdout)
		}
		return string(data)
	}
	first := run("a.csv")
	lines := strings.Split(strings.TrimSpace(first), "\n")
	const header = "interval_start,channel,region,scheduled,offered,offered_ci95,answered,answered_ci95,abandoned,abandoned_ci95," +
		"service_level,service_level_ci95,asa_seconds,asa_seconds_ci95,occupancy,occupancy_ci95,erlang_service_level"
	if lines[0] != header || len(lines) != 7 {
		t.Fatalf("got\n%s", first)
	}
	// Columns 3 to 8: scheduled, offered, its ci95, answered, its ci95, abandoned.
	chat := strings.Split(lines[4], ",")
	if chat[0] != "2026-03-02T09:00" || chat[1] != "chat" || chat[3] != "0" || chat[6] != "0" || chat[8] != chat[4] || chat[4] == "0" {
		t.Errorf("chat without agents answers nothing: %s", lines[4])
	}
	if phone := strings.Split(lines[3], ","); phone[0] != "2026-03-02T10:00" || phone[3] != "1" {
		t.Errorf("one of two phone agents on break at 10:00: %s", lines[3])
	}
	if again, other := run("b.csv"), run("c.csv", "--seed", "2"); again != first || other == first {
		t.Errorf("same seed gives another file, or another seed the same")
	}
	skilled := strings.Split(strings.Split(run("d.csv", "--agents", in("agents.csv")), "\n")[4], ",")
	if skilled[6] == "0" {
		t.Errorf("chat with A1 skilled in it answers nothing: %s", skilled)
	}
	// The forecast's error widens the interval of the offered contacts:
	// sd 4.5 (Poisson) against 9 with the spread of the quantiles.
	args[4] = in("quantiles.csv")
	point := strings.Split(run("e.csv", "--replications", "50"), "\n")[1]
	drawn := strings.Split(run("f.csv", "--replications", "50", "--forecast-error"), "\n")[1]
	ci := func(line string) float64 {
		v, err := strconv.ParseFloat(strings.Split(line, ",")[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !(ci(drawn) > 1.5*ci(point)) {
		t.Errorf("offered_ci95 with the forecast's error %s, without %s", drawn, point)
	}
}

// TestSimulateRosterRejects: bad input and usage exit 2 naming the file,
// row and column or the flag, and write nothing.
func TestSimulateRosterRejects(t *testing.T) {
	dir := simulateFiles(t)
	in := func(name string) string { return filepath.Join(dir, name) }
	write := func(name, text string) string {
		if err := os.WriteFile(in(name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return in(name)
	}
	badRoster := write("bad.csv", "agent_id,start,end,channel\nA1,2026-03-02T09:00,later,phone\n")
	noTarget := write("phone-only.csv", "channel,service_level,answer_seconds\nphone,0.8,20\n")
	base := []string{"--forecast", in("forecast.csv"), "--targets", in("targets.csv")}
	for _, c := range []struct {
		args []string
		want string
	}{
		{append([]string{"--roster", badRoster}, base...), `bad.csv: row 2, column end: want a date-time like 2026-03-02T09:00, got "later"`},
		{[]string{"--roster", in("roster.csv"), "--forecast", in("forecast.csv"), "--targets", noTarget}, `phone-only.csv: column channel: no target for channel "chat"`},
		{[]string{"--roster", in("roster.csv"), "--targets", in("targets.csv")}, "--forecast is required"},
		{append([]string{"--roster", in("roster.csv"), "--contacts", "100"}, base...), "--contacts is for one steady queue"},
		{append([]string{"--roster", in("roster.csv"), "--replications", "1"}, base...), "--replications 1: want a whole number from 2 to 1000"},
		{append([]string{"--roster", in("roster.csv"), "-o", in("forecast.csv")}, base...), "is the input"},
		{[]string{"--contacts", "100", "--aht", "180", "--agents", "14", "-o", in("x.csv")}, "-o, --update and --force need --roster FILE"},
		{[]string{"--contacts", "100", "--aht", "180", "--agents", "14", "--forecast", in("forecast.csv")}, "--forecast needs --roster FILE"},
		{append([]string{"--roster", in("roster.csv"), "--forecast-error"}, base...), "forecast.csv: row 1, column contacts_p10: required column missing"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			stdout, stderr, code := wfm(t, append([]string{"simulate", "-o", in("out.csv")}, c.args...)...)
			if code != exitInput || stdout != "" || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, exitInput, c.want)
			}
			if _, err := os.Stat(in("out.csv")); err == nil {
				t.Error("an output was written")
			}
		})
	}
}
