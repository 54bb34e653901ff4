package forecast

import (
	"math"
	"slices"
	"strings"
)

// applyHolidays adjusts the forecast f, which starts at the end of h, for
// the holidays that fall in it, and returns the indexes of f on closed
// days. A holiday that is closed is forecast zero; one with a factor is
// scaled by it; one like another weekday takes the forecast of the nearest
// such day (in the forecast, else the last one in the history). A holiday
// with none of these is an event learned from history: each interval is
// scaled by the ratio of actual to typical volume at that time of day on its
// past occurrences, the listed holidays of the same name before the end of
// the history (see eventFactors; 1 without any).
// The first open day after a closed holiday is scaled by the catch-up
// factor learned from the days after closures in the history.
// Runs in O(len(f) + holidays^2).
func applyHolidays(h *hist, f []float64, hols []Holiday) []int {
	e, per := len(h.y), h.per
	orig := slices.Clone(f)
	var closed []int
	for _, hd := range hols {
		d, ok := h.dayOf(hd.Date)
		if !ok {
			continue
		}
		lo, hi := max(d*per, e), min((d+1)*per, e+len(f))
		if lo >= hi {
			continue
		}
		switch {
		case hd.Closed:
			for i := lo; i < hi; i++ {
				f[i-e] = 0
				closed = append(closed, i-e)
			}
		case hd.Factor > 0:
			for i := lo; i < hi; i++ {
				f[i-e] *= hd.Factor
			}
		case hd.LikeSet:
			src := likeDay(h, d, int(hd.Like), e+len(f))
			if src < 0 {
				continue
			}
			for i := lo; i < hi; i++ {
				j := src*per + i%per
				switch {
				case j >= e && j < e+len(f):
					f[i-e] = orig[j-e]
				case j < e:
					f[i-e] = h.y[j]
				}
			}
		default:
			r := eventFactors(h, hols, hd.Name)
			for i := lo; i < hi; i++ {
				f[i-e] *= r[i%per]
			}
		}
	}
	slices.Sort(closed)
	closed = slices.Compact(closed)
	catchUp(h, f, closed, hols)
	return closed
}

// catchUp scales the first open day after each closed holiday of the
// forecast by the catch-up factor learned from the history.
func catchUp(h *hist, f []float64, closed []int, hols []Holiday) {
	if h.catchUp == 1 || len(closed) == 0 {
		return
	}
	e, per := len(h.y), h.per
	isHoliday := map[int]bool{}
	for _, hd := range hols {
		if d, ok := h.dayOf(hd.Date); ok {
			isHoliday[d] = true
		}
	}
	done := map[int]bool{}
	for _, j := range closed {
		d := (e + j) / per
		next := d + 1
		for next*per < e+len(f) && (!h.dayOpen[h.weekday(next)] || isHoliday[next]) {
			next++
		}
		if done[next] || next*per >= e+len(f) || isHoliday[next] {
			continue
		}
		done[next] = true
		for i := max(next*per, e); i < min((next+1)*per, e+len(f)); i++ {
			f[i-e] *= h.catchUp
		}
	}
}

// likeDay returns the day nearest to d with weekday wd that lies in the
// forecast (ending at interval end) or, failing that, the last such day of
// the history; -1 when there is none.
func likeDay(h *hist, d, wd, end int) int {
	e, per := len(h.y), h.per
	first := e / per
	best := -1
	for dd := first; dd*per < end; dd++ {
		if dd != d && h.weekday(dd) == wd && (best < 0 || abs(dd-d) < abs(best-d)) {
			best = dd
		}
	}
	if best >= 0 {
		return best
	}
	for dd := e/per - 1; dd >= 0; dd-- {
		if h.weekday(dd) == wd && !h.special[dd] {
			return dd
		}
	}
	return -1
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// eventFactors returns, per slot of the day, actual over typical volume
// summed over the past occurrences of the named event in the history (the
// typical volume is the ordinary day imputed in their place), each slot's
// ratio shrunk toward the whole day's by one average slot of volume, so an
// event's own intraday shape (a midnight sale peak) is learned where the
// history shows it. All ones when the history has no occurrence.
func eventFactors(h *hist, hols []Holiday, name string) []float64 {
	per := h.per
	got, want := make([]float64, per), make([]float64, per)
	var tg, tw float64
	for _, hd := range hols {
		if !strings.EqualFold(hd.Name, name) {
			continue
		}
		d, ok := h.dayOf(hd.Date)
		if !ok || (d+1)*per > len(h.y) {
			continue
		}
		for s := range per {
			if i := d*per + s; !math.IsNaN(h.raw[i]) {
				got[s] += h.raw[i]
				want[s] += h.y[i]
			}
		}
	}
	for s := range per {
		tg += got[s]
		tw += want[s]
	}
	r := make([]float64, per)
	for s := range r {
		r[s] = 1
	}
	if tg <= 0 || tw <= 0 {
		return r
	}
	day, c := tg/tw, tw/float64(per)
	for s := range r {
		r[s] = (got[s] + c*day) / (want[s] + c)
	}
	return r
}
