package arima

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/wfm-dev/wfm/internal/shareddata"
)

// refFit is one entry of ../shared/data/r_reference_fits.json: what R's
// auto.arima chose for a classic series, or (with Coef set) the airline
// model fitted by exact maximum likelihood.
type refFit struct {
	Series    string    `json:"series"`
	Frequency []int     `json:"frequency"`
	Values    []float64 `json:"values"`
	Order     []int     `json:"auto_arima_order"`
	Names     []string  `json:"auto_arima_coef_names"`
	Coef      []float64 `json:"auto_arima_coef"`
	Sigma2    []float64 `json:"auto_arima_sigma2"`
	LogLik    []float64 `json:"auto_arima_loglik"`
	AICc      []float64 `json:"auto_arima_aicc"`
	Mean      []float64 `json:"auto_arima_mean12"`
	Lo        []float64 `json:"auto_arima_lo80"`
	Hi        []float64 `json:"auto_arima_hi80"`
	// The airline entry's fields.
	ANames  []string  `json:"coef_names"`
	ACoef   []float64 `json:"coef"`
	ASigma2 []float64 `json:"sigma2"`
	ALogLik []float64 `json:"loglik"`
	AAICc   []float64 `json:"aicc"`
	AMean   []float64 `json:"mean12"`
	ALo     []float64 `json:"lo80"`
	AHi     []float64 `json:"hi80"`
}

// reference is one R fit to compare with.
type reference struct {
	name     string
	y        []float64
	m        int
	order    Order
	constant bool
	names    []string
	coef     []float64
	sigma2   float64
	loglik   float64
	aicc     float64
	mean     []float64
	lo, hi   []float64
}

// loadReferences reads ../shared/data/r_reference_fits.json relative to the
// module root, skipping the test when it is absent.
func loadReferences(tb testing.TB) []reference {
	tb.Helper()
	raw, err := os.ReadFile(shareddata.Path(tb, "r_reference_fits.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var file struct{ Fits []refFit }
	if err := json.Unmarshal(raw, &file); err != nil {
		tb.Fatal(err)
	}
	var out []reference
	for _, f := range file.Fits {
		if f.Order == nil { // the airline model on log AirPassengers, logged in the file
			out = append(out, reference{name: "airline", y: f.Values, m: 12,
				order: Order{0, 1, 1, 0, 1, 1}, names: f.ANames, coef: f.ACoef,
				sigma2: f.ASigma2[0], loglik: f.ALogLik[0], aicc: f.AAICc[0],
				mean: f.AMean, lo: f.ALo, hi: f.AHi})
			continue
		}
		o := f.Order
		r := reference{name: f.Series, y: f.Values, m: o[6],
			order: Order{o[0], o[1], o[2], o[3], o[4], o[5]},
			names: f.Names, coef: f.Coef, sigma2: f.Sigma2[0], loglik: f.LogLik[0],
			aicc: f.AICc[0], mean: f.Mean, lo: f.Lo, hi: f.Hi}
		last := f.Names[len(f.Names)-1]
		r.constant = last == "intercept" || last == "drift"
		out = append(out, r)
	}
	if len(out) == 0 {
		tb.Fatal("no fits in the reference file")
	}
	return out
}

func near(got, want, rel, abs float64) bool {
	return math.Abs(got-want) <= abs+rel*math.Abs(want)
}

// TestFitAgainstR fits R's chosen order to each reference series and
// compares coefficients (within 0.01 absolute or 1% relative: the
// likelihood is flat near its optimum and two optimisers stop at
// slightly different points), log-likelihood (0.01) and AICc (0.02),
// sigma2 (0.5%) and the 12-step forecast and 80% interval (0.1% of the
// series' largest value).
func TestFitAgainstR(t *testing.T) {
	for _, r := range loadReferences(t) {
		t.Run(r.name, func(t *testing.T) {
			f, err := Fit(r.y, r.m, r.order, FitOptions{Constant: r.constant})
			if err != nil {
				t.Fatal(err)
			}
			coef := f.Coef()
			if len(coef) != len(r.coef) {
				t.Fatalf("%d coefficients %v, R has %d %v", len(coef), coef, len(r.coef), r.names)
			}
			for i, c := range coef {
				if !near(c, r.coef[i], 0.01, 0.01) {
					t.Errorf("%s = %.5f, R %.5f", r.names[i], c, r.coef[i])
				}
			}
			if !near(f.LogLik, r.loglik, 0, 0.01) {
				t.Errorf("loglik %.4f, R %.4f", f.LogLik, r.loglik)
			}
			if !near(f.AICc, r.aicc, 0, 0.02) {
				t.Errorf("AICc %.4f, R %.4f", f.AICc, r.aicc)
			}
			if !near(f.Sigma2, r.sigma2, 0.005, 0) {
				t.Errorf("sigma2 %.6g, R %.6g", f.Sigma2, r.sigma2)
			}
			mean, lo, hi := f.Forecast(12, 80)
			scale := 0.0
			for _, v := range r.y {
				scale = math.Max(scale, math.Abs(v))
			}
			for j := range mean {
				for _, c := range []struct {
					what      string
					got, want float64
				}{{"mean", mean[j], r.mean[j]}, {"lo80", lo[j], r.lo[j]}, {"hi80", hi[j], r.hi[j]}} {
					if !near(c.got, c.want, 0, 0.001*scale) {
						t.Errorf("step %d %s %.4f, R %.4f", j+1, c.what, c.got, c.want)
					}
				}
			}
			t.Logf("%v[%d] coef %.4f loglik %.3f (R %.3f) AICc %.3f (R %.3f) sigma2 %.5g (R %.5g)",
				r.order, r.m, coef, f.LogLik, r.loglik, f.AICc, r.aicc, f.Sigma2, r.sigma2)
		})
	}
}
