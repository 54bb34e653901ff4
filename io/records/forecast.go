package records

import (
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"

	"github.com/wfm-dev/wfm/forecast"
)

// Forecasts lays forecasts out as the forecast file: one row per interval
// and series, contacts to two decimals.
func Forecasts(fs []forecast.Forecast) *table.Table {
	t := &table.Table{Name: "Forecast", Columns: []string{"interval_start", "channel", "region",
		"contacts", "contacts_p10", "contacts_p90", "aht_seconds", "model"},
		Decimals: map[string]int{"contacts": 2, "contacts_p10": 2, "contacts_p90": 2, "aht_seconds": 1}}
	n := 0
	for _, f := range fs {
		n += len(f.Contacts)
	}
	t.Grow(n)
	for _, f := range fs {
		for i := range f.Contacts {
			var aht any
			if f.AHT != nil && !math.IsNaN(f.AHT[i]) {
				aht = f.AHT[i]
			}
			t.Add(f.Time(i), f.Channel, f.Region, f.Contacts[i], f.P10[i], f.P90[i], aht, f.Model)
		}
	}
	return t
}

var forecastColumns = []column{
	{"interval_start", intervalStartAliases, true},
	{"contacts", append(slices.Clip(contactsAliases), "contacts_p50"), true},
	{"channel", channelAliases, false},
	{"region", regionAliases, false},
	{"aht_seconds", ahtAliases, false},
}

// ReadDemand reads a forecast file as the demand to staff. contactsColumn
// is the column to staff to: "contacts" (the point forecast) or a quantile
// column such as "contacts_p90". Intervals a series skips count as zero
// contacts, so every series is a regular grid.
func ReadDemand(g *table.Grid, contactsColumn string) ([]staff.Demand, error) {
	want := slices.Clone(forecastColumns)
	if contactsColumn != want[1].name {
		want[1] = column{name: contactsColumn, required: true}
	}
	idx, err := mapColumns(g, want, nil)
	if err != nil {
		return nil, err
	}
	type row struct {
		start         time.Time
		contacts, aht float64
		line          int
	}
	bySeries := map[seriesKey][]row{}
	var keys []seriesKey
	var names seriesNames
	for r := range g.Rows {
		st, err := intervalStart(g, r, idx[0])
		if err != nil {
			return nil, err
		}
		v, err := table.ParseNumber(g.Cell(r, idx[1]))
		if err != nil || v < 0 || v > staff.MaxContacts {
			return nil, g.Errorf(r, idx[1], "want a number of contacts >= 0 and at most %d, got %q", staff.MaxContacts, g.Cell(r, idx[1]))
		}
		aht := math.NaN()
		if s := g.Cell(r, idx[4]); s != "" {
			if aht, err = table.ParseNumber(s); err != nil || aht <= 0 {
				return nil, g.Errorf(r, idx[4], "want a handle time in seconds > 0, got %q", s)
			}
		}
		k := names.key(g.Cell(r, idx[2]), g.Cell(r, idx[3]))
		if _, ok := bySeries[k]; !ok {
			keys = append(keys, k)
		}
		bySeries[k] = append(bySeries[k], row{st.Wall, v, aht, r})
	}
	if len(keys) == 0 {
		return nil, table.Errorf(g.File, 0, "", "no data rows below the header")
	}
	total := 0
	var out []staff.Demand
	for _, k := range keys {
		rows := bySeries[k]
		slices.SortStableFunc(rows, func(a, b row) int { return a.start.Compare(b.start) })
		obs := make([]observation, len(rows))
		for i, r := range rows {
			obs[i] = observation{start: r.start, row: r.line}
			if i > 0 && r.start.Equal(rows[i-1].start) {
				return nil, g.Errorf(r.line, idx[0], "duplicate interval %s for channel %s, region %s (also on row %d)",
					r.start.Format(table.TimeLayout), k.channel, k.region, g.Lines[rows[i-1].line])
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
		total += n
		last := rows[len(rows)-1]
		if err := checkSpan(g, last.line, idx[0], n, total, rows[0].start, last.start, g.Lines[rows[0].line]); err != nil {
			return nil, err
		}
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
// per series, the forecast issued (used "forecast", with the share of
// actuals inside its P10-P90 interval when calibrated on the other
// origins), then each candidate model with the bands it was averaged into.
// WAPE, MASE (weekly seasonal-naive scaling) and bias (forecast minus
// actual, over actual) cover both bands; wape_day_ahead and wape_later
// are what chose the models.
func Accuracy(fs []forecast.Forecast) *table.Table {
	t := &table.Table{Name: "Accuracy", Columns: []string{"channel", "region", "model", "used", "wape", "mase", "bias",
		"coverage_80", "wape_day_ahead", "wape_later"},
		Decimals: map[string]int{"wape": 4, "mase": 3, "bias": 4, "coverage_80": 3, "wape_day_ahead": 4, "wape_later": 4},
		Formats:  map[string]string{"wape": "0.0%", "mase": "0.00", "bias": "0.0%", "coverage_80": "0.0%", "wape_day_ahead": "0.0%", "wape_later": "0.0%"}}
	for _, f := range fs {
		if f.Selection == nil {
			continue
		}
		c := f.Chosen
		t.Rows = append(t.Rows, []any{f.Channel, f.Region, f.Model, "forecast", finite(c.WAPE), finite(c.MASE), finite(c.Bias),
			finite(c.Coverage), nil, nil})
		for _, s := range f.Selection {
			used := map[[2]bool]string{{true, true}: "both bands", {true, false}: "day ahead", {false, true}: "later"}[[2]bool{s.InDayAhead, s.InLater}]
			t.Rows = append(t.Rows, []any{f.Channel, f.Region, s.Model, used, finite(s.WAPE), finite(s.MASE), finite(s.Bias),
				nil, finite(s.DayAhead), finite(s.Later)})
		}
	}
	return t
}
