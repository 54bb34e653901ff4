package forecast

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestBacktestPeriodic(t *testing.T) {
	// An exactly weekly series: the seasonal naive and the means are
	// perfect, the daily naive is not (weekdays differ).
	s := synth(8, func(_ int, wd time.Weekday, slot int) float64 { return float64(10*int(wd) + slot) })
	sc, err := Backtest(context.Background(), s, BacktestOptions{Horizon: 7 * 48, Folds: 3, Models: []string{"day-profile"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range sc {
		got = append(got, c.Model)
		if c.Folds != 3 || c.Channel != "chat" || c.Region != "north" {
			t.Errorf("%s: %d folds, labels %q %q", c.Model, c.Folds, c.Channel, c.Region)
		}
		// MASE is NaN throughout: the history itself is perfectly weekly.
		if !math.IsNaN(c.MASE) {
			t.Errorf("%s: MASE %v, want NaN", c.Model, c.MASE)
		}
		switch c.Model {
		case "snaive", "mean":
			if c.WAPE > 1e-12 || math.Abs(c.Bias) > 1e-12 {
				t.Errorf("%s: WAPE %v bias %v, want 0", c.Model, c.WAPE, c.Bias)
			}
		case "snaive-day":
			if !(c.WAPE > 0.1) {
				t.Errorf("%s: WAPE %v, want a clear error", c.Model, c.WAPE)
			}
		case "day-profile":
			// The shrunk profiles are close, not exact, on this pattern.
			if !(c.WAPE < 0.02) {
				t.Errorf("%s: WAPE %v, want under 2%%", c.Model, c.WAPE)
			}
		}
	}
	if want := []string{"snaive", "snaive-day", "mean", "day-profile"}; !slices.Equal(got, want) {
		t.Errorf("models %v, want %v (baselines always, in Models order)", got, want)
	}
}

func TestBacktestScores(t *testing.T) {
	// Week w has the value 10+w: the seasonal naive is 1 too low everywhere
	// open, so WAPE = -Bias = 1/mean(actual). Its mean absolute error is
	// 140/336 (140 open intervals a week); the in-sample weekly naive error
	// is 1 at the open intervals after the first week: the histories (from
	// Monday 07:00 to Friday 21:00) give 700 of 1564 pairs and 840 of 1900.
	s := synth(8, func(w int, _ time.Weekday, _ int) float64 { return float64(10 + w) })
	sc, err := Backtest(context.Background(), s, BacktestOptions{Horizon: 7 * 48, Folds: 2, Models: []string{"snaive"}})
	if err != nil {
		t.Fatal(err)
	}
	c := sc[0]
	if c.Model != "snaive" || c.Folds != 2 {
		t.Fatalf("first score %+v", c)
	}
	// The folds test on weeks 6 and 7, valued 16 and 17.
	want := 2.0 / (16 + 17)
	if !scalar.EqualWithinRel(c.WAPE, want, 1e-9) || !scalar.EqualWithinRel(-c.Bias, want, 1e-9) {
		t.Errorf("WAPE %v bias %v, want %v and -%v", c.WAPE, c.Bias, want, want)
	}
	wantMASE := (140.0/336/(700.0/1564) + 140.0/336/(840.0/1900)) / 2
	if !scalar.EqualWithinRel(c.MASE, wantMASE, 1e-9) {
		t.Errorf("MASE %v, want %v", c.MASE, wantMASE)
	}
}

func TestBacktestErrors(t *testing.T) {
	s := synth(3, func(int, time.Weekday, int) float64 { return 1 })
	var oe *OptionError
	if _, err := Backtest(context.Background(), s, BacktestOptions{Horizon: 48, Folds: 2, Models: []string{"nope"}}); !errors.As(err, &oe) || oe.Field != "model" {
		t.Errorf("unknown model: error %v, want an *OptionError on the model", err)
	}
	short := s
	short.Contacts = s.Contacts[:40]
	if _, err := Backtest(context.Background(), short, BacktestOptions{Horizon: 48, Folds: 2}); !errors.Is(err, ErrData) {
		t.Errorf("short history: error %v, want ErrData", err)
	}
}

func TestBacktestManyFolds(t *testing.T) {
	// Folds beyond what the history allows give one fold a day back to
	// the first day, rather than overflowing or looping for ever.
	s := synth(3, func(int, time.Weekday, int) float64 { return 1 })
	sc, err := Backtest(context.Background(), s, BacktestOptions{Horizon: 48, Folds: math.MaxInt, Models: []string{"snaive-day"}})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(sc, func(c Score) bool { return c.Model == "snaive-day" })
	if want := (len(s.Contacts)-2*48)/48 + 1; i < 0 || sc[i].Folds != want {
		t.Errorf("scores %+v, want snaive-day with %d folds", sc, want)
	}
}

func TestBacktestCancelled(t *testing.T) {
	// Cancelled after two forecasts have started, thirty folds end about as
	// soon as one fold of every model does. The baselines alone keep it
	// quick: cancellation works the same whatever the models.
	s, opt := noisy(40, 40, 1), BacktestOptions{Horizon: 7 * 48, Folds: 1, Models: baselines}
	start := time.Now()
	if _, err := Backtest(context.Background(), s, opt); err != nil {
		t.Fatal(err)
	}
	fold := time.Since(start)
	opt.Folds = 30
	start = time.Now()
	if _, err := Backtest(stopAfter(2), s, opt); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if took := time.Since(start); took > 3*fold {
		t.Errorf("returned after %v, want about the %v one fold takes", took, fold)
	}
}

// countdown is a context that reports itself cancelled from its n-th
// check on: it stops a run part-way at a point that does not depend on the
// machine's speed.
type countdown struct {
	context.Context
	left atomic.Int64
}

func stopAfter(n int64) context.Context {
	c := &countdown{Context: context.Background()}
	c.left.Store(n)
	return c
}

func (c *countdown) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}
