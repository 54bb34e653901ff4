package forecast

import "math"

// Accuracy measures. Each skips the intervals whose actual is NaN (missing
// from the data) and panics when the slices differ in length.

func checkLen(a, b []float64) {
	if len(a) != len(b) {
		panic("forecast: actual and forecast differ in length")
	}
}

// WAPE returns the weighted absolute percentage error
// sum|actual - forecast| / sum actual, as a fraction (0.05 is 5%). It is NaN
// when the actuals sum to zero. Runs in O(n).
func WAPE(actual, forecast []float64) float64 {
	checkLen(actual, forecast)
	var num, den float64
	for i, a := range actual {
		if math.IsNaN(a) {
			continue
		}
		num += math.Abs(a - forecast[i])
		den += a
	}
	if den == 0 {
		return math.NaN()
	}
	return num / den
}

// Bias returns sum(forecast - actual) / sum actual: positive when the
// forecast is too high. It is NaN when the actuals sum to zero. Runs in O(n).
func Bias(actual, forecast []float64) float64 {
	checkLen(actual, forecast)
	var num, den float64
	for i, a := range actual {
		if math.IsNaN(a) {
			continue
		}
		num += forecast[i] - a
		den += a
	}
	if den == 0 {
		return math.NaN()
	}
	return num / den
}

// MASE returns the mean absolute error of the forecast divided by the mean
// absolute error of the in-sample seasonal naive forecast of the history,
// |history[t] - history[t-period]| (period is one week of intervals for
// Backtest). It is NaN when the scale is zero or cannot be computed (history
// shorter than period + 1, or no actual). Runs in O(n + len(history)).
func MASE(actual, forecast, history []float64, period int) float64 {
	checkLen(actual, forecast)
	if period <= 0 {
		panic("forecast: non-positive MASE period")
	}
	var sum float64
	n := 0
	for t := period; t < len(history); t++ {
		a, b := history[t], history[t-period]
		if math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		sum += math.Abs(a - b)
		n++
	}
	var err float64
	m := 0
	for i, a := range actual {
		if math.IsNaN(a) {
			continue
		}
		err += math.Abs(a - forecast[i])
		m++
	}
	if n == 0 || m == 0 || sum == 0 {
		return math.NaN()
	}
	return (err / float64(m)) / (sum / float64(n))
}

// Coverage returns the share of actuals inside [lo, hi]. Intervals where
// the actual is 0 and hi is 0 (closed hours) are not counted: they would be
// covered whatever the model. It is NaN when nothing is counted. Runs in O(n).
func Coverage(actual, lo, hi []float64) float64 {
	checkLen(actual, lo)
	checkLen(actual, hi)
	in, n := 0, 0
	for i, a := range actual {
		if math.IsNaN(a) || (a == 0 && hi[i] == 0) {
			continue
		}
		n++
		if a >= lo[i] && a <= hi[i] {
			in++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(in) / float64(n)
}
