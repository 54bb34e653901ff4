package forecast

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Profile decomposition with a model of the seasonally adjusted series.
//
// The decomposition is multiplicative and taken in two stages, intraday
// then weekly: each weekday's intraday profile (shrunk toward the profile of
// all weekdays) times the weekday's share of the week, estimated by robust
// averages over the last weeks (see dayModel.fit). Dividing each open
// interval by its seasonal index gives the seasonally adjusted series, in
// units of a day's volume; the model of that series (exponential smoothing,
// or an autoregression that reverts to the recent mean) forecasts the level,
// which the seasonal index spreads back over the intervals. Closed slots are
// left out of the adjusted series: the level carries over nights and
// weekends. Multiplicative seasonality keeps a level change proportional
// across the day, as call volumes behave.

// adjustWeeks bounds the weeks of adjusted series the level models see.
const adjustWeeks = 12

// adjusted returns the seasonal index of h and the adjusted series over the
// open intervals of the last adjustWeeks weeks, in time order.
func adjusted(h *hist, m dayModel) (idx, a []float64) {
	idx = m.seasonal(h)
	e := len(h.y)
	for i := max(0, e-adjustWeeks*h.week()); i < e; i++ {
		if v := idx[h.slot(i)]; v > 0 && h.open[h.slot(i)] {
			a = append(a, h.y[i]/v)
		}
	}
	return idx, a
}

// spread returns level(k) times the seasonal index over the horizon, k
// counting the open intervals ahead (1 for the first).
func spread(h *hist, idx []float64, horizon int, level func(k int) float64) []float64 {
	e := len(h.y)
	f := make([]float64, horizon)
	k := 0
	for j := range f {
		s := h.slot(e + j)
		if v := idx[s]; v > 0 && h.open[s] {
			k++
			f[j] = math.Max(0, level(k)*v)
		}
	}
	return f
}

// levelAlphas is the grid of smoothing constants for the interval level.
var levelAlphas = []float64{0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2}

// profileSES forecasts with simple exponential smoothing of the adjusted
// series, the constant chosen by one-step-ahead squared error. Runs in
// O(n*len(levelAlphas)).
func profileSES(h *hist, horizon int) []float64 {
	idx, a := adjusted(h, dayModel{weeks: 6, shrink: 3})
	if len(a) == 0 {
		return make([]float64, horizon)
	}
	warm := min(len(a), 50)
	init := mean(a[:warm])
	best, level := math.Inf(1), init
	for _, al := range levelAlphas {
		l, sse := init, 0.0
		for k, v := range a {
			if k >= warm {
				sse += (v - l) * (v - l)
			}
			l += al * (v - l)
		}
		if sse < best {
			best, level = sse, l
		}
	}
	return spread(h, idx, horizon, func(int) float64 { return level })
}

// arLags are the candidate lag sets of the autoregression, in open
// intervals; d stands for the open intervals of a day (a lag of one day).
var arLags = [][]int{{1}, {1, 2}, {1, 2, 3}, {1, -1}, {1, 2, -1}}

// profileAR forecasts the adjusted series by an autoregression of its
// relative deviation from the mean of the last four weeks, x = a/mu - 1,
// with the lag set of least AIC, fitted by least squares. Forecasts revert
// from the latest level to mu at the fitted speed. Runs in O(n*p^2).
func profileAR(h *hist, horizon int) []float64 { return arModel{8, 1, 4}.forecast(h, horizon) }

// arModel is a variant of the autoregressive level model.
type arModel struct {
	weeks   int     // weeks of the seasonal index
	shrink  float64 // profile shrinkage, as in dayModel
	muWeeks int     // weeks of the mean the level reverts to
}

func (m arModel) forecast(h *hist, horizon int) []float64 {
	idx, a := adjusted(h, dayModel{weeks: m.weeks, shrink: m.shrink})
	if len(a) < 100 {
		return spread(h, idx, horizon, func(int) float64 { return mean(a) })
	}
	openPerWeek := 0
	for s, o := range h.open {
		if o && idx[s] > 0 {
			openPerWeek++
		}
	}
	dayLag := max(2, openPerWeek/max(1, countOpenDays(h)))
	mu := mean(a[max(0, len(a)-m.muWeeks*openPerWeek):])
	x := make([]float64, len(a))
	for i, v := range a {
		x[i] = v/mu - 1
	}
	bestAIC := math.Inf(1)
	var bestLags []int
	var bestCoef []float64
	for _, set := range arLags {
		lags := make([]int, len(set))
		maxLag := 0
		for i, l := range set {
			if l < 0 {
				l = dayLag
			}
			lags[i] = l
			maxLag = max(maxLag, l)
		}
		n := len(x) - maxLag
		if n < 10*len(lags) {
			continue
		}
		coef, sse := leastSquares(x, lags, maxLag)
		if coef == nil {
			continue
		}
		aic := float64(n)*math.Log(sse/float64(n)) + 2*float64(len(lags))
		if aic < bestAIC {
			bestAIC, bestLags, bestCoef = aic, lags, coef
		}
	}
	if bestLags == nil {
		return spread(h, idx, horizon, func(int) float64 { return mu })
	}
	// Recursive forecast of x over the open intervals ahead.
	ext := append([]float64(nil), x...)
	var ahead []float64
	return spread(h, idx, horizon, func(k int) float64 {
		for len(ahead) < k {
			var v float64
			for i, l := range bestLags {
				v += bestCoef[i] * ext[len(ext)-l]
			}
			ext = append(ext, v)
			ahead = append(ahead, v)
		}
		return mu * (1 + ahead[k-1])
	})
}

// leastSquares regresses x[t] on x[t-l] for l in lags (no intercept: x has
// mean about zero), for t >= maxLag, and returns the coefficients and the
// residual sum of squares; nil when the system is singular. It solves the
// normal equations, which for the few lags of an autoregression are well
// conditioned and need no n-by-p matrix. Runs in O(n*p^2).
func leastSquares(x []float64, lags []int, maxLag int) ([]float64, float64) {
	p := len(lags)
	xtx := mat.NewSymDense(p, nil)
	xty := mat.NewVecDense(p, nil)
	var yy float64
	for t := maxLag; t < len(x); t++ {
		for i, li := range lags {
			xi := x[t-li]
			xty.SetVec(i, xty.AtVec(i)+xi*x[t])
			for j := i; j < p; j++ {
				xtx.SetSym(i, j, xtx.At(i, j)+xi*x[t-lags[j]])
			}
		}
		yy += x[t] * x[t]
	}
	var ch mat.Cholesky
	if !ch.Factorize(xtx) {
		return nil, 0
	}
	var coef mat.VecDense
	if err := ch.SolveVecTo(&coef, xty); err != nil {
		return nil, 0
	}
	// Residual sum of squares: y'y - 2 b'X'y + b'X'X b = y'y - b'X'y at
	// the solution.
	sse := math.Max(0, yy-mat.Dot(&coef, xty))
	return coef.RawVector().Data, sse
}

func countOpenDays(h *hist) int {
	n := 0
	for _, o := range h.dayOpen {
		if o {
			n++
		}
	}
	return n
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
