package forecast

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/floats"
)

// Automatic selection: every model of the pool forecasts from rolling
// origins on the last weeks of the history, one day apart, and is scored by
// WAPE separately on the next day (the day-ahead band) and on later days. In
// each band the forecast is the plain average of the models pickBand keeps.

// innerOrigins returns the origins of the selection backtests: each of the
// last seven days, then every other day back to three weeks beyond the
// horizon or two weeks, whichever is longer (at most eight weeks), each
// leaving at least three weeks of history. The older origins give the later
// lead times errors on many distinct days and, even for a short horizon,
// in five distinct weeks, which the prediction intervals need: errors of
// the level last for days, so a few weeks hold only a few independent ones.
func innerOrigins(h *hist, horizon int) []int {
	e, per := len(h.y), h.per
	days := min(max((horizon+per-1)/per, 14)+21, 56)
	var o []int
	for d := 1; d <= days; d++ {
		if d > 7 && d%2 == 0 {
			continue
		}
		if e-d*per < 3*h.week() {
			break
		}
		o = append(o, e-d*per)
	}
	return o
}

// dayAheadEnd returns the end of the day-ahead band of a forecast starting
// at interval o: the rest of o's day, then one whole day.
func dayAheadEnd(o, per int) int { return o + (per-o%per)%per + per }

// evaluate returns fc[c][k], the forecast of candidate c from origin k up to
// the end of h or horizon intervals, nil where the candidate cannot run.
func evaluate(h *hist, cands []spec, origins []int, horizon int) [][][]float64 {
	e := len(h.y)
	fc := make([][][]float64, len(cands))
	for c := range cands {
		fc[c] = make([][]float64, len(origins))
	}
	for k, o := range origins {
		ho := h.upTo(o)
		for c, m := range cands {
			if ho.days() >= m.minDays {
				fc[c][k] = run(m, ho, min(horizon, e-o))
			}
		}
	}
	return fc
}

// scorable reports whether interval i is a fair test point: observed, and
// not on a declared holiday or the catch-up day after a closure.
func (h *hist) scorable(i int) bool { return !math.IsNaN(h.raw[i]) && !h.special[i/h.per] }

// bandWAPE returns the WAPE of the average of the forecasts of the listed
// candidates, in band b (0: day ahead, 1: later, -1: both), against the cleaned
// history; +Inf when one of them is missing at some origin.
func bandWAPE(h *hist, fc [][][]float64, origins []int, pick []int, b int) float64 {
	var num, den float64
	for k, o := range origins {
		end := dayAheadEnd(o, h.per)
		for j := range fc[pick[0]][k] {
			i := o + j
			if (b >= 0 && (i < end) != (b == 0)) || !h.scorable(i) {
				continue
			}
			v, ok := average(fc, pick, k, j)
			if !ok {
				return math.Inf(1)
			}
			num += math.Abs(h.y[i] - v)
			den += h.y[i]
		}
	}
	for _, c := range pick {
		for _, f := range fc[c] {
			if f == nil {
				return math.Inf(1)
			}
		}
	}
	if den == 0 {
		return math.Inf(1)
	}
	return num / den
}

func average(fc [][][]float64, pick []int, k, j int) (float64, bool) {
	var s float64
	for _, c := range pick {
		if fc[c][k] == nil {
			return 0, false
		}
		s += fc[c][k][j]
	}
	return s / float64(len(pick)), true
}

// bandLosses returns, per candidate and origin, the absolute error of its
// forecasts in band b (0: day ahead, 1: later), nil for a candidate missing
// at some origin, and per origin the sum of the actuals there.
func bandLosses(h *hist, fc [][][]float64, origins []int, horizon, b int) (loss [][]float64, den []float64) {
	loss = make([][]float64, len(fc))
	for c := range fc {
		loss[c] = make([]float64, len(origins))
	}
	den = make([]float64, len(origins))
	for k, o := range origins {
		end := dayAheadEnd(o, h.per)
		for j := range min(horizon, len(h.y)-o) {
			i := o + j
			if (i < end) != (b == 0) || !h.scorable(i) {
				continue
			}
			den[k] += h.y[i]
			for c := range fc {
				if f := fc[c][k]; f == nil {
					loss[c] = nil
				} else if loss[c] != nil {
					loss[c][k] += math.Abs(h.y[i] - f[j])
				}
			}
		}
	}
	return loss, den
}

// pruneTol is how much worse than the best a model may score on later
// days and still be averaged in. Errors beyond the next day come from
// overlapping windows of the same few weeks: a model that wins them has
// mostly suited those weeks, and the ranking carries over poorly to the
// weeks ahead (on the real series, the later-day winner of the backtests
// was often among the worst after the origin). So on later days the
// selection only drops the clearly worse and averages the rest, which
// combinations of several good models do well out of sample.
const pruneTol = 0.5

// tieSE is how many standard errors of the paired per-origin differences
// a model may score above the best on the next day and still be averaged
// in. Day-ahead errors are on a distinct day per origin, so their
// differences give a fair measure of how far the backtest can tell two
// models apart: a clear winner is used alone, models it cannot separate
// (the robust baselines among them, when they are close) are averaged.
const tieSE = 2

