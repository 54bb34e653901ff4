package forecast

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
)

// hist is a series prepared for fitting: aligned so that index 0 is the
// midnight of the first history day, with the usually-closed slots learned,
// gaps imputed and outliers cleaned. Models see only hist.
type hist struct {
	per  int       // intervals per day
	day0 time.Time // midnight starting day 0
	wd0  int       // weekday of day 0 (time.Sunday = 0)
	pad  int       // intervals before the series' first interval on day 0
	y    []float64 // cleaned values, no NaN; len(y) = pad + len(series)
	raw  []float64 // the values as given (NaN kept), aligned like y
	open []bool    // per slot of the week (7*per): usually open
	// dayOpen tells which weekdays have at least one open slot.
	dayOpen [7]bool
	// special marks history days listed as holidays and the catch-up days
	// after closures: they are imputed in y like gaps, so that ordinary-day
	// models are not disturbed by them.
	special map[int]bool
	// catchUpDays are the first open days after closures in the history,
	// and catchUp their volume against an ordinary day.
	catchUpDays []int
	catchUp     float64
	imputed     int   // open intervals that were missing and were imputed
	outliers    []int // indexes into y of cleaned outliers
	mstlMemo    *mstlMemo
}

// dayOf returns the day index of the calendar date of t, false before day 0.
func (h *hist) dayOf(t time.Time) (int, bool) {
	y, m, d := t.In(h.day0.Location()).Date()
	// Calendar arithmetic in UTC avoids daylight-saving days of 23 or 25 hours.
	y0, m0, d0 := h.day0.Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(y0, m0, d0, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour)
	return int(days), days >= 0
}

// upTo returns the history cut at interval e (exclusive), sharing the
// learned opening pattern: inner backtests use it to forecast from e.
func (h *hist) upTo(e int) *hist {
	c := *h
	c.y = h.y[:e]
	c.raw = h.raw[:e]
	c.mstlMemo = nil
	return &c
}

// week returns the number of intervals in a week.
func (h *hist) week() int { return 7 * h.per }

// slot returns the slot of the week of index i.
func (h *hist) slot(i int) int { return ((h.wd0+i/h.per)%7)*h.per + i%h.per }

// weekday returns the weekday of day d.
func (h *hist) weekday(d int) int { return (h.wd0 + d) % 7 }

// days returns the number of complete days in the history.
func (h *hist) days() int { return len(h.y) / h.per }

// openWeeks bounds the number of recent weeks that decide which slots are
// open, so that a change of opening hours is followed within a few weeks.
const openWeeks = 8

// prepare aligns s, learns the opening pattern, imputes gaps and cleans
// outliers. It runs in O(n log w) for n intervals and a few weeks w.
func prepare(s Series, holidays []Holiday) (*hist, error) {
	if s.Interval <= 0 {
		panic("forecast: non-positive Interval")
	}
	if (24*time.Hour)%s.Interval != 0 {
		return nil, fmt.Errorf("%w: interval %s does not divide a day", ErrData, dur.Text(s.Interval))
	}
	per := int(24 * time.Hour / s.Interval)
	y0, m0, d0 := s.Start.Date()
	mid := time.Date(y0, m0, d0, 0, 0, 0, 0, s.Start.Location())
	pad := int(s.Start.Sub(mid) / s.Interval)
	h := &hist{per: per, day0: mid, wd0: int(mid.Weekday()), pad: pad, special: map[int]bool{}}
	n := pad + len(s.Contacts)
	h.raw = make([]float64, n)
	for i := range pad {
		h.raw[i] = math.NaN()
	}
	observed := 0
	for i, v := range s.Contacts {
		h.raw[pad+i] = v
		if !math.IsNaN(v) {
			observed++
		}
	}
	if observed < per {
		return nil, fmt.Errorf("%w: %d observed intervals, at least one day (%d) needed", ErrData, observed, per)
	}
	closed := map[int]bool{}
	for _, hd := range holidays {
		if d, ok := h.dayOf(hd.Date); ok && d*per < n {
			h.special[d] = true
			if hd.Closed {
				closed[d] = true
			}
		}
	}
	h.learnOpen()
	h.markCatchUp(closed)
	h.y = slices.Clone(h.raw)
	for d := range h.special {
		for i := d * per; i < min((d+1)*per, n); i++ {
			h.y[i] = math.NaN()
		}
	}
	h.impute()
	h.learnCatchUp()
	h.clean()
	return h, nil
}

