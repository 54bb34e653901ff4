package forecast

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
)

// Limits on the input, far beyond any contact centre. Bounding the values
// keeps every sum, square and product the models form finite, so that a
// forecast never holds NaN or Inf.
const (
	// MaxContacts is the most contacts one interval may hold, in a Series
	// and in a Forecast: ten million, five times a very large centre's day,
	// and what staffing takes.
	MaxContacts = 1e7
	// MaxAHT is the longest average handle time of an interval, in
	// seconds: a day.
	MaxAHT = 86400
	// MaxHorizon is the most intervals one forecast may have: 184 days
	// (six months) of 15-minute intervals, a year of 30-minute ones. It
	// is a count, as Options.Horizon is, and bounds the time and memory a
	// forecast takes whatever its interval.
	MaxHorizon = 184 * 96
	// MaxHolidayFactor is the largest volume factor of a Holiday.
	MaxHolidayFactor = 100
)

// Series is the history of one channel and region on a regular grid of
// intervals: value i belongs to the interval starting at Start + i*Interval.
type Series struct {
	Channel, Region string
	Start           time.Time
	Interval        time.Duration
	// Contacts offered per interval; NaN marks an interval missing from the
	// history (a gap), which is different from a zero count.
	Contacts []float64
	// AHT is the average handle time in seconds per interval, nil when the
	// history has none; NaN where an interval has no handled contacts.
	AHT []float64
}

// Time returns the start of interval i.
func (s Series) Time(i int) time.Time { return s.Start.Add(time.Duration(i) * s.Interval) }

// Validate checks that every Contacts value is NaN (missing) or in
// [0, MaxContacts] and every AHT value NaN or in [0, MaxAHT]. It returns an
// *IntervalError naming the first value that is not. Runs in O(n).
func (s Series) Validate() error {
	check := func(field string, v []float64, limit float64) error {
		for i, x := range v {
			if x >= 0 && x <= limit || math.IsNaN(x) {
				continue
			}
			return &IntervalError{Field: field, Index: i, Time: s.Time(i), Value: x,
				Reason: fmt.Sprintf("want a number from 0 to %g", limit)}
		}
		return nil
	}
	if err := check("contacts", s.Contacts, MaxContacts); err != nil {
		return err
	}
	return check("aht", s.AHT, MaxAHT)
}

// Holiday is a calendar date that does not behave like an ordinary day.
// At most one of Closed, Factor or Like says how it behaves; a Factor is
// finite, above 0 and at most MaxHolidayFactor. With none of
// them the day is a recurring event (a shopping festival): its effect is
// learned from the listed days of the same Name inside the history.
type Holiday struct {
	Date   time.Time // midnight of the day, in the history's location
	Name   string
	Closed bool         // no contacts at all
	Factor float64      // volume scaled by this factor against an ordinary day (0: unset)
	Like   time.Weekday // behaves like this weekday (used when LikeSet)
	// LikeSet tells Like is meaningful (Sunday is the zero Weekday).
	LikeSet bool
}

// Options control a forecast.
type Options struct {
	Horizon int    // number of intervals to forecast, 1 to MaxHorizon
	Model   string // "auto" (the default when empty) or one of Models()
	// Start is the first interval to output; zero means the interval after
	// the history. A later start bridges the gap: the forecast runs through
	// it and outputs Horizon intervals from Start. Start lies on the
	// history's grid, not before the interval after its end, and the gap
	// and horizon together are at most MaxHorizon intervals.
	Start    time.Time
	Holidays []Holiday
}

// Validate checks the options: the model (see CheckModel), the horizon
// (1 to MaxHorizon intervals) and the holidays (see Holiday). It returns an
// *OptionError or a *HolidayError, both wrapping ErrData.
func (o Options) Validate() error {
	if err := CheckModel(o.Model); err != nil {
		return err
	}
	if err := checkHorizon(o.Horizon); err != nil {
		return err
	}
	return checkHolidays(o.Holidays)
}

