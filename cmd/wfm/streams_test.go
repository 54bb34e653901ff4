package main

import (
	"bytes"
	"testing"
	"time"
)

func TestProgressOnlyForSlowStagesOnATerminal(t *testing.T) {
	for _, c := range []struct {
		name            string
		terminal, quiet bool
		slow            time.Duration
		want            string
	}{
		{"slow stage on a terminal", true, false, 1200 * time.Millisecond, "wfm: forecasting...\n"},
		{"quick stage", true, false, 0, ""},
		{"not a terminal", false, false, 1200 * time.Millisecond, ""},
		{"quiet", true, true, 1200 * time.Millisecond, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errOut bytes.Buffer
			p := &progress{s: &streams{Err: &errOut, ErrTerm: c.terminal, Quiet: c.quiet}}
			p.stage("forecasting")
			time.Sleep(c.slow)
			p.stage("staffing")
			p.done()
			if got := errOut.String(); got != c.want {
				t.Errorf("stderr %q, want %q", got, c.want)
			}
		})
	}
}