// markCatchUp marks as special the first open day after each closure
// inside the history (an open weekday with no observed interval, or a day
// declared closed): contacts that could not come on the closed day come on
// the next one, so it is not an ordinary day.
func (h *hist) markCatchUp(closed map[int]bool) {
	per, n := h.per, len(h.raw)
	h.catchUpDays = nil
	for d := h.pad/per + 1; (d+1)*per <= n; d++ {
		if !h.dayOpen[h.weekday(d)] || (!closed[d] && !h.missingDay(d)) {
			continue
		}
		next := d + 1
		for (next+1)*per <= n && (!h.dayOpen[h.weekday(next)] || closed[next] || h.missingDay(next)) {
			next++
		}
		if (next+1)*per <= n && !h.special[next] {
			h.special[next] = true
			h.catchUpDays = append(h.catchUpDays, next)
		}
	}
}

// missingDay reports whether no open interval of day d was observed.
func (h *hist) missingDay(d int) bool {
	for i := d * h.per; i < (d+1)*h.per; i++ {
		if h.open[h.slot(i)] && !math.IsNaN(h.raw[i]) {
			return false
		}
	}
	return true
}

// learnCatchUp sets catchUp, the volume of the days after closures against
// the ordinary day imputed in their place (1 without any such day).
func (h *hist) learnCatchUp() {
	var got, want float64
	for _, d := range h.catchUpDays {
		for i := d * h.per; i < (d+1)*h.per; i++ {
			if !math.IsNaN(h.raw[i]) {
				got += h.raw[i]
				want += h.y[i]
			}
		}
	}
	h.catchUp = 1
	if got > 0 && want > 0 {
		h.catchUp = got / want
	}
}

// learnOpen decides which slots of the week are open from the recent weeks
// (up to openWeeks) in which the slot was observed. A slot that never had
// contacts is closed. One that had some is open unless its zeros are too
// many for an open slot of its volume: for a Poisson count of mean m a share
// exp(-m) of zeros is expected, so a low-volume slot with many zeros is open
// while a one-off opening amid zeros is not. The last two weeks decide when
// they agree on a change of hours: zero both after volumes of several
// contacts (now closed), or several contacts both (now open).
// With less than a week of history the slot of the day decides, for every
// weekday.
func (h *hist) learnOpen() {
	w := h.week()
	h.open = make([]bool, w)
	n := len(h.raw)
	var vals []float64
	if n < w {
		for s := range h.per {
			vals = vals[:0]
			for i := s; i < n; i += h.per {
				if v := h.raw[i]; !math.IsNaN(v) {
					vals = append(vals, v)
				}
			}
			o := isOpen(vals)
			for d := range 7 {
				h.open[d*h.per+s] = o
			}
		}
	} else {
		for i := n - 1; i >= 0 && i >= n-w; i-- {
			vals = vals[:0]
			for j := i; j >= 0 && len(vals) < openWeeks; j -= w {
				if v := h.raw[j]; !math.IsNaN(v) {
					vals = append(vals, v)
				}
			}
			h.open[h.slot(i)] = isOpen(vals)
		}
	}
	for s, o := range h.open {
		if o {
			h.dayOpen[s/h.per] = true
		}
	}
}

// isOpen applies the rule of learnOpen to the values of one slot, most
// recent first.
func isOpen(vals []float64) bool {
	var sum, nzSum float64
	zeros := 0
	for _, v := range vals {
		sum += v
		if v == 0 {
			zeros++
		} else {
			nzSum += v
		}
	}
	nz := len(vals) - zeros
	if nz == 0 {
		return false
	}
	if len(vals) >= 4 && vals[0] == 0 && vals[1] == 0 && nzSum/float64(nz) >= 5 {
		return false
	}
	if len(vals) >= 4 && vals[0] >= 5 && vals[1] >= 5 {
		return true
	}
	q := float64(zeros) / float64(len(vals))
	return q <= 0.5 || q <= math.Exp(-sum/float64(len(vals)))+0.3
}

// impute fills every NaN: 0 at closed slots, and at open slots the median of
// the same slot of the week in the nearest observed weeks (up to two on each
// side), scaled by nothing: a missing day gets a typical day, in its place.
// Without any other week, the median of the same slot of the day is used.
func (h *hist) impute() {
	w := h.week()
	n := len(h.y)
	var buf []float64
	for i, v := range h.y {
		if !math.IsNaN(v) {
			continue
		}
		if !h.open[h.slot(i)] {
			h.y[i] = 0
			continue
		}
		buf = buf[:0]
		for k, got := 1, 0; got < 2 && i-k*w >= 0; k++ {
			if u := h.raw[i-k*w]; !math.IsNaN(u) && !h.special[(i-k*w)/h.per] {
				buf = append(buf, u)
				got++
			}
		}
		for k, got := 1, 0; got < 2 && i+k*w < n; k++ {
			if u := h.raw[i+k*w]; !math.IsNaN(u) && !h.special[(i+k*w)/h.per] {
				buf = append(buf, u)
				got++
			}
		}
		if len(buf) == 0 {
			for j := i % h.per; j < n; j += h.per {
				if u := h.raw[j]; !math.IsNaN(u) {
					buf = append(buf, u)
				}
			}
		}
		if i >= h.pad && math.IsNaN(h.raw[i]) {
			h.imputed++
		}
		if len(buf) == 0 {
			h.y[i] = 0
			continue
		}
		h.y[i] = median(buf)
	}
}

