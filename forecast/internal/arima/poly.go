package arima

import (
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"
)

// roots returns the roots of 1 + c[0] z + ... + c[k-1] z^k, trailing zero
// coefficients dropped, from the eigenvalues of its companion matrix. It
// returns nil for a constant polynomial. Runs in O(k^3).
func roots(c []float64) []complex128 {
	k := len(c)
	for k > 0 && c[k-1] == 0 {
		k--
	}
	if k == 0 {
		return nil
	}
	// Monic in z: z^k + (c[k-2]/c[k-1]) z^(k-1) + ... + 1/c[k-1].
	comp := mat.NewDense(k, k, nil)
	for j := range k {
		lower := 1.0
		if j > 0 {
			lower = c[j-1]
		}
		comp.Set(0, k-1-j, -lower/c[k-1])
	}
	for i := 1; i < k; i++ {
		comp.Set(i, i-1, 1)
	}
	var e mat.Eigen
	if !e.Factorize(comp, mat.EigenNone) {
		return nil
	}
	return e.Values(nil)
}

// minRoot returns the smallest modulus of the roots of 1 + c[0] z + ...,
// +Inf when there are none.
func minRoot(c []float64) float64 {
	m := math.Inf(1)
	for _, r := range roots(c) {
		m = math.Min(m, cmplx.Abs(r))
	}
	return m
}

// arStationary tells whether 1 - ar[0] z - ... has all roots outside the
// unit circle.
func arStationary(ar []float64) bool {
	neg := make([]float64, len(ar))
	for i, v := range ar {
		neg[i] = -v
	}
	return minRoot(neg) > 1
}

// maInvert reflects the roots of 1 + ma[0] z + ... inside the unit circle
// to outside it, which leaves the autocovariances (up to the innovation
// variance) unchanged, as R's arima does after fitting.
func maInvert(ma []float64) []float64 {
	q0 := len(ma)
	for q0 > 0 && ma[q0-1] == 0 {
		q0--
	}
	if q0 == 0 {
		return ma
	}
	rs := roots(ma[:q0])
	inside := false
	for _, r := range rs {
		if cmplx.Abs(r) < 1 {
			inside = true
		}
	}
	if !inside || len(rs) != q0 {
		return ma
	}
	out := make([]float64, len(ma))
	if q0 == 1 {
		out[0] = 1 / ma[0]
		return out
	}
	// Rebuild prod (1 - z/r) from the reflected roots.
	x := []complex128{1}
	for _, r := range rs {
		if cmplx.Abs(r) < 1 {
			r = 1 / r
		}
		next := make([]complex128, len(x)+1)
		copy(next, x)
		for i := range x {
			next[i+1] -= x[i] / r
		}
		x = next
	}
	for i := range q0 {
		out[i] = real(x[i+1])
	}
	return out
}

// parTrans maps unconstrained values to the coefficients of a stationary
// autoregression: tanh to partial autocorrelations, then the
// Durbin-Levinson recursion (Jones, 1980), as R's partrans.
func parTrans(raw []float64) []float64 {
	p := len(raw)
	nw := make([]float64, p)
	work := make([]float64, p)
	for j := range raw {
		nw[j] = math.Tanh(raw[j])
		work[j] = nw[j]
	}
	for j := 1; j < p; j++ {
		a := nw[j]
		for k := range j {
			work[k] -= a * nw[j-k-1]
		}
		copy(nw[:j], work[:j])
	}
	return nw
}

// invParTrans inverts parTrans for a stationary autoregression.
func invParTrans(phi []float64) []float64 {
	p := len(phi)
	nw := append([]float64(nil), phi...)
	work := make([]float64, p)
	for j := p - 1; j > 0; j-- {
		a := nw[j]
		for k := range j {
			work[k] = (nw[k] + a*nw[j-k-1]) / (1 - a*a)
		}
		copy(nw[:j], work[:j])
	}
	for j := range nw {
		nw[j] = math.Atanh(nw[j])
	}
	return nw
}
