package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAccuracy forecasts the first two weeks of testdata's history and
// scores the forecast against all three, in each output format.
func TestAccuracy(t *testing.T) {
	dir := t.TempDir()
	history := filepath.Join("testdata", "history.csv")
	data, err := os.ReadFile(history)
	if err != nil {
		t.Fatal(err)
	}
	var cut []string
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if line != "" && line < "2026-03-16" || strings.HasPrefix(line, "interval_start") {
			cut = append(cut, line)
		}
	}
	cutFile := tempWriter(t, dir)("cut.csv", strings.Join(cut, ""))
	published := filepath.Join(dir, "forecast.csv")
	// Eight days: the last has no actual yet.
	if _, stderr, code := wfm(t, "forecast", "--history", cutFile, "--model", "snaive", "--horizon", "8d", "-o", published); code != exitOK {
		t.Fatalf("forecast: exit %d: %s", code, stderr)
	}

	stdout, stderr, code := wfm(t, "accuracy", "--forecast", published, "--history", history, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	// Three series of seven days (14 open hours each) and an overall row each, then the total.
	if lines[0] != "channel,region,date,intervals,actual,forecast,wape,bias,coverage_80" || len(lines) != 1+3*8+1 {
		t.Fatalf("got %d lines, header %q", len(lines), lines[0])
	}
	if !strings.HasPrefix(lines[1], "chat,east,2026-03-16,14,") || !strings.HasPrefix(lines[8], "chat,east,,98,") ||
		!strings.HasPrefix(lines[len(lines)-1], "total,,,294,") {
		t.Errorf("rows %q, %q and %q: want chat/east's first day, its overall row and the total", lines[1], lines[8], lines[len(lines)-1])
	}
	if want := published + ": 72 interval(s) without an actual (after the history or missing from it), left out\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}

	stdout, _, code = wfm(t, "accuracy", "--forecast", published, "--history", history, "--format", "json", "--quiet")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || code != exitOK {
		t.Fatalf("exit %d, %v: %s", code, err, stdout)
	}
	total := rows[len(rows)-1]
	if wape, ok := total["wape"].(float64); !ok || wape <= 0 || wape > 0.2 || total["date"] != nil {
		t.Errorf("total %v: want a WAPE in (0, 0.2] and no date", total)
	}

	out := filepath.Join(dir, "accuracy.xlsx")
	if _, stderr, code := wfm(t, "accuracy", "--forecast", published, "--history", history, "-o", out); code != exitOK {
		t.Fatalf("-o xlsx: exit %d: %s", code, stderr)
	}
	if _, _, code := wfm(t, "accuracy", "--forecast", published, "--history", history, "-o", published); code != exitInput {
		t.Errorf("writing over the forecast: exit %d, want %d", code, exitInput)
	}
}

// TestOverrides: wfm forecast and wfm plan apply the overrides file and
// list each override's effect on stderr.
func TestOverrides(t *testing.T) {
	dir := t.TempDir()
	history := filepath.Join("testdata", "history.csv")
	overrides := tempWriter(t, dir)("overrides.csv", "start,end,channel,region,factor,set,note\n"+
		"2026-03-23,2026-03-23,chat,*,2,,Mailing\n2027-01-01,2027-01-01,,,,0,Next year\n")
	plain, doubled := filepath.Join(dir, "plain.csv"), filepath.Join(dir, "doubled.csv")
	if _, stderr, code := wfm(t, "forecast", "--history", history, "--model", "snaive", "--horizon", "2d", "-o", plain); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, stderr, code := wfm(t, "forecast", "--history", history, "--model", "snaive", "--horizon", "2d", "--overrides", overrides, "-o", doubled)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := `override "Mailing": chat/* 2026-03-23T00:00 to 2026-03-24T00:00 x2: 24 interval(s), +739 contacts (739 -> 1478)` + "\n" +
		`warning: override "Next year": */* 2027-01-01T00:00 to 2027-01-02T00:00 set to 0 per interval matches no interval of the forecast` + "\n"
	if stderr != want {
		t.Errorf("stderr\n%s\nwant\n%s", stderr, want)
	}
	before, _ := os.ReadFile(plain)
	after, _ := os.ReadFile(doubled)
	line := func(file []byte, start string) string {
		for _, l := range strings.Split(string(file), "\n") {
			if strings.HasPrefix(l, start) {
				return l
			}
		}
		return ""
	}
	// Monday noon: 54 contacts before, its point and quantiles doubled after
	// (to the files' two decimals).
	b, a := strings.Split(line(before, "2026-03-23T12:00,chat"), ","), strings.Split(line(after, "2026-03-23T12:00,chat"), ",")
	if len(b) != 8 || len(a) != 8 || b[3] != "54" {
		t.Fatalf("Monday noon's chat forecast %q before, %q after: want 54 contacts before", b, a)
	}
	for k := 3; k <= 5; k++ {
		x, _ := strconv.ParseFloat(b[k], 64)
		y, _ := strconv.ParseFloat(a[k], 64)
		if math.Abs(y-2*x) > 0.011 {
			t.Errorf("Monday noon's chat %s: %s after %s before, want it doubled", []string{"contacts", "contacts_p10", "contacts_p90"}[k-3], a[k], b[k])
		}
	}
	for _, start := range []string{"2026-03-24T12:00,chat", "2026-03-23T12:00,phone"} {
		if b, a := line(before, start), line(after, start); a != b || a == "" {
			t.Errorf("%q changed to %q", b, a)
		}
	}

	_, stderr, code = wfm(t, "plan", "--config", copyPlan(t), "--overrides", overrides, "--format", "csv")
	if code != exitOK || !strings.Contains(stderr, `override "Mailing": chat/* 2026-03-23T00:00 to 2026-03-24T00:00 x2: 24 interval(s)`) {
		t.Errorf("plan: exit %d, stderr %s", code, stderr)
	}
}

// TestAccuracySumsFinerActuals: hourly actuals are summed up to a 2-hour
// forecast's intervals: 41+42 and 49+56 against 80 and 110.
func TestAccuracySumsFinerActuals(t *testing.T) {
	published := tempWriter(t, t.TempDir())("two-hourly.csv", "interval_start,channel,region,contacts,contacts_p10,contacts_p90\n"+
		"2026-03-16T08:00,chat,east,80,70,90\n2026-03-16T10:00,chat,east,110,100,120\n")
	stdout, stderr, code := wfm(t, "accuracy", "--forecast", published, "--history", filepath.Join("testdata", "history.csv"), "--format", "csv")
	// |80-83| + |110-105| = 8 over 188; bias 2/188; 83 inside [70, 90], 105 inside [100, 120].
	want := "total,,,2,188,190,0.0426,0.0106,1\n"
	if code != exitOK || !strings.HasSuffix(stdout, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want it to end %q", code, stdout, stderr, want)
	}
}
