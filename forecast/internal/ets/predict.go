package ets

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Forecast holds forecast means and central prediction intervals.
type Forecast struct {
	// Mean is the point forecast (Model.Mean) but with multiplicative error
	// and season beyond one season, where it is the expected value.
	Mean, Lower, Upper []float64
	// Var is the variance of the forecast error at each step.
	Var []float64
}

// Forecast returns the h forecasts after the series f was fitted to, and
// the central prediction intervals of coverage level (0.8 for 80%) under
// Gaussian errors, from the analytical forecast variances of Hyndman et al.
// (2008) that R's forecast.ets uses: exact for the linear models (class 1,
// additive error) and for multiplicative error without multiplicative
// season (class 2), and the approximation of chapter 6 for multiplicative
// error with multiplicative season (class 3). Every model Fit accepts is in
// one of these classes, so no simulation is needed. Two departures from
// R 8.20, where R departs from the model: without trend, the season's
// response to an error is on the newest seasonal state (R's class 1 puts it
// on the second newest, which shows from the season's length on); with a
// damped trend and multiplicative season, means and variances damp the
// trend from the first step as the point forecasts do (R's class 3 adds the
// undamped trend, moving its means off its own point forecasts by about
// 0.1% on AirPassengers). Cost: O(h*m) for classes 1 and 2 (O(h^2) for the
// variances of class 2), O(h*m^3) for class 3.
func (f *Model) Forecast(h int, level float64) (Forecast, error) {
	if h < 1 {
		return Forecast{}, fmt.Errorf("ets: horizon %d: want at least 1", h)
	}
	if !(level > 0 && level < 1) {
		return Forecast{}, fmt.Errorf("ets: level %v: want a coverage between 0 and 1", level)
	}
	mean := f.Mean(h)
	var v []float64
	switch {
	case f.Spec.Error == Add:
		v, _ = f.class1(h)
	case f.Spec.Season != Mul:
		v = f.class2(h, mean)
	default:
		mean, v = f.class3(h)
	}
	z := distuv.UnitNormal.Quantile(0.5 + level/2)
	out := Forecast{Mean: mean, Var: v, Lower: make([]float64, h), Upper: make([]float64, h)}
	for j := range h {
		w := z * math.Sqrt(math.Max(v[j], 0))
		out.Lower[j], out.Upper[j] = mean[j]-w, mean[j]+w
	}
	return out, nil
}

// Mean returns the h point forecasts after the series f was fitted to (none
// for h < 1). Cost O(h).
func (f *Model) Mean(h int) []float64 {
	return pointForecasts(f.Spec, f.Phi, newState(f.Spec, f.Period, f.last), max(h, 0))
}

// class1 returns the forecast variances of the linear model of f's
// components, sigma2*(1 + c1^2 + ... + c(j-1)^2) at step j, with
// cj = H F^(j-1) G, and the c's.
func (f *Model) class1(h int) (v, c []float64) {
	// g walks F^j G: the response of the state to an error j steps
	// back; H reads the forecast off it.
	g := []float64{f.Alpha}
	if f.Spec.Trend != None {
		g = append(g, f.Beta)
	}
	k := len(g)
	if f.Spec.Season != None {
		g = append(g, make([]float64, f.Period)...)
		g[k] = f.Gamma
	}
	v = make([]float64, h)
	c = make([]float64, h)
	sum := 0.0
	for j := range h {
		v[j] = f.Sigma2 * (1 + sum)
		c[j] = f.observe(g)
		sum += c[j] * c[j]
		f.transit(g)
	}
	return v, c
}

// observe returns H x, the one-step forecast from x laid out as Init
// (level, trend, seasonal components most recent first) in the linear model.
func (f *Model) observe(x []float64) float64 {
	y := x[0]
	if f.Spec.Trend != None {
		y += f.Phi * x[1]
	}
	if f.Spec.Season != None {
		y += x[len(x)-1]
	}
	return y
}

// transit replaces x by F x, the linear model's state transition: the
// level gains the damped trend, the trend is damped, the seasonal
// components shift by one with the oldest becoming the newest.
func (f *Model) transit(x []float64) {
	k := 1
	if f.Spec.Trend != None {
		x[0] += f.Phi * x[1]
		x[1] *= f.Phi
		k = 2
	}
	if f.Spec.Season != None {
		s := x[k:]
		oldest := s[len(s)-1]
		copy(s[1:], s[:len(s)-1])
		s[0] = oldest
	}
}

