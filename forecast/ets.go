package forecast

import "github.com/wfm-dev/wfm/forecast/internal/ets"

// Models built on ETS state-space models fitted by maximum likelihood and
// chosen by AICc as R's forecast::ets does (see internal/ets).

// onTrial are models offered by name but left out of auto's pool until
// their backtests earn them a place.
var onTrial = []string{"mstl-ets", "day-ets", "mstl-arima", "day-arima"}

// etsWeeks bounds the weeks of history the ETS models see, as for the
// other level models.
const etsWeeks = 12

// mstlETS is MSTL with the non-seasonal ETS model of least AICc (MSTL
// holds the seasons) on the adjusted series at open slots, its forecast
// plus each seasonal component's last cycle. Closed slots are left out, as
// in the profile models: the level carries over nights and weekends, and
// the noise of what MSTL leaves at closed slots does not drive the fit
// (nor slow it: closed slots are most of a week). Should no model fit (a
// constant series gets a flat forecast; this is for the degenerate rest),
// it falls back to mstlSES. Runs like mstlSES plus up to six ETS fits of
// O(open intervals) per evaluation, about 12 ms on twelve weeks of a
// weekday centre's 30-minute data.
func mstlETS(h *hist, horizon int) []float64 {
	season, adj := stlDecompose(h, horizon)
	e := len(h.y)
	var open []float64
	for i, v := range adj {
		if h.open[h.slot(e-len(adj)+i)] {
			open = append(open, v)
		}
	}
	f, err := ets.Auto(open, 1)
	if err != nil {
		return mstlSES(h, horizon)
	}
	mean := f.Mean(horizon)
	k := 0 // open intervals ahead; run zeroes the closed ones
	for j := range season {
		if h.open[h.slot(e+j)] {
			season[j] += mean[k]
			k++
		}
	}
	return season
}

// dayETS forecasts the total of each open day by the ETS model of least
// AICc on the totals of the open days of the last etsWeeks weeks, with a weekly season of as many
// days as the week has open (closed weekdays are left out, so a weekday
// centre's week is five days long), and spreads each total over its day by
// day-profile's intraday profiles. Forecasts of the rest of a day the
// history ends in spread that day's whole total, as day-profile does. With
// fewer than seven open days, or no model that fits, it falls back to
// day-profile. Runs in O(n) plus up to fifteen fits of O(days) per
// evaluation, about 7 ms on twelve weeks.
func dayETS(h *hist, horizon int) []float64 {
	dm := dayModel{weeks: 6, shrink: 3}
	tot, _, prof := dm.fit(h)
	var z []float64
	for d, v := range tot {
		if d >= len(tot)-7*etsWeeks && h.dayOpen[h.weekday(d)] {
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
