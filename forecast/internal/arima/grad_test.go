package arima

import (
	"math"
	"testing"
)

// TestCSSGradient compares the exact gradient of the conditional sum of
// squares with central differences, for seasonal models with a constant.
func TestCSSGradient(t *testing.T) {
	y := simulate(300, 0.5, 0.3, 4, 5)
	for i := range y {
		y[i] += float64(i%7) + 0.01*float64(i)
	}
	for _, tt := range []struct {
		o   Order
		par []float64
	}{
		{Order{P: 2, Q: 1}, []float64{0.3, -0.2, 0.4, 0.5}},
		{Order{P: 1, D: 1, Q: 2, SP: 1, SQ: 1}, []float64{0.3, 0.2, -0.1, 0.4, -0.3, 0.02}},
		{Order{Q: 1, SP: 2, SD: 1, SQ: 1}, []float64{0.3, 0.2, -0.1, -0.4, 0.1}},
	} {
		const m = 7
		pr := &problem{o: tt.o, m: m, w: difference(y, tt.o, m)}
		if len(tt.par) > tt.o.nCoef() {
			x := make([]float64, len(y))
			for i := range x {
				x[i] = float64(i + 1)
			}
			if tt.o.D+tt.o.SD == 0 {
				for i := range x {
					x[i] = 1
				}
			}
			pr.xw = difference(x, tt.o, m)
		}
		resid := make([]float64, len(pr.w))
		obj := func(par []float64) float64 {
			ssq, nu := pr.css(par, resid)
			return 0.5 * math.Log(ssq/float64(nu))
		}
		g := make([]float64, len(tt.par))
		pr.cssGrad(tt.par, g)
		for i := range tt.par {
			const h = 1e-6
			up := append([]float64(nil), tt.par...)
			dn := append([]float64(nil), tt.par...)
			up[i] += h
			dn[i] -= h
			num := (obj(up) - obj(dn)) / (2 * h)
			if math.Abs(num-g[i]) > 1e-5*math.Max(1, math.Abs(num)) {
				t.Errorf("%v parameter %d: gradient %.8f, differences %.8f", tt.o, i, g[i], num)
			}
		}
	}
}

// TestInitCov checks the stationary state covariance against the limit of
// P = T P T' + R R' iterated from zero, for ARMA models with seasonal
// parts.
func TestInitCov(t *testing.T) {
	for _, tt := range []struct {
		o   Order
		par []float64
	}{
		{Order{P: 1}, []float64{0.6}},
		{Order{Q: 2}, []float64{0.4, -0.3}},
		{Order{P: 2, Q: 1}, []float64{0.5, -0.3, 0.4}},
		{Order{P: 1, Q: 1, SP: 1, SQ: 1}, []float64{0.3, 0.2, 0.4, -0.5}},
	} {
		phi, theta := expand(tt.o, 4, tt.par)
		s := newARMA(phi, theta)
		got, ok := s.initCov()
		if !ok {
			t.Fatalf("%v: no covariance", tt.o)
		}
		r := s.r
		P := make([]float64, r*r)
		p0 := make([]float64, r+1)
		ph := make([]float64, r)
		copy(ph, phi)
		Rv := make([]float64, r)
		for i := range Rv {
			Rv[i] = s.th(i)
		}
		for range 2000 {
			predictCov(P, p0, ph, Rv, r)
		}
		for k := range P {
			if math.Abs(P[k]-got[k]) > 1e-9 {
				t.Errorf("%v: P[%d][%d] = %.10f, iteration gives %.10f", tt.o, k/r, k%r, got[k], P[k])
			}
		}
	}
}
