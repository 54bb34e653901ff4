package sheet

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// ForecastSheet is the name of the forecast's sheet.
const ForecastSheet = "Forecast"

// AddForecast writes the Forecast sheet: the forecast rows, and beside
// them each channel's contacts summed over its regions - the last
// historyDays of history, then the forecast with its P10-P90 band (the
// regions' quantiles summed, a slightly wide band) - drawn in one line
// chart per channel.
func AddForecast(f *excelize.File, history []forecast.Series, fs []forecast.Forecast, historyDays int) error {
	t := records.Forecasts(fs)
	var channels []string
	for _, fc := range fs {
		if !slices.Contains(channels, fc.Channel) {
			channels = append(channels, fc.Channel)
		}
	}
	type point struct{ actual, contacts, p10, p90 float64 }
	totals := map[time.Time][]point{}
	add := func(at time.Time, ch int, p point) {
		if totals[at] == nil {
			totals[at] = make([]point, len(channels))
			for i := range totals[at] {
				totals[at][i] = point{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
			}
		}
		q := &totals[at][ch]
		q.actual = sum(q.actual, p.actual)
		q.contacts = sum(q.contacts, p.contacts)
		q.p10 = sum(q.p10, p.p10)
		q.p90 = sum(q.p90, p.p90)
	}
	nan := math.NaN()
	for _, fc := range fs {
		ch := slices.Index(channels, fc.Channel)
		for i := range fc.Contacts {
			add(fc.Time(i), ch, point{nan, fc.Contacts[i], fc.P10[i], fc.P90[i]})
		}
		for _, s := range history {
			if s.Channel != fc.Channel || s.Region != fc.Region {
				continue
			}
			from := fc.Start.AddDate(0, 0, -historyDays)
			for i, v := range s.Contacts {
				if at := s.Time(i); !at.Before(from) && !math.IsNaN(v) {
					add(at, ch, point{v, nan, nan, nan})
				}
			}
		}
	}
	var starts []time.Time
	for at := range totals {
		starts = append(starts, at)
	}
	slices.SortFunc(starts, time.Time.Compare)
	side := []string{"total_interval"}
	for _, ch := range channels {
		side = append(side, ch+"_actual", ch+"_forecast", ch+"_p10", ch+"_p90")
	}
	rows := make([][]any, len(starts))
	for i, at := range starts {
		rows[i] = []any{at}
		for _, p := range totals[at] {
			rows[i] = append(rows[i], cell(p.actual), cell(p.contacts), cell(p.p10), cell(p.p90))
		}
	}
	sideCol := beside(t, side, rows)
	var charts []chartAt
	for c, ch := range channels {
		series := make([]excelize.ChartSeries, 4)
		for k := range series {
			series[k] = seriesOf(ForecastSheet, sideCol, sideCol+1+4*c+k, len(starts))
		}
		anchor, _ := excelize.CoordinatesToCellName(sideCol+len(side)+1, 2+20*c)
		charts = append(charts, chartAt{cell: anchor, chart: lineChart(ch+": contacts per interval, all regions", series)})
	}
	t.Name = ForecastSheet
	return addTable(f, t, charts, nil)
}

// sum adds v to an accumulator that starts as NaN (nothing yet).
func sum(acc, v float64) float64 {
	switch {
	case math.IsNaN(v):
		return acc
	case math.IsNaN(acc):
		return v
	}
	return acc + v
}

func cell(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return table.Round(v, 2)
}

// beside places a block of columns to the right of t, after an empty
// spacer column, row by row from the top, and returns the block's first
// column number (1-based), which charts refer to.
func beside(t *table.Table, columns []string, rows [][]any) int {
	width := len(t.Columns)
	t.Columns = append(t.Columns, "")
	t.Columns = append(t.Columns, columns...)
	for i := range max(len(rows), len(t.Rows)) {
		var main, extra []any
		if i < len(t.Rows) {
			main = t.Rows[i]
		} else {
			main = make([]any, width)
		}
		if i < len(rows) {
			extra = rows[i]
		} else {
			extra = make([]any, len(columns))
		}
		row := append(append(slices.Clip(main), nil), extra...)
		if i < len(t.Rows) {
			t.Rows[i] = row
		} else {
			t.Rows = append(t.Rows, row)
		}
	}
	return width + 2
}

// seriesOf is a chart series of column col over rows 2..n+1 of sheet (as
// many as its first part holds), named by its header and plotted against
// column categories.
func seriesOf(sheet string, categories, col, n int) excelize.ChartSeries {
	n = min(n, maxRows-1)
	name := func(c int) string { s, _ := excelize.ColumnNumberToName(c); return s }
	ref := func(c int) string { return fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheet, name(c), name(c), n+1) }
	return excelize.ChartSeries{
		Name:       fmt.Sprintf("'%s'!$%s$1", sheet, name(col)),
		Categories: ref(categories),
		Values:     ref(col),
	}
}

// lineChart is the line chart wfm draws over time.
func lineChart(title string, series []excelize.ChartSeries) *excelize.Chart {
	return &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: cmp.Or(title, " ")}}},
		Dimension: excelize.ChartDimension{Width: 960, Height: 360},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "ddd hh:mm"}},
	}
}
