package arima

import (
	"math"
	"slices"
)

// AutoOptions adjust Auto.
type AutoOptions struct {
	// Strength returns the strength of the seasonality of period m in x,
	// 1 - var(remainder)/var(remainder + seasonal) of an STL
	// decomposition, which decides seasonal differencing (over 0.64).
	// Nil: no seasonal differencing.
	Strength func(x []float64, m int) float64
	// Truncate, when positive and the search approximates, limits it to
	// the last Truncate values, as auto.arima's truncate; the chosen model
	// is fitted to the whole series.
	Truncate int
}

// Limits of the search, auto.arima's defaults.
const (
	maxP, maxQ   = 5, 5
	maxSP, maxSQ = 2, 2
	maxD         = 2
	kpss5        = 0.463 // KPSS level-stationarity critical value at 5%
	seasStrength = 0.64  // seasonal strength over which D = 1
	maxModels    = 94
	maxRefits    = 5 // exact refits of the approximate search's best
)

// candidate is a model of the search and its information criterion.
type candidate struct {
	o        Order
	constant bool
	ic       float64
}

// Auto chooses and fits a seasonal ARIMA model of period m for y as
// forecast::auto.arima does with its defaults: D (0 or 1) by the seasonal
// strength test, d (0 to 2) by repeated KPSS tests at 5%, then the
// Hyndman-Khandakar stepwise search over p, q <= 5 and P, Q <= 2 (fewer on
// short series) by AICc, with a mean when d + D = 0 and a drift when it is
// 1 as candidates; on long series the search scores models by conditional
// sums of squares and the best (up to five) are refitted by exact
// likelihood until one passes. A series
// whose differences are constant gets the exact model R gives it (zero
// variance). It returns an error wrapping ErrFit when y is empty or not
// finite, or no model could be fitted. Cost: a few dozen fits (see Fit).
func Auto(y []float64, m int, opt AutoOptions) (*Model, error) {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fitErr("value %d is %g", i, v)
		}
	}
	n := len(y)
	if n == 0 {
		return nil, fitErr("no values")
	}
	if m < 2 || m >= n {
		m = 1
	}
	mp, mq := min(maxP, n/3), min(maxQ, n/3)
	msp, msq := min(maxSP, n/3/m), min(maxSQ, n/3/m)
	if m == 1 {
		msp, msq = 0, 0
	}
	D := 0
	if m > 1 && n > 2*m && opt.Strength != nil && !constant(y) {
		if s := opt.Strength(y, m); s > seasStrength {
			D = 1
		}
	}
	dx := y
	if D > 0 {
		dx = difference(y, Order{SD: 1}, m)
	}
	d := ndiffs(dx)
	if d > 0 {
		dx = difference(dx, Order{D: d}, 1)
	}
	if len(dx) == 0 {
		return nil, fitErr("%d values, all lost to differencing", n)
	}
	if constant(dx) {
		return exact(y, m, d, D, dx[0]), nil
	}
	if m > 1 {
		if msp > 0 {
			mp = min(mp, m-1)
		}
		if msq > 0 {
			mq = min(mq, m-1)
		}
	}
	// Long series are searched by conditional sums of squares, as
	// auto.arima's default approximation.
	approximate := n > 150 || m > 12
	offset := 0.0
	ys := y
	if approximate {
		if opt.Truncate > 0 && n > opt.Truncate {
			ys = y[n-opt.Truncate:]
		}
		// stats::arima's default mean, and its variance estimate.
		if f, err := Fit(ys, m, Order{P: 1, D: d, SD: D}, FitOptions{Constant: d+D == 0}); err == nil {
			offset = -2*f.LogLik - float64(len(ys))*math.Log(f.ssq/float64(f.nobs))
		}
	}
	allowConst := d+D <= 1
	s := search{y: ys, m: m, d: d, D: D, approximate: approximate, offset: offset}
	best := s.stepwise(mp, mq, msp, msq, allowConst)
	if approximate {
		// Refit the candidates by exact likelihood, best first, until one
		// passes.
		best = nil
		order := slices.Clone(s.results)
		slices.SortStableFunc(order, func(a, b candidate) int {
			switch {
			case a.ic < b.ic:
				return -1
			case a.ic > b.ic:
				return 1
			}
			return 0
		})
		// Unlike auto.arima, which tries every candidate, at most
		// maxRefits: when the best fail (a seasonal moving average at its
		// unit root after over-differencing, typically) the others mostly
		// fail alike, each after a long climb to the boundary.
		s.approximate, s.y = false, y
		for k, c := range order {
			if k == maxRefits || math.IsInf(c.ic, 1) {
				break
			}
			if f, ic := s.fit(c.o, c.constant); !math.IsInf(ic, 1) {
				best = f
				break
			}
		}
	}
	if best == nil {
		return nil, fitErr("no model could be fitted")
	}
	best.finish()
	return best, nil
}

