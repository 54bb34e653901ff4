package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// logRecords decodes stderr written with --log-format json, dropping each
// record's time.
func logRecords(t *testing.T, stderr string) []map[string]any {
	t.Helper()
	var records []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("stderr line is not a JSON record: %q", line)
		}
		delete(r, "time")
		records = append(records, r)
	}
	return records
}

// TestErrorAsLogRecord: with --log-format json the error ending a run is
// one ERROR record locating bad input in fields; without, one plain line.
func TestErrorAsLogRecord(t *testing.T) {
	dir := t.TempDir()
	history := filepath.Join(dir, "history.csv")
	if err := os.WriteFile(history, []byte("interval_start,contacts\n2026-03-02T08:00,4\n2026-03-02T08:30,-4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	located := history + ": row 3, column contacts: "
	none := filepath.Join(dir, "none.csv")
	for _, c := range []struct {
		name string
		args []string
		msg  string // the record's message starts so
		want map[string]any
	}{
		{"located input error", []string{"forecast", "--history", history, "--log-format", "json"}, located,
			map[string]any{"level": "ERROR", "file": history, "row": 3.0, "column": "contacts", "exit_code": 2.0}},
		{"file error", []string{"forecast", "--history", none, "--log-format", "json"}, none + ": cannot open",
			map[string]any{"level": "ERROR", "file": none, "exit_code": 2.0}},
		{"usage error", []string{"forecast", "--log-format", "json"}, "--history is required",
			map[string]any{"level": "ERROR", "exit_code": 2.0}},
		{"flag parse error", []string{"forecast", "--log-format", "json", "--horizon", "soon"}, `invalid argument "soon" for "--horizon" flag`,
			map[string]any{"level": "ERROR", "exit_code": 2.0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := wfm(t, c.args...)
			if code != exitInput {
				t.Errorf("exit code %d, want %d", code, exitInput)
			}
			records := logRecords(t, stderr)
			if len(records) != 1 {
				t.Fatalf("stderr %q, want one record", stderr)
			}
			if msg, _ := records[0]["msg"].(string); !strings.HasPrefix(msg, c.msg) {
				t.Errorf("message %q, want it to start %q", msg, c.msg)
			}
			delete(records[0], "msg")
			if diff := cmp.Diff(c.want, records[0]); diff != "" {
				t.Errorf("record (-want +got):\n%s", diff)
			}
		})
	}
	_, stderr, _ := wfm(t, "forecast", "--history", history)
	if !strings.HasPrefix(stderr, "wfm: "+located) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("without --log-format: stderr %q, want one line starting %q", stderr, "wfm: "+located)
	}
}

// TestRosterSummaryRecord: the verdict on a roster, logged, carries its
// figures as fields that agree with the roster written and the line.
func TestRosterSummaryRecord(t *testing.T) {
	dir := t.TempDir()
	req := testRequirements(t, dir)
	args := []string{"schedule", "--requirements", req, "--shifts", filepath.Join("testdata", "shifts.yaml"), "--targets", filepath.Join("testdata", "targets.csv"), "--format", "csv"}
	roster, plain, code := wfm(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, plain)
	}
	_, stderr, code := wfm(t, append(args, "--log-format", "json")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r map[string]any
	for _, rec := range logRecords(t, stderr) {
		if strings.HasPrefix(rec["msg"].(string), "roster: ") {
			r = rec
		}
	}
	if r == nil {
		t.Fatalf("no roster record in %s", stderr)
	}
	if want := "roster: "; !strings.Contains(plain, want) || strings.TrimSpace(plain) != r["msg"] {
		t.Errorf("record's message %q, want the plain line %q", r["msg"], plain)
	}
	num := func(key string) float64 {
		v, ok := r[key].(float64)
		if !ok {
			t.Errorf("record has no number %s: %v", key, r)
		}
		return v
	}
	if shifts, rows := num("shifts"), strings.Count(roster, "\n")-1; shifts != float64(rows) {
		t.Errorf("shifts %v, but the roster has %d rows", shifts, rows)
	}
	if got, want := num("efficiency"), min(1, (num("required_hours")-num("under_hours"))/num("paid_hours")); got != want {
		t.Errorf("efficiency %v, want covered required/paid hours %v", got, want)
	}
	line := fmt.Sprintf("%.0f paid hours, %.0f under- and %.0f over-staffed agent-hours",
		num("paid_hours"), num("under_hours"), num("over_hours"))
	if !strings.Contains(r["msg"].(string), line) {
		t.Errorf("fields give %q, not in the message %q", line, r["msg"])
	}
	if num("cost") <= 0 || num("service_level") <= 0 || num("service_level") > 1 {
		t.Errorf("cost or service level out of range: %v", r)
	}
	if lb, ok := r["lower_bound"].(float64); ok {
		if gap := num("gap"); gap != (num("cost")-lb)/lb {
			t.Errorf("gap %v, want (cost - lower bound) / lower bound", gap)
		}
	}
}

// TestInterruptedRun: a run whose context is cancelled, as by SIGINT,
// stops before its work with exit code 1 and a short message.
func TestInterruptedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"plain", []string{"demo", "-o", dir}, "wfm: stopped: interrupt signal received\n"},
		{"log", []string{"demo", "-o", dir, "--log-format", "json"}, `"level":"ERROR","msg":"stopped: interrupt signal received","exit_code":1}` + "\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(t.Context())
			cancel(errors.New("interrupt signal received"))
			var out, errOut bytes.Buffer
			code := run(ctx, c.args, &streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
			if code != exitError {
				t.Errorf("exit code %d, want %d", code, exitError)
			}
			if got := errOut.String(); !strings.HasSuffix(got, c.want) || strings.Count(got, "\n") != 1 {
				t.Errorf("stderr %q, want one line ending %q", got, c.want)
			}
			if out.Len() > 0 {
				t.Errorf("stdout %q, want nothing", out.String())
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("the interrupted demo wrote %s", dir)
			}
		})
	}
}
