package ets

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Starting values of the search, R's initparam and initstate.

// startParams returns R's starting smoothing parameters for the default
// bounds: alpha a fifth of the way up its range divided by m, beta a tenth
// of the way to alpha, gamma a twentieth of the way to 1-alpha, phi near its
// upper bound.
func startParams(spec Spec, m int) params {
	p := params{phi: 1}
	p.alpha = lowerABG + 0.2*(upperABG-lowerABG)/float64(m)
	if spec.Trend != None {
		p.beta = lowerABG + 0.1*(math.Min(upperABG, p.alpha)-lowerABG)
	}
	if spec.Season != None {
		p.gamma = lowerABG + 0.05*(math.Min(upperABG, 1-p.alpha)-lowerABG)
	}
	if spec.Damped {
		p.phi = lowerPhi + 0.99*(upperPhi-lowerPhi)
	}
	return p
}

// initState returns R's starting initial state, laid out as Model.Init but
// without the oldest seasonal component (the search keeps the seasonal
// components summing to 0, or to m for a multiplicative season, by
// deriving it). The season comes from a classical decomposition of the
// series, or with less than three seasons of data from a regression on a
// linear trend and one pair of Fourier terms; level and trend from the
// mean, or a least-squares line, of the first max(10, 2m) seasonally
// adjusted values. It returns nil when the regression cannot be solved.
func initState(y []float64, m int, spec Spec) []float64 {
	n := len(y)
	sa := y
	var seas []float64
	if spec.Season != None {
		var season []float64 // the seasonal component at each time
		if n < 3*m {
			season = fourierSeason(y, m, spec.Season)
			if season == nil {
				return nil
			}
		} else {
			season = decompose(y, m, spec.Season)
		}
		// The components of times m-1 down to 1; the one of time 0 is
		// derived.
		for j := range m - 1 {
			seas = append(seas, season[m-1-j])
		}
		sa = make([]float64, n)
		if spec.Season == Add {
			for i, v := range y {
				sa[i] = v - season[i]
			}
		} else {
			sum := 0.0
			for j := range seas {
				seas[j] = math.Max(seas[j], 1e-2) // no negative indexes
				sum += seas[j]
			}
			if sum > float64(m) {
				for j := range seas {
					seas[j] /= sum + 1e-2*float64(len(seas))
				}
			}
			for i, v := range y {
				sa[i] = v / math.Max(season[i], 1e-2)
			}
		}
	}
	k := min(max(10, 2*m), n)
	var x []float64
	if spec.Trend == None {
		x = []float64{mean(sa[:k])}
	} else {
		l0, b0 := line(sa[:k])
		if math.Abs(l0+b0) < 1e-8 {
			// A first prediction of zero would stop a multiplicative
			// error model.
			l0 *= 1 + 1e-3
			b0 *= 1 - 1e-3
		}
		x = []float64{l0, b0}
	}
	return append(x, seas...)
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// line returns intercept and slope of the least-squares line through
// (t, x[t-1]), t = 1..len(x).
func line(x []float64) (a, b float64) {
	n := float64(len(x))
	tm := (n + 1) / 2
	xm := mean(x)
	var sxy, sxx float64
	for i, v := range x {
		d := float64(i+1) - tm
		sxy += d * (v - xm)
		sxx += d * d
	}
	if sxx > 0 {
		b = sxy / sxx
	}
	return xm - b*tm, b
}

// decompose returns the seasonal component of R's classical decomposition
// (decompose): the series less (or over) its centred moving average of one
// season, averaged per position in the season counted from the first value
// and normalised to sum to 0 (or average 1).
func decompose(y []float64, m int, kind Kind) []float64 {
	n := len(y)
	// A 2xm moving average for even m, an m one for odd m.
	w := make([]float64, m+1-m%2)
	for i := range w {
		w[i] = 1 / float64(m)
	}
	if m%2 == 0 {
		w[0], w[m] = 0.5/float64(m), 0.5/float64(m)
	}
	half := len(w) / 2
	sum := make([]float64, m)
	cnt := make([]int, m)
	for t := half; t < n-half; t++ {
		tr := 0.0
		for j, v := range w {
			tr += v * y[t-half+j]
		}
		d := y[t] - tr
		if kind == Mul {
			d = y[t] / tr
		}
		sum[t%m] += d
		cnt[t%m]++
	}
	fig := make([]float64, m)
	for i := range fig {
		fig[i] = sum[i] / float64(cnt[i])
	}
	c := mean(fig)
	for i := range fig {
		if kind == Mul {
			fig[i] /= c
		} else {
			fig[i] -= c
		}
	}
	season := make([]float64, n)
	for i := range season {
		season[i] = fig[i%m]
	}
	return season
}

// fourierSeason returns the seasonal component when there are too few
// seasons to decompose: the series less (or over) the linear trend of a
// regression on trend and the first Fourier pair of period m (only the
// cosine for m = 2, where the sine vanishes). It returns nil when the
// regression is singular.
func fourierSeason(y []float64, m int, kind Kind) []float64 {
	n := len(y)
	cols := 4
	if m == 2 {
		cols = 3
	}
	if n < cols+1 {
		return nil
	}
	a := mat.NewDense(n, cols, nil)
	for i := range n {
		t := float64(i + 1)
		w := 2 * math.Pi * t / float64(m)
		a.Set(i, 0, 1)
		a.Set(i, 1, t)
		a.Set(i, cols-1, math.Cos(w))
		if cols == 4 {
			a.Set(i, 2, math.Sin(w))
		}
	}
	var coef mat.VecDense
	if err := coef.SolveVec(a, mat.NewVecDense(n, append([]float64(nil), y...))); err != nil {
		return nil
	}
	season := make([]float64, n)
	for i, v := range y {
		tr := coef.AtVec(0) + coef.AtVec(1)*float64(i+1)
		if kind == Mul {
			season[i] = v / tr
		} else {
			season[i] = v - tr
		}
	}
	return season
}
