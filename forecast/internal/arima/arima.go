// Package arima fits seasonal ARIMA models as R's arima and the forecast
// package's Arima and auto.arima do: differencing, an optional mean or
// drift, estimation by conditional sum of squares for starting values then
// exact Gaussian likelihood by the Kalman filter (method "CSS-ML"), with
// the autoregressive parts kept stationary by the partial-autocorrelation
// transform; the Hyndman-Khandakar stepwise order search; and forecasts
// with prediction intervals from the state-space form.
package arima

import (
	"errors"
	"fmt"
	"math"
)

// Order is the order (p,d,q)(P,D,Q) of a seasonal ARIMA model; the period
// is given separately.
type Order struct {
	P, D, Q    int // non-seasonal autoregressive, difference and moving-average orders
	SP, SD, SQ int // seasonal ones
}

func (o Order) String() string {
	return fmt.Sprintf("(%d,%d,%d)(%d,%d,%d)", o.P, o.D, o.Q, o.SP, o.SD, o.SQ)
}

// Method is how the coefficients are estimated.
type Method int

const (
	// CSSML estimates by conditional sum of squares for starting values,
	// then by exact maximum likelihood (R's default "CSS-ML").
	CSSML Method = iota
	// CSS minimises the conditional sum of squares only; auto's search
	// uses it on long series as R does with approximation = TRUE.
	CSS
)

// ErrFit is wrapped by every error of Fit and Auto: the data do not allow
// the model (too short, not finite) or its estimation failed.
var ErrFit = errors.New("arima")

func fitErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrFit, fmt.Sprintf(format, a...))
}

// Model is a fitted seasonal ARIMA model.
type Model struct {
	Order Order
	M     int // seasonal period (1 when none)
	// Constant tells whether the model has a mean (no differencing) or a
	// drift (one difference): Intercept holds it.
	Constant bool
	Method   Method
	// Coefficients, in R's order and sign convention: x_t = ar_1 x_{t-1}
	// + ... + e_t + ma_1 e_{t-1} + ..., seasonal ones at multiples of M.
	AR, MA, SAR, SMA []float64
	Intercept        float64 // the mean, or the drift per step
	// Sigma2 is the innovation variance as the forecast package reports
	// it: the sum of squared residuals over n - d - D*M - k + 1 for k
	// estimated coefficients.
	Sigma2 float64
	// LogLik is the Gaussian log-likelihood of the differenced series
	// (for CSS, R's approximation of it); AIC, AICc and BIC count the
	// coefficients and the variance, with n - d - D*M observations.
	LogLik, AIC, AICc, BIC float64

	y      []float64 // the series
	phi    []float64 // expanded autoregression
	theta  []float64 // expanded moving average
	nobs   int       // observations after differencing
	nu     int       // residuals of the conditional sum of squares
	sumsq  float64   // sum of squared residuals
	ssq    float64   // the same without the diffuse first ones (stats::arima's)
	cssSSQ float64   // conditional sum of squares of a CSS fit
	np     int       // estimated coefficients
	a, P   []float64 // final state and covariance (see space)
}

// Coef returns the coefficients in R's order: ar, ma, sar, sma, then the
// intercept or drift.
func (f *Model) Coef() []float64 {
	c := append(append(append(append([]float64(nil), f.AR...), f.MA...), f.SAR...), f.SMA...)
	if f.Constant {
		c = append(c, f.Intercept)
	}
	return c
}

// problem holds what a fit works on: the differenced series and regressor.
type problem struct {
	o     Order
	m     int
	w, xw []float64 // differenced series and regressor (xw nil without constant)
	// Scratch of css and cssGrad.
	u, e, dg []float64
	arFull   []float64
	maFull   []float64
	ar, ma   []term
}

