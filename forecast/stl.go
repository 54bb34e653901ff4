package forecast

import (
	"math"
	"sync"
)

// STL (Cleveland, Cleveland, McRae and Terpenning, 1990): seasonal-trend
// decomposition by loess, the inner loop without robustness iterations (the
// history is cleaned of outliers before), and MSTL (Bandara, Hyndman and
// Bergmeir, 2021), which applies STL once per period, shortest first,
// iterating so that each seasonal component is estimated on the series
// without the others.

// stl decomposes x = seasonal + trend + remainder for period np with
// seasonal window ns (odd, >= 7). It returns seasonal and trend. Runs in
// O(n*(ns/np + nt/jump)) with loess evaluated every jump points.
func stl(x []float64, np, ns int) (seasonal, trend []float64) {
	n := len(x)
	nl := nextOdd(np)
	nt := nextOdd(int(math.Ceil(1.5 * float64(np) / (1 - 1.5/float64(ns)))))
	trend = make([]float64, n)
	seasonal = make([]float64, n)
	detr := make([]float64, n)
	cyc := make([]float64, n+2*np)
	for range 2 { // inner iterations
		for i := range x {
			detr[i] = x[i] - trend[i]
		}
		// Cycle-subseries smoothing, each subseries extended by one
		// period on both sides.
		var sub, fit []float64
		for k := range np {
			sub = sub[:0]
			for i := k; i < n; i += np {
				sub = append(sub, detr[i])
			}
			m := len(sub)
			fit = fit[:0]
			for j := -1; j <= m; j++ {
				fit = append(fit, loessAt(sub, float64(j), ns, 0))
			}
			for j, v := range fit {
				if i := k + j*np; i < n+2*np {
					cyc[i] = v
				}
			}
		}
		// Low-pass filter of the cycle-subseries: moving averages of np,
		// np and 3, then loess.
		low := movingAverage(movingAverage(movingAverage(cyc, np), np), 3)
		low = loessAll(low, nl, 1)
		for i := range n {
			seasonal[i] = cyc[np+i] - low[i]
		}
		for i := range n {
			detr[i] = x[i] - seasonal[i]
		}
		trend = loessAll(detr, nt, 1)
	}
	return seasonal, trend
}

// mstl decomposes x by STL for each period in periods (increasing), two
// passes, seasonal windows 7+4k as in the original MSTL. It returns the
// seasonal components and the seasonally adjusted series (trend plus
// remainder).
func mstl(x []float64, periods []int) (seasonals [][]float64, adjusted []float64) {
	adjusted = append([]float64(nil), x...)
	seasonals = make([][]float64, len(periods))
	for k := range seasonals {
		seasonals[k] = make([]float64, len(x))
	}
	for range 2 {
		for k, p := range periods {
			for i := range adjusted {
				adjusted[i] += seasonals[k][i]
			}
			seasonals[k], _ = stl(adjusted, p, 7+4*(k+1))
			for i := range adjusted {
				adjusted[i] -= seasonals[k][i]
			}
		}
	}
	return seasonals, adjusted
}

func nextOdd(v int) int {
	if v%2 == 0 {
		return v + 1
	}
	return v
}

// movingAverage returns the means of the len(x)-w+1 windows of w values.
func movingAverage(x []float64, w int) []float64 {
	out := make([]float64, len(x)-w+1)
	var s float64
	for i, v := range x {
		s += v
		if i >= w {
			s -= x[i-w]
		}
		if i >= w-1 {
			out[i-w+1] = s / float64(w)
		}
	}
	return out
}

// loessAll evaluates loess of x (at positions 0..n-1) with window q and the
// given degree at every jump-th point and the last one, interpolating
// linearly between them, as STL does.
func loessAll(x []float64, q, degree int) []float64 {
	n := len(x)
	out := make([]float64, n)
	jump := max(1, q/10)
	prev := -1
	for i := 0; ; i += jump {
		if i >= n {
			i = n - 1
		}
		out[i] = loessAt(x, float64(i), q, degree)
		if prev >= 0 {
			for j := prev + 1; j < i; j++ {
				t := float64(j-prev) / float64(i-prev)
				out[j] = out[prev] + t*(out[i]-out[prev])
			}
		}
		prev = i
		if i == n-1 {
			break
		}
	}
	return out
}

// tricubeCache holds the weights of symmetric windows by width; the
// widths STL uses are few.
var tricubeCache sync.Map

// tricube returns the tricube weights of a symmetric window of odd width q
// centred on its middle point, distances scaled by (q-1)/2 as in loessAt.
func tricube(q int) []float64 {
	if w, ok := tricubeCache.Load(q); ok {
		return w.([]float64)
	}
	w := make([]float64, q)
	h := math.Max(float64(q-1)/2, 0.5)
	for k := range w {
		d := math.Abs(float64(k-q/2)) / h
		if d < 1 {
			w[k] = (1 - d*d*d) * (1 - d*d*d) * (1 - d*d*d)
		}
	}
	tricubeCache.Store(q, w)
	return w
}

