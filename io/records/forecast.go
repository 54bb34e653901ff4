package records

import (
	"cmp"
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
	{"contacts_p10", nil, false},
	{"contacts_p90", nil, false},
}

// ReadDemand reads a forecast file as the demand to staff. contactsColumn
// is the column to staff to: "contacts" (the point forecast) or a quantile
// column such as "contacts_p90". Intervals a series skips count as zero
// contacts, so every series is a regular grid.
func ReadDemand(g *table.Grid, contactsColumn string) ([]staff.Demand, error) {
	want := slices.Clone(forecastColumns[:5])
	if contactsColumn != want[1].name {
		want[1] = column{name: contactsColumn, required: true}
	}
	idx, err := mapColumns(g, want, nil)
	if err != nil {
		return nil, err
	}
	series, err := readGrid(g, idx[0], idx[2], idx[3], []int{idx[1], idx[4]}, func(r, k int) (float64, error) {
		if k == 0 {
			return contacts(g, r, idx[1])
		}
		return handleTime(g, r, idx[4])
	})
	if err != nil {
		return nil, err
	}
	out := make([]staff.Demand, len(series))
	for i, s := range series {
		if s.interval == 0 {
			s.interval = 30 * time.Minute // a one-interval forecast: the length matters only for the load
		}
		for j, v := range s.values[0] {
			if math.IsNaN(v) {
				s.values[0][j] = 0
			}
		}
		out[i] = staff.Demand{Channel: s.key.channel, Region: s.key.region, Start: s.start, Interval: s.interval,
			Contacts: s.values[0], AHT: s.values[1]}
	}
	return out, nil
}

// ReadForecasts reads a forecast file as wfm forecast writes it: per
// series, in the order first seen, the point forecast (contacts), its
// quantiles contacts_p10 and contacts_p90 and aht_seconds on a regular
// grid, and the model of the series' first row. Intervals a series skips,
// and quantiles the file does not give, are NaN; AHT is nil where the file
// gives none. A series of one row has no Interval (0).
func ReadForecasts(g *table.Grid) ([]forecast.Forecast, error) {
	idx, err := mapColumns(g, forecastColumns, nil)
	if err != nil {
		return nil, err
	}
	const ahtCol = 3
	cols := []int{idx[1], idx[5], idx[6], idx[4]}
	series, err := readGrid(g, idx[0], idx[2], idx[3], cols, func(r, k int) (float64, error) {
		switch {
		case k == ahtCol:
			return handleTime(g, r, cols[k])
		case k > 0 && g.Cell(r, cols[k]) == "":
			return math.NaN(), nil
		}
		return contacts(g, r, cols[k])
	})
	if err != nil {
		return nil, err
	}
	model := map[seriesKey]string{}
	if c := g.Column("model"); c >= 0 {
		var names seriesNames
		for r := range g.Rows {
			if k := names.key(g.Cell(r, idx[2]), g.Cell(r, idx[3])); model[k] == "" {
				model[k] = g.Cell(r, c)
			}
		}
	}
	out := make([]forecast.Forecast, len(series))
	for i, s := range series {
		out[i] = forecast.Forecast{Channel: s.key.channel, Region: s.key.region, Start: s.start, Interval: s.interval,
			Contacts: s.values[0], P10: s.values[1], P90: s.values[2], Model: model[s.key]}
		if slices.ContainsFunc(s.values[ahtCol], func(v float64) bool { return !math.IsNaN(v) }) {
			out[i].AHT = s.values[ahtCol]
		}
	}
	return out, nil
}

// contacts reads cell (r, c) as a number of contacts.
func contacts(g *table.Grid, r, c int) (float64, error) {
	v, err := table.ParseNumber(g.Cell(r, c))
	if err != nil || v < 0 || v > staff.MaxContacts {
		return 0, g.Errorf(r, c, "want a number of contacts >= 0 and at most %d, got %q", staff.MaxContacts, g.Cell(r, c))
	}
	return v, nil
}

// handleTime reads cell (r, c) as a handle time in seconds, NaN when empty.
func handleTime(g *table.Grid, r, c int) (float64, error) {
	s := g.Cell(r, c)
	if s == "" {
		return math.NaN(), nil
	}
	aht, err := table.ParseNumber(s)
	if err != nil || aht <= 0 {
		return 0, g.Errorf(r, c, "want a handle time in seconds > 0, got %q", s)
	}
	return aht, nil
}

