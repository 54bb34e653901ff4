package forecast

import "math"

// ahtWeeks is the number of recent weeks the handle-time forecast averages.
const ahtWeeks = 8

// forecastAHT forecasts the average handle time of each interval as the
// contact-weighted mean AHT of the same slot of the week over the last
// ahtWeeks weeks, sum(contacts*AHT)/sum(contacts), which is the mean
// handle time of the contacts themselves. Slots without handled contacts
// fall back to the same slot of the day over those weeks, then to the mean
// of all of them, so the result is finite everywhere (0 only without any
// AHT in the history). Runs in O(n + horizon*ahtWeeks).
func forecastAHT(h *hist, s Series, horizon int) []float64 {
	w, e, per := h.week(), len(h.y), h.per
	from := max(h.pad, e-ahtWeeks*w)
	var num, den [2][]float64 // [0]: slot of the week, [1]: slot of the day
	num[0], den[0] = make([]float64, w), make([]float64, w)
	num[1], den[1] = make([]float64, per), make([]float64, per)
	var tn, td float64
	for i := from; i < e; i++ {
		c, a := s.Contacts[i-h.pad], s.AHT[i-h.pad]
		if math.IsNaN(c) || math.IsNaN(a) || c <= 0 || a < 0 {
			continue
		}
		ws := h.slot(i)
		num[0][ws] += c * a
		den[0][ws] += c
		num[1][ws%per] += c * a
		den[1][ws%per] += c
		tn += c * a
		td += c
	}
	out := make([]float64, horizon)
	for j := range out {
		ws := h.slot(e + j)
		switch {
		case den[0][ws] > 0:
			out[j] = num[0][ws] / den[0][ws]
		case den[1][ws%per] > 0:
			out[j] = num[1][ws%per] / den[1][ws%per]
		case td > 0:
			out[j] = tn / td
		}
	}
	return out
}
