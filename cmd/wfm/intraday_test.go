package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// intradayInputs forecasts testdata's history two days ahead with snaive
// (from 2026-03-23, hourly) and writes actuals of that morning, ratio
// times the forecast, from 07:00 to 11:00, for chat/east and phone/east:
// phone/south has none. It returns the forecast and actuals files.
func intradayInputs(t *testing.T, dir string, ratio float64) (fc, actuals string) {
	t.Helper()
	fc = filepath.Join(dir, "forecast.csv")
	if _, stderr, code := wfm(t, "forecast", "--history", filepath.Join("testdata", "history.csv"), "--model", "snaive", "--horizon", "2d", "-o", fc); code != exitOK {
		t.Fatalf("forecast: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(fc)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("interval_start,channel,region,contacts\n")
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ",")
		if len(f) < 4 || f[2] == "south" || f[0] < "2026-03-23T07:00" || f[0] >= "2026-03-23T12:00" {
			continue
		}
		v, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s,%s,%s,%.0f\n", f[0], f[1], f[2], ratio*v)
	}
	return fc, tempWriter(t, dir)("actuals.csv", b.String())
}

func TestIntraday(t *testing.T) {
	dir := t.TempDir()
	fc, actuals := intradayInputs(t, dir, 1.25)
	out := filepath.Join(dir, "out")
	_, stderr, code := wfm(t, "intraday", "--forecast", fc, "--actuals", actuals, "--now", "2026-03-23T12:00", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"chat/east: ", "scaled by 1.", "the default gain", "phone/south: no actuals before --now today; forecast unchanged"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("remarks lack %q:\n%s", want, stderr)
		}
	}
	got, err := os.ReadFile(filepath.Join(out, "forecast.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "intraday.csv.golden", got)
	if header, _, _ := strings.Cut(string(got), "\n"); header != "interval_start,channel,region,contacts,contacts_p10,contacts_p90,aht_seconds,model" {
		t.Errorf("header %q, want the columns of wfm forecast", header)
	}
	rows := readRows(t, string(got))
	before := map[string]float64{}
	for _, r := range readRows(t, mustRead(t, fc)) {
		before[r.key] = r.contacts
	}
	if len(rows) != 3*36 {
		t.Errorf("%d rows, want 3 series x 36 hours from 12:00", len(rows))
	}
	for _, r := range rows {
		was, ok := before[r.key]
		switch {
		case !ok || r.start < "2026-03-23T12:00":
			t.Errorf("row %s not in the forecast from --now", r.key)
		case r.start >= "2026-03-24" || strings.Contains(r.key, "south") || was == 0:
			if r.contacts != was {
				t.Errorf("%s: %g, want %g unchanged", r.key, r.contacts, was)
			}
		case r.contacts <= was || r.contacts > 1.25*was+0.01:
			t.Errorf("%s: %g, want raised from %g by at most 25%%", r.key, r.contacts, was)
		}
	}
	// Same inputs, same bytes; with --history the gain is learned.
	again := filepath.Join(dir, "again")
	_, stderr, code = wfm(t, "intraday", "--forecast", fc, "--actuals", actuals, "--now", "2026-03-23T12:00", "-o", again,
		"--history", filepath.Join("testdata", "history.csv"))
	if code != exitOK || !strings.Contains(stderr, "the gain learned on 10 past days") {
		t.Errorf("with --history: exit %d, remarks %q; want the gain learned on 10 days", code, stderr)
	}
	_, _, _ = wfm(t, "intraday", "--forecast", fc, "--actuals", actuals, "--now", "2026-03-23T12:00", "-o", again)
	if b := mustRead(t, filepath.Join(again, "forecast.csv")); b != string(got) {
		t.Error("a second run wrote different bytes")
	}
}

func TestIntradayRejects(t *testing.T) {
	dir := t.TempDir()
	fc, actuals := intradayInputs(t, dir, 1)
	write := tempWriter(t, dir)
	stranger := write("stranger.csv", "interval_start,channel,region,contacts\n2026-03-23T08:00,email,west,4\n")
	negative := write("negative.csv", "interval_start,channel,region,contacts\n2026-03-23T08:00,chat,east,-4\n")
	shifted := write("shifted.csv", "interval_start,channel,region,contacts\n2026-03-23T08:30,chat,east,4\n2026-03-23T09:30,chat,east,4\n")
	daily := write("daily.csv", "interval_start,channel,region,contacts\n2026-03-21,chat,east,4\n2026-03-22,chat,east,4\n")
	badForecast := write("bad-forecast.csv", "interval_start,channel,region,contacts,contacts_p10\n2026-03-23T00:00,chat,east,4,x\n")
	now := "2026-03-23T12:00"
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"now off the grid", []string{"--forecast", fc, "--actuals", actuals, "--now", "2026-03-23T12:30"}, "--now 2026-03-23T12:30: not on the forecast's 1h grid"},
		{"now after the forecast", []string{"--forecast", fc, "--actuals", actuals, "--now", "2026-03-26T12:00"}, "--now 2026-03-26T12:00: outside the forecast of chat/east"},
		{"now not a time", []string{"--forecast", fc, "--actuals", actuals, "--now", "noon"}, `--now "noon": want a date-time`},
		{"now missing", []string{"--forecast", fc, "--actuals", actuals}, "--now is required"},
		{"actuals missing", []string{"--forecast", fc, "--now", now}, "--actuals is required"},
		{"series not in the forecast", []string{"--forecast", fc, "--actuals", stranger, "--now", now}, stranger + ": channel email, region west is not in the forecast, which has chat/east, phone/east, phone/south"},
		{"negative actuals", []string{"--forecast", fc, "--actuals", negative, "--now", now}, negative + ": row 2, column contacts"},
		{"actuals off the forecast's grid", []string{"--forecast", fc, "--actuals", shifted, "--now", now}, shifted + ": actuals of chat/east: 1h intervals from 2026-03-23T08:30, not on the forecast's 1h grid"},
		{"actuals coarser than the forecast", []string{"--forecast", fc, "--actuals", daily, "--now", now}, daily + ": column interval_start: 1d intervals: want the forecast's, 1h, or finer"},
		{"bad forecast cell", []string{"--forecast", badForecast, "--actuals", actuals, "--now", now}, badForecast + ": row 2, column contacts_p10"},
		{"no forecast file", []string{"--forecast", filepath.Join(dir, "none.csv"), "--actuals", actuals, "--now", now}, filepath.Join(dir, "none.csv") + ": cannot open"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			stdout, stderr, code := wfm(t, append([]string{"intraday", "-o", out}, c.args...)...)
			if code != exitInput || !strings.HasPrefix(stderr, "wfm: "+c.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
				t.Errorf("exit %d, stderr %q; want exit %d and one line starting %q", code, stderr, exitInput, "wfm: "+c.want)
			}
			if _, err := os.Stat(filepath.Join(out, "forecast.csv")); err == nil {
				t.Error("forecast.csv was written despite the error")
			}
		})
	}
}

// row is one row of a forecast file: key is its start, channel and region.
type row struct {
	key, start string
	contacts   float64
}

func readRows(t *testing.T, csv string) []row {
	t.Helper()
	var rows []row
	for _, line := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		f := strings.Split(line, ",")
		v, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row{key: strings.Join(f[:3], ","), start: f[0], contacts: v})
	}
	return rows
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
