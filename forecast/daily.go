package forecast

import "math"

// The day-level model: the total of each day is forecast by exponential
// smoothing of weekday-adjusted daily totals (the level of the last days
// carries most of the signal), then spread over the day by an intraday
// profile: the same-weekday profile of the last weeks, shrunk toward the
// profile of all weekdays so that a noisy weekday borrows strength.

// dayModel holds the settings of one variant of the day-level model.
type dayModel struct {
	weeks  int     // weeks of history for the weekday factors and profiles
	shrink float64 // pseudo-days of the all-weekday profile mixed into each weekday's
	trend  bool    // add a damped trend to the smoothed level
}

// alphas is the grid searched for the smoothing constant of the level.
var alphas = []float64{0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1}

// forecast implements the model; it needs a week of history and runs in
// O(n + days*len(alphas) + horizon).
func (m dayModel) forecast(h *hist, horizon int) []float64 {
	per := h.per
	nd := len(h.y) / per
	tot := make([]float64, nd)
	for d := range nd {
		for _, v := range h.y[d*per : (d+1)*per] {
			tot[d] += v
		}
	}
	// Weekday factors: mean total of each weekday over the window against
	// the mean total of all open days in it.
	from := max(0, nd-7*m.weeks)
	var wsum [7]float64
	var wn [7]int
	var all float64
	alln := 0
	for d := from; d < nd; d++ {
		wd := h.weekday(d)
		if !h.dayOpen[wd] {
			continue
		}
		wsum[wd] += tot[d]
		wn[wd]++
		all += tot[d]
		alln++
	}
	if alln == 0 {
		return make([]float64, horizon)
	}
	mean := all / float64(alln)
	var fac [7]float64
	for wd := range 7 {
		switch {
		case !h.dayOpen[wd]:
		case wn[wd] == 0 || mean == 0:
			fac[wd] = 1
		default:
			fac[wd] = wsum[wd] / float64(wn[wd]) / mean
		}
	}
	// Weekday-adjusted totals of open days, in order.
	var z []float64
	for d := range nd {
		if wd := h.weekday(d); h.dayOpen[wd] && fac[wd] > 0 {
			z = append(z, tot[d]/fac[wd])
		}
	}
	level, slope := smoothLevel(z, m.trend)
	// Intraday profiles.
	prof := m.profiles(h, tot, from, nd)
	f := make([]float64, horizon)
	e := len(h.y)
	first := e / per
	for j := range f {
		i := e + j
		d := i / per
		wd := h.weekday(d)
		if !h.dayOpen[wd] {
			continue
		}
		// Steps ahead in open days, for the trend.
		k := 0
		for dd := first; dd <= d; dd++ {
			if h.dayOpen[h.weekday(dd)] {
				k++
			}
		}
		l := level + slope*dampedSum(k)
		f[j] = math.Max(0, l*fac[wd]*prof[wd][i%per])
	}
	return f
}

// damping is the trend damping factor of the day level.
const damping = 0.9

// dampedSum returns phi + phi^2 + ... + phi^k for phi = damping.
func dampedSum(k int) float64 {
	s, p := 0.0, 1.0
	for range k {
		p *= damping
		s += p
	}
	return s
}

// smoothLevel runs simple (or damped-trend) exponential smoothing over z,
// with the smoothing constant that minimises the one-step-ahead squared
// error, and returns the final level and slope.
func smoothLevel(z []float64, trend bool) (level, slope float64) {
	if len(z) == 0 {
		return 0, 0
	}
	best := math.Inf(1)
	betas := []float64{0}
	if trend {
		betas = []float64{0.02, 0.05, 0.1}
	}
	for _, a := range alphas {
		for _, b := range betas {
			l, t, sse := z[0], 0.0, 0.0
			for k, v := range z[1:] {
				pred := l + damping*t
				if k >= 4 { // let the level settle before scoring
					sse += (v - pred) * (v - pred)
				}
				nl := pred + a*(v-pred)
				t = damping*t + b*(nl-l-damping*t)
				l = nl
			}
			if sse < best {
				best, level, slope = sse, l, t
			}
		}
	}
	return level, slope
}

// profiles returns, per weekday, the share of the day's total that falls in
// each slot, estimated as a ratio of sums over the window and shrunk toward
// the all-weekday profile.
func (m dayModel) profiles(h *hist, tot []float64, from, nd int) [7][]float64 {
	per := h.per
	var prof [7][]float64
	allp := make([]float64, per)
	var allT float64
	var cnt [7]int
	var sumT [7]float64
	for wd := range 7 {
		prof[wd] = make([]float64, per)
	}
	for d := from; d < nd; d++ {
		wd := h.weekday(d)
		if !h.dayOpen[wd] {
			continue
		}
		cnt[wd]++
		sumT[wd] += tot[d]
		allT += tot[d]
		for s, v := range h.y[d*per : (d+1)*per] {
			prof[wd][s] += v
			allp[s] += v
		}
	}
	for wd := range 7 {
		if !h.dayOpen[wd] {
			continue
		}
		// Mixing sums: the all-weekday profile enters as shrink pseudo-days.
		var norm float64
		for s := range per {
			v := 0.0
			if sumT[wd] > 0 {
				v = prof[wd][s] / sumT[wd] * float64(cnt[wd])
			}
			if allT > 0 {
				v += m.shrink * allp[s] / allT
			}
			if !h.open[wd*per+s] {
				v = 0
			}
			prof[wd][s] = v
			norm += v
		}
		if norm > 0 {
			for s := range per {
				prof[wd][s] /= norm
			}
		}
	}
	return prof
}
