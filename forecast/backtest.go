package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/internal/workers"
)

// BacktestOptions control a rolling-origin backtest.
type BacktestOptions struct {
	Horizon  int // intervals forecast from each origin, > 0
	Folds    int // number of origins, > 0
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
// It returns an error wrapping ErrData when not even one origin leaves a
// day of history. Cost: Folds*models Predict calls, run in parallel.
func Backtest(s Series, opt BacktestOptions) ([]Score, error) {
	if opt.Horizon <= 0 || opt.Folds <= 0 {
		panic("forecast: non-positive Horizon or Folds")
	}
	names, err := backtestModels(opt.Models)
	if err != nil {
		return nil, err
	}
	n := len(s.Contacts)
	if s.Interval <= 0 {
		panic("forecast: non-positive Interval")
	}
	per := max(1, int(24*time.Hour/s.Interval))
	step := opt.Horizon
	if n-opt.Horizon-(opt.Folds-1)*step < 14*per {
		step = per
	}
	var origins []int
	for k := opt.Folds - 1; k >= 0; k-- {
		if o := n - opt.Horizon - k*step; o >= per {
			origins = append(origins, o)
		}
	}
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
		o := origins[jobs[j].k]
		sub := s
		sub.Contacts = s.Contacts[:o]
		if s.AHT != nil {
			sub.AHT = s.AHT[:o]
		}
		fcs[j], errs[j] = Predict(sub, Options{Horizon: min(opt.Horizon, n-o), Model: names[jobs[j].m], Holidays: opt.Holidays})
	})
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
// requested ones plus the baselines, or all of them.
func backtestModels(req []string) ([]string, error) {
	all := Models()
	if len(req) == 0 {
		return all, nil
	}
	want := map[string]bool{}
	for _, b := range baselines {
		want[b] = true
	}
	for _, r := range req {
		if !slices.Contains(all, r) {
			return nil, fmt.Errorf("unknown model %q (want one of %v)", r, all)
		}
		want[r] = true
	}
	var out []string
	for _, name := range all {
		if want[name] {
			out = append(out, name)
		}
	}
	return out, nil
}
