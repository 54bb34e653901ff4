// Package forecast predicts contact volumes (and handle times) per interval
// from history, and measures how accurate those predictions were.
package forecast

import (
	"errors"
	"time"
)

// ErrData marks errors caused by the history itself (too short, nothing
// but gaps), as opposed to programming errors: callers report them as bad input.
var ErrData = errors.New("unusable history")

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

// Holiday is a calendar date that does not behave like an ordinary day.
// At most one of Closed, Factor or Like says how it behaves. With none of
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
	Horizon  int    // number of intervals to forecast, > 0
	Model    string // "auto" (the default when empty) or one of Models()
	Holidays []Holiday
}

// Forecast is the prediction for one series, on the grid that continues the
// history: value i belongs to the interval starting at Start + i*Interval.
type Forecast struct {
	Channel, Region string
	Start           time.Time
	Interval        time.Duration
	Model           string    // the model that produced it
	Contacts        []float64 // point forecast, >= 0
	P10, P90        []float64 // 10% and 90% quantiles, P10 <= Contacts <= P90
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
}

// Time returns the start of interval i.
func (f Forecast) Time(i int) time.Time { return f.Start.Add(time.Duration(i) * f.Interval) }
