package forecast

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestScorePublished(t *testing.T) {
	day1 := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	day2 := day1.AddDate(0, 0, 1)
	nan := math.NaN()
	fs := []Forecast{
		// 22:00 and 23:00 on day 1, 00:00 and 01:00 on day 2; no actual at 01:00.
		{Channel: "chat", Region: "east", Start: day1.Add(22 * time.Hour), Interval: time.Hour,
			Contacts: []float64{10, 20, 30, 40}, P10: []float64{8, 15, 25, 35}, P90: []float64{12, 25, 35, 45}},
		// A series the actuals do not have.
		{Channel: "email", Region: "west", Start: day1, Interval: time.Hour,
			Contacts: []float64{1, 1}, P10: []float64{0, 0}, P90: []float64{2, 2}},
		// Matched ignoring case, but closed (0 forecast, 0 actual); a NaN forecast (a row the file skips).
		{Channel: "Phone", Region: "East", Start: day2, Interval: time.Hour,
			Contacts: []float64{0, nan}, P10: []float64{0, nan}, P90: []float64{0, nan}},
	}
	actuals := []Series{
		{Channel: "chat", Region: "east", Start: day1.Add(21 * time.Hour), Interval: time.Hour, Contacts: []float64{5, 12, 26, 28}},
		{Channel: "phone", Region: "east", Start: day2, Interval: time.Hour, Contacts: []float64{0, 3}},
	}
	got, err := ScorePublished(fs, actuals)
	if err != nil {
		t.Fatal(err)
	}
	// Day 1: actual 12 and 26 against 10 and 20; 12 inside [8, 12], 26 outside [15, 25].
	// Day 2: actual 28 against 30, inside [25, 35].
	want := Published{Unmatched: 3, Scores: []PublishedScore{
		{Channel: "chat", Region: "east", Day: day1, Intervals: 2, Actual: 38, Forecast: 30, WAPE: 8.0 / 38, Bias: -8.0 / 38, Coverage: 0.5},
		{Channel: "chat", Region: "east", Day: day2, Intervals: 1, Actual: 28, Forecast: 30, WAPE: 2.0 / 28, Bias: 2.0 / 28, Coverage: 1},
		{Channel: "chat", Region: "east", Intervals: 3, Actual: 66, Forecast: 60, WAPE: 10.0 / 66, Bias: -6.0 / 66, Coverage: 2.0 / 3},
		// Phone/East's one interval is closed: no score.
		{Intervals: 3, Actual: 66, Forecast: 60, WAPE: 10.0 / 66, Bias: -6.0 / 66, Coverage: 2.0 / 3},
	}}
	if diff := cmp.Diff(want, got, cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestScorePublishedWithoutQuantiles(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	nan := math.NaN()
	fs := []Forecast{{Channel: "all", Region: "all", Start: day, Interval: 30 * time.Minute,
		Contacts: []float64{4, 6}, P10: []float64{nan, nan}, P90: []float64{nan, nan}}}
	got, err := ScorePublished(fs, []Series{{Channel: "all", Region: "all", Start: day, Interval: 30 * time.Minute, Contacts: []float64{5, 5}}})
	if err != nil {
		t.Fatal(err)
	}
	total := got.Scores[len(got.Scores)-1]
	if total.WAPE != 0.2 || total.Bias != 0 || !math.IsNaN(total.Coverage) {
		t.Errorf("got WAPE %v, bias %v, coverage %v; want 0.2, 0 and NaN", total.WAPE, total.Bias, total.Coverage)
	}
}

func TestScorePublishedNoOverlap(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	fs := []Forecast{{Channel: "all", Region: "all", Start: day, Interval: time.Hour,
		Contacts: []float64{4}, P10: []float64{3}, P90: []float64{5}}}
	for name, actuals := range map[string][]Series{
		"before the forecast":     {{Channel: "all", Region: "all", Start: day.Add(-2 * time.Hour), Interval: time.Hour, Contacts: []float64{1, 2}}},
		"other series":            {{Channel: "chat", Region: "all", Start: day, Interval: time.Hour, Contacts: []float64{1}}},
		"another interval":        {{Channel: "all", Region: "all", Start: day, Interval: 30 * time.Minute, Contacts: []float64{1, 2}}},
		"missing from the data":   {{Channel: "all", Region: "all", Start: day, Interval: time.Hour, Contacts: []float64{math.NaN()}}},
		"off the forecast's grid": {{Channel: "all", Region: "all", Start: day.Add(-30 * time.Minute), Interval: time.Hour, Contacts: []float64{1, 2}}},
	} {
		got, err := ScorePublished(fs, actuals)
		if !errors.Is(err, ErrNoOverlap) || got.Unmatched != 1 {
			t.Errorf("%s: got %v with %d unmatched, want ErrNoOverlap with 1", name, err, got.Unmatched)
		}
	}
}

func TestScorePublishedClosed(t *testing.T) {
	day := time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC)
	fs := []Forecast{{Channel: "all", Region: "all", Start: day, Interval: time.Hour,
		Contacts: []float64{0, 0}, P10: []float64{0, 0}, P90: []float64{0, 0}}}
	got, err := ScorePublished(fs, []Series{{Channel: "all", Region: "all", Start: day, Interval: time.Hour, Contacts: []float64{0, 0}}})
	want := Published{Scores: []PublishedScore{{WAPE: math.NaN(), Bias: math.NaN(), Coverage: math.NaN()}}}
	if diff := cmp.Diff(want, got, cmpopts.EquateNaNs()); err != nil || diff != "" {
		t.Errorf("%v; (-want +got):\n%s", err, diff)
	}
}
