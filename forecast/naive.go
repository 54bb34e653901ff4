package forecast

// Baselines: the models every other model must beat in the backtest.

// seasonalNaive repeats the last observed week: the value of interval i is
// the value at i minus a whole number of weeks. Needs a week of history;
// runs in O(horizon).
func seasonalNaive(h *hist, horizon int) []float64 {
	w, e := h.week(), len(h.y)
	f := make([]float64, horizon)
	for j := range f {
		f[j] = h.y[e+j-w*(j/w+1)]
	}
	return f
}

// dailyNaive repeats the same interval of the last day on which that
// interval is usually open: Monday is forecast from Friday when weekends are
// closed, and the afternoon after a short Saturday from Friday too. Needs a
// day of history; runs in O(horizon) (O(horizon*days) for slots never
// open, which are zeroed anyway).
func dailyNaive(h *hist, horizon int) []float64 {
	e, per := len(h.y), h.per
	f := make([]float64, horizon)
	for j := range f {
		i := e + j
		s := i % per
		d := -1 // the latest day whose slot s lies in the history
		if e-1-s >= 0 {
			d = (e - 1 - s) / per
		}
		for d >= 0 && !h.open[h.slot(d*per+s)] {
			d--
		}
		if d >= 0 {
			f[j] = h.y[d*per+s]
		}
	}
	return f
}

// weekMean returns the mean of the same slot of the week over the last k
// weeks of history (fewer when the history is shorter). Runs in
// O(k*horizon).
func weekMean(k int) func(h *hist, horizon int) []float64 {
	return func(h *hist, horizon int) []float64 {
		w, e := h.week(), len(h.y)
		f := make([]float64, horizon)
		for j := range f {
			var sum float64
			n := 0
			for i := e + j - w*(j/w+1); i >= 0 && n < k; i -= w {
				sum += h.y[i]
				n++
			}
			f[j] = sum / float64(n)
		}
		return f
	}
}
