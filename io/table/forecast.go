package table

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Forecasts lays forecasts out as the forecast file: one row per interval
// and series, contacts to two decimals.
func Forecasts(fs []forecast.Forecast) *Table {
	t := &Table{Name: "Forecast", Columns: []string{"interval_start", "channel", "region",
		"contacts", "contacts_p10", "contacts_p90", "aht_seconds", "model"}}
	n := 0
	for _, f := range fs {
		n += len(f.Contacts)
	}
	t.grow(n)
	for _, f := range fs {
		for i := range f.Contacts {
			var aht any
			if f.AHT != nil && !math.IsNaN(f.AHT[i]) {
				aht = Round(f.AHT[i], 1)
			}
			t.add(f.Time(i), f.Channel, f.Region, Round(f.Contacts[i], 2), Round(f.P10[i], 2), Round(f.P90[i], 2), aht, f.Model)
		}
	}
	return t
}

var forecastColumns = []column{
	{"interval_start", []string{"timestamp", "datetime", "time", "ds"}, true},
	{"contacts", []string{"volume", "calls", "offered", "contacts_p50"}, true},
	{"channel", nil, false},
	{"region", nil, false},
	{"aht_seconds", nil, false},
}

// ReadDemand reads a forecast file as the demand to staff. contactsColumn
// is the column to staff to: "contacts" (the point forecast) or a quantile
// column such as "contacts_p90". Intervals a series skips count as zero
// contacts, so every series is a regular grid.
func ReadDemand(g *Grid, contactsColumn string) ([]staff.Demand, error) {
	want := slices.Clone(forecastColumns)
	if contactsColumn != want[1].name {
		want[1] = column{name: contactsColumn, required: true}
	}
	idx, err := mapColumns(g, want, nil)
	if err != nil {
		return nil, err
	}
	type key struct{ channel, region string }
	type row struct {
		start         time.Time
		contacts, aht float64
		line          int
	}
	bySeries := map[key][]row{}
	var keys []key
	var series key
	for r := range g.Rows {
		t, err := ParseTime(g.Cell(r, idx[0]))
		if err != nil {
			return nil, g.Errorf(r, idx[0], "%v", err)
		}
		v, err := ParseNumber(g.Cell(r, idx[1]))
		if err != nil || v < 0 {
			return nil, g.Errorf(r, idx[1], "want a number of contacts >= 0, got %q", g.Cell(r, idx[1]))
		}
		aht := math.NaN()
		if s := g.Cell(r, idx[4]); s != "" {
			if aht, err = ParseNumber(s); err != nil || aht <= 0 {
				return nil, g.Errorf(r, idx[4], "want a handle time in seconds > 0, got %q", s)
			}
		}
		k := key{cmp.Or(g.Cell(r, idx[2]), DefaultSeries), cmp.Or(g.Cell(r, idx[3]), DefaultSeries)}
		if len(keys) == 0 || k != keys[len(keys)-1] {
			// Rows come grouped by series: look the series up only when it changes.
			if _, ok := bySeries[k]; !ok {
				keys = append(keys, k)
			}
			series = k
		}
		bySeries[series] = append(bySeries[series], row{t, v, aht, r})
	}
	if len(keys) == 0 {
		return nil, errorf(g.File, 0, "", "no data rows below the header")
	}
	var out []staff.Demand
	for _, k := range keys {
		rows := bySeries[k]
		slices.SortStableFunc(rows, func(a, b row) int { return a.start.Compare(b.start) })
		obs := make([]observation, len(rows))
		for i, r := range rows {
			obs[i] = observation{start: r.start, row: r.line}
			if i > 0 && r.start.Equal(rows[i-1].start) {
				return nil, g.Errorf(r.line, idx[0], "duplicate interval %s for channel %s, region %s",
					r.start.Format(TimeLayout), k.channel, k.region)
			}
		}
		d, err := step(g, obs, idx[0])
		if err != nil {
			return nil, err
		}
		if d == 0 {
			d = 30 * time.Minute // a one-interval forecast: the length matters only for the load
		}
		n := int(rows[len(rows)-1].start.Sub(rows[0].start)/d) + 1
		dem := staff.Demand{Channel: k.channel, Region: k.region, Start: rows[0].start, Interval: d,
			Contacts: make([]float64, n), AHT: make([]float64, n)}
		for i := range dem.AHT {
			dem.AHT[i] = math.NaN()
		}
		for _, r := range rows {
			i := int(r.start.Sub(dem.Start) / d)
			dem.Contacts[i], dem.AHT[i] = r.contacts, r.aht
		}
		out = append(out, dem)
	}
	return out, nil
}

// Accuracy lays out the backtests that chose each auto forecast's models:
// per series and candidate, the WAPE on the next day and on later days and
// whether the model was averaged into that band.
func Accuracy(fs []forecast.Forecast) *Table {
	t := &Table{Name: "Accuracy", Columns: []string{"channel", "region", "model", "wape_day_ahead", "wape_later",
		"used_day_ahead", "used_later"}}
	for _, f := range fs {
		for _, s := range f.Selection {
			t.Rows = append(t.Rows, []any{f.Channel, f.Region, s.Model, finite(Round(s.DayAhead, 4)),
				finite(Round(s.Later, 4)), s.InDayAhead, s.InLater})
		}
	}
	return t
}
