package forecast

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/wfm-dev/wfm/internal/workers"
)

// spec is a model the engine can fit: fn forecasts horizon intervals after
// the end of h. minDays is the history it needs, in days; about says what
// it is in a line.
type spec struct {
	name    string
	minDays int
	fn      func(h *hist, horizon int) []float64
	about   string
}

// meanWeeks are the window lengths tried for the same-interval mean.
var meanWeeks = []int{1, 2, 3, 4, 6, 8}

// models lists the public models in the order of Models (after "auto").
var models = []spec{
	{"snaive", 7, seasonalNaive, "the same interval last week"},
	{"snaive-day", 1, dailyNaive, "the same interval on the last day open at that time"},
	{"mean", 7, chosenMean, "the same-interval mean of the last weeks, how many by backtest"},
	{"day-profile", 7, dayModel{weeks: 6, shrink: 3}.forecast, "daily totals by exponential smoothing, spread by each weekday's intraday profile"},
	{"day-profile-ar", 14, dayModel{weeks: 8, shrink: 3, ar: true}.forecast, "daily totals by an autoregression on the previous day, spread the same way"},
	{"day-ets", 14, dayETS, "daily totals by an ETS state-space model (as R's ets), spread the same way"},
	{"profile-ses", 7, profileSES, "seasonal index times a level by simple exponential smoothing"},
	{"profile-ar", 14, profileAR, "seasonal index times a level by a least-squares autoregression"},
	{"mstl-ses", 14, mstlSES, "MSTL decomposition, the adjusted series by simple exponential smoothing"},
	{"mstl-ets", 14, mstlETS, "MSTL decomposition, the adjusted series by an ETS state-space model"},
	{"mstl-ar", 14, mstlAR, "MSTL decomposition, the adjusted series by a least-squares autoregression"},
	{"mstl-arima", 14, mstlARIMA, "MSTL decomposition, the adjusted series by ARIMA (as R's auto.arima)"},
	{"day-arima", 14, dayARIMA, "daily totals by a seasonal ARIMA of period 7 (as R's auto.arima), spread by profile"},
	{"dshw", 14, dshw, "double-seasonal Holt-Winters (day and week)"},
	{"dhr", 14, dhr, "dynamic harmonic regression: Fourier terms of day and week, autoregressive errors"},
}

// pool returns the models auto combines: every model but the naive
// baselines, which serve as yardsticks in Backtest, and those on trial.
func pool() []spec {
	var c []spec
	for _, m := range models {
		if m.name != "snaive" && m.name != "snaive-day" && !slices.Contains(onTrial, m.name) {
			c = append(c, m)
		}
	}
	return c
}

// Models returns the names Options.Model accepts, "auto" first:
//
//   - auto: the average of models below (but the naive, ETS and ARIMA
//     ones) chosen by rolling-origin backtests on the history: for the
//     next day the best and those it does not beat by more than the noise
//     of the backtest, for later days those within 50% of the best;
//   - snaive: the same interval last week;
//   - snaive-day: the same interval on the last day open at that time;
//   - mean: the same-interval mean of the last k weeks, k by backtest;
//   - day-profile: daily totals by exponential smoothing of weekday-adjusted
//     totals, spread by each weekday's intraday profile;
//   - day-profile-ar: the same with totals from an autoregression on the
//     previous day that reverts to the recent mean;
//   - day-ets: the same with totals from the ETS model (exponential
//     smoothing state-space model fitted by maximum likelihood, chosen by
//     AICc among error, trend and weekly season forms, as R's ets) of the
//     open days' totals;
//   - profile-ses, profile-ar: multiplicative seasonal index (intraday
//     profile times weekday share) with a model of the level of the
//     seasonally adjusted series: simple exponential smoothing (its
//     constant chosen on a grid by one-step error), or a least-squares
//     autoregression on a few recent lags and a day ago, reverting to the
//     recent mean (no differencing, no moving-average terms);
//   - mstl-ses, mstl-ar: MSTL (STL by loess per period, intraday then
//     weekly) with the same two level models;
//   - mstl-ets: MSTL with the non-seasonal ETS model of least AICc on the
//     seasonally adjusted series at open slots;
//   - mstl-arima: MSTL with a non-seasonal ARIMA model of the adjusted
//     series, its orders chosen as R's auto.arima does (stepwise by AICc,
//     differences by KPSS tests) and fitted by exact maximum likelihood;
//   - day-arima: daily totals by a seasonal ARIMA model of period 7
//     chosen the same way, spread as day-profile does;
//   - dshw: double-seasonal Holt-Winters (additive, so zeros are fine);
//   - dhr: dynamic harmonic regression, Fourier terms of the day and week
//     plus weekday effects, with autoregressive errors.
//
// The weekly models need a week of history, two for the autoregressive
// ones, the ETS and ARIMA ones, mstl-ses, dshw and dhr. The former names
// profile-ets and profile-arima are rejected with the new name.
func Models() []string {
	names := []string{"auto"}
	for _, m := range models {
		names = append(names, m.name)
	}
	return names
}

// AutoAbout says in a line what auto does.
const AutoAbout = "per series, the models that forecast best in rolling-origin backtests, averaged"

// About says in a line what the model of that name is: AutoAbout for
// "auto", "" for a name Models does not list.
func About(name string) string {
	if name == "auto" {
		return AutoAbout
	}
	m, _ := lookup(name)
	return m.about
}