// loessAt returns the loess estimate at position t (possibly outside
// 0..n-1) from the q nearest of x's points, tricube weighted, by a local
// constant (degree 0) or line (degree 1).
func loessAt(x []float64, t float64, q, degree int) float64 {
	n := len(x)
	if n == 0 {
		return 0
	}
	// The q nearest points form a window [lo, hi].
	lo := int(math.Round(t)) - q/2
	lo = max(0, min(lo, n-q))
	hi := min(n-1, lo+q-1)
	lo = max(0, hi-q+1)
	if q%2 == 1 && q <= n && float64(lo+q/2) == t {
		// Interior point of a symmetric window: the local line's slope
		// term vanishes and the weights are the same everywhere.
		w := tricube(q)
		var sw, swy float64
		for k, v := range x[lo : hi+1] {
			sw += w[k]
			swy += w[k] * v
		}
		return swy / sw
	}
	h := math.Max(t-float64(lo), float64(hi)-t)
	if q > n {
		h += float64(q-n) / 2
	}
	h = math.Max(h, 0.5)
	var sw, swx, swy, swxx, swxy float64
	for i := lo; i <= hi; i++ {
		d := math.Abs(float64(i)-t) / h
		if d >= 1 {
			continue
		}
		w := 1 - d*d*d
		w = w * w * w
		xi := float64(i) - t
		sw += w
		swx += w * xi
		swy += w * x[i]
		swxx += w * xi * xi
		swxy += w * xi * x[i]
	}
	if sw == 0 {
		return x[max(0, min(n-1, int(math.Round(t))))]
	}
	if degree == 0 {
		return swy / sw
	}
	// Local line centred at t: the estimate is its intercept.
	den := sw*swxx - swx*swx
	if math.Abs(den) < 1e-12*sw*sw {
		return swy / sw
	}
	return (swy*swxx - swx*swxy) / den
}

// mstlMemo keeps the last decomposition of a history.
type mstlMemo struct {
	horizon     int
	season, adj []float64
}

// stlWeeks bounds the weeks of history decomposed by MSTL.
const stlWeeks = 12

// stlDecompose runs MSTL on the last weeks of h with the periods of a day
// and a week (the day only with less than two weeks) and returns the
// seasonal forecast for the horizon (each component's last cycle repeated)
// and the adjusted series.
func stlDecompose(h *hist, horizon int) (season, adj []float64) {
	if m := h.mstlMemo; m != nil && m.horizon == horizon {
		// Both MSTL models decompose the same history: do it once.
		return append([]float64(nil), m.season...), m.adj
	}
	defer func() {
		h.mstlMemo = &mstlMemo{horizon, append([]float64(nil), season...), adj}
	}()
	e := len(h.y)
	x := h.y[max(0, e-stlWeeks*h.week()):]
	periods := []int{h.per}
	if len(x) >= 2*h.week() {
		periods = append(periods, h.week())
	}
	seas, adj := mstl(x, periods)
	n := len(x)
	season = make([]float64, horizon)
	for j := range season {
		for k, p := range periods {
			i := n + j
			i -= p * ((i-n)/p + 1)
			season[j] += seas[k][i]
		}
	}
	return season, adj
}

// mstlSES is MSTL with simple exponential smoothing of the adjusted series,
// its constant chosen by one-step squared error. Runs in O(n*w) for loess
// windows w of about a day.
func mstlSES(h *hist, horizon int) []float64 {
	season, adj := stlDecompose(h, horizon)
	init := mean(adj[:min(len(adj), h.per)])
	best, level := math.Inf(1), init
	for _, al := range levelAlphas {
		l, sse := init, 0.0
		for k, v := range adj {
			if k >= h.per {
				sse += (v - l) * (v - l)
			}
			l += al * (v - l)
		}
		if sse < best {
			best, level = sse, l
		}
	}
	for j := range season {
		season[j] += level
	}
	return season
}

// mstlAR is MSTL with an autoregression of the adjusted series around its
// mean over the last four weeks: lags 1, 2, 3 and one day, the set of least
// AIC. Runs like mstlSES plus O(n*p^2) for p lags.
func mstlAR(h *hist, horizon int) []float64 {
	season, adj := stlDecompose(h, horizon)
	mu := mean(adj[max(0, len(adj)-4*h.week()):])
	x := make([]float64, len(adj))
	for i, v := range adj {
		x[i] = v - mu
	}
	bestAIC := math.Inf(1)
	var lags []int
	var coef []float64
	for _, set := range arLags {
		l := make([]int, len(set))
		maxLag := 0
		for i, v := range set {
			if v < 0 {
				v = h.per
			}
			l[i] = v
			maxLag = max(maxLag, v)
		}
		n := len(x) - maxLag
		if n < 10*len(l) {
			continue
		}
		c, sse := leastSquares(x, l, maxLag)
		if c == nil || sse <= 0 {
			continue
		}
		if aic := float64(n)*math.Log(sse/float64(n)) + 2*float64(len(l)); aic < bestAIC {
			bestAIC, lags, coef = aic, l, c
		}
	}
	ext := x
	for j := range season {
		var v float64
		for c, l := range lags {
			v += coef[c] * ext[len(ext)-l]
		}
		ext = append(ext, v)
		season[j] += mu + v
	}
	return season
}