// Outlier detection thresholds. A whole day whose total is outside
// [dayLow, dayHigh] times its reference is an outage or a one-off event; a
// single interval is one when its standardised residual exceeds outlierZ
// robust standard deviations.
const (
	dayLow   = 0.5
	dayHigh  = 2.0
	outlierZ = 6.0
)

// clean replaces outliers by a reference: the trimmed mean of the same slot
// of the week over the surrounding weeks (up to three on each side), scaled
// by the level of the day. (A median would be biased low for counts near
// zero, where it is mostly 0.) Needs at least three weeks of history; shorter
// histories are left as they are.
func (h *hist) clean() {
	w := h.week()
	n := len(h.y)
	if n < 3*w {
		return
	}
	ref := make([]float64, n)
	var buf []float64
	for i := range n {
		if !h.open[h.slot(i)] {
			continue
		}
		buf = buf[:0]
		for k := -3; k <= 3; k++ {
			if j := i + k*w; k != 0 && j >= 0 && j < n {
				buf = append(buf, h.y[j])
			}
		}
		ref[i] = trimmedMean(buf)
	}
	// Whole days first: an outage or a closed day that was not declared.
	for d := 0; d*h.per < n; d++ {
		lo, hi := d*h.per, min((d+1)*h.per, n)
		var got, want float64
		for i := lo; i < hi; i++ {
			got += h.y[i]
			want += ref[i]
		}
		if want <= 0 || hi-lo < h.per {
			continue
		}
		// Far from the reference, and by more than Poisson noise could do.
		if r := got / want; (r < dayLow || r > dayHigh) && math.Abs(got-want) > outlierZ*math.Sqrt(want) {
			for i := lo; i < hi; i++ {
				if h.y[i] != ref[i] {
					h.outliers = append(h.outliers, i)
					h.y[i] = ref[i]
				}
			}
		}
	}
	// Then single intervals, against the reference scaled to the level of
	// the rest of the day (leaving the interval out, so that a spike does
	// not raise its own reference; a few pseudo-counts steady low volumes).
	const pseudo = 10
	dayGot := make([]float64, (n+h.per-1)/h.per)
	dayWant := make([]float64, len(dayGot))
	for i := range n {
		dayGot[i/h.per] += h.y[i]
		dayWant[i/h.per] += ref[i]
	}
	lvl := func(i int) float64 {
		d := i / h.per
		return (dayGot[d] - h.y[i] + pseudo) / (dayWant[d] - ref[i] + pseudo)
	}
	z := make([]float64, 0, n)
	zi := make([]float64, n)
	for i := range n {
		if !h.open[h.slot(i)] {
			continue
		}
		r := ref[i] * lvl(i)
		zi[i] = (h.y[i] - r) / math.Sqrt(r+1)
		z = append(z, math.Abs(zi[i]))
	}
	if len(z) == 0 {
		return
	}
	// The residuals are in Poisson standard deviations already: the scale
	// is never below 1, or low counts (mostly zeros) would all be outliers.
	scale := max(1, 1.4826*median(z))
	for i := range n {
		if h.open[h.slot(i)] && math.Abs(zi[i]) > outlierZ*scale {
			h.outliers = append(h.outliers, i)
			h.y[i] = ref[i] * lvl(i)
		}
	}
	slices.Sort(h.outliers)
	h.outliers = slices.Compact(h.outliers)
}

// trimmedMean returns the mean of v without its lowest and highest values
// (all of them when there are fewer than four), reordering v.
func trimmedMean(v []float64) float64 {
	if len(v) >= 4 {
		slices.Sort(v)
		v = v[1 : len(v)-1]
	}
	return mean(v)
}

// median returns the median of v, reordering v. It panics on empty input.
func median(v []float64) float64 {
	slices.Sort(v)
	m := len(v) / 2
	if len(v)%2 == 1 {
		return v[m]
	}
	return (v[m-1] + v[m]) / 2
}
