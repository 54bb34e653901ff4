package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
	"go.yaml.in/yaml/v3"
)

// MaxHorizon is the longest forecast horizon: a year. Longer ones come
// from typos (7w for 7d), and would take long and much memory.
const MaxHorizon = 366 * 24 * time.Hour

// Quantile is the forecast a plan staffs to.
type Quantile int

const (
	Point Quantile = iota // the point forecast
	P10                   // the 10% quantile
	P90                   // the 90% quantile
)

var quantileNames = []string{"", "p10", "p90"}

// ParseQuantile reads a quantile: "" (the point forecast), "p10" or "p90".
func ParseQuantile(s string) (Quantile, error) {
	if i := slices.Index(quantileNames, strings.ToLower(strings.TrimSpace(s))); i >= 0 {
		return Quantile(i), nil
	}
	return Point, fmt.Errorf("%q: want p10 or p90", s)
}

// String is the name ParseQuantile reads: "", "p10" or "p90".
func (q Quantile) String() string { return quantileNames[q] }

// Column is the forecast file's column of the quantile.
func (q Quantile) Column() string {
	if q == Point {
		return "contacts"
	}
	return "contacts_" + q.String()
}

func (q *Quantile) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseQuantile(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: key quantile %v", n.Line, err)
	}
	*q = v
	return nil
}

// ForecastOptions say what to forecast.
type ForecastOptions struct {
	Horizon time.Duration // in (0, MaxHorizon], rounded up to whole intervals
	Model   string        // "auto" or one of forecast.Models()
	// Start is the first interval to forecast (zero: the one after the
	// history), at most MaxHorizon less the horizon after the history.
	Start    time.Time
	Holidays []forecast.Holiday
}

// Validate checks the horizon and the model's name.
func (o ForecastOptions) Validate() error {
	if o.Horizon <= 0 || o.Horizon > MaxHorizon {
		return fmt.Errorf("horizon %s: want more than 0 and at most %s", dur.Text(o.Horizon), dur.Text(MaxHorizon))
	}
	return forecast.CheckModel(o.Model)
}

// Forecast forecasts every series of the history (the forecast stage).
func Forecast(ctx context.Context, h *records.History, opt ForecastOptions) ([]forecast.Forecast, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	horizon := int((opt.Horizon + h.Interval - 1) / h.Interval)
	if end := HistoryEnd(h); !opt.Start.IsZero() {
		const stamp = "2006-01-02T15:04"
		bad := func(why string) error {
			return &forecast.OptionError{Field: "start", Reason: fmt.Sprintf("%s: %s, %s", opt.Start.Format(stamp), why, end.Format(stamp))}
		}
		if opt.Start.Before(end) {
			return nil, bad("before the end of the history")
		}
		if opt.Start.Sub(end)%h.Interval != 0 {
			return nil, bad(fmt.Sprintf("not on the history's %s grid, which ends at", dur.Text(h.Interval)))
		}
		if gap := opt.Start.Sub(end) / h.Interval; gap > time.Duration(forecast.MaxHorizon-horizon) {
			return nil, bad(fmt.Sprintf("with the horizon more than %d intervals after the end of the history", forecast.MaxHorizon))
		}
	}
	fs, err := forecast.PredictAll(ctx, h.Series, forecast.Options{Horizon: horizon, Model: opt.Model, Start: opt.Start,
		Holidays: opt.Holidays})
	var oe *forecast.OptionError
	if errors.Is(err, forecast.ErrData) && !errors.As(err, &oe) {
		// The options were checked above; what is left is the history's.
		column := ""
		if ie := (*forecast.IntervalError)(nil); errors.As(err, &ie) {
			column = ie.Field
		}
		return nil, &table.Error{File: h.File, Column: column, Err: err}
	}
	return fs, err
}

// HistoryEnd returns the end of the history's latest series: the start of
// the interval a forecast begins with by default.
func HistoryEnd(h *records.History) time.Time {
	var end time.Time
	for _, s := range h.Series {
		if e := s.Time(len(s.Contacts)); e.After(end) {
			end = e
		}
	}
	return end
}

// Demands turns forecasts into the demand to staff at quantile q.
func Demands(fs []forecast.Forecast, q Quantile) []staff.Demand {
	out := make([]staff.Demand, len(fs))
	for i, f := range fs {
		contacts := [...][]float64{Point: f.Contacts, P10: f.P10, P90: f.P90}[q]
		out[i] = staff.Demand{Channel: f.Channel, Region: f.Region, Start: f.Start, Interval: f.Interval,
			Contacts: contacts, AHT: f.AHT}
	}
	return out
}

