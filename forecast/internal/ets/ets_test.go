package ets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// series returns n values of a seasonal series with trend and noise,
// level around 100.
func series(n, m int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	y := make([]float64, n)
	for i := range y {
		y[i] = 100 + 0.3*float64(i) + 10*math.Sin(2*math.Pi*float64(i)/float64(m)) + 3*rng.NormFloat64()
	}
	return y
}

// TestFilterClosedForm checks the criterion and the state of the
// recursions on three values worked by hand: alpha 0.5 from level 1 on
// 1, 2, 4 gives errors 0, 1, 2.5 and level 2.75; relative errors 0, 1,
// 2.5/1.5 over one-step forecasts 1, 1, 1.5.
func TestFilterClosedForm(t *testing.T) {
	y := []float64{1, 2, 4}
	p := params{alpha: 0.5, phi: 1}
	for _, c := range []struct {
		spec Spec
		want float64
	}{
		{Spec{Error: Add}, 3 * math.Log(1+2.5*2.5)},
		{Spec{Error: Mul}, 3*math.Log(1+(2.5/1.5)*(2.5/1.5)) + 2*math.Log(1.5)},
	} {
		st := newState(c.spec, 1, []float64{1})
		fitted := make([]float64, 3)
		if got := filter(c.spec, p, st, y, fitted); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%v: criterion %v, want %v", c.spec, got, c.want)
		}
		if st.l != 2.75 || fitted[2] != 1.5 {
			t.Errorf("%v: level %v, last forecast %v; want 2.75 and 1.5", c.spec, st.l, fitted[2])
		}
	}
}

