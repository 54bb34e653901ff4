package forecast

import "math"

// Double-seasonal Holt-Winters (Taylor, 2003), additive so that zero
// intervals are ordinary values: a level, an intraday seasonal of one day
// and a weekly seasonal of one week, each updated by its own smoothing
// constant, plus a first-order autoregression of the one-step errors.
//
//	e[t] = y[t] - (l + d[t-day] + w[t-week])
//	l    = l + alpha*e,  d[t] = d[t-day] + delta*e,  w[t] = w[t-week] + omega*e
//	forecast y[t+k] = l + d + w + phi^k * e[t]

const dshwWeeks = 12 // weeks of history the smoothing runs over

var (
	dshwAlpha = []float64{0.005, 0.02, 0.1}
	dshwDelta = []float64{0.01, 0.05, 0.15}
	dshwOmega = []float64{0.01, 0.05, 0.15}
	dshwPhi   = []float64{0, 0.5, 0.9}
)

// dshw forecasts h by double-seasonal Holt-Winters with the constants of
// least one-step squared error on the grids above. Needs two weeks; runs in
// O(n*81) for n intervals in the window.
func dshw(h *hist, horizon int) []float64 {
	e, per, wk := len(h.y), h.per, h.week()
	from := max(0, e-dshwWeeks*wk)
	y := h.y[from:]
	if len(y) < 2*wk {
		return seasonalNaive(h, horizon)
	}
	// Initial state from the first week: level its mean, intraday
	// seasonal the mean by slot of the day, weekly seasonal the rest.
	l0 := mean(y[:wk])
	d0 := make([]float64, per)
	for i := range wk {
		d0[i%per] += (y[i] - l0) / 7
	}
	w0 := make([]float64, wk)
	for i := range wk {
		w0[i] = y[i] - l0 - d0[i%per]
	}
	type state struct {
		l, e float64
		d, w []float64
	}
	runOnce := func(a, dl, om, phi float64) (float64, state) {
		d := append([]float64(nil), d0...)
		w := append([]float64(nil), w0...)
		l, prev, sse := l0, 0.0, 0.0
		for t := wk; t < len(y); t++ {
			pred := l + d[t%per] + w[t%wk] + phi*prev
			err := y[t] - pred
			sse += err * err
			l += a * err
			d[t%per] += dl * err
			w[t%wk] += om * err
			prev = err
		}
		return sse, state{l, prev, d, w}
	}
	best := math.Inf(1)
	var bp [4]float64
	for _, a := range dshwAlpha {
		for _, dl := range dshwDelta {
			for _, om := range dshwOmega {
				for _, phi := range dshwPhi {
					if sse, _ := runOnce(a, dl, om, phi); sse < best {
						best, bp = sse, [4]float64{a, dl, om, phi}
					}
				}
			}
		}
	}
	_, st := runOnce(bp[0], bp[1], bp[2], bp[3])
	f := make([]float64, horizon)
	n := len(y)
	for j := range f {
		t := n + j
		f[j] = st.l + st.d[t%per] + st.w[t%wk] + math.Pow(bp[3], float64(j+1))*st.e
	}
	return f
}
