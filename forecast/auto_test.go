package forecast

import (
	"math"
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