// TestANNIsSES checks that ETS(A,N,N) is simple exponential smoothing: its
// one-step forecasts, its flat forecast and its variance are those of SES
// run by hand from its level and alpha, the variance growing by alpha^2
// per step.
func TestANNIsSES(t *testing.T) {
	y := series(60, 12, 1)
	f, err := Fit(y, 1, Spec{Error: Add})
	if err != nil {
		t.Fatal(err)
	}
	l, sse := f.Init[0], 0.0
	for i, v := range y {
		if math.Abs(f.Fitted[i]-l) > 1e-9 {
			t.Fatalf("step %d: fitted %v, SES %v", i, f.Fitted[i], l)
		}
		sse += (v - l) * (v - l)
		l += f.Alpha * (v - l)
	}
	if s2 := sse / float64(len(y)-2); math.Abs(f.Sigma2-s2) > 1e-9*s2 {
		t.Errorf("sigma2 %v, SES %v", f.Sigma2, s2)
	}
	if want := -0.5 * float64(len(y)) * math.Log(sse); math.Abs(f.LogLik-want) > 1e-9 {
		t.Errorf("loglik %v, want %v", f.LogLik, want)
	}
	fc, err := f.Forecast(5, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	for j := range 5 {
		v := f.Sigma2 * (1 + float64(j)*f.Alpha*f.Alpha)
		if math.Abs(fc.Mean[j]-l) > 1e-9 || math.Abs(fc.Var[j]-v) > 1e-9*v {
			t.Errorf("step %d: mean %v var %v, want %v and %v", j+1, fc.Mean[j], fc.Var[j], l, v)
		}
		if w := 1.2815515655446004 * math.Sqrt(v); math.Abs(fc.Upper[j]-l-w) > 1e-6 || math.Abs(l-fc.Lower[j]-w) > 1e-6 {
			t.Errorf("step %d: interval [%v, %v], want %v ± %v", j+1, fc.Lower[j], fc.Upper[j], l, w)
		}
	}
}

// TestHoltVariance checks class 1 variances against the closed form of
// Holt's linear method, sigma2*(1 + sum over j<h of (alpha + j*beta)^2).
func TestHoltVariance(t *testing.T) {
	f, err := Fit(series(80, 7, 2), 1, Spec{Error: Add, Trend: Add})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := f.Forecast(10, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for h := range 10 {
		if v := f.Sigma2 * (1 + sum); math.Abs(fc.Var[h]-v) > 1e-9*v {
			t.Errorf("step %d: var %v, want %v", h+1, fc.Var[h], v)
		}
		c := f.Alpha + float64(h+1)*f.Beta
		sum += c * c
	}
}

// TestClass3Mean checks that the forecast means of a multiplicative
// error and season model are its point forecasts for one season and
// exceed them beyond, where level and season errors compound.
func TestClass3Mean(t *testing.T) {
	const m = 4
	f, err := Fit(series(60, m, 8), m, Spec{Error: Mul, Trend: Add, Season: Mul})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := f.Forecast(3*m, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	point := f.Mean(3 * m)
	for j := range point {
		if d := fc.Mean[j] - point[j]; (j < m && math.Abs(d) > 1e-9*point[j]) || (j >= m && !(d > 0)) {
			t.Errorf("step %d: mean %v, point forecast %v", j+1, fc.Mean[j], point[j])
		}
	}
}

// TestRootsWithin checks the Schur-Cohn test against the eigenvalues of
// the companion matrix on random polynomials of the degrees seasonal
// models have.
func TestRootsWithin(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for range 2000 {
		deg := 2 + rng.IntN(24)
		c := make([]float64, deg+1)
		c[0] = 1
		for i := 1; i <= deg; i++ {
			c[i] = rng.NormFloat64() * math.Pow(0.8, float64(i))
		}
		comp := mat.NewDense(deg, deg, nil)
		for j := range deg {
			comp.Set(0, j, -c[j+1])
		}
		for i := 1; i < deg; i++ {
			comp.Set(i, i-1, 1)
		}
		var eig mat.Eigen
		if !eig.Factorize(comp, mat.EigenNone) {
			t.Fatal("eigen failed")
		}
		worst := 0.0
		for _, z := range eig.Values(nil) {
			worst = math.Max(worst, math.Hypot(real(z), imag(z)))
		}
		if math.Abs(worst-1) < 1e-6 {
			continue // too close to call for either method
		}
		checked++
		if got := rootsWithin(append([]float64(nil), c...), 1+1e-10); got != (worst < 1) {
			t.Fatalf("degree %d: within %v, largest root %v", deg, got, worst)
		}
	}
	if checked < 1000 {
		t.Errorf("only %d polynomials decided", checked)
	}
}

// TestDegenerate checks the answers to data no model can be estimated on,
// and that fits of awkward data stay finite.
func TestDegenerate(t *testing.T) {
	t.Run("constant", func(t *testing.T) {
		y := []float64{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
		if _, err := Fit(y, 1, Spec{Error: Add}); !errors.Is(err, ErrConstant) {
			t.Errorf("Fit: %v, want ErrConstant", err)
		}
		f, err := Auto(y, 7)
		if err != nil {
			t.Fatal(err)
		}
		fc, err := f.Forecast(3, 0.8)
		if err != nil {
			t.Fatal(err)
		}
		for j := range 3 {
			if fc.Mean[j] != 5 || fc.Lower[j] != 5 || fc.Upper[j] != 5 {
				t.Errorf("step %d: %v [%v, %v], want 5 [5, 5]", j+1, fc.Mean[j], fc.Lower[j], fc.Upper[j])
			}
		}
		if finite(f.LogLik, f.AICc) != nil {
			t.Errorf("criteria %v %v", f.LogLik, f.AICc)
		}
	})
	for _, c := range []struct {
		name string
		y    []float64
		m    int
		spec Spec
		want error
	}{
		{"NaN", []float64{1, 2, math.NaN(), 4, 5, 6, 7, 8, 9}, 1, Spec{Error: Add}, ErrData},
		{"Inf", []float64{1, 2, math.Inf(1), 4, 5, 6, 7, 8, 9}, 1, Spec{Error: Add}, ErrData},
		{"zero for multiplicative", []float64{1, 2, 0, 4, 5, 6, 7, 8, 9}, 1, Spec{Error: Mul}, ErrData},
		{"too short for the season", series(17, 12, 5), 12, Spec{Error: Add, Season: Add}, ErrShort},
		{"too short", []float64{1, 3, 2, 4, 3, 5}, 1, Spec{Error: Add}, ErrShort},
	} {
		if _, err := Fit(c.y, c.m, c.spec); !errors.Is(err, c.want) {
			t.Errorf("Fit %s: %v, want %v", c.name, err, c.want)
		}
	}
	for _, y := range [][]float64{nil, {1, 3, 2, 4, 3, 5}, {2, 2, 2}} {
		if _, err := Auto(y, 1); !errors.Is(err, ErrShort) {
			t.Errorf("Auto on %v: %v, want ErrShort", y, err)
		}
	}
	if _, err := Fit(nil, 1, Spec{Error: Add}); !errors.Is(err, ErrShort) {
		t.Errorf("Fit on no values: %v, want ErrShort", err)
	}
	if _, err := Fit(series(50, 4, 6), 4, Spec{Error: Add, Season: Mul}); err == nil {
		t.Error("ETS(A,N,M) accepted")
	}
	for name, y := range map[string][]float64{
		"zeros":      {0, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0},
		"short":      {3, 1, 4, 1, 5, 9, 2},
		"steps":      {1, 1, 1, 1, 1, 1, 1, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6},
		"line":       {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		"negative":   {-5, 3, -2, 8, -1, 4, -6, 2, 7, -3, 1, 0, -4, 5},
		"tiny scale": {1e-300, 2e-300, 1e-300, 3e-300, 2e-300, 1e-300, 2e-300, 4e-300},
	} {
		for _, m := range []int{1, 2, 7} {
			f, err := Auto(y, m)
			if err != nil {
				t.Errorf("%s, m=%d: %v", name, m, err)
				continue
			}
			fc, err := f.Forecast(10, 0.8)
			if err != nil {
				t.Fatal(err)
			}
			if err := finite(append(append(fc.Mean, fc.Lower...), fc.Upper...)...); err != nil {
				t.Errorf("%s, m=%d, %v: forecast %v", name, m, f.Spec, err)
			}
			if err := finite(f.LogLik, f.AICc, f.Sigma2); err != nil {
				t.Errorf("%s, m=%d, %v: criteria %v", name, m, f.Spec, err)
			}
		}
	}
}

func finite(v ...float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("value %d is %v", i, x)
		}
	}
	return nil
}

// TestForecastArgs checks the errors for a bad horizon or level.
func TestForecastArgs(t *testing.T) {
	f, err := Auto(series(40, 4, 7), 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		h     int
		level float64
	}{{0, 0.8}, {5, 0}, {5, 1}, {5, 80}, {5, math.NaN()}} {
		if _, err := f.Forecast(c.h, c.level); err == nil {
			t.Errorf("Forecast(%d, %v) accepted", c.h, c.level)
		}
	}
}

// TestParseSpec checks that names round-trip and bad ones are refused.
func TestParseSpec(t *testing.T) {
	for _, name := range []string{"ETS(A,N,N)", "ETS(M,Ad,M)", "ETS(A,A,A)", "ETS(M,N,A)"} {
		s, err := ParseSpec(name)
		if err != nil || s.String() != name {
			t.Errorf("%s: %v, %v", name, s, err)
		}
	}
	for _, name := range []string{"ETS(N,N,N)", "ETS(A,Nd,N)", "ETS(A,N)", "ETS(A,N,N", "A,N,N", "ETS(A,X,N)"} {
		if _, err := ParseSpec(name); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
