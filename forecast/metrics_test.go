package forecast

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestMetrics(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name             string
		actual, forecast []float64
		wape, bias       float64
		history          []float64
		period           int
		mase             float64
		lo, hi           []float64
		coverage         float64
	}{
		{
			// |10-12|+|20-15|+|30-30| = 7 over 60; bias (2-5+0)/60.
			// History period 2: |3-1|+|4-2|+|9-3| = 10 over 3 pairs.
			// MASE = (7/3)/(10/3) = 0.7.
			name:     "hand computed",
			actual:   []float64{10, 20, 30},
			forecast: []float64{12, 15, 30},
			wape:     7.0 / 60, bias: -3.0 / 60,
			history: []float64{1, 2, 3, 4, 9}, period: 2, mase: 0.7,
			lo: []float64{9, 16, 31}, hi: []float64{11, 25, 32}, coverage: 2.0 / 3,
		},
		{
			// The NaN actual is skipped everywhere; the closed interval
			// (actual 0, hi 0) is not counted in the coverage.
			name:     "missing and closed",
			actual:   []float64{nan, 0, 8},
			forecast: []float64{100, 0, 10},
			wape:     2.0 / 8, bias: 2.0 / 8,
			history: []float64{1, nan, 5, 2}, period: 1, mase: (2.0 / 2) / 3,
			lo: []float64{0, 0, 9}, hi: []float64{0, 0, 11}, coverage: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(what string, got, want float64) {
				t.Helper()
				if !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			check("WAPE", WAPE(tt.actual, tt.forecast), tt.wape)
			check("Bias", Bias(tt.actual, tt.forecast), tt.bias)
			check("MASE", MASE(tt.actual, tt.forecast, tt.history, tt.period), tt.mase)
			check("Coverage", Coverage(tt.actual, tt.lo, tt.hi), tt.coverage)
		})
	}
}

func TestMetricsUndefined(t *testing.T) {
	zero := []float64{0, 0}
	if v := WAPE(zero, []float64{1, 2}); !math.IsNaN(v) {
		t.Errorf("WAPE of zero actuals = %v, want NaN", v)
	}
	if v := MASE([]float64{1}, []float64{2}, []float64{5, 5, 5}, 1); !math.IsNaN(v) {
		t.Errorf("MASE with a constant history = %v, want NaN", v)
	}
	if v := Coverage(zero, zero, zero); !math.IsNaN(v) {
		t.Errorf("Coverage of closed hours only = %v, want NaN", v)
	}
	defer func() {
		if recover() == nil {
			t.Error("WAPE of slices of different lengths did not panic")
		}
	}()
	WAPE([]float64{1}, nil)
}
