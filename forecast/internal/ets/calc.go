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
	st := &state{l: x[0]}
	k := 1
	if spec.Trend != None {
		st.b = x[1]
		k = 2
	}
	if spec.Season != None {
		st.s = make([]float64, m)
		for i := range m {
			st.s[i] = x[k+m-1-i]
		}
	}
	return st
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
	l, b := st.l, st.b
	for i, v := range y {
		var s float64
		k := 0
		if m > 0 {
			k = (st.t + i) % m
			s = st.s[k]
		}
		// One-step forecast: q is the level and damped trend, f adds the
		// season.
		q, phib := l, 0.0
		if spec.Trend == Add {
			phib = p.phi * b
			q = l + phib
		}
		f := q
		switch spec.Season {
		case Add:
			f = q + s
		case Mul:
			f = q * s
		}
		if fitted != nil {
			fitted[i] = f
		}
		e := v - f
		if spec.Error == Mul {
			e /= f
			logs += math.Log(math.Abs(f))
		}
		sse += e * e
		// Updates: level toward the seasonally adjusted value, trend toward
		// the change of level, season toward the value against the level.
		a := v
		switch spec.Season {
		case Add:
			a = v - s
		case Mul:
			a = ratio(v, s)
		}
		nl := q + p.alpha*(a-q)
		if spec.Trend == Add {
			b = phib + p.beta/p.alpha*(nl-l-phib)
		}
		switch spec.Season {
		case Add:
			st.s[k] = s + p.gamma*(v-q-s)
		case Mul:
			st.s[k] = s + p.gamma*(ratio(v, q)-s)
		}
		l = nl
	}
	st.l, st.b = l, b
	st.t += len(y)
	lik := float64(len(y)) * math.Log(sse)
	if spec.Error == Mul {
		lik += 2 * logs
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
