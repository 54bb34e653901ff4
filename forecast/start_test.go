package forecast

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPredictFromStartBridgesGap(t *testing.T) {
	s := noisy(4, 20, 7)
	s.AHT = make([]float64, len(s.Contacts))
	for i := range s.AHT {
		s.AHT[i] = 200 + float64(i%48)
	}
	end := s.Time(len(s.Contacts)) // Friday 21:00
	monday := time.Date(end.Year(), end.Month(), end.Day()+3, 0, 0, 0, 0, time.UTC)
	gap := int(monday.Sub(end) / s.Interval)
	const h = 7 * 48
	for _, model := range []string{"snaive", "auto"} {
		t.Run(model, func(t *testing.T) {
			// Forecasting through the gap and dropping it is what a later
			// start means.
			whole, err := Predict(s, Options{Horizon: gap + h, Model: model})
			if err != nil {
				t.Fatal(err)
			}
			got, err := Predict(s, Options{Horizon: h, Model: model, Start: monday})
			if err != nil {
				t.Fatal(err)
			}
			if !got.Start.Equal(monday) {
				t.Errorf("Start = %v, want %v", got.Start, monday)
			}
			want := whole
			want.Start = monday
			want.Contacts, want.P10, want.P90, want.AHT = whole.Contacts[gap:], whole.P10[gap:], whole.P90[gap:], whole.AHT[gap:]
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("forecast from Monday (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPredictStartRefused(t *testing.T) {
	s := synth(2, func(int, time.Weekday, int) float64 { return 5 })
	end := s.Time(len(s.Contacts))
	for _, tt := range []struct {
		name  string
		start time.Time
	}{
		{"before the history's end", end.Add(-s.Interval)},
		{"off the grid", end.Add(10 * time.Minute)},
		{"too far", end.Add(time.Duration(MaxHorizon) * s.Interval)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Predict(s, Options{Horizon: 48, Model: "snaive-day", Start: tt.start})
			var oe *OptionError
			if !errors.As(err, &oe) || oe.Field != "start" || !errors.Is(err, ErrData) {
				t.Fatalf("err = %v, want an *OptionError on start", err)
			}
		})
	}
	// The last start allowed.
	last := end.Add(time.Duration(MaxHorizon-48) * s.Interval)
	if _, err := Predict(s, Options{Horizon: 48, Model: "snaive-day", Start: last}); err != nil {
		t.Errorf("start %v: %v", last, err)
	}
}
