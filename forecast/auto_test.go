package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPickBand(t *testing.T) {
	// Losses per origin of three candidates over eight origins; the actuals
	// sum to 100 in all.
	steady := []float64{10, 11, 9, 10, 12, 10, 9, 11}         // total 82
	clearlyWorse := []float64{12, 13, 11, 12, 14, 12, 11, 13} // steady + 2 at every origin
	// Better on average than steady by 0.5, but up and down by 3: the
	// backtest cannot tell the two apart.
	noisy := []float64{7, 14, 6, 13, 9, 13, 6, 10}
	tests := []struct {
		name     string
		loss     [][]float64
		dayAhead bool
		want     []int
	}{
		{"a clear winner alone", [][]float64{clearlyWorse, steady}, true, []int{1}},
		{"a tie within noise keeps both", [][]float64{steady, noisy}, true, []int{1, 0}},
		{"one that could not run is never picked", [][]float64{nil, steady}, true, []int{1}},
		{"later days keep those within the tolerance", [][]float64{clearlyWorse, steady}, false, []int{1, 0}},
		{"later days drop those beyond it", [][]float64{steady, scaled(steady, 1+pruneTol+0.01)}, false, []int{0}},
		{"nothing scored", [][]float64{nil, nil}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, score := pickBand(tt.loss, 100, tt.dayAhead)
			if !slices.Equal(got, tt.want) {
				t.Errorf("picked %v, want %v (scores %v)", got, tt.want, score)
			}
			for c, l := range tt.loss {
				if l == nil && !math.IsInf(score[c], 1) {
					t.Errorf("candidate %d could not run but scored %v", c, score[c])
				}
			}
		})
	}
	if _, score := pickBand([][]float64{steady}, 100, true); score[0] != 0.82 {
		t.Errorf("score %v, want the WAPE 0.82", score[0])
	}
}

func scaled(v []float64, f float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

func TestFitBandWidensLevelErrorsOfFewWindows(t *testing.T) {
	// The same errors, spread over 70 days or over 7: from a week's worth
	// of one-week windows the level error is estimated from a single
	// independent error and widened as a t with one degree of freedom.
	r := rand.New(rand.NewPCG(3, 4))
	var many, few []residual
	for i := range 700 {
		f := 1000.0
		a := f * (1 + 0.1*r.NormFloat64())
		many = append(many, residual{bucket: 2, day: i / 10, f: f, a: a})
		few = append(few, residual{bucket: 2, day: i / 100, f: f, a: a})
	}
	bm, bf := fitBand(many, 7), fitBand(few, 7)
	if bm.phi != bf.phi || bm.q90 != bf.q90 {
		t.Fatalf("the days changed the fit: %+v, %+v", bm, bf)
	}
	// t quantiles at 0.9 over the normal's: 10 and 1 degrees of freedom.
	for _, c := range []struct {
		b    band
		want float64
	}{{bm, 1.3722 / 1.2816}, {bf, 3.0777 / 1.2816}} {
		if math.Abs(c.b.widen-c.want) > 1e-3 {
			t.Errorf("widen %v, want %v", c.b.widen, c.want)
		}
	}
	_, hiMany := bm.bounds(1000)
	_, hiFew := bf.bounds(1000)
	if !(hiFew > hiMany && hiMany > 1000) {
		t.Errorf("P90 %v from 70 days, %v from 7: want wider from fewer", hiMany, hiFew)
	}
	// Poisson noise alone is not widened: with phi 0 the bounds are those
	// of the standardised quantiles.
	b := band{phi: 0, q10: -1.28, q90: 1.28, widen: 3}
	if lo, hi := b.bounds(100); math.Abs(hi-100-1.28*math.Sqrt(100.25)) > 1e-9 || math.Abs(100-lo-1.28*math.Sqrt(100.25)) > 1e-9 {
		t.Errorf("Poisson-only bounds [%v, %v] widened", lo, hi)
	}
}
