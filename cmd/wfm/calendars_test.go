package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestScheduleCalendars: --calendars writes one calendar per agent of the
// roster, named by the agent's id.
func TestScheduleCalendars(t *testing.T) {
	dir := t.TempDir()
	req := testRequirements(t, dir)
	roster, cals := filepath.Join(dir, "roster.csv"), filepath.Join(dir, "calendars")
	_, stderr, code := wfm(t, "schedule", "--requirements", req, "--shifts", filepath.Join("testdata", "shifts.yaml"),
		"-o", roster, "--calendars", cals, "--time-zone", "Europe/London")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(roster)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, row := range rows[1:] {
		if name := row[0] + ".ics"; !slices.Contains(want, name) {
			want = append(want, name)
		}
	}
	slices.Sort(want)
	entries, err := os.ReadDir(cals)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
		data, err := os.ReadFile(filepath.Join(cals, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "DTSTART;TZID=Europe/London:") {
			t.Errorf("%s: no shift in Europe/London time", e.Name())
		}
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("calendars %q, want one per agent of the roster: %q", got, want)
	}
	if note := fmt.Sprintf("wrote %d calendars into %s", len(want), cals); !strings.Contains(stderr, note) {
		t.Errorf("stderr %q does not say where the calendars went", stderr)
	}
}

// TestScheduleBadTimeZone: an unknown zone is a usage error, before any
// work, and writes nothing.
func TestScheduleBadTimeZone(t *testing.T) {
	dir := t.TempDir()
	roster, cals := filepath.Join(dir, "roster.csv"), filepath.Join(dir, "calendars")
	_, stderr, code := wfm(t, "schedule", "--requirements", filepath.Join(dir, "requirements.csv"),
		"--shifts", filepath.Join("testdata", "shifts.yaml"), "-o", roster, "--calendars", cals, "--time-zone", "Mars/Olympus")
	if code != exitInput || !strings.Contains(stderr, `--time-zone: unknown time zone "Mars/Olympus"`) {
		t.Errorf("exit %d, stderr %q; want exit %d naming the flag and zone", code, stderr, exitInput)
	}
	for _, p := range []string{roster, cals} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("the failed run wrote %s", p)
		}
	}
}