// gridSeries is one series of a forecast file on its regular grid.
type gridSeries struct {
	key      seriesKey
	start    time.Time
	interval time.Duration // 0 for a series of one row
	values   [][]float64   // per column read, NaN where the series skips an interval
}

// readGrid groups a forecast file's rows into series by channel and region
// (columns cTime, cChannel and cRegion), each on the regular grid of its
// rows, in the order first seen. parse reads row r's value of the k-th of
// cols. Duplicate intervals and rows off the grid are errors.
func readGrid(g *table.Grid, cTime, cChannel, cRegion int, cols []int, parse func(r, k int) (float64, error)) ([]gridSeries, error) {
	type row struct {
		start  time.Time
		values []float64
		line   int
	}
	bySeries := map[seriesKey][]row{}
	var keys []seriesKey
	var names seriesNames
	cells := make([]float64, len(g.Rows)*len(cols)) // one allocation for the rows' values
	for r := range g.Rows {
		st, err := intervalStart(g, r, cTime)
		if err != nil {
			return nil, err
		}
		values := cells[r*len(cols) : (r+1)*len(cols) : (r+1)*len(cols)]
		for k := range cols {
			if values[k], err = parse(r, k); err != nil {
				return nil, err
			}
		}
		k := names.key(g.Cell(r, cChannel), g.Cell(r, cRegion))
		if _, ok := bySeries[k]; !ok {
			keys = append(keys, k)
		}
		bySeries[k] = append(bySeries[k], row{st.Wall, values, r})
	}
	if len(keys) == 0 {
		return nil, table.Errorf(g.File, 0, "", "no data rows below the header")
	}
	total := 0
	var out []gridSeries
	for _, k := range keys {
		rows := bySeries[k]
		slices.SortStableFunc(rows, func(a, b row) int { return a.start.Compare(b.start) })
		obs := make([]observation, len(rows))
		for i, r := range rows {
			obs[i] = observation{start: r.start, row: r.line}
			if i > 0 && r.start.Equal(rows[i-1].start) {
				return nil, g.Errorf(r.line, cTime, "duplicate interval %s for channel %s, region %s (also on row %d)",
					r.start.Format(table.TimeLayout), k.channel, k.region, g.Lines[rows[i-1].line])
			}
		}
		d, err := step(g, obs, cTime)
		if err != nil {
			return nil, err
		}
		n := 1
		if d > 0 {
			n = int(rows[len(rows)-1].start.Sub(rows[0].start)/d) + 1
		}
		total += n
		last := rows[len(rows)-1]
		if err := checkSpan(g, last.line, cTime, n, total, rows[0].start, last.start, g.Lines[rows[0].line]); err != nil {
			return nil, err
		}
		s := gridSeries{key: k, start: rows[0].start, interval: d, values: make([][]float64, len(cols))}
		for c := range cols {
			s.values[c] = make([]float64, n)
			for i := range s.values[c] {
				s.values[c][i] = math.NaN()
			}
		}
		for _, r := range rows {
			i := 0
			if d > 0 {
				i = int(r.start.Sub(s.start) / d)
			}
			for c, v := range r.values {
				s.values[c][i] = v
			}
		}
		out = append(out, s)
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

// PublishedAccuracy lays out how a forecast published earlier fared
// against the actuals: per series, a row per day (date) and one over all
// days (no date), then the total over every series. Intervals counts those
// with an actual; actual and forecast are their contacts' sums; WAPE and
// bias (forecast minus actual, over actual) and coverage_80, the share of
// actuals inside P10-P90, as in Accuracy.
func PublishedAccuracy(p forecast.Published) *table.Table {
	t := &table.Table{Name: "Published accuracy", Columns: []string{"channel", "region", "date", "intervals", "actual", "forecast",
		"wape", "bias", "coverage_80"},
		Decimals: map[string]int{"actual": 1, "forecast": 1, "wape": 4, "bias": 4, "coverage_80": 3},
		Formats:  map[string]string{"actual": "#,##0", "forecast": "#,##0", "wape": "0.0%", "bias": "0.0%", "coverage_80": "0.0%"}}
	for _, s := range p.Scores {
		var day any
		if !s.Day.IsZero() {
			day = table.Date(s.Day)
		}
		t.Add(cmp.Or(s.Channel, "total"), s.Region, day, s.Intervals, s.Actual, s.Forecast, finite(s.WAPE), finite(s.Bias), finite(s.Coverage))
	}
	return t
}
