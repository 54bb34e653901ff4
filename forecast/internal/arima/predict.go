package arima

import (
	"math"
)

// kappa is the prior variance of the differencing states, relative to the
// innovation variance, as in R's makeARIMA: the first d + D*m values are
// all but free and their innovations do not enter the likelihood.
const kappa = 1e6

// space is the model with the differencing in the state, as R's
// makeARIMA: the ARMA state of the differenced series, then u_{t-1}, ...,
// u_{t-nd} of the series u less its regression; u_t = Z state.
type space struct {
	s    arma
	r, k int
	T, Z []float64
}

func (f *Model) space() space {
	s := newARMA(f.phi, f.theta)
	dl := delta(f.Order, f.M)
	r, nd := s.r, len(dl)
	k := r + nd
	Z := make([]float64, k)
	Z[0] = 1
	copy(Z[r:], dl)
	T := make([]float64, k*k)
	for i := range r {
		T[i*k] = s.ph(i)
		if i+1 < r {
			T[i*k+i+1] = 1
		}
	}
	if nd > 0 {
		copy(T[r*k:(r+1)*k], Z)
		for i := 1; i < nd; i++ {
			T[(r+i)*k+r+i-1] = 1
		}
	}
	return space{s, r, k, T, Z}
}

// predict replaces a by T a and P by T P T' + R R', using scratch.
func (sp space) predict(a, P, next, TP []float64) {
	k := sp.k
	for i := range k {
		var v float64
		for l := range k {
			v += sp.T[i*k+l] * a[l]
		}
		next[i] = v
	}
	copy(a, next)
	for i := range k {
		for l := range k {
			var v float64
			for m := range k {
				v += sp.T[i*k+m] * P[m*k+l]
			}
			TP[i*k+l] = v
		}
	}
	for i := range k {
		for l := range k {
			var v float64
			for m := range k {
				v += TP[i*k+m] * sp.T[l*k+m]
			}
			if i < sp.r && l < sp.r {
				v += sp.s.th(i) * sp.s.th(l)
			}
			P[i*k+l] = v
		}
	}
}

// run filters u (the series less its regression) through the model as
// R's ARIMA_Like does for the final residuals, the differencing states
// starting diffuse, and returns the sum of squared residuals, that sum
// without the diffuse first ones, and the final filtered state and
// covariance. Runs in O(n*k^3).
func (sp space) run(u []float64) (sumsq, ssq float64, a, P []float64) {
	k := sp.k
	a, P = make([]float64, k), make([]float64, k*k)
	if P0, ok := sp.s.initCov(); ok {
		for i := range sp.r {
			copy(P[i*k:i*k+sp.r], P0[i*sp.r:(i+1)*sp.r])
		}
	}
	for i := sp.r; i < k; i++ {
		P[i*k+i] = kappa
	}
	next, TP, PZ := make([]float64, k), make([]float64, k*k), make([]float64, k)
	for t, y := range u {
		if t > 0 {
			sp.predict(a, P, next, TP)
		}
		v := y
		for i := range k {
			v -= sp.Z[i] * a[i]
			var pz float64
			for l := range k {
				pz += P[i*k+l] * sp.Z[l]
			}
			PZ[i] = pz
		}
		var F float64
		for i := range k {
			F += sp.Z[i] * PZ[i]
		}
		if !(F > 0) {
			continue
		}
		sumsq += v * v / F
		if F < 1e4 {
			ssq += v * v / F
		}
		for i := range k {
			a[i] += PZ[i] * v / F
			for l := range k {
				P[i*k+l] -= PZ[i] * PZ[l] / F
			}
		}
	}
	return sumsq, ssq, a, P
}

// Forecast returns the point forecasts of the next h values and the
// bounds of the central prediction interval of level percent (in (0,
// 100)), as forecast.Arima: the state after the last value is propagated
// through the model (R's KalmanForecast), its variance scaled by Sigma2.
// Runs in O(h*k^3) for k = r + d + D*M states.
func (f *Model) Forecast(h int, level float64) (mean, lo, hi []float64) {
	if h < 0 || !(level > 0 && level < 100) {
		panic("arima: Forecast needs h >= 0 and a level in (0, 100)")
	}
	mean, lo, hi = make([]float64, h), make([]float64, h), make([]float64, h)
	sp := f.space()
	k := sp.k
	a, P := append([]float64(nil), f.a...), append([]float64(nil), f.P...)
	next, TP := make([]float64, k), make([]float64, k*k)
	z := math.Sqrt2 * math.Erfinv(level/100)
	n := len(f.y)
	for j := range h {
		sp.predict(a, P, next, TP)
		var fc, vr float64
		for i := range k {
			fc += sp.Z[i] * a[i]
			for l := range k {
				vr += sp.Z[i] * P[i*k+l] * sp.Z[l]
			}
		}
		fc += f.reg(n + j)
		se := math.Sqrt(math.Max(0, vr) * f.Sigma2)
		mean[j], lo[j], hi[j] = fc, fc-z*se, fc+z*se
	}
	return mean, lo, hi
}

// reg returns the regression on the constant at time t (from 0).
func (f *Model) reg(t int) float64 {
	switch {
	case !f.Constant:
		return 0
	case f.Order.D+f.Order.SD == 0:
		return f.Intercept
	}
	return f.Intercept * float64(t+1)
}

// finish runs the final filter: the residuals' sums of squares and the
// variance as R reports them, and the state the forecasts start from.
func (f *Model) finish() {
	u := make([]float64, len(f.y))
	for t, v := range f.y {
		u[t] = v - f.reg(t)
	}
	f.sumsq, f.ssq, f.a, f.P = f.space().run(u)
	if f.Method == CSS {
		f.sumsq = f.cssSSQ // R's residuals of a CSS fit are the conditional ones
	}
	f.Sigma2 = max(0, f.sumsq/float64(f.nobs-f.np))
}