// search is the state of the stepwise search.
type search struct {
	y           []float64
	m, d, D     int
	approximate bool
	offset      float64
	results     []candidate
}

// fit fits a model of the search and returns it with its criterion: AICc,
// +Inf when the fit fails or a root of the autoregression or moving
// average lies within 1.01 of the unit circle, as auto.arima's myarima.
func (s *search) fit(o Order, constant bool) (*Model, float64) {
	method := CSSML
	if s.approximate {
		method = CSS
	}
	f, err := fit(s.y, s.m, o, FitOptions{Constant: constant, Method: method})
	if err != nil {
		return nil, math.Inf(1)
	}
	ic := f.AICc
	if method == CSS {
		// R scores CSS fits with the offset from an exact AR(1) fit.
		k := float64(f.np + 1)
		n := float64(f.nobs)
		aic := s.offset + n*math.Log(f.cssSSQ/float64(f.nu)) + 2*k
		ic = aic + 2*k*(k+1)/(n-k-1)
		if n-k-1 <= 0 {
			ic = math.Inf(1)
		}
	}
	neg := make([]float64, len(f.phi))
	for i, v := range f.phi {
		neg[i] = -v
	}
	if minRoot(trim(neg)) < 1.01 || minRoot(trim(f.theta)) < 1.01 || math.IsNaN(ic) {
		ic = math.Inf(1)
	}
	return f, ic
}

// trim drops the trailing coefficients below 1e-8 in magnitude, as
// auto.arima does before its root check.
func trim(c []float64) []float64 {
	k := len(c)
	for k > 0 && math.Abs(c[k-1]) <= 1e-8 {
		k--
	}
	return c[:k]
}

