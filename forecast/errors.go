package forecast

import (
	"errors"
	"fmt"
	"time"
)

// ErrData marks errors caused by the input (a history, holidays or options
// that cannot be forecast), as opposed to programming errors: callers
// report them as bad input. Every error type below wraps it.
var ErrData = errors.New("unusable history")

// FitError reports that a model asked for by name cannot be fitted to the
// history: it is too short for it.
type FitError struct {
	Model    string
	NeedDays int // complete days of history the model needs
	HaveDays int // complete days the history has
}

func (e *FitError) Error() string {
	return fmt.Sprintf("model %s needs %d days of history, have %d", e.Model, e.NeedDays, e.HaveDays)
}

func (e *FitError) Unwrap() error { return ErrData }

// IntervalError reports a value of a Series that is not a possible one.
type IntervalError struct {
	Field  string    // "contacts" or "aht"
	Index  int       // index of the interval in the series
	Time   time.Time // start of that interval
	Value  float64
	Reason string // what is wrong with it
}

func (e *IntervalError) Error() string {
	return fmt.Sprintf("interval %s: %s %g: %s", e.Time.Format("2006-01-02T15:04"), e.Field, e.Value, e.Reason)
}

func (e *IntervalError) Unwrap() error { return ErrData }

// HolidayError reports a holiday whose effect cannot be applied.
type HolidayError struct {
	Index   int // in Options.Holidays or BacktestOptions.Holidays
	Holiday Holiday
	Reason  string
}

func (e *HolidayError) Error() string {
	name := e.Holiday.Date.Format("2006-01-02")
	if e.Holiday.Name != "" {
		name += " (" + e.Holiday.Name + ")"
	}
	return fmt.Sprintf("holiday %s: %s", name, e.Reason)
}

func (e *HolidayError) Unwrap() error { return ErrData }

// OptionError reports an invalid field of Options or BacktestOptions.
type OptionError struct {
	Field  string // "model", "horizon", "start" or "folds"
	Reason string // the value and what is wrong with it
}

func (e *OptionError) Error() string { return e.Field + " " + e.Reason }

func (e *OptionError) Unwrap() error { return ErrData }