// gap returns the intervals between the end of s and opt.Start, or an
// *OptionError for a start Options does not allow.
func (o Options) gap(s Series) (int, error) {
	if o.Start.IsZero() {
		return 0, nil
	}
	end := s.Time(len(s.Contacts))
	d := o.Start.Sub(end)
	bad := func(why string) (int, error) {
		return 0, &OptionError{Field: "start", Reason: fmt.Sprintf("%s: %s", o.Start.Format("2006-01-02T15:04"), why)}
	}
	switch {
	case d < 0:
		return bad("before the end of the history, " + end.Format("2006-01-02T15:04"))
	case d%s.Interval != 0:
		return bad(fmt.Sprintf("not on the history's %s grid", dur.Text(s.Interval)))
	case d/s.Interval > time.Duration(MaxHorizon-o.Horizon):
		return bad(fmt.Sprintf("the gap after the history's end, %s, and the horizon exceed %d intervals", end.Format("2006-01-02T15:04"), MaxHorizon))
	}
	return int(d / s.Interval), nil
}

func checkHorizon(n int) error {
	if n < 1 || n > MaxHorizon {
		return &OptionError{Field: "horizon", Reason: fmt.Sprintf("%d intervals: want 1 to %d", n, MaxHorizon)}
	}
	return nil
}

// renamed maps former model names to the current ones: the old names
// promised ETS and ARIMA models, which these are not.
var renamed = map[string]string{
	"profile-ets":   "profile-ses",
	"profile-arima": "profile-ar",
}

// CheckModel returns an *OptionError unless name is empty (auto) or one of
// Models(); for a former name the error names the current one.
func CheckModel(name string) error {
	if name == "" || slices.Contains(Models(), name) {
		return nil
	}
	if now, ok := renamed[name]; ok {
		return &OptionError{Field: "model", Reason: fmt.Sprintf("%q was renamed %q", name, now)}
	}
	return &OptionError{Field: "model", Reason: fmt.Sprintf("%q: want one of %s", name, strings.Join(Models(), ", "))}
}

// checkHolidays returns a *HolidayError for the first holiday with more
// than one effect or an invalid factor.
func checkHolidays(hols []Holiday) error {
	for i, h := range hols {
		effects := 0
		for _, set := range []bool{h.Closed, h.Factor != 0, h.LikeSet} {
			if set {
				effects++
			}
		}
		reason := ""
		switch {
		case effects > 1:
			reason = "more than one of closed, factor and like"
		case h.Factor != 0 && !(h.Factor > 0 && h.Factor <= MaxHolidayFactor):
			reason = fmt.Sprintf("factor %g: want more than 0 and at most %d", h.Factor, MaxHolidayFactor)
		case h.LikeSet && (h.Like < time.Sunday || h.Like > time.Saturday):
			reason = fmt.Sprintf("like weekday %d: want 0 (Sunday) to 6", int(h.Like))
		}
		if reason != "" {
			return &HolidayError{Index: i, Holiday: h, Reason: reason}
		}
	}
	return nil
}

// Forecast is the prediction for one series, on the grid that continues the
// history: value i belongs to the interval starting at Start + i*Interval.
type Forecast struct {
	Channel, Region string
	Start           time.Time
	Interval        time.Duration
	Model           string    // the model that produced it
	Contacts        []float64 // point forecast, in [0, MaxContacts]
	P10, P90        []float64 // 10% and 90% quantiles, 0 <= P10 <= Contacts <= P90 <= MaxContacts
	AHT             []float64 // seconds; nil when the history had no AHT
	// Imputed counts the history intervals at usually-open slots that were
	// missing (NaN) and were filled in before fitting.
	Imputed int
	// Outliers lists the starts of the history intervals judged abnormal
	// (outages, one-off spikes) and replaced before fitting.
	Outliers []time.Time
	// Selection is the backtest that chose the models of an "auto"
	// forecast, one entry per candidate, best day-ahead score first; nil
	// for a named model or a history too short to compare.
	Selection []Selection
	// Chosen scores the forecast auto issued - the average of the selected
	// models, with its prediction intervals - in the same backtest, when
	// Selection is not nil.
	Chosen Score
}

// Selection is how the automatic selection scored one candidate model in
// its rolling-origin backtests on the history.
type Selection struct {
	Model string
	// DayAhead and Later are the model's WAPE on the rest of the origin's day
	// plus the next day, and on the days after; +Inf where not scored.
	DayAhead, Later float64
	// InDayAhead and InLater tell whether the model is averaged into the
	// forecast for that band.
	InDayAhead, InLater bool
	// WAPE, MASE and Bias score the model over both bands, as Score does;
	// NaN where not scored.
	WAPE, MASE, Bias float64
}

// Time returns the start of interval i.
func (f Forecast) Time(i int) time.Time { return f.Start.Add(time.Duration(i) * f.Interval) }