// stepwise runs the Hyndman-Khandakar search and returns the best model.
func (s *search) stepwise(mp, mq, msp, msq int, allowConst bool) *Model {
	n := len(s.y)
	startP, startQ, startSP, startSQ := 2, 2, 1, 1
	if n < 10 {
		startP, startQ, startSP, startSQ = 1, 1, 0, 0
	}
	p, q := min(startP, mp), min(startQ, mq)
	P, Q := min(startSP, msp), min(startSQ, msq)
	constant := allowConst
	var best *Model
	bestIC := math.Inf(1)
	try := func(p, q, P, Q int, c bool) bool {
		o := Order{P: p, D: s.d, Q: q, SP: P, SD: s.D, SQ: Q}
		f, ic := s.fit(o, c)
		s.results = append(s.results, candidate{o, c, ic})
		if ic < bestIC {
			best, bestIC = f, ic
			return true
		}
		return false
	}
	seen := func(p, q, P, Q int, c bool) bool {
		o := Order{P: p, D: s.d, Q: q, SP: P, SD: s.D, SQ: Q}
		for _, r := range s.results {
			if r.o == o && r.constant == c {
				return true
			}
		}
		return false
	}
	try(p, q, P, Q, constant)
	if try(0, 0, 0, 0, constant) {
		p, q, P, Q = 0, 0, 0, 0
	}
	if mp > 0 || msp > 0 {
		ap, aP := b2i(mp > 0), b2i(s.m > 1 && msp > 0)
		if try(ap, 0, aP, 0, constant) {
			p, q, P, Q = ap, 0, aP, 0
		}
	}
	if mq > 0 || msq > 0 {
		aq, aQ := b2i(mq > 0), b2i(s.m > 1 && msq > 0)
		if try(0, aq, 0, aQ, constant) {
			p, q, P, Q = 0, aq, 0, aQ
		}
	}
	if constant && try(0, 0, 0, 0, false) {
		p, q, P, Q = 0, 0, 0, 0
		constant = false
	}
	// Neighbours in auto.arima's order; the first better one restarts.
	type move struct {
		ok             func() bool
		dp, dq, dP, dQ int
	}
	moves := []move{
		{func() bool { return P > 0 }, 0, 0, -1, 0},
		{func() bool { return Q > 0 }, 0, 0, 0, -1},
		{func() bool { return P < msp }, 0, 0, 1, 0},
		{func() bool { return Q < msq }, 0, 0, 0, 1},
		{func() bool { return Q > 0 && P > 0 }, 0, 0, -1, -1},
		{func() bool { return Q < msq && P > 0 }, 0, 0, -1, 1},
		{func() bool { return Q > 0 && P < msp }, 0, 0, 1, -1},
		{func() bool { return Q < msq && P < msp }, 0, 0, 1, 1},
		{func() bool { return p > 0 }, -1, 0, 0, 0},
		{func() bool { return q > 0 }, 0, -1, 0, 0},
		{func() bool { return p < mp }, 1, 0, 0, 0},
		{func() bool { return q < mq }, 0, 1, 0, 0},
		{func() bool { return q > 0 && p > 0 }, -1, -1, 0, 0},
		{func() bool { return q < mq && p > 0 }, -1, 1, 0, 0},
		{func() bool { return q > 0 && p < mp }, 1, -1, 0, 0},
		{func() bool { return q < mq && p < mp }, 1, 1, 0, 0},
	}
	for improved := true; improved && len(s.results) < maxModels; {
		improved = false
		for _, mv := range moves {
			np, nq, nP, nQ := p+mv.dp, q+mv.dq, P+mv.dP, Q+mv.dQ
			if !mv.ok() || seen(np, nq, nP, nQ, constant) {
				continue
			}
			if len(s.results) >= maxModels {
				break
			}
			if try(np, nq, nP, nQ, constant) {
				p, q, P, Q = np, nq, nP, nQ
				improved = true
				break
			}
		}
		if !improved && allowConst && !seen(p, q, P, Q, !constant) && len(s.results) < maxModels {
			if try(p, q, P, Q, !constant) {
				constant = !constant
				improved = true
			}
		}
	}
	return best
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// constant tells whether every value of x is the same.
func constant(x []float64) bool {
	for _, v := range x {
		if v != x[0] {
			return false
		}
	}
	return true
}

// ndiffs returns the number of differences (at most maxD) after which the
// KPSS test no longer rejects level stationarity at 5%, as forecast's
// ndiffs.
func ndiffs(x []float64) int {
	d := 0
	for d < maxD && len(x) > 1 && !constant(x) && kpss(x) > kpss5 {
		d++
		x = difference(x, Order{D: 1}, 1)
	}
	return d
}

// kpss returns the KPSS statistic for level stationarity with
// trunc(3*sqrt(n)/13) lags and Bartlett weights, as urca's ur.kpss.
func kpss(x []float64) float64 {
	n := len(x)
	mu := 0.0
	for _, v := range x {
		mu += v
	}
	mu /= float64(n)
	e := make([]float64, n)
	var s, eta, s2 float64
	for i, v := range x {
		e[i] = v - mu
		s += e[i]
		eta += s * s
		s2 += e[i] * e[i]
	}
	eta /= float64(n) * float64(n)
	s2 /= float64(n)
	lags := int(3 * math.Sqrt(float64(n)) / 13)
	for l := 1; l <= lags; l++ {
		var c float64
		for t := l; t < n; t++ {
			c += e[t] * e[t-l]
		}
		s2 += 2 / float64(n) * (1 - float64(l)/float64(lags+1)) * c
	}
	if !(s2 > 0) {
		return 0
	}
	return eta / s2
}

// exact returns the model of a series whose differences are the constant
// c: (0,d,0)(0,D,0) with the mean or drift R fixes, zero variance; its
// likelihood and criteria are left zero.
func exact(y []float64, m, d, D int, c float64) *Model {
	o := Order{D: d, SD: D}
	f := &Model{Order: o, M: m, Method: CSSML, y: y, nobs: len(y) - d - m*D}
	var par []float64
	switch {
	case D > 0 && d == 0:
		f.Constant, par = true, []float64{c / float64(m)}
	case D == 0 && d < 2:
		f.Constant, par = true, []float64{c}
	}
	f.setCoef(par)
	f.finish()
	f.Sigma2 = 0
	return f
}
