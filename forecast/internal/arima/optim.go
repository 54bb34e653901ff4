package arima

import (
	"errors"
	"math"
)

// The minimiser of R's optim(method = "BFGS") (vmmin, after Nash's
// Compact Numerical Methods, algorithm 21) with its central-difference
// gradient, so that fits follow the path R's arima takes and land on the
// same optimum when the likelihood is flat.

const (
	maxIter = 100                    // optim's default maxit for BFGS
	ndeps   = 1e-3                   // optim's finite-difference step, in scaled units
	reltol  = 1.49011611938476562e-8 // sqrt(machine epsilon), optim's default
)

var errNonFinite = errors.New("non-finite gradient")

// minimize minimises f from x0, working in x/scale, and returns the
// minimiser, its value and whether it converged within maxIter. The
// gradient is df when not nil (it fills g at x), else central differences.
// It fails when f is not finite at x0 or near a point of the search.
func minimize(f func([]float64) float64, df func(x, g []float64), x0, scale []float64) ([]float64, float64, bool, error) {
	n := len(x0)
	b := make([]float64, n) // scaled parameters
	for i := range b {
		b[i] = x0[i] / scale[i]
	}
	x := make([]float64, n)
	fs := func(b []float64) float64 {
		for i := range b {
			x[i] = b[i] * scale[i]
		}
		return f(x)
	}
	unscale := func(b []float64) []float64 {
		out := make([]float64, n)
		for i := range b {
			out[i] = b[i] * scale[i]
		}
		return out
	}
	fmin := fs(b)
	if math.IsNaN(fmin) || math.IsInf(fmin, 0) {
		return nil, 0, false, errors.New("non-finite objective at the initial values")
	}
	if n == 0 {
		return unscale(b), fmin, true, nil
	}
	g := make([]float64, n)
	grad := func() error {
		if df != nil {
			for i := range b {
				x[i] = b[i] * scale[i]
			}
			df(x, g)
			for i := range g {
				g[i] *= scale[i]
				if math.IsNaN(g[i]) || math.IsInf(g[i], 0) {
					return errNonFinite
				}
			}
			return nil
		}
		for i := range b {
			bi := b[i]
			b[i] = bi + ndeps
			v1 := fs(b)
			b[i] = bi - ndeps
			v2 := fs(b)
			b[i] = bi
			g[i] = (v1 - v2) / (2 * ndeps)
			if math.IsNaN(g[i]) || math.IsInf(g[i], 0) {
				return errNonFinite
			}
		}
		return nil
	}
	if err := grad(); err != nil {
		return nil, 0, false, err
	}
	B := make([][]float64, n)
	for i := range B {
		B[i] = make([]float64, n)
	}
	X, c, t := make([]float64, n), make([]float64, n), make([]float64, n)
	iter, gradcount, ilast := 1, 1, 1
	count := 0
	for {
		if ilast == gradcount {
			for i := range B {
				clear(B[i])
				B[i][i] = 1
			}
		}
		copy(X, b)
		copy(c, g)
		gradproj := 0.0
		for i := range n {
			s := 0.0
			for j := 0; j <= i; j++ {
				s -= B[i][j] * g[j]
			}
			for j := i + 1; j < n; j++ {
				s -= B[j][i] * g[j]
			}
			t[i] = s
			gradproj += s * g[i]
		}
		if gradproj < 0 { // downhill
			step := 1.0
			accept := false
			var fv float64
			for {
				count = 0
				for i := range n {
					b[i] = X[i] + step*t[i]
					if 10+X[i] == 10+b[i] {
						count++
					}
				}
				if count == n {
					break
				}
				fv = fs(b)
				accept = !math.IsNaN(fv) && !math.IsInf(fv, 0) && fv <= fmin+gradproj*step*1e-4
				if accept {
					break
				}
				step *= 0.2
			}
			if count < n && math.Abs(fv-fmin) <= reltol*(math.Abs(fmin)+reltol) {
				count, fmin = n, fv // relative change too small: stop
			}
			if count < n {
				fmin = fv
				if err := grad(); err != nil {
					return nil, 0, false, err
				}
				gradcount++
				iter++
				d1 := 0.0
				for i := range n {
					t[i] *= step
					c[i] = g[i] - c[i]
					d1 += t[i] * c[i]
				}
				if d1 > 0 {
					d2 := 0.0
					for i := range n {
						s := 0.0
						for j := 0; j <= i; j++ {
							s += B[i][j] * c[j]
						}
						for j := i + 1; j < n; j++ {
							s += B[j][i] * c[j]
						}
						X[i] = s
						d2 += s * c[i]
					}
					d2 = 1 + d2/d1
					for i := range n {
						for j := 0; j <= i; j++ {
							B[i][j] += (d2*t[i]*t[j] - X[i]*t[j] - t[i]*X[j]) / d1
						}
					}
				} else {
					ilast = gradcount
				}
			} else if ilast < gradcount { // no progress: restart once
				count = 0
				ilast = gradcount
			}
		} else { // uphill: reset unless just reset
			count = 0
			if ilast == gradcount {
				count = n
			} else {
				ilast = gradcount
			}
		}
		if iter >= maxIter {
			return unscale(b), fmin, false, nil
		}
		if gradcount-ilast > 2*n {
			ilast = gradcount // periodic restart
		}
		if count == n && ilast == gradcount {
			return unscale(b), fmin, true, nil
		}
	}
}
