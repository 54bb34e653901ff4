package forecast

import (
	"github.com/wfm-dev/wfm/forecast/internal/arima"
)

// The ARIMA models: auto.arima's order search and exact maximum likelihood
// (see package arima) on the seasonally adjusted series of MSTL, or on the
// daily totals with their weekly season.

// arimaOptions are the options of the order search: the seasonal
// difference decided by the strength of STL's seasonal component.
var arimaOptions = arima.AutoOptions{Strength: seasonalStrength}

// seasonalStrength returns 1 - var(remainder)/var(remainder + seasonal)
// of the STL decomposition of x with period m, in [0, 1], as forecast's
// seasonal-strength test (seasonal window 11, as mstl's first).
func seasonalStrength(x []float64, m int) float64 {
	seas, trend := stl(x, m, 11)
	rem := make([]float64, len(x))
	detr := make([]float64, len(x))
	for i, v := range x {
		detr[i] = v - trend[i]
		rem[i] = detr[i] - seas[i]
	}
	vd := variance(detr)
	if !(vd > 0) {
		return 0
	}
	return max(0, min(1, 1-variance(rem)/vd))
}

func variance(x []float64) float64 {
	mu := mean(x)
	var s float64
	for _, v := range x {
		s += (v - mu) * (v - mu)
	}
	return s / float64(len(x)-1)
}

// mstlARIMA is MSTL with a non-seasonal ARIMA model of the adjusted series
// chosen by auto.arima's search; mstl-ar where no model can be fitted.
// Runs in the time of the search: a few dozen fits of O(n) each.
func mstlARIMA(h *hist, horizon int) []float64 {
	season, adj := stlDecompose(h, horizon)
	opt := arimaOptions
	opt.Truncate = arimaSearchWeeks * h.week()
	f, err := arima.Auto(adj, 1, opt)
	if err != nil {
		return mstlAR(h, horizon)
	}
	mean, _, _ := f.Forecast(horizon, 80)
	for j := range season {
		season[j] += mean[j]
	}
	return season
}

// arimaSearchWeeks bounds the weeks of the adjusted series mstlARIMA's
// order search scores models on: the dynamics of the level are short, and
// the search on all of MSTL's twelve weeks would cost several times more.
const arimaSearchWeeks = 4

// dayARIMA forecasts the daily totals of the complete days by a seasonal
// ARIMA model of period 7 chosen by auto.arima's search, spread over the
// day by day-profile's intraday profiles; day-profile where no model can
// be fitted.
func dayARIMA(h *hist, horizon int) []float64 {
	dm := dayModel{weeks: 6, shrink: 3}
	tot, _, prof := dm.fit(h)
	if h.pad > 0 {
		tot = tot[1:] // day 0 is partial
	}
	tot = tot[max(0, len(tot)-arimaDays):]
	nd := len(h.y) / h.per
	days := (len(h.y)+horizon+h.per-1)/h.per - nd
	f, err := arima.Auto(tot, 7, arimaOptions)
	if err != nil {
		return dm.forecast(h, horizon)
	}
	mean, _, _ := f.Forecast(days, 80)
	// The totals of the open days ahead, in order, as spreadDays counts
	// them.
	var open []float64
	for d, v := range mean {
		if h.dayOpen[h.weekday(nd+d)] {
			open = append(open, v)
		}
	}
	return spreadDays(h, horizon, prof, func(k, _ int) float64 { return open[k-1] })
}

// arimaDays bounds the days of totals dayARIMA models: a year.
const arimaDays = 364
