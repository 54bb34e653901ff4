package forecast

import "github.com/wfm-dev/wfm/forecast/internal/ets"

// Models built on ETS state-space models fitted by maximum likelihood and
// chosen by AICc as R's forecast::ets does (see internal/ets).

// onTrial are models offered by name but left out of auto's pool until
// their backtests earn them a place.
var onTrial = []string{"mstl-ets", "day-ets"}

// mstlETS is MSTL with the non-seasonal ETS model of least AICc (MSTL
// holds the seasons) on the adjusted series, its forecast plus each
// seasonal component's last cycle. Should no model fit (a constant adjusted
// series gets a flat forecast; this is for the degenerate rest), it falls
// back to mstlSES. Runs like mstlSES plus up to six ETS fits of O(n) per
// evaluation, some tens of milliseconds on twelve weeks of 30-minute data.
func mstlETS(h *hist, horizon int) []float64 {
	season, adj := stlDecompose(h, horizon)
	f, err := ets.Auto(adj, 1)
	if err != nil {
		return mstlSES(h, horizon)
	}
	for j, v := range f.Mean(horizon) {
		season[j] += v
	}
	return season
}

// dayETS forecasts the total of each open day by the ETS model of least
// AICc on the totals of the open days, with a weekly season of as many
// days as the week has open (closed weekdays are left out, so a weekday
// centre's week is five days long), and spreads each total over its day by
// day-profile's intraday profiles. Forecasts of the rest of a day the
// history ends in spread that day's whole total, as day-profile does. With
// fewer than seven open days, or no model that fits, it falls back to
// day-profile. Runs in O(n) plus up to fifteen fits of O(days) per
// evaluation.
func dayETS(h *hist, horizon int) []float64 {
	dm := dayModel{weeks: 6, shrink: 3}
	tot, _, prof := dm.fit(h)
	var z []float64
	for d, v := range tot {
		if h.dayOpen[h.weekday(d)] {
			z = append(z, v)
		}
	}
	f, err := ets.Auto(z, countOpenDays(h))
	if err != nil {
		return dm.forecast(h, horizon)
	}
	days := (len(h.y)+horizon-1)/h.per - len(tot) + 1 // calendar days ahead, a bound on open ones
	total := f.Mean(days)
	return spreadDays(h, horizon, prof, func(k, _ int) float64 { return total[k-1] })
}