// tied reports whether the per-origin losses of candidate c exceed those of
// candidate best by at most z standard errors of their mean difference.
func tied(c, best []float64, z float64) bool {
	if c == nil {
		return false
	}
	n := float64(len(c))
	var m, m2 float64
	for k := range c {
		d := c[k] - best[k]
		m += d
		m2 += d * d
	}
	m /= n
	v := math.Max(0, m2/n-m*m) / math.Max(1, n-1) // the variance of the mean
	return m <= z*math.Sqrt(v)
}

// choose returns, per band, the candidates to average (see pickBand); nil
// when none could be scored. It also returns every candidate's WAPE per
// band.
func choose(h *hist, fc [][][]float64, origins []int, horizon int) ([2][]int, [2][]float64) {
	var out [2][]int
	var scores [2][]float64
	for b := range 2 {
		loss, den := bandLosses(h, fc, origins, horizon, b)
		out[b], scores[b] = pickBand(loss, floats.Sum(den), b == 0)
	}
	if out[1] == nil {
		out[1] = out[0]
	}
	return out, scores
}

// pickBand returns the candidates to average in a band, in order of WAPE,
// from their losses per origin (nil for a candidate that could not run) and
// the sum of the actuals: on the next day those tied with the best
// (tieSE), later those within pruneTol of the best; nil when none could be
// scored. It also returns every candidate's WAPE, +Inf where not scored.
func pickBand(loss [][]float64, total float64, dayAhead bool) ([]int, []float64) {
	n := len(loss)
	score := make([]float64, n)
	order := make([]int, n)
	for c := range n {
		order[c] = c
		score[c] = math.Inf(1)
		if loss[c] != nil && total > 0 {
			score[c] = floats.Sum(loss[c]) / total
		}
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(score[x], score[y]) })
	best := order[0]
	if math.IsInf(score[best], 1) {
		return nil, score
	}
	var pick []int
	for _, c := range order {
		if dayAhead && tied(loss[c], loss[best], tieSE) || !dayAhead && score[c] <= score[best]*(1+pruneTol) {
			pick = append(pick, c)
		}
	}
	return pick, score
}

// selection reports the candidates' scores and picks, best day-ahead first.
func selection(cands []spec, pick [2][]int, scores [2][]float64) []Selection {
	out := make([]Selection, len(cands))
	for c, m := range cands {
		out[c] = Selection{Model: m.name, DayAhead: scores[0][c], Later: scores[1][c],
			InDayAhead: slices.Contains(pick[0], c), InLater: slices.Contains(pick[1], c)}
	}
	slices.SortStableFunc(out, func(a, b Selection) int {
		switch {
		case a.DayAhead < b.DayAhead:
			return -1
		case a.DayAhead > b.DayAhead:
			return 1
		}
		return 0
	})
	return out
}

// auto selects and combines candidates on h and forecasts horizon
// intervals. It returns the forecast, the residuals of the chosen
// combination in the selection backtests (for the prediction intervals), a
// name saying what was chosen and the scores that chose it.
func auto(h *hist, horizon int) ([]float64, []residual, string, []Selection, Score) {
	origins := innerOrigins(h, horizon)
	cands := pool()
	for c, m := range cands {
		if m.name == "mean" && h.days() >= m.minDays {
			// Choose k once on the whole history rather than again at
			// every origin: the same answer at a fraction of the cost.
			cands[c].fn = weekMean(meanK(h, horizon))
		}
	}
	var fc [][][]float64
	var pick [2][]int
	var scores [2][]float64
	if len(origins) > 0 {
		fc = evaluate(h, cands, origins, horizon)
		pick, scores = choose(h, fc, origins, horizon)
	}
	if pick[0] == nil {
		// Too short to compare: the day-level model needs a week, the
		// daily naive one a day.
		m := models[1]
		if h.days() >= 7 {
			m, _ = lookup("day-profile")
		}
		return run(m, h, horizon), nil, "auto(" + m.name + ")", nil, Score{}
	}
	fits := map[int][]float64{}
	for _, p := range pick {
		for _, c := range p {
			if fits[c] == nil {
				fits[c] = run(cands[c], h, horizon)
			}
		}
	}
	e := len(h.y)
	end := dayAheadEnd(e, h.per)
	f := make([]float64, horizon)
	for j := range f {
		p := pick[1]
		if e+j < end {
			p = pick[0]
		}
		for _, c := range p {
			f[j] += fits[c][j]
		}
		f[j] /= float64(len(p))
	}
	combined := func(k, j int) (float64, bool) {
		p := pick[1]
		if o := origins[k]; o+j < dayAheadEnd(o, h.per) {
			p = pick[0]
		}
		return average(fc, p, k, j)
	}
	var res []residual
	var half []int // the origin's parity, for crossCoverage
	for k, o := range origins {
		for j := range min(horizon, e-o) {
			i := o + j
			if v, ok := combined(k, j); ok && h.scorable(i) {
				res = append(res, residual{leadBucket(o, i, h.per), i / h.per, v, h.raw[i]})
				half = append(half, k%2)
			}
		}
	}
	sel := selection(cands, pick, scores)
	sc := newScorer(h, origins, horizon)
	for i := range sel {
		c := slices.IndexFunc(cands, func(m spec) bool { return m.name == sel[i].Model })
		sel[i].WAPE, sel[i].MASE, sel[i].Bias = sc.score(func(k, j int) (float64, bool) { return average(fc, []int{c}, k, j) })
	}
	name := ensemble(cands, pick)
	chosen := Score{Model: name, Folds: len(origins), Coverage: crossCoverage(res, half)}
	chosen.WAPE, chosen.MASE, chosen.Bias = sc.score(combined)
	return f, res, name, sel, chosen
}

