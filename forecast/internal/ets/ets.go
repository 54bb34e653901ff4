// Package ets fits the exponential smoothing state-space models ETS(error,
// trend, season) of Hyndman, Koehler, Ord and Snyder (2008), "Forecasting
// with exponential smoothing: the state space approach", by maximum
// likelihood, and selects among them by AICc, the way R's forecast::ets
// does with its defaults: the same starting values, the same Nelder-Mead
// search over smoothing parameters and initial states, the same bounds
// ("both": the usual ones intersected with the admissible region), the same
// likelihood and information criteria, and the same forecast variances but
// for two slips of R's (see Model.Forecast). Fits of the same model agree
// with R's to the precision of the search.
//
// Supported: additive or multiplicative error, no trend or an additive one
// (optionally damped), no season or an additive or multiplicative one of
// period 2 to 24. Multiplicative trends are left out, as R's ets leaves
// them out by default, and so are the combinations R forbids (additive
// error with multiplicative season). Multiplicative models need strictly
// positive data.
package ets

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Kind is the form of a component: absent, additive or multiplicative.
type Kind int

// The component forms.
const (
	None Kind = iota
	Add
	Mul
)

var letters = [...]string{"N", "A", "M"}

// Spec names a model: its error, trend and season forms and whether the
// trend is damped.
type Spec struct {
	Error, Trend, Season Kind
	Damped               bool
}

// String returns R's name of the model, such as ETS(M,Ad,M).
func (s Spec) String() string {
	t := letters[s.Trend]
	if s.Damped {
		t += "d"
	}
	return fmt.Sprintf("ETS(%s,%s,%s)", letters[s.Error], t, letters[s.Season])
}

// ParseSpec reads a name written as String writes it.
func ParseSpec(name string) (Spec, error) {
	bad := fmt.Errorf("ets: model %q: want ETS(E,T,S) with E in A/M, T in N/A/Ad, S in N/A/M", name)
	inner, ok := strings.CutPrefix(name, "ETS(")
	if inner, ok = strings.CutSuffix(inner, ")"); !ok {
		return Spec{}, bad
	}
	parts := strings.Split(inner, ",")
	if len(parts) != 3 {
		return Spec{}, bad
	}
	kind := func(s string) (Kind, bool) {
		for k, l := range letters {
			if s == l {
				return Kind(k), true
			}
		}
		return None, false
	}
	var s Spec
	var okE, okT, okS bool
	s.Error, okE = kind(parts[0])
	trend, damped := strings.CutSuffix(parts[1], "d")
	s.Trend, okT = kind(trend)
	s.Damped = damped
	s.Season, okS = kind(parts[2])
	if !okE || !okT || !okS || s.Error == None || (damped && s.Trend == None) {
		return Spec{}, bad
	}
	return s, nil
}

// check returns an error for models this package does not fit.
func (s Spec) check() error {
	switch {
	case s.Error != Add && s.Error != Mul:
		return fmt.Errorf("ets: %v: the error must be additive or multiplicative", s)
	case s.Trend == Mul:
		return fmt.Errorf("ets: %v: multiplicative trends are not supported", s)
	case s.Damped && s.Trend == None:
		return fmt.Errorf("ets: %v: damping needs a trend", s)
	case s.Error == Add && s.Season == Mul:
		// Its forecast variance is infinite (R's restrict=TRUE).
		return fmt.Errorf("ets: %v: additive error with multiplicative season is not allowed", s)
	}
	return nil
}

// Errors of fitting; each is wrapped with details.
var (
	// ErrData: the series has non-finite values, or values a
	// multiplicative model cannot take (zero or negative).
	ErrData = errors.New("ets: unsuitable data")
	// ErrShort: too few observations for the model's parameters.
	ErrShort = errors.New("ets: series too short")
	// ErrConstant: Fit cannot estimate a model of a constant series (Auto
	// returns a flat forecast for it).
	ErrConstant = errors.New("ets: constant series")
	// ErrFit: the likelihood could not be evaluated at the starting values
	// or at the optimum.
	ErrFit = errors.New("ets: no admissible fit")
)

// Model is a fitted model.
type Model struct {
	Spec   Spec
	Period int // m, the season's length; 1 without season
	// Smoothing parameters; Beta is 0 without trend, Gamma 0 without
	// season, Phi 1 without damping.
	Alpha, Beta, Gamma, Phi float64
	// Init is the initial state as R's states[1, ]: level, trend (with a
	// trend), then the m seasonal components, most recent first.
	Init []float64
	// LogLik is R's log-likelihood, -n/2*log(sum of squared errors) (less
	// the sum of log|one-step forecast| for multiplicative error), up to a
	// constant; AIC, AICc and BIC count the parameters, the initial states
	// and the variance as R does.
	LogLik, AIC, AICc, BIC float64
	// Sigma2 is the residual variance, the sum of squared (relative, for
	// multiplicative error) errors over n less the estimated parameters.
	Sigma2 float64
	// Fitted are the one-step forecasts of the series.
	Fitted []float64
	last   []float64 // the state after the last observation, as Init
}

