package arima

import "math"

// The exact Gaussian likelihood of a stationary ARMA process by the Kalman
// filter of its state-space form (Harvey, 1989; Gardner, Harvey and
// Phillips, 1980), as R's ARIMA_Like, and forecasting with the
// differencing added to the state as R's makeARIMA does.

// arma is a stationary ARMA model in Harvey's state-space form: r states,
// state i (from 0) holding phi_{i+1} x_{t-1} + ... + theta_i e_t + ...
type arma struct {
	phi, theta []float64 // expanded (seasonal multiplied) polynomials
	r          int
}

func newARMA(phi, theta []float64) arma {
	return arma{phi, theta, max(len(phi), len(theta)+1)}
}

// ph returns the coefficient of lag k+1 of the autoregression (0 beyond p).
func (s arma) ph(k int) float64 {
	if k < len(s.phi) {
		return s.phi[k]
	}
	return 0
}

// th returns the moving-average coefficient of lag k, th(0) = 1.
func (s arma) th(k int) float64 {
	switch {
	case k == 0:
		return 1
	case k <= len(s.theta):
		return s.theta[k-1]
	}
	return 0
}

// acov returns the autocovariances gamma(0..k) of the process with unit
// innovation variance and its psi weights psi(0..k), or ok false when the
// autoregression is not stationary enough to solve for them. Runs in
// O(p^3 + k*(p+q)).
func (s arma) acov(k int) (gamma, psi []float64, ok bool) {
	p, q := len(s.phi), len(s.theta)
	psi = make([]float64, max(k, q)+1)
	for j := range psi {
		v := s.th(j)
		for i := 1; i <= min(j, p); i++ {
			v += s.phi[i-1] * psi[j-i]
		}
		psi[j] = v
	}
	// c[k] = sum_{j>=k} theta_j psi_{j-k}: the covariance of the moving
	// average part with x_{t-k}.
	c := func(k int) float64 {
		v := 0.0
		for j := k; j <= q; j++ {
			v += s.th(j) * psi[j-k]
		}
		return v
	}
	gamma = make([]float64, max(k, p)+1)
	if p > 0 {
		// gamma(k) - sum phi_i gamma(|k-i|) = c(k), k = 0..p.
		a := make([][]float64, p+1)
		for i := range a {
			a[i] = make([]float64, p+2)
			a[i][i] += 1
			for j := 1; j <= p; j++ {
				a[i][abs(i-j)] -= s.phi[j-1]
			}
			a[i][p+1] = c(i)
		}
		sol, solved := solve(a)
		if !solved {
			return nil, nil, false
		}
		copy(gamma, sol)
	}
	for j := range gamma {
		if j <= p && p > 0 {
			continue
		}
		v := c(j)
		for i := 1; i <= p; i++ {
			v += s.phi[i-1] * gamma[j-i]
		}
		gamma[j] = v
	}
	if !(gamma[0] > 0) || math.IsInf(gamma[0], 0) {
		return nil, nil, false
	}
	return gamma, psi, true
}

