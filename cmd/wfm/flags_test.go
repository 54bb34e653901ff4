package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/outfile"
)

// TestEnumFlagsRejectOtherValues gives every enumerated flag of every
// command a value it does not take: the run stops as the command line is
// parsed, with exit code 2, one line naming the flag and its values, and
// not a file written.
func TestEnumFlagsRejectOtherValues(t *testing.T) {
	config := copyPlan(t)
	planOut := filepath.Join(filepath.Dir(config), "plan-out")
	demoOut := filepath.Join(t.TempDir(), "demo")
	out := filepath.Join(t.TempDir(), "out.csv")
	history := filepath.Join("testdata", "history.csv")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"plan format", []string{"plan", "--config", config, "--format", "xml"}, `"--format" flag: want one of {table|csv|json}`},
		{"demo format", []string{"demo", "-o", demoOut, "--format", "xml"}, `"--format" flag: want one of {table|csv|json}`},
		{"erlang format", []string{"erlang", "--contacts", "100", "--aht", "180", "--format", "xml"}, `"--format" flag: want one of {table|csv|json}`},
		{"forecast format", []string{"forecast", "--history", history, "--format", "xml"}, `"--format" flag: want one of {table|csv|json}`},
		{"model", []string{"forecast", "--history", history, "--model", "crystal-ball", "-o", out}, `"--model" flag: want one of {auto|snaive|`},
		{"quantile", []string{"staff", "--forecast", history, "--targets", history, "--quantile", "p50", "-o", out}, `"--quantile" flag: want one of {p10|p90}`},
		{"log format", []string{"forecast", "--history", history, "--log-format", "xml", "-o", out}, `"--log-format" flag: want one of {text|json}`},
		{"encoding", []string{"forecast", "--history", history, "--encoding", "latin1", "-o", out}, `"--encoding" flag: want one of {utf-8|utf8|gbk|gb18030|gb2312}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := wfm(t, c.args...)
			if code != exitInput {
				t.Errorf("exit code %d, want %d", code, exitInput)
			}
			if !strings.HasPrefix(stderr, "wfm: invalid argument") || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line containing %q", stderr, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			for _, p := range []string{planOut, demoOut, out} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}

func TestEnumFlag(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"json", "json", true},
		{"JSON", "json", true}, // stored as spelt in the list
		{"UTF-8", "utf-8", true},
		{"", "csv", false},
		{"jsonl", "csv", false},
	} {
		v := "csv"
		f := &enumFlag{&v, []string{"table", "csv", "json", "utf-8"}}
		err := f.Set(c.in)
		if (err == nil) != c.ok || v != c.want {
			t.Errorf("Set(%q): value %q, error %v; want %q, ok %v", c.in, v, err, c.want, c.ok)
		}
	}
}

// TestEnumFlagHelp: a flag's help lists the values it takes.
func TestEnumFlagHelp(t *testing.T) {
	var got []string
	for _, cmd := range []string{"forecast", "staff", "erlang", "plan", "demo"} {
		stdout, _, _ := wfm(t, cmd, "--help")
		for _, line := range strings.Split(stdout, "\n") {
			if i := strings.Index(line, ": {"); i >= 0 {
				got = append(got, cmd+" "+strings.Fields(line)[0]+" "+line[i+2:])
			}
		}
	}
	want := []string{
		"forecast --encoding {utf-8|utf8|gbk|gb18030|gb2312}",
		"forecast --format {table|csv|json}",
		"forecast --model {auto|snaive|snaive-day|mean|day-profile|day-profile-ar|day-ets|profile-ses|profile-ar|mstl-ses|mstl-ets|mstl-ar|mstl-arima|day-arima|dshw|dhr} (default \"auto\")",
		"forecast --out-encoding {utf-8|gbk|gb18030} (default \"utf-8\")",
		"forecast --log-format {text|json}",
		"staff --encoding {utf-8|utf8|gbk|gb18030|gb2312}",
		"staff --format {table|csv|json}",
		"staff --out-encoding {utf-8|gbk|gb18030} (default \"utf-8\")",
		"staff --quantile {p10|p90}",
		"staff --log-format {text|json}",
		"erlang --format {table|csv|json}",
		"erlang --log-format {text|json}",
		"plan --format {table|csv|json}",
		"plan --log-format {text|json}",
		"demo --format {table|csv|json}",
		"demo --log-format {text|json}",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("enumerated flags in help (-want +got):\n%s", diff)
	}
}

// TestSingleCommandsHoldTheOutputFolder: a command writing with -o into a
// folder a plan run holds fails at once without writing, or with --wait
// waits for the plan to finish.
func TestSingleCommandsHoldTheOutputFolder(t *testing.T) {
	src := t.TempDir()
	fc, req := filepath.Join(src, "forecast.csv"), filepath.Join(src, "requirements.csv")
	shifts, targets := filepath.Join("testdata", "shifts.yaml"), filepath.Join("testdata", "targets.csv")
	history := filepath.Join("testdata", "history.csv")
	for _, args := range [][]string{
		{"forecast", "--history", history, "--model", "snaive", "-o", fc},
		{"staff", "--forecast", fc, "--targets", targets, "-o", req},
	} {
		if _, stderr, code := wfm(t, args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"forecast", []string{"forecast", "--history", history, "--model", "snaive"}},
		{"backtest", []string{"backtest", "--history", history, "--horizon", "1d", "--folds", "1"}},
		{"staff", []string{"staff", "--forecast", fc, "--targets", targets}},
		{"schedule", []string{"schedule", "--requirements", req, "--shifts", shifts, "--effort", "0.1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, c.name+".csv")
			unlock, err := outfile.Lock(dir, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, stderr, code := wfm(t, append(c.args, "-o", out)...)
			if code != exitError || !strings.Contains(stderr, "another wfm run is writing to this folder") {
				t.Errorf("beside a held folder: exit %d, %q; want %d and a clear message", code, stderr, exitError)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written into the held folder", out)
			}
			released := make(chan struct{})
			go func() {
				time.Sleep(300 * time.Millisecond)
				close(released)
				unlock()
			}()
			_, stderr, code = wfm(t, append(c.args, "-o", out, "--wait", "1m")...)
			select {
			case <-released:
			default:
				t.Error("the run did not wait for the folder")
			}
			if code != exitOK {
				t.Fatalf("with --wait: exit %d: %s", code, stderr)
			}
			if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
				t.Errorf("with --wait: %s not written: %v", out, err)
			}
		})
	}
}

// TestForecastHelpSaysWhatEachModelIs: --help gives every model a line.
func TestForecastHelpSaysWhatEachModelIs(t *testing.T) {
	stdout, _, _ := wfm(t, "forecast", "--help")
	for _, m := range forecast.Models() {
		if !strings.Contains(stdout, fmt.Sprintf("\n  %-15s %s\n", m, forecast.About(m))) {
			t.Errorf("forecast --help has no line on model %s", m)
		}
	}
}
