package schedule

import (
	"context"
	"testing"
	"time"
)

func TestEfficiency(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Summary
		want float64
	}{
		{"covered", Summary{PaidHours: 80, RequiredHours: 56}, 0.7},
		// far short: 406.4 h required, 10 h paid, all of them on the queue
		{"short", Summary{PaidHours: 10, RequiredHours: 406.4, UnderHours: 398.4}, 0.8},
		{"never above 100%", Summary{PaidHours: 8, RequiredHours: 9}, 1},
		{"nothing paid", Summary{RequiredHours: 5, UnderHours: 5}, 0},
	} {
		if got := tc.s.Efficiency(); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("%s: efficiency %g, want %g", tc.name, got, tc.want)
		}
	}
}

// TestNamedShifts checks that a named agent's shifts carry the agent's name
// and contract, and that their paid time adds up to the summary's, unpaid
// break left out.
func TestNamedShifts(t *testing.T) {
	lunch := ft8
	lunch.Breaks = []Break{{Length: 30 * time.Minute, EarliestAfter: 3 * time.Hour, LatestAfter: 5 * time.Hour}}
	agents := []Agent{{ID: "E001", Name: "Lin", Contract: "outsourced", Days: allDays(), MinHours: 40, MaxHours: 40}}
	r, err := Build(context.Background(), dayReqs(9, 17, 1), []Template{lunch}, agents, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Shifts) != 5 {
		t.Fatalf("%d shifts, want 5", len(r.Shifts))
	}
	var paid time.Duration
	for _, s := range r.Shifts {
		if s.Name != "Lin" || s.Contract != "outsourced" || s.Paid != 8*time.Hour || s.End.Sub(s.Start) != 8*time.Hour+30*time.Minute {
			t.Errorf("shift %+v, want Lin's, outsourced, 8 h paid over 8.5 h", s)
		}
		paid += s.Paid
	}
	if tot := r.Summaries[len(r.Summaries)-1]; tot.PaidHours != paid.Hours() {
		t.Errorf("summary pays %g h, shifts %g h", tot.PaidHours, paid.Hours())
	}
}
