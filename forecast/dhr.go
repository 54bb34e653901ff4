package forecast

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Dynamic harmonic regression: the open intervals of the last weeks are
// regressed on Fourier terms of the time of day and of the time of week,
// and weekday indicators, and the regression errors follow an
// autoregression whose forecast fades the last errors out. Holidays and
// events are not regressors here: the history has them imputed as ordinary
// days and the forecast applies them afterwards, as for every model.

const (
	dhrWeeks = 12 // weeks of history in the regression
	dhrDayK  = 10 // Fourier pairs for the day
	dhrWeekK = 10 // Fourier pairs for the week (multiples of 7 left out: they are daily terms)
)

// dhr forecasts h by dynamic harmonic regression. Runs in
// O(n + w*p^2) for n open intervals in the window, w slots in a week and p
// (about 50) regressors.
func dhr(h *hist, horizon int) []float64 {
	e, per, w := len(h.y), h.per, h.week()
	from := max(0, e-dhrWeeks*w)
	var rows []int
	for i := from; i < e; i++ {
		if h.open[h.slot(i)] {
			rows = append(rows, i)
		}
	}
	// Harmonics stay below the Nyquist frequency of their period: above
	// it they repeat lower ones. With a few intervals a day (8 hours or
	// more) that leaves every harmonic of the week (but the multiples of 7,
	// daily terms), which span any weekday pattern: weekday indicators
	// would duplicate them.
	dayK := max(0, min(dhrDayK, per/2-1))
	var weekK []int
	for k := 1; k <= dhrWeekK && 2*k < w; k++ {
		if k%7 != 0 {
			weekK = append(weekK, k)
		}
	}
	var wds []int
	if len(weekK) < (w-1)/2-(w-1)/14 {
		for wd := range 7 {
			if h.dayOpen[wd] {
				wds = append(wds, wd)
			}
		}
	}
	p := 1 + 2*dayK + 2*len(weekK) + max(0, len(wds)-1)
	if len(rows) < 3*p {
		return weekMean(4)(h, horizon)
	}
	x := func(s int, dst []float64) { // the regressors of slot s
		dst[0] = 1
		c := 1
		for k := 1; k <= dayK; k++ {
			a := 2 * math.Pi * float64(k*(s%per)) / float64(per)
			dst[c], dst[c+1] = math.Sin(a), math.Cos(a)
			c += 2
		}
		for _, k := range weekK {
			a := 2 * math.Pi * float64(k*s) / float64(w)
			dst[c], dst[c+1] = math.Sin(a), math.Cos(a)
			c += 2
		}
		for _, wd := range wds[min(1, len(wds)):] {
			dst[c] = 0
			if s/per == wd {
				dst[c] = 1
			}
			c++
		}
	}
	slots := make([]int, len(rows))
	ys := make([]float64, len(rows))
	for r, i := range rows {
		slots[r], ys[r] = h.slot(i), h.y[i]
	}
	beta, ok := slotRegression(slots, ys, w, p, x)
	if !ok {
		return weekMean(4)(h, horizon)
	}
	// Autoregressive errors over the open intervals, order 1 to 3 by AIC.
	row := make([]float64, p)
	fit := make([]float64, w) // per slot
	for s := range fit {
		x(s, row)
		fit[s] = mat.Dot(mat.NewVecDense(p, row), beta)
	}
	res := make([]float64, len(rows))
	for r, s := range slots {
		res[r] = ys[r] - fit[s]
	}
	coef, lags := arByAIC(res, 3)
	ext := append([]float64(nil), res...)
	f := make([]float64, horizon)
	for j := range f {
		i := e + j
		if !h.open[h.slot(i)] {
			continue
		}
		var r float64
		for c, l := range lags {
			r += coef[c] * ext[len(ext)-l]
		}
		ext = append(ext, r)
		f[j] = fit[h.slot(i)] + r
	}
	return f
}

// slotRegression fits the regression of observations ys[r] on the
// regressors x(slots[r]) of their slot, one of w, by least squares. The
// regressors depend on the slot only, so the squared errors of one slot's
// n observations sum to n (x b - their mean)^2 plus a constant: the
// regression on one row per slot, weighted by sqrt(n), has the same
// solution at a fraction of the cost (a twelfth for twelve weeks).
func slotRegression(slots []int, ys []float64, w, p int, x func(s int, dst []float64)) (*mat.VecDense, bool) {
	count := make([]float64, w)
	sum := make([]float64, w)
	for r, s := range slots {
		count[s]++
		sum[s] += ys[r]
	}
	n := 0
	for _, c := range count {
		if c > 0 {
			n++
		}
	}
	X := mat.NewDense(n, p, nil)
	y := mat.NewVecDense(n, nil)
	r := 0
	for s, c := range count {
		if c == 0 {
			continue
		}
		row := X.RawRowView(r)
		x(s, row)
		sq := math.Sqrt(c)
		for k := range row {
			row[k] *= sq
		}
		y.SetVec(r, sum[s]/sq)
		r++
	}
	return solveLS(X, y)
}

// solveLS solves min |X b - y|^2 by QR, falling back to ridge when X is
// too badly conditioned.
func solveLS(X *mat.Dense, y *mat.VecDense) (*mat.VecDense, bool) {
	var b mat.VecDense
	if err := b.SolveVec(X, y); err == nil {
		return &b, true
	}
	return ridge(X, y)
}

// ridge solves the least-squares problem min |X b - y|^2 + lambda |b|^2
// with a tiny lambda that only guards against collinear regressors.
func ridge(X *mat.Dense, y *mat.VecDense) (*mat.VecDense, bool) {
	_, p := X.Dims()
	var xtx mat.SymDense
	xtx.SymOuterK(1, X.T())
	tr := 0.0
	for i := range p {
		tr += xtx.At(i, i)
	}
	lambda := 1e-9 * tr / float64(p)
	for i := range p {
		xtx.SetSym(i, i, xtx.At(i, i)+lambda)
	}
	var xty mat.VecDense
	xty.MulVec(X.T(), y)
	var ch mat.Cholesky
	if !ch.Factorize(&xtx) {
		return nil, false
	}
	var b mat.VecDense
	if err := ch.SolveVecTo(&b, &xty); err != nil {
		return nil, false
	}
	return &b, true
}

// arByAIC fits autoregressions of orders 1..maxP to x by least squares and
// returns the coefficients and lags of the one of least AIC (none when x is
// too short or constant).
func arByAIC(x []float64, maxP int) ([]float64, []int) {
	best := math.Inf(1)
	var coef []float64
	var lags []int
	for p := 1; p <= maxP; p++ {
		n := len(x) - p
		if n < 20*p {
			break
		}
		l := make([]int, p)
		for i := range l {
			l[i] = i + 1
		}
		c, sse := leastSquares(x, l, p)
		if c == nil || sse <= 0 {
			continue
		}
		if aic := float64(n)*math.Log(sse/float64(n)) + 2*float64(p); aic < best {
			best, coef, lags = aic, c, l
		}
	}
	return coef, lags
}
