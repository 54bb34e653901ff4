package arima

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// simulate returns n values of x_t = phi x_{t-1} + e_t + theta e_{t-1} + mu
// with standard normal innovations, after a burn-in.
func simulate(n int, phi, theta, mu float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	y := make([]float64, n)
	var x, e float64
	for t := -200; t < n; t++ {
		ne := rng.NormFloat64()
		x = phi*x + ne + theta*e
		e = ne
		if t >= 0 {
			y[t] = x + mu
		}
	}
	return y
}

// TestFitRecovers fits simulated processes of known parameters: the
// estimates fall within three asymptotic standard errors (sqrt((1 -
// phi^2)/n) for an AR(1), sqrt((1 - theta^2)/n) for an MA(1)), sigma2
// near 1.
func TestFitRecovers(t *testing.T) {
	const n = 2000
	for _, tt := range []struct {
		name       string
		phi, theta float64
		order      Order
	}{
		{"ar1", 0.7, 0, Order{P: 1}},
		{"ma1", 0, -0.5, Order{Q: 1}},
		{"ar1 negative", -0.4, 0, Order{P: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			y := simulate(n, tt.phi, tt.theta, 10, 7)
			f, err := Fit(y, 1, tt.order, FitOptions{Constant: true})
			if err != nil {
				t.Fatal(err)
			}
			got, want := f.Coef()[0], tt.phi+tt.theta
			se := math.Sqrt((1 - want*want) / n)
			if math.Abs(got-want) > 3*se {
				t.Errorf("coefficient %.4f, want %.4f within %.4f", got, want, 3*se)
			}
			if math.Abs(f.Intercept-10) > 0.3 {
				t.Errorf("mean %.3f, want 10", f.Intercept)
			}
			if math.Abs(f.Sigma2-1) > 0.1 {
				t.Errorf("sigma2 %.3f, want 1", f.Sigma2)
			}
		})
	}
}

// TestForecastAR1 checks the forecasts of an AR(1) with known mean
// against the closed form: mu + phi^h (y_n - mu), variance sigma2 (1 -
// phi^(2h)) / (1 - phi^2).
func TestForecastAR1(t *testing.T) {
	y := simulate(500, 0.6, 0, 5, 3)
	f, err := Fit(y, 1, Order{P: 1}, FitOptions{Constant: true})
	if err != nil {
		t.Fatal(err)
	}
	phi, mu := f.AR[0], f.Intercept
	mean, lo, hi := f.Forecast(5, 95)
	for h := 1; h <= 5; h++ {
		wm := mu + math.Pow(phi, float64(h))*(y[len(y)-1]-mu)
		wse := math.Sqrt(f.Sigma2 * (1 - math.Pow(phi, float64(2*h))) / (1 - phi*phi))
		if math.Abs(mean[h-1]-wm) > 1e-9 {
			t.Errorf("h=%d mean %.6f, want %.6f", h, mean[h-1], wm)
		}
		if math.Abs(hi[h-1]-mean[h-1]-1.959964*wse) > 1e-5 || math.Abs(mean[h-1]-lo[h-1]-1.959964*wse) > 1e-5 {
			t.Errorf("h=%d interval [%.5f, %.5f], want %.5f +- %.5f", h, lo[h-1], hi[h-1], wm, 1.959964*wse)
		}
	}
}

// TestDegenerate feeds inputs a fit cannot or need not estimate: each
// gives an error wrapping ErrFit or a model whose forecasts are finite.
func TestDegenerate(t *testing.T) {
	ramp := make([]float64, 30)
	for i := range ramp {
		ramp[i] = 3 + 2*float64(i)
	}
	season := make([]float64, 40)
	for i := range season {
		season[i] = float64(i%7) + 0.5*float64(i)
	}
	for _, tt := range []struct {
		name    string
		y       []float64
		m       int
		wantErr bool
		want    float64 // first forecast, when no error
	}{
		{"empty", nil, 1, true, 0},
		{"nan", []float64{1, math.NaN(), 3}, 1, true, 0},
		{"one value", []float64{4}, 1, false, 4},
		{"zeros", make([]float64, 50), 7, false, 0},
		{"constant", []float64{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, 1, false, 5},
		{"ramp", ramp, 1, false, 63},
		{"weekly ramp", season, 7, false, 40%7 + 0.5*40},
		{"two values", []float64{1, 2}, 1, false, math.NaN()},
		{"huge", []float64{1e300, -1e300, 1e300, -1e300, 1e300, 0, 1, 2, 3}, 1, false, math.NaN()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Auto(tt.y, tt.m, AutoOptions{Strength: func([]float64, int) float64 { return 1 }})
			if tt.wantErr {
				if !errors.Is(err, ErrFit) {
					t.Fatalf("error %v, want ErrFit", err)
				}
				return
			}
			if err != nil {
				if errors.Is(err, ErrFit) && math.IsNaN(tt.want) {
					return
				}
				t.Fatal(err)
			}
			mean, lo, hi := f.Forecast(10, 80)
			for j := range mean {
				for _, v := range []float64{mean[j], lo[j], hi[j]} {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("forecast %d: %g %g %g", j, lo[j], mean[j], hi[j])
					}
				}
			}
			if !math.IsNaN(tt.want) && math.Abs(mean[0]-tt.want) > 1e-6 {
				t.Errorf("first forecast %g, want %g (model %v)", mean[0], tt.want, f.Order)
			}
		})
	}
}
