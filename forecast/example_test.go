package forecast_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wfm-dev/wfm/forecast"
)

// A centre open on weekdays from 09:00 to 12:00, hourly intervals, four
// weeks of history with more calls on Mondays. The seasonal naive forecast
// repeats last week; nights and the weekend stay closed.
func ExamplePredict() {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) // a Monday
	s := forecast.Series{Channel: "phone", Region: "all", Start: start, Interval: time.Hour}
	for i := range 28 * 24 {
		t := s.Time(i)
		v := 0.0
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday && t.Hour() >= 9 && t.Hour() < 12 {
			v = 10
			if t.Weekday() == time.Monday {
				v = 25
			}
		}
		s.Contacts = append(s.Contacts, v)
	}
	f, err := forecast.Predict(s, forecast.Options{Horizon: 24 * 3, Model: "snaive"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, v := range f.Contacts {
		if v > 0 {
			fmt.Printf("%s %2.0f\n", f.Time(i).Format("Mon 15:04"), v)
		}
	}
	// Output:
	// Mon 09:00 25
	// Mon 10:00 25
	// Mon 11:00 25
	// Tue 09:00 10
	// Tue 10:00 10
	// Tue 11:00 10
	// Wed 09:00 10
	// Wed 10:00 10
	// Wed 11:00 10
}

// Backtest scores each model from rolling origins; the baselines are
// always among them.
func ExampleBacktest() {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	s := forecast.Series{Start: start, Interval: time.Hour}
	for i := range 42 * 24 {
		v := 0.0
		if h := s.Time(i).Hour(); h >= 8 && h < 20 {
			v = float64(10 + h)
		}
		s.Contacts = append(s.Contacts, v)
	}
	scores, err := forecast.Backtest(context.Background(), s, forecast.BacktestOptions{Horizon: 7 * 24, Folds: 2, Models: []string{"snaive"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sc := range scores {
		fmt.Printf("%s folds %d WAPE %.3f\n", sc.Model, sc.Folds, sc.WAPE)
	}
	// Output:
	// snaive folds 2 WAPE 0.000
	// snaive-day folds 2 WAPE 0.000
	// mean folds 2 WAPE 0.000
}