// Parameters of the default bounds: lower and upper for alpha, beta and
// gamma, and for phi.
const (
	lowerABG, upperABG = 1e-4, 0.9999
	lowerPhi, upperPhi = 0.8, 0.98
	maxEval            = 2000 // R's maxit
	maxPeriod          = 24   // R's limit on seasonal periods
)

// Fit fits the model spec to y with season length m (ignored without
// season) by maximum likelihood.
//
// It returns an error wrapping ErrData for non-finite values or, for a
// multiplicative model, values not above zero; ErrShort when y has no
// more than 4 values beyond the model's parameters (R falls back to
// Holt-Winters there); ErrConstant for a constant series; ErrFit when no
// admissible fit is found. Cost: O(n*m) per likelihood evaluation, at most
// 2000 evaluations.
func Fit(y []float64, m int, spec Spec) (*Model, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	if err := checkData(y, spec.Error == Mul || spec.Season == Mul); err != nil {
		return nil, err
	}
	if len(y) == 0 {
		return nil, fmt.Errorf("%w: no values", ErrShort)
	}
	if constant(y) {
		return nil, ErrConstant
	}
	if spec.Season == None {
		m = 1
	} else if m < 2 || m > maxPeriod {
		return nil, fmt.Errorf("ets: %v: season length %d: want 2 to %d", spec, m, maxPeriod)
	}
	npars := 2 // alpha and level
	if spec.Trend != None {
		npars += 2
	}
	if spec.Season != None {
		npars += m
	}
	if spec.Damped {
		npars++
	}
	if len(y) <= npars+4 {
		return nil, fmt.Errorf("%w: %v needs more than %d values, have %d", ErrShort, spec, npars+4, len(y))
	}
	return fit(y, m, spec)
}

// Auto fits every supported model of y with season length m (m < 2 or
// m > 24, or no more than m values: no season) and returns the one of
// least AICc, as R's ets(y) does: additive and multiplicative errors (the
// latter for positive data only), no, additive and damped trends, no,
// additive and multiplicative seasons, but additive error with
// multiplicative season. A constant series gets simple exponential smoothing
// with alpha 0.9999 and zero variance, as in R.
//
// It returns an error wrapping ErrData for non-finite values, ErrShort for
// fewer than 7 values (R falls back to Holt-Winters there), and otherwise
// the error of the first model tried when none could be fitted. Cost: up
// to 15 fits.
func Auto(y []float64, m int) (*Model, error) {
	if err := checkData(y, false); err != nil {
		return nil, err
	}
	if len(y) <= 6 {
		return nil, fmt.Errorf("%w: %d values, want at least 7", ErrShort, len(y))
	}
	if constant(y) {
		return flat(y), nil
	}
	if m < 2 || m > maxPeriod || len(y) <= m {
		m = 1
	}
	positive := checkData(y, true) == nil
	seasons := []Kind{None}
	if m > 1 {
		seasons = append(seasons, Add, Mul)
	}
	var best *Model
	var firstErr error
	for _, e := range []Kind{Add, Mul} {
		for _, t := range []Kind{None, Add} {
			for _, s := range seasons {
				for _, d := range []bool{true, false} {
					spec := Spec{e, t, s, d}
					if spec.check() != nil || (e == Mul && !positive) {
						continue
					}
					f, err := fit(y, m, spec)
					if err != nil {
						if firstErr == nil {
							firstErr = err
						}
						continue
					}
					if best == nil || f.AICc < best.AICc {
						best = f
					}
				}
			}
		}
	}
	if best == nil {
		return nil, firstErr
	}
	return best, nil
}

// checkData returns an error wrapping ErrData unless every value of y is
// finite, and above zero when positive is set.
func checkData(y []float64, positive bool) error {
	for i, v := range y {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return fmt.Errorf("%w: value %d is %v", ErrData, i+1, v)
		case positive && v <= 0:
			return fmt.Errorf("%w: value %d is %v: multiplicative models need positive data", ErrData, i+1, v)
		}
	}
	return nil
}

func constant(y []float64) bool {
	for _, v := range y {
		if v != y[0] {
			return false
		}
	}
	return true
}

// flat is the model of a constant series: R's ses(y, alpha=0.99999,
// initial="simple"), whose level is the constant and whose errors are zero.
// Its likelihood is R's floor for perfect fits.
func flat(y []float64) *Model {
	f := &Model{Spec: Spec{Error: Add}, Period: 1, Alpha: upperABG, Phi: 1,
		Init: []float64{y[0]}, last: []float64{y[0]}, Fitted: append([]float64(nil), y...)}
	f.setCriteria(minLik, 2, len(y))
	return f
}

// setCriteria sets LogLik, AIC, AICc and BIC from R's criterion lik for np
// estimated parameters and initial states on n observations; the variance
// counts as one more.
func (f *Model) setCriteria(lik float64, np, n int) {
	k := float64(np + 1)
	f.LogLik = -0.5 * lik
	f.AIC = lik + 2*k
	f.BIC = lik + math.Log(float64(n))*k
	f.AICc = f.AIC + 2*k*(k+1)/(float64(n)-k-1)
}
