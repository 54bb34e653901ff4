package forecast

import (
	"math"
	"testing"
	"time"
)

func TestIsOpen(t *testing.T) {
	tests := []struct {
		name string
		vals []float64 // most recent first
		want bool
	}{
		{"never any contact", []float64{0, 0, 0, 0, 0, 0, 0, 0}, false},
		{"busy", []float64{90, 110, 100, 95, 105, 99, 101, 98}, true},
		// Mean 0.25: zeros expected in exp(-0.25) = 78% of weeks.
		{"low volume, mostly zeros", []float64{0, 1, 0, 0, 0, 1, 0, 0}, true},
		// One busy week among zeros is not Poisson: a one-off opening.
		{"one-off opening", []float64{0, 300, 0, 0, 0, 0, 0, 0}, false},
		{"closed for two weeks now", []float64{0, 0, 80, 90, 85, 95, 90, 88}, false},
		{"open for two weeks now", []float64{70, 80, 0, 0, 0, 0, 0, 0}, true},
		{"one busy week only", []float64{40}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isOpen(tt.vals); got != tt.want {
				t.Errorf("isOpen(%v) = %v, want %v", tt.vals, got, tt.want)
			}
		})
	}
}

func TestNoInventedSaturday(t *testing.T) {
	// One Saturday in week 3 was worked (the io layer delivers it like any
	// interval); Saturdays stay closed in the forecast.
	s := synth(6, func(int, time.Weekday, int) float64 { return 50 })
	sat := monday.AddDate(0, 0, 19)
	for i := range s.Contacts {
		if tm := s.Time(i); !tm.Before(sat.Add(9*time.Hour)) && tm.Before(sat.Add(15*time.Hour)) {
			s.Contacts[i] = 60
		}
	}
	f, err := Predict(s, Options{Horizon: 9 * 48})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range f.Contacts {
		if tm := f.Time(i); weekendAndNight(tm) && (v != 0 || f.P90[i] != 0) {
			t.Fatalf("%v (%v) forecast %v, P90 %v; want closed", tm, tm.Weekday(), v, f.P90[i])
		}
	}
}

func TestPrepareAlignment(t *testing.T) {
	// A series starting Wednesday 07:00: day 0 is the Wednesday, padded
	// with 14 unknown intervals (closed here, so 0 and not imputed).
	s := synth(3, func(int, time.Weekday, int) float64 { return 1 })
	s.Contacts = s.Contacts[2*48:]
	s.Start = s.Start.AddDate(0, 0, 2)
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.pad != 14 || h.wd0 != int(time.Wednesday) || h.per != 48 || h.imputed != 0 {
		t.Errorf("pad %d weekday %d per %d imputed %d, want 14 3 48 0", h.pad, h.wd0, h.per, h.imputed)
	}
	for i := range h.pad {
		if h.y[i] != 0 || !math.IsNaN(h.raw[i]) {
			t.Fatalf("padding %d: y %v raw %v, want 0 and NaN", i, h.y[i], h.raw[i])
		}
	}
	if _, err := prepare(Series{Start: s.Start, Interval: 7 * time.Minute, Contacts: make([]float64, 500)}, nil); err == nil {
		t.Error("an interval of 7 minutes was accepted")
	}
}