func lookup(name string) (spec, bool) {
	for _, m := range models {
		if m.name == name {
			return m, true
		}
	}
	return spec{}, false
}

// run fits m on h and forecasts horizon intervals, forcing closed slots to
// zero and every value into [0, MaxContacts] (an autoregression that
// explodes far ahead is cut there rather than overflowing).
func run(m spec, h *hist, horizon int) []float64 {
	f := m.fn(h, horizon)
	e := len(h.y)
	for j, v := range f {
		if !h.open[h.slot(e+j)] || !(v > 0) {
			v = 0
		}
		f[j] = math.Min(v, MaxContacts)
	}
	return f
}

// Predict forecasts s for opt.Horizon intervals after its last interval,
// or from opt.Start when set.
//
// The history is prepared first: slots of the week that are usually closed
// (zero in the recent weeks, beyond what Poisson noise explains) are
// forecast as zero, so a closed weekday is never forecast; missing intervals
// at open slots are imputed in place from the same slot of neighbouring
// weeks; the first day after a closure (catch-up volume) and declared
// holidays are imputed likewise for fitting; and outliers (whole days far
// from their neighbours, single intervals beyond 6 robust standard
// deviations) are replaced. Imputed and Outliers report them. With Model
// "auto" (or empty) every model of the pool forecasts from rolling origins
// on the last weeks of the history and the forecast averages, for the next
// day, the best and those it does not beat by more than the noise of the
// backtests, and for later days those within 50% of the best WAPE. P10 and P90 are empirical quantiles of the errors of those
// backtests per lead time. Holidays in the horizon are applied last (see
// Holiday).
//
// It returns an error wrapping ErrData when the options are invalid (see
// Options.Validate) or opt.Start is not one Options allows for s, a value
// of the series is (see Series.Validate), the
// history has less than a day of observed intervals, its interval does not
// divide a day, or the named model needs more history than there is (a
// *FitError: the weekly models need a week; "auto" falls back to the
// day-level naive model on shorter histories). Every value of the forecast
// is finite, in [0, MaxContacts].
// Cost: O(n) per model fit for n history intervals, times about twenty
// backtest fits for "auto"; well under a second for a year of 30-minute data.
func Predict(s Series, opt Options) (Forecast, error) {
	if err := opt.Validate(); err != nil {
		return Forecast{}, err
	}
	if s.AHT != nil && len(s.AHT) != len(s.Contacts) {
		panic("forecast: AHT and Contacts differ in length")
	}
	if err := s.Validate(); err != nil {
		return Forecast{}, err
	}
	gap, err := opt.gap(s)
	if err != nil {
		return Forecast{}, err
	}
	// Forecasting through the gap keeps the lead times, and with them the
	// quantiles, true to how far ahead of the history each interval is.
	n := gap + opt.Horizon
	name := opt.Model
	if name == "" {
		name = "auto"
	}
	h, err := prepare(s, opt.Holidays)
	if err != nil {
		return Forecast{}, err
	}
	e := len(h.y)
	var f []float64
	var res []residual
	var sel []Selection
	var chosen Score
	if name == "auto" {
		f, res, name, sel, chosen = auto(h, n)
	} else {
		m, _ := lookup(name)
		if h.days() < m.minDays {
			return Forecast{}, &FitError{Model: name, NeedDays: m.minDays, HaveDays: h.days()}
		}
		f = run(m, h, n)
		res = selfResiduals(h, m, n)
	}
	closed := applyHolidays(h, f, opt.Holidays)
	for j, v := range f {
		f[j] = math.Min(v, MaxContacts) // a holiday factor may have pushed it over
	}
	lo, hi := intervals(h, e, f, calibrate(res))
	for _, j := range closed {
		lo[j], hi[j] = 0, 0
	}
	out := Forecast{
		Channel: s.Channel, Region: s.Region,
		Start:    s.Time(len(s.Contacts) + gap),
		Interval: s.Interval,
		Model:    name,
		Contacts: f[gap:], P10: lo[gap:], P90: hi[gap:],
		Imputed:   h.imputed,
		Selection: sel,
	}
	if sel != nil {
		out.Chosen = chosen
		out.Chosen.Channel, out.Chosen.Region = s.Channel, s.Region
	}
	for _, i := range h.outliers {
		if i >= h.pad {
			out.Outliers = append(out.Outliers, s.Time(i-h.pad))
		}
	}
	if s.AHT != nil {
		out.AHT = forecastAHT(h, s, n)[gap:]
	}
	return out, nil
}

// PredictAll runs Predict on every series, in parallel on all cores. The
// forecasts are in the order of ss and do not depend on scheduling. It
// validates opt before any work. On failures it still returns every
// forecast it could make (zero Forecast for the others) and the error of
// the first failing series in input order, naming its channel and region.
// Once ctx is done it starts no further series and returns ctx.Err() when
// those running end.
func PredictAll(ctx context.Context, ss []Series, opt Options) ([]Forecast, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	out := make([]Forecast, len(ss))
	errs := make([]error, len(ss))
	workers.Each(len(ss), func(i int) {
		if ctx.Err() == nil {
			out[i], errs[i] = Predict(ss[i], opt)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, err := range errs {
		if err != nil {
			return out, fmt.Errorf("channel %s, region %s: %w", ss[i].Channel, ss[i].Region, err)
		}
	}
	return out, nil
}
