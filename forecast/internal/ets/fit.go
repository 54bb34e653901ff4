package ets

import (
	"fmt"
	"math"
)

// problem is one model to fit to one series: the vector searched is the
// smoothing parameters the model has (alpha, beta, gamma, phi in that
// order) followed by the initial state less its oldest seasonal component.
type problem struct {
	y    []float64
	m    int
	spec Spec
	// Scratch space reused across evaluations: the state, the initial
	// state vector and the characteristic polynomial.
	st   state
	x, c []float64
}

// unpack splits a searched vector into parameters and the full initial
// state (oldest seasonal component derived from the others), the latter
// valid until the next call.
func (pr *problem) unpack(v []float64) (params, []float64) {
	p := params{phi: 1}
	k := 0
	p.alpha, k = v[k], k+1
	if pr.spec.Trend != None {
		p.beta, k = v[k], k+1
	}
	if pr.spec.Season != None {
		p.gamma, k = v[k], k+1
	}
	if pr.spec.Damped {
		p.phi, k = v[k], k+1
	}
	x := append(pr.x[:0], v[k:]...)
	if pr.spec.Season != None {
		sum := 0.0
		for _, s := range x[1+btoi(pr.spec.Trend != None):] {
			sum += s
		}
		last := -sum
		if pr.spec.Season == Mul {
			last += float64(pr.m)
		}
		x = append(x, last)
	}
	pr.x = x
	return p, x
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// objective is R's criterion at v: +Inf outside the bounds or the
// admissible region or with a negative seasonal index, floored at minLik.
func (pr *problem) objective(v []float64) float64 {
	p, x := pr.unpack(v)
	if !pr.inBounds(p) || !pr.admissible(p) {
		return math.Inf(1)
	}
	if pr.spec.Season == Mul {
		for _, s := range x[1+btoi(pr.spec.Trend != None):] {
			if s < 0 {
				return math.Inf(1)
			}
		}
	}
	pr.st.set(pr.spec, pr.m, x)
	lik := filter(pr.spec, p, &pr.st, pr.y, nil)
	switch {
	case math.IsNaN(lik):
		return math.Inf(1)
	case lik < minLik:
		return minLik
	}
	return lik
}

// inBounds reports whether p lies within R's usual bounds: each parameter
// in its range, beta at most alpha and gamma at most 1-alpha.
func (pr *problem) inBounds(p params) bool {
	in := func(v, lo, hi float64) bool { return v >= lo && v <= hi }
	switch {
	case !in(p.alpha, lowerABG, upperABG):
		return false
	case pr.spec.Trend != None && !in(p.beta, lowerABG, math.Min(upperABG, p.alpha)):
		return false
	case pr.spec.Damped && !in(p.phi, lowerPhi, upperPhi):
		return false
	case pr.spec.Season != None && !in(p.gamma, lowerABG, math.Min(upperABG, 1-p.alpha)):
		return false
	}
	return true
}

// admissible reports whether p lies in the admissible (forecastable)
// region of Hyndman, Akram and Archibald (2008) for the linear model of
// the same components: the conditions R's admissible checks, ending, for
// seasonal models, with the roots of the characteristic polynomial inside
// the unit circle.
func (pr *problem) admissible(p params) bool {
	spec, m := pr.spec, pr.m
	a, b, g, phi := p.alpha, p.beta, p.gamma, p.phi
	if phi < 0 || phi > 1+1e-8 {
		return false
	}
	if spec.Season == None {
		if a < 1-1/phi || a > 1+1/phi {
			return false
		}
		return spec.Trend == None || (b >= a*(phi-1) && b <= (1+phi)*(2-a))
	}
	fm := float64(m)
	switch {
	case g < math.Max(1-1/phi-a, 0) || g > 1+1/phi-a:
		return false
	case a < 1-1/phi-g*(1-fm+phi+phi*fm)/(2*phi*fm):
		return false
	case b < -(1-phi)*(g/fm+a):
		return false
	}
	// z^(m+1) + c1 z^m + ... + c(m+1), R's characteristic polynomial.
	if len(pr.c) != m+2 {
		pr.c = make([]float64, m+2)
	}
	c := pr.c
	c[0] = 1
	c[1] = a + b - phi
	for i := 2; i < m; i++ {
		c[i] = a + b - a*phi
	}
	c[m] = a + b - a*phi + g - 1
	c[m+1] = phi * (1 - a - g)
	return rootsWithin(c, 1+1e-10)
}

// rootsWithin reports whether every root of the polynomial with
// coefficients c (highest power first, c[0] > 0) lies inside the circle
// of radius r, by the Schur-Cohn test on the polynomial of z/r: each
// step-down must have a reflection coefficient below 1 in absolute value.
// It overwrites c. Cost O(len(c)^2), against O(len(c)^3) for the roots.
func rootsWithin(c []float64, r float64) bool {
	scale := 1.0
	for i := range c {
		c[i] /= scale
		scale *= r
	}
	for k := len(c) - 1; k > 0; k-- {
		rho := c[k] / c[0]
		if !(math.Abs(rho) < 1) {
			return false
		}
		for i, j := 0, k; i <= j; i, j = i+1, j-1 {
			c[i], c[j] = c[i]-rho*c[j], c[j]-rho*c[i]
		}
	}
	return true
}

// fit fits spec to y, which checkData has accepted, from R's starting
// values by R's Nelder-Mead search, and sets the criteria. It returns
// ErrShort when the parameters and initial states leave fewer than two
// degrees of freedom.
func fit(y []float64, m int, spec Spec) (*Model, error) {
	if spec.Season == None {
		m = 1
	}
	p0 := startParams(spec, m)
	x0 := initState(y, m, spec)
	if x0 == nil {
		return nil, fmt.Errorf("%w: %v: no starting state", ErrFit, spec)
	}
	v0 := []float64{p0.alpha}
	if spec.Trend != None {
		v0 = append(v0, p0.beta)
	}
	if spec.Season != None {
		v0 = append(v0, p0.gamma)
	}
	if spec.Damped {
		v0 = append(v0, p0.phi)
	}
	v0 = append(v0, x0...)
	n := len(y)
	np := len(v0)
	if np+1 >= n-1 {
		return nil, fmt.Errorf("%w: %v has %d parameters and states, %d values", ErrShort, spec, np, n)
	}
	pr := &problem{y: y, m: m, spec: spec}
	v, _, ok := nelderMead(pr.objective, v0, maxEval)
	if !ok {
		return nil, fmt.Errorf("%w: %v: the likelihood cannot be evaluated at the starting values", ErrFit, spec)
	}
	p, x := pr.unpack(v)
	return evaluate(y, m, spec, p, append([]float64(nil), x...), np)
}

// evaluate returns the model of parameters p and initial state x (laid out
// as Init) on y, with criteria counting np estimated values.
func evaluate(y []float64, m int, spec Spec, p params, x []float64, np int) (*Model, error) {
	n := len(y)
	f := &Model{Spec: spec, Period: m, Alpha: p.alpha, Beta: p.beta, Gamma: p.gamma, Phi: p.phi,
		Init: x, Fitted: make([]float64, n)}
	st := newState(spec, m, x)
	lik := filter(spec, p, st, y, f.Fitted)
	if math.IsNaN(lik) || math.IsInf(lik, 1) {
		return nil, fmt.Errorf("%w: %v: the likelihood is not finite at the optimum", ErrFit, spec)
	}
	lik = math.Max(lik, minLik) // a perfect fit
	f.last = st.vector(spec)
	f.setCriteria(lik, np, n)
	var sse float64
	for i, v := range y {
		e := v - f.Fitted[i]
		if spec.Error == Mul {
			e /= f.Fitted[i]
		}
		sse += e * e
	}
	f.Sigma2 = sse / float64(n-np)
	return f, nil
}
