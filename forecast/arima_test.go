package forecast

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/wfm-dev/wfm/forecast/internal/arima"
	"github.com/wfm-dev/wfm/internal/shareddata"
)

// TestAutoArimaAgainstR runs the order search, with the seasonal-strength
// test on this package's STL, on the classic series of
// ../shared/data/r_reference_fits.json and checks that it picks R's order
// or one whose AICc is within 1.0 of that of R's order fitted here (AICc
// differences below about 2 are not evidence for either model, and STL
// and the optimisers differ from R's in the last digits).
func TestAutoArimaAgainstR(t *testing.T) {
	f := shareddata.Open(t, "r_reference_fits.json")
	defer f.Close()
	var file struct {
		Fits []struct {
			Series string    `json:"series"`
			Values []float64 `json:"values"`
			Order  []int     `json:"auto_arima_order"`
			Names  []string  `json:"auto_arima_coef_names"`
			AICc   []float64 `json:"auto_arima_aicc"`
		}
	}
	if err := json.NewDecoder(f).Decode(&file); err != nil {
		t.Fatal(err)
	}
	for _, r := range file.Fits {
		if r.Order == nil {
			continue // the airline model, not a search
		}
		t.Run(r.Series, func(t *testing.T) {
			o, m := r.Order, r.Order[6]
			want := arima.Order{P: o[0], D: o[1], Q: o[2], SP: o[3], SD: o[4], SQ: o[5]}
			last := r.Names[len(r.Names)-1]
			got, err := arima.Auto(r.Values, m, arimaOptions)
			if err != nil {
				t.Fatal(err)
			}
			wantConst := last == "intercept" || last == "drift"
			if got.Order == want && got.Constant == wantConst {
				return
			}
			ref, err := arima.Fit(r.Values, m, want, arima.FitOptions{Constant: wantConst})
			if err != nil {
				t.Fatal(err)
			}
			if got.Order.D != want.D || got.Order.SD != want.SD || math.Abs(got.AICc-ref.AICc) > 1 {
				t.Errorf("chose %v constant %v AICc %.3f; R %v constant %v, AICc here %.3f (R %.3f)",
					got.Order, got.Constant, got.AICc, want, wantConst, ref.AICc, r.AICc[0])
			}
			t.Logf("chose %v constant %v AICc %.3f; R %v constant %v AICc %.3f", got.Order, got.Constant, got.AICc, want, wantConst, ref.AICc)
		})
	}
}
