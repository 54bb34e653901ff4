package forecast

import "math"

// The day-level model: the total of each day is forecast by exponential
// smoothing of weekday-adjusted daily totals (the level of the last days
// carries most of the signal), or by an autoregression of those totals on
// the previous day's, then spread over the day by an intraday
// profile: the same-weekday profile of the last weeks, shrunk toward the
// profile of all weekdays so that a noisy weekday borrows strength.

// dayModel holds the settings of one variant of the day-level model.
type dayModel struct {
	weeks  int     // weeks of history for the weekday factors and profiles
	shrink float64 // pseudo-days of the all-weekday profile mixed into each weekday's
	// ar replaces exponential smoothing by an autoregression of the
	// adjusted totals on the previous day's, reverting to the window mean.
	ar bool
}

// alphas is the grid searched for the smoothing constant of the level.
var alphas = []float64{0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1}

// forecast implements the model; it needs a week of history and runs in
// O(n + days*len(alphas) + horizon).
func (m dayModel) forecast(h *hist, horizon int) []float64 {
	tot, fac, prof := m.fit(h)
	// Weekday-adjusted totals of open days, in order.
	var z []float64
	for d := range tot {
		if wd := h.weekday(d); h.dayOpen[wd] && fac[wd] > 0 {
			z = append(z, tot[d]/fac[wd])
		}
	}
	level := smoothLevel(z)
	var mu, phi, dev float64
	if m.ar {
		mu, phi, dev = dayAR(z, 5*m.weeks)
	}
	return spreadDays(h, horizon, prof, func(k, wd int) float64 {
		l := level
		if m.ar {
			l = mu * (1 + dev*math.Pow(phi, float64(k)))
		}
		return l * fac[wd]
	})
}

// spreadDays returns the horizon intervals after h, each open day's
// total(k, weekday) spread by the weekday's profile in prof, k counting
// the open days ahead from 1 (the day the history ends in, when it ends
// within one, is the first).
func spreadDays(h *hist, horizon int, prof [7][]float64, total func(k, wd int) float64) []float64 {
	per := h.per
	f := make([]float64, horizon)
	e := len(h.y)
	k, last := 0, e/per-1
	for j := range f {
		i := e + j
		d := i / per
		wd := h.weekday(d)
		if !h.dayOpen[wd] {
			continue
		}
		if d != last {
			k, last = k+1, d
		}
		f[j] = math.Max(0, total(k, wd)*prof[wd][i%per])
	}
	return f
}

// fit returns the daily totals of the complete days of h, the weekday
// factors (mean total of each weekday over the window against the mean
// total of all open days in it, 0 for closed weekdays) and the intraday
// profiles.
func (m dayModel) fit(h *hist) (tot []float64, fac [7]float64, prof [7][]float64) {
	per := h.per
	nd := len(h.y) / per
	tot = make([]float64, nd)
	for d := range nd {
		for _, v := range h.y[d*per : (d+1)*per] {
			tot[d] += v
		}
	}
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
	mean := 0.0
	if alln > 0 {
		mean = all / float64(alln)
	}
	for wd := range 7 {
		switch {
		case !h.dayOpen[wd]:
		case wn[wd] == 0 || mean == 0:
			fac[wd] = 1
		default:
			fac[wd] = wsum[wd] / float64(wn[wd]) / mean
		}
	}
	return tot, fac, m.profiles(h, tot, from, nd)
}

// seasonal returns the multiplicative seasonal index of each slot of the
// week, fac*prof: a day's total times the index is the slot's expected
// volume. It is 0 at closed slots.
func (m dayModel) seasonal(h *hist) []float64 {
	_, fac, prof := m.fit(h)
	idx := make([]float64, h.week())
	for wd := range 7 {
		for s := range h.per {
			idx[wd*h.per+s] = fac[wd] * prof[wd][s]
		}
	}
	return idx
}

// dayAR fits x[t] = phi*x[t-1] to the relative deviations x = z/mu - 1 of
// the last n values of z from their mean mu, by least squares, and returns
// mu, phi (clamped to [0, 1)) and the last deviation.
func dayAR(z []float64, n int) (mu, phi, last float64) {
	z = z[max(0, len(z)-n):]
	mu = mean(z)
	if mu <= 0 || len(z) < 3 {
		return mu, 0, 0
	}
	var sxy, sxx float64
	for t := 1; t < len(z); t++ {
		x0, x1 := z[t-1]/mu-1, z[t]/mu-1
		sxy += x0 * x1
		sxx += x0 * x0
	}
	if sxx > 0 {
		phi = math.Min(0.99, math.Max(0, sxy/sxx))
	}
	return mu, phi, z[len(z)-1]/mu - 1
}

// smoothLevel runs simple exponential smoothing over z, with the constant
// of alphas that minimises the one-step-ahead squared error, and returns
// the final level.
func smoothLevel(z []float64) float64 {
	if len(z) == 0 {
		return 0
	}
	best, level := math.Inf(1), z[0]
	for _, a := range alphas {
		l, sse := z[0], 0.0
		for k, v := range z[1:] {
			if k >= 4 { // let the level settle before scoring
				sse += (v - l) * (v - l)
			}
			l += a * (v - l)
		}
		if sse < best {
			best, level = sse, l
		}
	}
	return level
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