// delta returns the coefficients of the differencing as a lag polynomial
// 1 - delta_1 B - ...: x_t = w_t + sum delta_i x_{t-i}.
func delta(o Order, m int) []float64 {
	poly := []float64{1}
	mul := func(lag int) {
		next := make([]float64, len(poly)+lag)
		copy(next, poly)
		for i, v := range poly {
			next[i+lag] -= v
		}
		poly = next
	}
	for range o.D {
		mul(1)
	}
	for range o.SD {
		mul(m)
	}
	d := make([]float64, len(poly)-1)
	for i := range d {
		d[i] = -poly[i+1]
	}
	return d
}

// difference applies the differencing of o to x.
func difference(x []float64, o Order, m int) []float64 {
	w := append([]float64(nil), x...)
	for range o.D {
		for t := len(w) - 1; t > 0; t-- {
			w[t] -= w[t-1]
		}
		w = w[1:]
	}
	for range o.SD {
		for t := len(w) - 1; t >= m; t-- {
			w[t] -= w[t-m]
		}
		w = w[m:]
	}
	return w
}

// nCoef returns the number of ARMA coefficients of o.
func (o Order) nCoef() int { return o.P + o.Q + o.SP + o.SQ }

// expand returns the full autoregressive and moving-average polynomials
// of the coefficients par (ar, ma, sar, sma), as R's ARIMA_transPars.
func expand(o Order, m int, par []float64) (phi, theta []float64) {
	ar, ma := par[:o.P], par[o.P:o.P+o.Q]
	sar, sma := par[o.P+o.Q:o.P+o.Q+o.SP], par[o.P+o.Q+o.SP:o.nCoef()]
	phi = make([]float64, o.P+m*o.SP)
	theta = make([]float64, o.Q+m*o.SQ)
	copy(phi, ar)
	copy(theta, ma)
	for j, s := range sar {
		phi[(j+1)*m-1] += s
		for i, a := range ar {
			phi[(j+1)*m+i] -= a * s
		}
	}
	for j, s := range sma {
		theta[(j+1)*m-1] += s
		for i, a := range ma {
			theta[(j+1)*m+i] += a * s
		}
	}
	return phi, theta
}

// transform maps the optimiser's values to coefficients: the
// autoregressive parts through parTrans.
func transform(o Order, par []float64) []float64 {
	out := append([]float64(nil), par...)
	copy(out[:o.P], parTrans(par[:o.P]))
	s := o.P + o.Q
	copy(out[s:s+o.SP], parTrans(par[s:s+o.SP]))
	return out
}

// residual returns w minus the regression on the constant, in a buffer
// reused between calls.
func (pr *problem) residual(par []float64) []float64 {
	if pr.xw == nil {
		return pr.w
	}
	b := par[pr.o.nCoef()]
	if pr.u == nil {
		pr.u = make([]float64, len(pr.w))
	}
	for i, v := range pr.w {
		pr.u[i] = v - b*pr.xw[i]
	}
	return pr.u
}

// term is a non-zero coefficient of a lag polynomial.
type term struct {
	lag int
	c   float64
}

// terms returns the non-zero coefficients of c (c[i] at lag i+1): the
// expanded seasonal polynomials are mostly zeros.
func terms(c []float64, buf []term) []term {
	buf = buf[:0]
	for i, v := range c {
		if v != 0 {
			buf = append(buf, term{i + 1, v})
		}
	}
	return buf
}

// css returns the conditional sum of squares of the coefficients par and
// the number of residuals, filling resid, as R's ARIMA_CSS: residuals from
// the p-th on, earlier innovations taken as zero. Runs in O(n*(p+q)) for
// the non-zero coefficients.
func (pr *problem) css(par []float64, resid []float64) (float64, int) {
	phi, theta := expand(pr.o, pr.m, par)
	u := pr.residual(par)
	p, q := len(phi), len(theta)
	pr.arFull, pr.maFull = phi, theta
	pr.ar = terms(phi, pr.ar)
	pr.ma = terms(theta, pr.ma)
	var ssq float64
	clear(resid[:min(p, len(u))])
	for t := p; t < len(u); t++ {
		v := u[t]
		for _, a := range pr.ar {
			v -= a.c * u[t-a.lag]
		}
		if t-p >= q {
			for _, b := range pr.ma {
				v -= b.c * resid[t-b.lag]
			}
		} else {
			for _, b := range pr.ma {
				if b.lag <= t-p {
					v -= b.c * resid[t-b.lag]
				}
			}
		}
		resid[t] = v
		ssq += v * v
	}
	return ssq, len(u) - p
}

