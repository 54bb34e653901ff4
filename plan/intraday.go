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
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/intraday"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// IntradayUpdate is how one series was re-forecast.
type IntradayUpdate struct {
	Channel, Region string
	forecast.Update
	Gain        forecast.Gain
	LearnedDays int // past days the gain was learned from; 0: forecast.DefaultGain
}

// Remark says in a line what the update did, for the user.
func (u IntradayUpdate) Remark() string {
	name := u.Channel + "/" + u.Region
	if u.Forecast == 0 {
		return name + ": no actuals before --now today; forecast unchanged"
	}
	gain := "the default gain"
	if u.LearnedDays > 0 {
		gain = fmt.Sprintf("the gain learned on %d past days", u.LearnedDays)
	}
	fading := ""
	if u.Gain.Persistence < 1 && u.Factor != 1 {
		fading = ", fading toward 1"
	}
	return fmt.Sprintf("%s: %.0f contacts today against %.0f forecast (%+.1f%%); the rest of today scaled by %.3f at --now%s (%s: persistence %.2f an hour, level %.1f%%, noise %.1f%%)",
		name, u.Actual, u.Forecast, 100*(u.Actual/u.Forecast-1), u.Factor, fading, gain, u.Gain.Persistence, 100*u.Gain.Level, 100*u.Gain.Noise)
}

// Intraday re-forecasts every series of fs from now on with today's
// actuals (see forecast.Reforecast), the gain of each series learned from
// its history in history when history is not nil and has the series
// (forecast.LearnGain, with the series' model when it names one, else
// auto), forecast.DefaultGain otherwise. Series are matched by channel
// and region ignoring case. Actuals of a series fs lacks are a
// *table.Error on actuals' file; a now not on a series' grid or outside
// it a *forecast.OptionError on "now".
func Intraday(ctx context.Context, fs []forecast.Forecast, actuals, history *records.History, now time.Time) ([]forecast.Forecast, []IntradayUpdate, error) {
	for _, s := range actuals.Series {
		if !slices.ContainsFunc(fs, func(f forecast.Forecast) bool { return sameSeries(f, s) }) {
			names := make([]string, len(fs))
			for i, f := range fs {
				names[i] = f.Channel + "/" + f.Region
			}
			return nil, nil, table.Errorf(actuals.File, 0, "", "channel %s, region %s is not in the forecast, which has %s",
				s.Channel, s.Region, strings.Join(names, ", "))
		}
	}
	out := make([]forecast.Forecast, len(fs))
	ups := make([]IntradayUpdate, len(fs))
	for i, f := range fs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		ups[i] = IntradayUpdate{Channel: f.Channel, Region: f.Region, Gain: forecast.DefaultGain}
		if s, ok := seriesOf(history, f); ok {
			model := f.Model
			if forecast.CheckModel(model) != nil {
				model = "auto" // the name auto gives its average, as ensemble(3)
			}
			g, n, err := forecast.LearnGain(s, now, model)
			if err != nil {
				return nil, nil, &table.Error{File: history.File, Err: fmt.Errorf("channel %s, region %s: %w", s.Channel, s.Region, err)}
			}
			ups[i].Gain, ups[i].LearnedDays = g, n
		}
		a, ok := seriesOf(actuals, f)
		if !ok {
			a = forecast.Series{Interval: f.Interval}
		}
		r, u, err := forecast.Reforecast(published(f), a, now, ups[i].Gain)
		if oe := (*forecast.OptionError)(nil); errors.As(err, &oe) && oe.Field == "actuals" {
			return nil, nil, &table.Error{File: actuals.File, Err: err}
		}
		if err != nil {
			return nil, nil, err
		}
		out[i], ups[i].Update = r, u
	}
	return out, ups, nil
}

// published is forecast f, read back from its file, as the update takes
// it: intervals the file skips forecast nothing, and quantiles it lacks
// are the point forecast.
func published(f forecast.Forecast) forecast.Forecast {
	f.Contacts, f.P10, f.P90 = slices.Clone(f.Contacts), slices.Clone(f.P10), slices.Clone(f.P90)
	for i, v := range f.Contacts {
		if math.IsNaN(v) {
			f.Contacts[i] = 0
		}
		for _, q := range [][]float64{f.P10, f.P90} {
			if math.IsNaN(q[i]) {
				q[i] = f.Contacts[i]
			}
		}
	}
	return f
}

// sameSeries tells whether f forecasts s: the same channel and region,
// ignoring case.
func sameSeries(f forecast.Forecast, s forecast.Series) bool {
	return strings.EqualFold(f.Channel, s.Channel) && strings.EqualFold(f.Region, s.Region)
}

// seriesOf returns the series of h that f forecasts; false when h is nil
// or has none.
func seriesOf(h *records.History, f forecast.Forecast) (forecast.Series, bool) {
	if h != nil {
		for _, s := range h.Series {
			if sameSeries(f, s) {
				return s, true
			}
		}
	}
	return forecast.Series{}, false
}

// Replan is what ReplanRoster re-plans.
type Replan struct {
	// Forecasts are the updated forecasts, from Now on (see Intraday).
	Forecasts    []forecast.Forecast
	ForecastFile string
	Now          time.Time
	Roster       *table.Grid      // the published roster file, to locate errors
	Shifts       []schedule.Shift // read from it by records.ReadRoster
	Targets      []staff.Target
	TargetsFile  string
	Templates    []schedule.Template // may be nil
	Agents       []schedule.Agent    // may be nil
	OvertimeRate float64
	MaxOvertime  time.Duration
}

// ReplanRoster re-plans the rest of today's roster for the updated
// forecasts: it staffs the rest of today from them as Staff does, then
// proposes changes with intraday.Replan. A shift the re-plan cannot take
// is a *table.Error on its row of the roster.
func ReplanRoster(ctx context.Context, r Replan) (intraday.Result, error) {
	y, m, d := r.Now.Date()
	end := time.Date(y, m, d+1, 0, 0, 0, 0, r.Now.Location())
	var demands []staff.Demand
	for _, dm := range Demands(r.Forecasts, Point) {
		lo := max(0, int(r.Now.Sub(dm.Start)/dm.Interval))
		hi := min(len(dm.Contacts), int(end.Sub(dm.Start)/dm.Interval))
		if lo >= hi {
			continue
		}
		dm.Start = dm.Start.Add(time.Duration(lo) * dm.Interval)
		dm.Contacts = dm.Contacts[lo:hi]
		if dm.AHT != nil {
			dm.AHT = dm.AHT[lo:hi]
		}
		demands = append(demands, dm)
	}
	reqs, err := Staff(ctx, demands, r.Targets, r.TargetsFile, r.ForecastFile)
	if err != nil {
		return intraday.Result{}, err
	}
	res, err := intraday.Replan(intraday.Input{Roster: r.Shifts, Requirements: reqs, Targets: r.Targets, Templates: r.Templates, Agents: r.Agents},
		intraday.Options{Now: r.Now, Interval: r.Forecasts[0].Interval, OvertimeRate: r.OvertimeRate, MaxOvertime: r.MaxOvertime})
	if se := (*intraday.ShiftError)(nil); errors.As(err, &se) {
		return res, r.Roster.Errorf(se.Shift, r.Roster.Column(se.Field), "%v", se.Err)
	}
	return res, err
}