// class2 returns the forecast variances of multiplicative error models
// with additive (or no) season, (1+sigma2)*theta(j) - mu(j)^2, where
// theta(j) = mu(j)^2 + sigma2 * sum over i<j of c(j-i)^2 theta(i).
func (f *Model) class2(h int, mu []float64) []float64 {
	_, c := f.class1(h)
	theta := make([]float64, h)
	v := make([]float64, h)
	for j := range h {
		theta[j] = mu[j] * mu[j]
		for i := range j {
			theta[j] += f.Sigma2 * c[j-1-i] * c[j-1-i] * theta[i]
		}
		v[j] = (1+f.Sigma2)*theta[j] - mu[j]*mu[j]
	}
	return v
}

// class3 returns the forecast means and approximate variances of
// multiplicative error and season models (Hyndman et al. 2008, section
// 6.4), which track the mean and variance of the outer product of the
// level-trend state and the seasonal state. Beyond one season the means
// exceed the point forecasts by a term in sigma2*alpha*gamma (level and
// season move together), as in R.
func (f *Model) class3(h int) (mean, v []float64) {
	m := f.Period
	s2 := f.Sigma2
	k := 1
	if f.Spec.Trend != None {
		k = 2
	}
	// Level-trend block: y-part H1, transition F1, error response G1 (its
	// columns both the same: the error enters through the forecast).
	h1 := mat.NewDense(1, k, nil)
	var f1, g1 *mat.Dense
	if k == 1 {
		h1.Set(0, 0, 1)
		f1 = mat.NewDense(1, 1, []float64{1})
		g1 = mat.NewDense(1, 1, []float64{f.Alpha})
	} else {
		h1.SetRow(0, []float64{1, f.Phi})
		f1 = mat.NewDense(2, 2, []float64{1, f.Phi, 0, f.Phi})
		g1 = mat.NewDense(2, 2, []float64{f.Alpha, f.Alpha * f.Phi, f.Beta, f.Beta * f.Phi})
	}
	// Seasonal block: read the oldest, rotate, the error updates the
	// oldest's successor.
	h2 := mat.NewDense(1, m, nil)
	h2.Set(0, m-1, 1)
	f2 := mat.NewDense(m, m, nil)
	f2.Set(0, m-1, 1)
	for i := 1; i < m; i++ {
		f2.Set(i, i-1, 1)
	}
	g2 := mat.NewDense(m, m, nil)
	g2.Set(0, m-1, f.Gamma)
	mh := mat.NewDense(k, m, nil)
	for i := range k {
		for j := range m {
			mh.Set(i, j, f.last[i]*f.last[k+j])
		}
	}
	km := k * m
	vh := mat.NewDense(km, km, nil)
	var h21, f21, g21, gf, fg, kk mat.Dense
	h21.Kronecker(h2, h1)
	f21.Kronecker(f2, f1)
	g21.Kronecker(g2, g1)
	gf.Kronecker(g2, f1)
	fg.Kronecker(f2, g1)
	kk.Add(&gf, &fg)
	quad := func(a, x *mat.Dense) *mat.Dense { // a x a'
		var t, r mat.Dense
		t.Mul(a, x)
		r.Mul(&t, a.T())
		return &r
	}
	mean = make([]float64, h)
	v = make([]float64, h)
	vec := mat.NewDense(km, 1, nil)
	for j := range h {
		var mu mat.Dense
		mu.Product(h1, mh, h2.T())
		mj := mu.At(0, 0)
		mean[j] = mj
		v[j] = (1+s2)*quad(&h21, vh).At(0, 0) + s2*mj*mj
		// vec(Mh), stacking columns.
		for c := range m {
			for r := range k {
				vec.Set(c*k+r, 0, mh.At(r, c))
			}
		}
		var vv mat.Dense
		vv.Mul(vec, vec.T())
		var cross1, cross2, t1, t2, next mat.Dense
		cross1.Product(&f21, vh, g21.T())
		cross2.Product(&g21, vh, f21.T())
		t1.Add(vh, &vv)
		t2.Scale(3, vh)
		vv.Scale(2, &vv)
		t2.Add(&t2, &vv)
		next.Add(&cross1, &cross2)
		next.Add(&next, quad(&kk, &t1))
		var gq mat.Dense
		gq.Scale(s2, quad(&g21, &t2))
		next.Add(&next, &gq)
		next.Scale(s2, &next)
		next.Add(&next, quad(&f21, vh))
		vh = &next
		var a, b mat.Dense
		a.Product(f1, mh, f2.T())
		b.Product(g1, mh, g2.T())
		b.Scale(s2, &b)
		a.Add(&a, &b)
		mh = &a
	}
	return mean, v
}