// like returns R's concentrated objective 0.5*(log(s2) + sumlog/n) for the
// coefficients par (already transformed), s2 = ssq/n, or +Inf when the
// autoregression is not stationary.
func (pr *problem) like(par []float64) (obj, ssq float64) {
	phi, theta := expand(pr.o, pr.m, par)
	u := pr.residual(par)
	ssq, sumlog, ok := newARMA(phi, theta).filter(u)
	if !ok || !(ssq > 0) {
		return math.Inf(1), 0
	}
	n := float64(len(u))
	return 0.5 * (math.Log(ssq/n) + sumlog/n), ssq
}

// FitOptions adjust Fit.
type FitOptions struct {
	// Constant adds a mean when the model has no differencing, a drift
	// when it has one difference; it is ignored with more.
	Constant bool
	Method   Method
}

// Fit estimates the seasonal ARIMA model of order o and period m on y as
// R's arima(method = "CSS-ML") (or "CSS") and forecast::Arima do. The
// seasonal orders are ignored when m < 2. It returns an error wrapping
// ErrFit when y holds a non-finite value, is too short for the model, the
// conditional fit gives a non-stationary autoregression or the likelihood
// cannot be evaluated. Cost: O(n*r^2) per likelihood evaluation for
// r = max(p+m*P, q+m*Q+1), times a few hundred evaluations.
func Fit(y []float64, m int, o Order, opt FitOptions) (*Model, error) {
	f, err := fit(y, m, o, opt)
	if err != nil {
		return nil, err
	}
	f.finish()
	return f, nil
}