// Staff computes the staffing requirements of the demands (the staffing
// stage).
//
// Its errors name the file to fix: targetsFile for a missing or unusable
// target, dataFile (the history or forecast) for the demand's contacts and
// handle times.
func Staff(ctx context.Context, demands []staff.Demand, targets []staff.Target, targetsFile, dataFile string) ([]staff.Requirement, error) {
	reqs, err := staff.Staff(ctx, demands, targets)
	if located := staffingError(err, targetsFile, dataFile); located != nil {
		return nil, located
	}
	return reqs, err
}

// staffingError places an error of staffing a demand under targets in the
// file to fix; nil for any other error.
func staffingError(err error, targetsFile, dataFile string) *table.Error {
	var fe *staff.FieldError
	switch {
	case errors.Is(err, staff.ErrNoTarget):
		return &table.Error{File: targetsFile, Column: "channel", Err: err}
	case errors.Is(err, staff.ErrNoAHT):
		return &table.Error{File: dataFile, Column: "aht_seconds", Err: err}
	case errors.As(err, &fe) && (fe.Field == "contacts" || fe.Field == "aht_seconds"):
		return &table.Error{File: dataFile, Column: fe.Field, Err: err}
	case errors.As(err, &fe):
		return &table.Error{File: targetsFile, Column: fe.Field, Err: err}
	}
	return nil
}

// Roster builds the roster covering the requirements (the roster stage).
// With targets, opt.ServiceLevel is set from them, so the roster reports
// the service level it gives.
func Roster(ctx context.Context, reqs []staff.Requirement, targets []staff.Target, templates []schedule.Template,
	agents []schedule.Agent, opt schedule.Options) (schedule.Roster, error) {
	if err := ctx.Err(); err != nil {
		return schedule.Roster{}, err
	}
	if targets != nil {
		var err error
		if opt.ServiceLevel, err = staff.ExpectedServiceLevel(reqs, targets); err != nil {
			return schedule.Roster{}, err
		}
	}
	return schedule.Build(ctx, reqs, templates, agents, opt)
}

// Series is what staffing needs to know of one series before it runs.
type Series struct {
	Channel, Region string
	// NeedsAHT: some interval has contacts but no handle time of its own.
	NeedsAHT bool
}

// HistorySeries describes the history's series for CheckTargets.
func HistorySeries(h *records.History) []Series {
	out := make([]Series, len(h.Series))
	for i, s := range h.Series {
		out[i] = Series{Channel: s.Channel, Region: s.Region,
			NeedsAHT: s.AHT == nil && slices.ContainsFunc(s.Contacts, func(c float64) bool { return c > 0 })}
	}
	return out
}

// DemandSeries describes the demands' series for CheckTargets.
func DemandSeries(ds []staff.Demand) []Series {
	out := make([]Series, len(ds))
	for i, d := range ds {
		out[i] = Series{Channel: d.Channel, Region: d.Region}
		for j, c := range d.Contacts {
			if c > 0 && (d.AHT == nil || !(d.AHT[j] > 0) || math.IsInf(d.AHT[j], 0)) {
				out[i].NeedsAHT = true
				break
			}
		}
	}
	return out
}

// CheckTargets checks, before any computing, that every series has a
// target (its own, or its channel's with an empty region) and a handle
// time. A missing target is an error about the targets file's column
// channel; a missing handle time one about the data file's (history or
// forecast) column aht_seconds.
func CheckTargets(series []Series, targets []staff.Target, targetsFile, dataFile string) error {
	for _, s := range series {
		t, ok := staff.Targets(targets).For(s.Channel, s.Region)
		if !ok {
			return &table.Error{File: targetsFile, Column: "channel",
				Err: fmt.Errorf("no target for channel %q region %q of %s: add a row for it, or for the channel with an empty region",
					s.Channel, s.Region, dataFile)}
		}
		if s.NeedsAHT && !(t.AHTSeconds > 0) {
			return &table.Error{File: dataFile, Column: "aht_seconds",
				Err: fmt.Errorf("channel %q region %q has contacts without a handle time, and its target in %s no aht_seconds",
					s.Channel, s.Region, targetsFile)}
		}
	}
	return nil
}