// ensemble names the forecast of the picked models: "auto(dhr)" for one
// model, else "ensemble(5)" for an average of five, per band when they
// differ: "ensemble(5; later 9)", "ensemble(dhr; later 3)". Selection says
// which models they are.
func ensemble(cands []spec, pick [2][]int) string {
	part := func(p []int) string {
		if len(p) == 1 {
			return cands[p[0]].name
		}
		return strconv.Itoa(len(p))
	}
	same := sameSet(pick[0], pick[1])
	if same && len(pick[0]) == 1 {
		return "auto(" + part(pick[0]) + ")"
	}
	name := "ensemble(" + part(pick[0])
	if !same {
		name += "; later " + part(pick[1])
	}
	return name + ")"
}

func sameSet(a, b []int) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// scorer scores forecasts from the selection's origins against the cleaned
// history, as Backtest scores its folds.
type scorer struct {
	h       *hist
	origins []int
	horizon int
	scale   []float64 // per origin: the weekly seasonal-naive error of the history before it
}

func newScorer(h *hist, origins []int, horizon int) *scorer {
	w := h.week()
	// cum[t] sums |y[u]-y[u-w]| for u < t: each origin's scale in O(1).
	cum := make([]float64, len(h.y)+1)
	for t, v := range h.y {
		cum[t+1] = cum[t]
		if t >= w {
			cum[t+1] += math.Abs(v - h.y[t-w])
		}
	}
	sc := &scorer{h: h, origins: origins, horizon: horizon, scale: make([]float64, len(origins))}
	for k, o := range origins {
		sc.scale[k] = math.NaN()
		if o > w && cum[o] > 0 {
			sc.scale[k] = cum[o] / float64(o-w)
		}
	}
	return sc
}

// score returns the WAPE, MASE (mean over origins) and bias of the
// forecast at(k, j) from origin k, j intervals ahead; NaN where it cannot
// be scored.
func (sc *scorer) score(at func(k, j int) (float64, bool)) (wape, mase, bias float64) {
	h := sc.h
	var absErr, sum, over, maseSum float64
	maseN := 0
	for k, o := range sc.origins {
		var originErr float64
		n := 0
		for j := range min(sc.horizon, len(h.y)-o) {
			i := o + j
			if !h.scorable(i) {
				continue
			}
			v, ok := at(k, j)
			if !ok {
				return math.NaN(), math.NaN(), math.NaN()
			}
			absErr += math.Abs(h.y[i] - v)
			over += v - h.y[i]
			sum += h.y[i]
			originErr += math.Abs(h.y[i] - v)
			n++
		}
		if n > 0 && !math.IsNaN(sc.scale[k]) {
			maseSum += originErr / float64(n) / sc.scale[k]
			maseN++
		}
	}
	wape, mase, bias = math.NaN(), math.NaN(), math.NaN()
	if sum > 0 {
		wape, bias = absErr/sum, over/sum
	}
	if maseN > 0 {
		mase = maseSum / float64(maseN)
	}
	return wape, mase, bias
}

// selfResiduals returns the errors of m in the selection backtests of h.
func selfResiduals(h *hist, m spec, horizon int) []residual {
	origins := innerOrigins(h, horizon)
	fc := evaluate(h, []spec{m}, origins, horizon)
	var res []residual
	for k, o := range origins {
		for j, v := range fc[0][k] {
			if i := o + j; h.scorable(i) {
				res = append(res, residual{leadBucket(o, i, h.per), i / h.per, v, h.raw[i]})
			}
		}
	}
	return res
}

// chosenMean is the same-interval mean of the last k weeks, k chosen among
// meanWeeks by WAPE in the selection backtests (4 when they cannot run).
func chosenMean(h *hist, horizon int) []float64 {
	return weekMean(meanK(h, horizon))(h, horizon)
}

// meanK returns the k of chosenMean.
func meanK(h *hist, horizon int) int {
	var cands []spec
	for _, k := range meanWeeks {
		if 7*k <= h.days() {
			cands = append(cands, spec{minDays: 7 * k, fn: weekMean(k)})
		}
	}
	origins := innerOrigins(h, horizon)
	best, bestK := math.Inf(1), min(4, max(1, h.days()/7))
	if len(origins) > 0 {
		fc := evaluate(h, cands, origins, horizon)
		for c := range cands {
			if s := bandWAPE(h, fc, origins, []int{c}, -1); s < best {
				best, bestK = s, meanWeeks[c]
			}
		}
	}
	return bestK
}