// solve solves the linear system in augmented form by Gaussian elimination
// with partial pivoting.
func solve(a [][]float64) ([]float64, bool) {
	n := len(a)
	for col := range n {
		piv := col
		for i := col + 1; i < n; i++ {
			if math.Abs(a[i][col]) > math.Abs(a[piv][col]) {
				piv = i
			}
		}
		if math.Abs(a[piv][col]) < 1e-12 {
			return nil, false
		}
		a[col], a[piv] = a[piv], a[col]
		for i := col + 1; i < n; i++ {
			f := a[i][col] / a[col][col]
			for j := col; j <= n; j++ {
				a[i][j] -= f * a[col][j]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		v := a[i][n]
		for j := i + 1; j < n; j++ {
			v -= a[i][j] * x[j]
		}
		x[i] = v / a[i][i]
	}
	return x, true
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// initCov returns the stationary covariance of the state (r*r, row major)
// in units of the innovation variance. Its first row is the covariance of
// x_t with each state: state j is sum_l phi_{j+l+1} x_{t-1-l} + theta_{j+l}
// e_{t-l}, so P[0][j] = sum_l phi_{j+l+1} gamma(l+1) + theta_{j+l} psi(l).
// The other entries follow from P = T P T' + R R' read entrywise, P[i][j] =
// phi_i phi_j P00 + phi_i P0,j+1 + phi_j P0,i+1 + P[i+1][j+1] + R_i R_j,
// from the bottom right up. Runs in O(r^2) after the autocovariances.
func (s arma) initCov() ([]float64, bool) {
	r := s.r
	gamma, psi, ok := s.acov(r)
	if !ok {
		return nil, false
	}
	p0 := make([]float64, r+1)
	for j := range r {
		var v float64
		for l := 0; j+l < r; l++ {
			v += s.ph(j+l)*gamma[l+1] + s.th(j+l)*psi[l]
		}
		p0[j] = v
	}
	P := make([]float64, r*r)
	copy(P, p0[:r])
	for i := r - 1; i >= 1; i-- {
		for j := r - 1; j >= 1; j-- {
			v := s.ph(i)*(s.ph(j)*p0[0]+p0[j+1]) + s.ph(j)*p0[i+1] + s.th(i)*s.th(j)
			if i+1 < r && j+1 < r {
				v += P[(i+1)*r+j+1]
			}
			P[i*r+j] = v
		}
		P[i*r] = p0[i]
	}
	return P, true
}

// filter runs the Kalman filter over w and returns the sum of squared
// standardised innovations and the sum of the log prediction variances,
// ok false when the autoregression is not stationary. Runs in O(n*r^2)
// until the filter reaches its steady state, O(n*r) after.
func (s arma) filter(w []float64) (ssq, sumlog float64, ok bool) {
	r := s.r
	P, ok := s.initCov()
	if !ok {
		return 0, 0, false
	}
	a := make([]float64, r+1) // a[r] stays 0: T shifts it in
	ph := make([]float64, r)
	copy(ph, s.phi)
	p0 := make([]float64, r+1)
	Rv := make([]float64, r)
	for i := range Rv {
		Rv[i] = s.th(i)
	}
	predict := func() {
		a0 := a[0]
		for i := range r {
			a[i] = ph[i]*a0 + a[i+1]
		}
	}
	for t, y := range w {
		if t > 0 {
			predict()
			predictCov(P, p0, ph, Rv, r)
		}
		F := P[0]
		if !(F > 0) {
			return 0, 0, false
		}
		v := y - a[0]
		ssq += v * v / F
		sumlog += math.Log(F)
		for i := range r {
			a[i] += P[i] * v / F
		}
		if t > 0 && math.Abs(F-1) < 1e-12 {
			// The prediction variance is that of one innovation: the
			// state is known, the predicted covariance stays R R' and the
			// gain its first column.
			for _, y := range w[t+1:] {
				predict()
				v := y - a[0]
				ssq += v * v
				for i := range r {
					a[i] += P[i] * v
				}
			}
			break
		}
		update(P, p0, r)
	}
	return ssq, sumlog, true
}

// update replaces P by P - P[:,0] P[0,:] / P[0,0], the covariance after
// observing the first state, using p0 as scratch.
func update(P, p0 []float64, r int) {
	copy(p0, P[:r])
	F := p0[0]
	for i := range r {
		c := p0[i] / F
		row := P[i*r : (i+1)*r]
		for j, v := range p0[:r] {
			row[j] -= c * v
		}
	}
}

// predictCov replaces P by T P T' + R R' for Harvey's T (first column phi,
// ones above the diagonal): entry (i, j) is phi_i phi_j P00 + phi_i P0,j+1
// + phi_j P0,i+1 + P_i+1,j+1 + R_i R_j, computed in place in increasing
// order, which reads entries below and to the right only, and row 0 from
// the copy p0 (length r+1, p0[r] = 0). ph is phi padded to r.
func predictCov(P, p0, ph, Rv []float64, r int) {
	copy(p0, P[:r])
	p0[r] = 0
	p00 := p0[0]
	for i := range r {
		phi, ri, pi := ph[i], Rv[i], p0[i+1]
		row := P[i*r : (i+1)*r]
		var below []float64
		if i+1 < r {
			below = P[(i+1)*r : (i+2)*r]
		}
		for j := range r {
			v := phi*(ph[j]*p00+p0[j+1]) + ph[j]*pi + ri*Rv[j]
			if j+1 < r && below != nil {
				v += below[j+1]
			}
			row[j] = v
		}
	}
}
