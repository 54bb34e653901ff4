package table

import (
	"math"
	"testing"
	"time"
)

// FuzzParseCell checks the cell parsers: any text may be rejected, none may
// panic, and what is accepted stays within the documented limits.
func FuzzParseCell(f *testing.F) {
	for _, s := range []string{"2026-03-02T08:30", "2026-03-02 08:30:00+08:00", "46083.354166666664", "348", "30m", "1h30m",
		"7d", "2w", "08:30", "24:00", "80%", "0.8", "1e3", "-0.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseTime(s)
		if v, err := ParseNumber(s); err == nil && (math.IsNaN(v) || math.Abs(v) > MaxNumber) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		for _, unit := range []time.Duration{time.Second, time.Minute, time.Hour} {
			if d, err := ParseDuration(s, unit); err == nil && (d > MaxDuration || d < -MaxDuration) {
				t.Fatalf("ParseDuration(%q) = %v", s, d)
			}
		}
		if d, err := ParseClock(s); err == nil && (d < 0 || d > 24*time.Hour) {
			t.Fatalf("ParseClock(%q) = %v", s, d)
		}
		if v, err := ParseShare(s); err == nil && (v < 0 || v > 1) {
			t.Fatalf("ParseShare(%q) = %v", s, v)
		}
	})
}
