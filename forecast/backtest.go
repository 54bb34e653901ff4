package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/internal/workers"
)

// BacktestOptions control a rolling-origin backtest.
type BacktestOptions struct {
	Horizon  int // intervals forecast from each origin, 1 to MaxHorizon
	Folds    int // number of origins, > 0 (as many as the history allows at most)
	Holidays []Holiday
	// Models to score; empty means all of Models(). The baselines (snaive,
	// snaive-day, mean) are always scored.
	Models []string
}

// Score is the accuracy of one model over the folds of a backtest.
type Score struct {
	Channel, Region, Model string
	Folds                  int // origins the model could forecast from
	// WAPE and Bias are pooled over all folds (sums of errors over sums of
	// actuals); MASE is the mean of the folds' MASE, each scaled by the
	// weekly seasonal-naive error of that fold's history; Coverage is the
	// share of actuals inside [P10, P90], closed hours left out.
	WAPE, MASE, Bias, Coverage float64
}

// Validate checks the options as Options.Validate does, and that Folds is
// positive. It returns an *OptionError or a *HolidayError.
func (o BacktestOptions) Validate() error {
	for _, m := range o.Models {
		if err := CheckModel(m); err != nil {
			return err
		}
	}
	if err := checkHorizon(o.Horizon); err != nil {
		return err
	}
	if o.Folds < 1 {
		return &OptionError{Field: "folds", Reason: fmt.Sprintf("%d: want at least 1", o.Folds)}
	}
	return checkHolidays(o.Holidays)
}

// baselines are scored in every backtest.
var baselines = []string{"snaive", "snaive-day", "mean"}

// Backtest forecasts s from opt.Folds rolling origins and scores each
// model against what happened. The last origin is Horizon intervals before
// the end of the history and the others step back by Horizon (windows do
// not overlap) or, when the history is too short for that, by one day; each
// fold sees only the history before its origin, as Predict would. Scores
// are in the order of Models(). Models that cannot forecast from any origin
// are left out.
//
// It returns an error wrapping ErrData when the options are invalid (see
// BacktestOptions.Validate), a value of the series is (see Series.Validate)
// or not even one origin leaves a day of history. Cost: Folds*models
// Predict calls, run in parallel; once ctx is done it starts no further
// call and returns ctx.Err() when those running end.
func Backtest(ctx context.Context, s Series, opt BacktestOptions) ([]Score, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	names := backtestModels(opt.Models)
	n := len(s.Contacts)
	if s.Interval <= 0 {
		panic("forecast: non-positive Interval")
	}
	per := max(1, int(24*time.Hour/s.Interval))
	step := opt.Horizon
	// Step by the horizon while the folds leave two weeks before the
	// first origin (said without multiplying Folds, which may be huge).
	if rest := n - opt.Horizon - 14*per; rest < 0 || opt.Folds-1 > rest/step {
		step = per
	}
	var origins []int
	for k := 0; k < opt.Folds && n-opt.Horizon-k*step >= per; k++ {
		origins = append(origins, n-opt.Horizon-k*step)
	}
	slices.Reverse(origins)
	if len(origins) == 0 {
		return nil, fmt.Errorf("%w: %d intervals leave no backtest origin with a day of history", ErrData, n)
	}
	type job struct{ m, k int }
	var jobs []job
	for m := range names {
		for k := range origins {
			jobs = append(jobs, job{m, k})
		}
	}
	fcs := make([]Forecast, len(jobs))
	errs := make([]error, len(jobs))
	workers.Each(len(jobs), func(j int) {
		if ctx.Err() != nil {
			return
		}
		o := origins[jobs[j].k]
		sub := s
		sub.Contacts = s.Contacts[:o]
		if s.AHT != nil {
			sub.AHT = s.AHT[:o]
		}
		fcs[j], errs[j] = Predict(sub, Options{Horizon: min(opt.Horizon, n-o), Model: names[jobs[j].m], Holidays: opt.Holidays})
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	week := 7 * per
	var out []Score
	for m, name := range names {
		sc := Score{Channel: s.Channel, Region: s.Region, Model: name}
		var absErr, sum, bias, mase float64
		in, cnt, masen := 0, 0, 0
		for j, jb := range jobs {
			if jb.m != m {
				continue
			}
			if errs[j] != nil {
				if errors.Is(errs[j], ErrData) {
					continue
				}
				return nil, errs[j]
			}
			o := origins[jb.k]
			f := fcs[j]
			act := s.Contacts[o : o+len(f.Contacts)]
			sc.Folds++
			for i, a := range act {
				if math.IsNaN(a) {
					continue
				}
				absErr += math.Abs(a - f.Contacts[i])
				bias += f.Contacts[i] - a
				sum += a
				if a == 0 && f.P90[i] == 0 {
					continue
				}
				cnt++
				if a >= f.P10[i] && a <= f.P90[i] {
					in++
				}
			}
			if v := MASE(act, f.Contacts, s.Contacts[:o], week); !math.IsNaN(v) {
				mase += v
				masen++
			}
		}
		if sc.Folds == 0 {
			continue
		}
		sc.WAPE, sc.Bias, sc.MASE, sc.Coverage = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if sum > 0 {
			sc.WAPE, sc.Bias = absErr/sum, bias/sum
		}
		if masen > 0 {
			sc.MASE = mase / float64(masen)
		}
		if cnt > 0 {
			sc.Coverage = float64(in) / float64(cnt)
		}
		out = append(out, sc)
	}
	return out, nil
}

// backtestModels returns the models to score in the order of Models(): the
// requested ones (known to be valid) plus the baselines, or all of them.
func backtestModels(req []string) []string {
	all := Models()
	if len(req) == 0 {
		return all
	}
	want := map[string]bool{}
	for _, b := range baselines {
		want[b] = true
	}
	for _, r := range req {
		if r == "" {
			r = "auto"
		}
		want[r] = true
	}
	var out []string
	for _, name := range all {
		if want[name] {
			out = append(out, name)
		}
	}
	return out
}
