package chart

import (
	"testing"
	"time"
)

func TestDayTicks(t *testing.T) {
	tests := []struct {
		name          string
		from, to      time.Time
		maxLabels     int
		labels, ticks int
		weekday       bool // labels only on Mondays
	}{
		// 2 March 2026 is a Monday
		{"a week, daily", time.Date(2026, 3, 2, 0, 0, 0, 0, paris), time.Date(2026, 3, 9, 0, 0, 0, 0, paris), 10, 8, 8, false},
		{"two weeks, every other day", time.Date(2026, 3, 2, 6, 0, 0, 0, paris), time.Date(2026, 3, 16, 0, 0, 0, 0, paris), 8, 7, 14, false},
		{"three weeks, Mondays", time.Date(2026, 2, 16, 0, 0, 0, 0, paris), time.Date(2026, 3, 9, 0, 0, 0, 0, paris), 10, 4, 22, true},
		// the clocks go forward on 29 March 2026: still one tick per midnight
		{"across a DST change", time.Date(2026, 3, 23, 0, 0, 0, 0, paris), time.Date(2026, 4, 6, 0, 0, 0, 0, paris), 4, 3, 15, true},
		{"one day, by hour", time.Date(2026, 3, 2, 8, 0, 0, 0, paris), time.Date(2026, 3, 2, 20, 0, 0, 0, paris), 10, 4, 13, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dayTicks{loc: paris, maxLabels: tt.maxLabels}
			ticks := d.Ticks(unix(tt.from), unix(tt.to))
			labels := 0
			for _, tk := range ticks {
				at := time.Unix(int64(tk.Value), 0).In(paris)
				if tk.Value < unix(tt.from) || tk.Value > unix(tt.to) {
					t.Errorf("tick %v outside the range", at)
				}
				if tt.to.Sub(tt.from) > 2*day && (at.Hour() != 0 || at.Minute() != 0) {
					t.Errorf("tick %v not at midnight", at)
				}
				if tk.Label != "" {
					labels++
					if tt.weekday && at.Weekday() != time.Monday {
						t.Errorf("label %q not on a Monday", tk.Label)
					}
				}
			}
			if len(ticks) != tt.ticks || labels != tt.labels {
				t.Errorf("%d ticks, %d labelled; want %d, %d", len(ticks), labels, tt.ticks, tt.labels)
			}
			if labels > tt.maxLabels && !tt.weekday {
				t.Errorf("%d labels, at most %d wanted", labels, tt.maxLabels)
			}
		})
	}
}

func TestNiceTop(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{0, 1}, {-3, 1}, {0.5, 0.6}, {1, 1.2}, {9, 10}, {20, 25}, {72.4, 80}, {95, 100}, {96, 120}, {1e6, 1.2e6},
	}
	for _, tt := range tests {
		if got := niceTop(tt.in); got != tt.want {
			t.Errorf("niceTop(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
