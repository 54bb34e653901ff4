package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/plan"
)

func TestProgressOnlyForSlowStagesOnATerminal(t *testing.T) {
	for _, c := range []struct {
		name            string
		terminal, quiet bool
		slow            time.Duration
		want            []string // in the bar, in order; none: nothing shown
	}{
		{"slow stage on a terminal", true, false, 1200 * time.Millisecond, []string{"wfm: forecasting", "1/4"}},
		{"quick stage", true, false, 0, nil},
		{"not a terminal", false, false, 1200 * time.Millisecond, nil},
		{"quiet", true, true, 1200 * time.Millisecond, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errOut bytes.Buffer
			p := &progress{s: &streams{Err: &errOut, ErrTerm: c.terminal, Quiet: c.quiet}}
			p.stage(plan.Stage{Name: "forecasting", Step: 2, Steps: 4})
			time.Sleep(c.slow)
			p.stage(plan.Stage{Name: "staffing", Step: 3, Steps: 4})
			p.done()
			got := errOut.String()
			if c.want == nil && got != "" {
				t.Errorf("stderr %q, want nothing", got)
			}
			rest := got
			for _, w := range c.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stderr %q, want %q in it", got, w)
				}
				rest = rest[i+len(w):]
			}
			if c.want != nil && !strings.Contains(rest, "wfm: staffing") {
				t.Errorf("stderr %q: the bar did not move on to the next step", got)
			}
		})
	}
}

// A single long step shows its name and clock, without a step count.
func TestBusyShowsASingleSlowStep(t *testing.T) {
	var errOut bytes.Buffer
	done := (&streams{Err: &errOut, ErrTerm: true}).busy("building the roster")
	time.Sleep(1200 * time.Millisecond)
	done()
	got := errOut.String()
	if !strings.Contains(got, "wfm: building the roster") || strings.Contains(got, "0/1") {
		t.Errorf("stderr %q, want the step's name and no count", got)
	}
}