// fit is Fit but for the final filter, which the order search runs on
// the chosen model only.
func fit(y []float64, m int, o Order, opt FitOptions) (*Model, error) {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fitErr("value %d is %g", i, v)
		}
	}
	if o.P < 0 || o.D < 0 || o.Q < 0 || o.SP < 0 || o.SD < 0 || o.SQ < 0 {
		return nil, fitErr("negative order %v", o)
	}
	if m < 2 {
		m = 1
		o.SP, o.SD, o.SQ = 0, 0, 0
	}
	pr := &problem{o: o, m: m}
	nd := o.D + m*o.SD
	if nd >= len(y) {
		return nil, fitErr("%d values, %d lost to differencing", len(y), nd)
	}
	pr.w = difference(y, o, m)
	constant := opt.Constant && o.D+o.SD <= 1
	if constant {
		x := make([]float64, len(y))
		for i := range x {
			if o.D+o.SD == 0 {
				x[i] = 1
			} else {
				x[i] = float64(i + 1)
			}
		}
		pr.xw = difference(x, o, m)
	}
	k := o.nCoef()
	np := k
	if constant {
		np++
	}
	if ncond := o.P + m*o.SP; len(pr.w)-ncond <= np {
		return nil, fitErr("%d values after differencing, too few for %d coefficients and %d lags", len(pr.w), np, ncond)
	}
	init := make([]float64, np)
	scale := make([]float64, np)
	for i := range scale {
		scale[i] = 1
	}
	if constant {
		// Least squares of the differenced series on the differenced
		// regressor gives the start and, by its standard error, the scale.
		var sxy, sxx float64
		for i, v := range pr.w {
			sxy += v * pr.xw[i]
			sxx += pr.xw[i] * pr.xw[i]
		}
		b := sxy / sxx
		var rss float64
		for i, v := range pr.w {
			rss += (v - b*pr.xw[i]) * (v - b*pr.xw[i])
		}
		se := math.Sqrt(rss / float64(len(pr.w)-1) / sxx)
		init[k] = b
		if se > 0 && !math.IsInf(se, 0) {
			scale[k] = 10 * se
		}
	}
	resid := make([]float64, len(pr.w))
	cssObj := func(par []float64) float64 {
		ssq, nu := pr.css(par, resid)
		return 0.5 * math.Log(ssq/float64(nu))
	}
	par, _, conv, err := minimize(cssObj, pr.cssGrad, init, scale)
	if err != nil {
		return nil, fitErr("conditional sum of squares: %v", err)
	}
	if !conv && opt.Method == CSSML {
		par = init
	}
	f := &Model{Order: o, M: m, Constant: constant, Method: opt.Method, y: y, nobs: len(pr.w)}
	if opt.Method == CSS {
		ssq, nu := pr.css(par, resid)
		s2 := ssq / float64(nu)
		n := float64(len(pr.w))
		f.LogLik = -0.5 * (n*math.Log(s2) + n + n*math.Log(2*math.Pi))
		f.nu, f.cssSSQ = nu, ssq
		f.setCoef(par)
		return f, f.criteria(np)
	}
	if !arStationary(par[:o.P]) || !arStationary(par[o.P+o.Q:o.P+o.Q+o.SP]) {
		return nil, fitErr("non-stationary autoregression from the conditional fit")
	}
	// Optimise over the transformed autoregression, starting from an
	// invertible moving average.
	raw := append([]float64(nil), par...)
	copy(raw[:o.P], invParTrans(par[:o.P]))
	s := o.P + o.Q
	copy(raw[s:s+o.SP], invParTrans(par[s:s+o.SP]))
	copy(raw[o.P:], maInvert(raw[o.P:o.P+o.Q]))
	copy(raw[s+o.SP:], maInvert(raw[s+o.SP:s+o.SP+o.SQ]))
	mlObj := func(raw []float64) float64 {
		v, _ := pr.like(transform(o, raw))
		return v
	}
	raw, _, _, err = minimize(mlObj, nil, raw, scale)
	if err != nil {
		return nil, fitErr("likelihood: %v", err)
	}
	copy(raw[o.P:], maInvert(raw[o.P:o.P+o.Q]))
	copy(raw[s+o.SP:], maInvert(raw[s+o.SP:s+o.SP+o.SQ]))
	par = transform(o, raw)
	obj, _ := pr.like(par)
	if math.IsInf(obj, 0) || math.IsNaN(obj) {
		return nil, fitErr("likelihood not finite at the estimates")
	}
	n := float64(len(pr.w))
	f.LogLik = -0.5 * (2*n*obj + n + n*math.Log(2*math.Pi))
	f.setCoef(par)
	return f, f.criteria(np)
}

// setCoef stores the coefficients par (ar, ma, sar, sma, constant).
func (f *Model) setCoef(par []float64) {
	o := f.Order
	cut := func(from, n int) []float64 { return append([]float64(nil), par[from:from+n]...) }
	f.AR, f.MA = cut(0, o.P), cut(o.P, o.Q)
	f.SAR, f.SMA = cut(o.P+o.Q, o.SP), cut(o.P+o.Q+o.SP, o.SQ)
	if f.Constant {
		f.Intercept = par[o.nCoef()]
	}
	f.phi, f.theta = expand(o, f.M, par)
}

// criteria sets AIC, AICc and BIC as forecast's Arima does, for np
// estimated coefficients (the variance counts one more).
func (f *Model) criteria(np int) error {
	f.np = np
	k := float64(np + 1)
	n := float64(f.nobs)
	f.AIC = -2*f.LogLik + 2*k
	f.BIC = f.AIC + k*(math.Log(n)-2)
	f.AICc = math.Inf(1)
	if n-k-1 > 0 {
		f.AICc = f.AIC + 2*k*(k+1)/(n-k-1)
	}
	if math.IsNaN(f.LogLik) || math.IsInf(f.LogLik, 0) {
		return fitErr("likelihood not finite at the estimates")
	}
	return nil
}
