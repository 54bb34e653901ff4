package ets

import "math"

// The state recursions of Hyndman et al. (2008), table 2.3, in the
// error-correction form R's etscalc uses, with its guards: a seasonal
// index or level prediction within tol of zero yields a huge ratio rather
// than a division by zero.
const (
	tol    = 1e-10
	huge   = 1e10
	minLik = -1e10 // floor of the criterion, so that a perfect fit stays finite
)

// params are the smoothing parameters in R's parametrisation (beta and
// gamma already multiplied by alpha, so that beta < alpha and
// gamma < 1-alpha are the usual bounds).
type params struct {
	alpha, beta, gamma, phi float64
}

// state is the state at one time: level, trend and the seasonal ring.
type state struct {
	l, b float64
	// s[t%m] is the seasonal component of time t, t counting from the first
	// observation, so that the component of time t-m is overwritten with
	// that of time t; t is the time of the next observation.
	s []float64
	t int
}

// newState builds the state before the first observation from x, laid out
// as Model.Init (seasonal components most recent first).
func newState(spec Spec, m int, x []float64) *state {
	st := &state{}
	st.set(spec, m, x)
	return st
}

// set makes st the state before the first observation from x, as
// newState, reusing its seasonal ring.
func (st *state) set(spec Spec, m int, x []float64) {
	st.l, st.b, st.t = x[0], 0, 0
	k := 1
	if spec.Trend != None {
		st.b, k = x[1], 2
	}
	if spec.Season == None {
		return
	}
	if len(st.s) != m {
		st.s = make([]float64, m)
	}
	for i := range m {
		st.s[i] = x[k+m-1-i]
	}
}

// vector returns the state laid out as Model.Init.
func (st *state) vector(spec Spec) []float64 {
	x := []float64{st.l}
	if spec.Trend != None {
		x = append(x, st.b)
	}
	m := len(st.s)
	for j := range m {
		x = append(x, st.s[((st.t-1-j)%m+m)%m])
	}
	return x
}

// filter runs the model over y from st, advancing it, and returns R's
// likelihood criterion n*log(sum e^2), plus 2*sum log|yhat| for
// multiplicative error, e the additive or relative one-step error. It
// stores the one-step forecasts in fitted when non-nil. The result is NaN
// when a forecast is.
func filter(spec Spec, p params, st *state, y, fitted []float64) float64 {
	m := len(st.s)
	var sse, logs float64
	// The product of |yhat| stands for the sum of their logs, flushed into
	// logs before it can overflow or underflow: a logarithm per value would
	// cost a third of the fit.
	prod := 1.0
	l, b := st.l, st.b
	alpha, beta, gamma, phi := p.alpha, p.beta, p.gamma, p.phi
	trend, mulErr, season := spec.Trend == Add, spec.Error == Mul, spec.Season
	k := 0 // position of the current time in the seasonal ring
	if m > 0 {
		k = st.t % m
	}
	for i, v := range y {
		var s float64
		if m > 0 {
			s = st.s[k]
		}
		// One-step forecast: q is the level and damped trend, f adds the
		// season.
		q, phib := l, 0.0
		if trend {
			phib = phi * b
			q = l + phib
		}
		f := q
		switch season {
		case Add:
			f = q + s
		case Mul:
			f = q * s
		}
		if fitted != nil {
			fitted[i] = f
		}
		e := v - f
		if mulErr {
			e /= f
			if prod *= math.Abs(f); !(prod < 1e150 && prod > 1e-150) {
				logs += math.Log(prod)
				prod = 1
			}
		}
		sse += e * e
		// Updates: level toward the seasonally adjusted value, trend toward
		// the change of level, season toward the value against the level.
		a := v
		switch season {
		case Add:
			a = v - s
		case Mul:
			a = ratio(v, s)
		}
		// R's q + alpha*(a-q) and phib + beta/alpha*(nl-l-phib),
		// rearranged to shorten the chain of dependent operations from one
		// time to the next (which bounds the speed of the fit).
		nl := (1-alpha)*q + alpha*a
		if trend {
			b = phib + beta*(a-q)
		}
		switch season {
		case Add:
			st.s[k] = s + gamma*(v-q-s)
		case Mul:
			st.s[k] = s + gamma*(ratio(v, q)-s)
		}
		if k++; k == m {
			k = 0
		}
		l = nl
	}
	st.l, st.b = l, b
	st.t += len(y)
	lik := float64(len(y)) * math.Log(sse)
	if mulErr {
		lik += 2 * (logs + math.Log(prod))
	}
	return lik
}

// ratio is a/b, huge when b is within tol of zero.
func ratio(a, b float64) float64 {
	if math.Abs(b) < tol {
		return huge
	}
	return a / b
}

// pointForecasts returns the h forecasts from st: level plus damped trend
// (phi+phi^2+...+phi^j times the trend j steps ahead), with the season.
func pointForecasts(spec Spec, phi float64, st *state, h int) []float64 {
	f := make([]float64, h)
	m := len(st.s)
	damp, pow := 0.0, 1.0
	for j := range f {
		pow *= phi
		damp += pow
		v := st.l
		if spec.Trend == Add {
			v += damp * st.b
		}
		switch spec.Season {
		case Add:
			v += st.s[(st.t+j)%m]
		case Mul:
			v *= st.s[(st.t+j)%m]
		}
		f[j] = v
	}
	return f
}
