package table

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)
	for _, in := range []string{
		"2026-03-02T08:30",
		"2026-03-02T08:30:00",
		"2026-03-02T08:30:00.000",
		"2026-03-02T08:30+08:00",
		"2026-03-02T08:30:00Z",
		"2026-03-02T08:30:00-05:00",
		"2026-03-02 08:30",
		"2026-03-02 08:30:00",
		"2026/03/02 08:30",
		"2026/3/2 8:30",
		" 2026-03-02T08:30 ",
		"46083.354166666664", // Excel serial of 2026-03-02 08:30
		"46083.3541667",      // a serial rounded by the exporting tool
	} {
		got, err := ParseTime(in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", in, err)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, want %v", in, got, want)
		}
	}
	for _, in := range []string{"", "yesterday", "2026-13-02T08:30", "2026-03-02T25:00", "0", "-4", "NaN",
		"2026-02-29T08:00", "2026-04-31T08:00", "2026-00-10T08:00", "2026-03-02T08:60", "2026-03-02T0a:00", "+026-03-02T08:00"} {
		if _, err := ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) succeeded, want an error", in)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for _, c := range []struct {
		in   string
		unit time.Duration
		want time.Duration
	}{
		{"348", time.Second, 348 * time.Second},
		{"30m", time.Second, 30 * time.Minute},
		{"8", time.Hour, 8 * time.Hour},
		{"7d", time.Hour, 7 * 24 * time.Hour},
		{"2w", time.Hour, 14 * 24 * time.Hour},
		{"1h30m", time.Hour, 90 * time.Minute},
		{"0.5", time.Hour, 30 * time.Minute},
	} {
		got, err := ParseDuration(c.in, c.unit)
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q, %v) = %v, %v; want %v", c.in, c.unit, got, err, c.want)
		}
	}
	for _, in := range []string{"", "soon", "7x", "d", "NaN"} {
		if _, err := ParseDuration(in, time.Second); err == nil {
			t.Errorf("ParseDuration(%q) succeeded, want an error", in)
		}
	}
}

func TestParseClockAndShare(t *testing.T) {
	if d, err := ParseClock("08:30"); err != nil || d != 8*time.Hour+30*time.Minute {
		t.Errorf("ParseClock(08:30) = %v, %v", d, err)
	}
	if d, err := ParseClock("24:00"); err != nil || d != 24*time.Hour {
		t.Errorf("ParseClock(24:00) = %v, %v", d, err)
	}
	for _, in := range []string{"8", "08:60", "25:00", "24:30", "-1:00", "ab:cd"} {
		if _, err := ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) succeeded", in)
		}
	}
	for in, want := range map[string]float64{"0.8": 0.8, "80%": 0.8, "0": 0, "100%": 1} {
		if got, err := ParseShare(in); err != nil || got != want {
			t.Errorf("ParseShare(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"80", "1.2", "-0.1", "x%"} {
		if _, err := ParseShare(in); err == nil {
			t.Errorf("ParseShare(%q) succeeded", in)
		}
	}
}

// TestParseTimeFastPathAgrees checks the fast path against time.Parse on
// every minute-of-day and on month ends, leap years included.
func TestParseTimeFastPathAgrees(t *testing.T) {
	for _, day := range []time.Time{
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1999, 2, 28, 0, 0, 0, 0, time.UTC),
	} {
		for m := range 24 * 60 {
			s := day.Add(time.Duration(m) * time.Minute).Format(TimeLayout)
			fast, ok := parseISOMinute(s)
			slow, err := time.Parse(TimeLayout, s)
			if !ok || err != nil || !fast.Equal(slow) {
				t.Fatalf("%s: fast %v %v, time.Parse %v %v", s, fast, ok, slow, err)
			}
		}
	}
}

func BenchmarkParseTime(b *testing.B) {
	for b.Loop() {
		if _, err := ParseTime("2026-03-02T08:30"); err != nil {
			b.Fatal(err)
		}
	}
}
