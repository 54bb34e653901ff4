package sheet

import (
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/xuri/excelize/v2"
)

// Sheets of wfm's charts.
const (
	// DashboardSheet holds the plan's charts, after Summary.
	DashboardSheet = "Dashboard"
	// ChartDataSheet is the hidden sheet the charts read their series from.
	ChartDataSheet = "ChartData"
)

// Chart colours, those of the PNG charts: apart for readers with a
// red-green deficiency and legible in grey scale.
const (
	historyColour   = "404040"
	forecastColour  = "D95F02"
	bandColour      = "FDD0A2"
	requiredColour  = "202020"
	scheduledColour = "9ECAE1"
	shortColour     = "E34A33"
)

// AddDashboard adds the Dashboard sheet: the staff required against those
// scheduled over all channels and regions, then each channel's contacts
// over its regions - the last historyDays of history, then the forecast
// with its P10-P90 band (the regions' quantiles summed, a slightly wide
// band). It also writes the hidden sheet of the charts' data, which the
// Coverage sheet's chart reads too.
func AddDashboard(f *excelize.File, history []forecast.Series, fs []forecast.Forecast, r schedule.Roster, historyDays int) error {
	if _, err := Replace(f, DashboardSheet); err != nil {
		return err
	}
	if err := f.SetCellValue(DashboardSheet, "A1", "The plan at a glance; the charts' data is on the hidden sheet "+ChartDataSheet+"."); err != nil {
		return err
	}
	cov := coverageBlock(r)
	fc, channels := forecastBlock(history, fs, historyDays)
	blocks := layout(cov, fc)
	row, placed := 3, 0
	place := func(c *xlChart) error {
		// a printed page holds two charts whole
		if placed > 0 && placed%2 == 0 {
			cell, _ := excelize.CoordinatesToCellName(1, row-1)
			if err := f.InsertPageBreak(DashboardSheet, cell); err != nil {
				return err
			}
		}
		placed++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row += c.height/20 + 2 // rows of 20 pixels, and a gap
		return addChart(f, DashboardSheet, cell, c)
	}
	if cov != nil {
		if err := place(cov.coverageChart()); err != nil {
			return err
		}
	}
	for i, ch := range channels {
		if err := place(fc.forecastChart(ch, i)); err != nil {
			return err
		}
	}
	if err := printWide(f, DashboardSheet); err != nil {
		return err
	}
	return addChartData(f, blocks)
}

// timeGrid is the intervals a chart runs over: every interval from the
// midnight starting the first one, so that the day's labels fall on
// midnights.
type timeGrid struct {
	start time.Time
	step  time.Duration
	n     int
}

func newTimeGrid(first, last time.Time, step time.Duration) timeGrid {
	y, m, d := first.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, first.Location())
	return timeGrid{start: start, step: step, n: min(int(last.Sub(start)/step)+1, maxRows-1)}
}

// index is the interval holding t, and whether the grid has it.
func (g timeGrid) index(t time.Time) (int, bool) {
	i := int(t.Sub(g.start) / g.step)
	return i, !t.Before(g.start) && i < g.n
}

// labels are the axis labels of the intervals: the weekday and date at
// the middle of each day, as the Roster sheet names its days - or of every
// other day or so, so that there are at most 14 - and nothing elsewhere.
// Labelling the few intervals so rather than skipping labels works in
// every viewer: LibreOffice draws every category label.
func (g timeGrid) labels() []string {
	perDay := max(1, int(24*time.Hour/g.step))
	every := max(1, (g.n+14*perDay-1)/(14*perDay))
	l := make([]string, g.n)
	for i := perDay / 2; i < g.n; i += every * perDay {
		l[i] = g.start.Add(time.Duration(i) * g.step).Format("Mon 01-02")
	}
	return l
}

// dataBlock is a block of columns of the chart data sheet: the intervals
// of grid, their axis labels, then one column per header.
type dataBlock struct {
	grid    timeGrid
	headers []string
	values  [][]float64 // by column, NaN where there is nothing
	col     int         // the intervals' column, 1-based
}

func newBlock(g timeGrid, headers ...string) *dataBlock {
	b := &dataBlock{grid: g, headers: headers, values: make([][]float64, len(headers))}
	for i := range b.values {
		b.values[i] = make([]float64, g.n)
		for j := range b.values[i] {
			b.values[i][j] = math.NaN()
		}
	}
	return b
}

// series is the block's k-th value column as a chart series.
func (b *dataBlock) series(k int, colour string, width float64) xlSeries {
	return xlSeries{name: b.headers[k], col: b.col + 2 + k, values: b.values[k], colour: colour, width: width}
}

// chart is an xlChart over the block's intervals.
func (b *dataBlock) chart(title, yTitle string) *xlChart {
	return &xlChart{title: title, xTitle: "day, in " + table.Per(b.grid.step) + " intervals", yTitle: yTitle,
		labelCol: b.col + 1, labels: b.grid.labels(), width: 1100, height: 380}
}

// layout places blocks side by side from column A, an empty column between
// two, leaving out nil ones, and returns those placed.
func layout(blocks ...*dataBlock) []*dataBlock {
	var placed []*dataBlock
	col := 1
	for _, b := range blocks {
		if b != nil {
			b.col = col
			col += len(b.headers) + 3
			placed = append(placed, b)
		}
	}
	return placed
}

// addChartData writes the blocks as the hidden chart data sheet.
func addChartData(f *excelize.File, blocks []*dataBlock) error {
	if _, err := Replace(f, ChartDataSheet); err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm")})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(ChartDataSheet)
	if err != nil {
		return err
	}
	var header []any
	rows := 0
	for _, b := range blocks {
		header = append(header, "interval", "axis label")
		for _, h := range b.headers {
			header = append(header, h)
		}
		header = append(header, nil)
		rows = max(rows, b.grid.n)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	labels := make([][]string, len(blocks))
	for k, b := range blocks {
		labels[k] = b.grid.labels()
	}
	for i := range rows {
		var row []any
		for k, b := range blocks {
			if i >= b.grid.n {
				row = append(row, make([]any, len(b.headers)+3)...)
				continue
			}
			var label any
			if labels[k][i] != "" {
				label = labels[k][i]
			}
			row = append(row, excelize.Cell{StyleID: dateStyle, Value: b.grid.start.Add(time.Duration(i) * b.grid.step)}, label)
			for _, v := range b.values {
				row = append(row, cell(v[i]))
			}
			row = append(row, nil)
		}
		at, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(at, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SetSheetVisible(ChartDataSheet, false)
}

// coverageBlock is the staff required and scheduled per interval over all
// channels and regions, and the shortfall, or nil without coverage.
func coverageBlock(r schedule.Roster) *dataBlock {
	if len(r.Coverage) == 0 {
		return nil
	}
	first, last := r.Coverage[0].Start, r.Coverage[0].Start
	var starts []time.Time
	for _, c := range r.Coverage {
		first, last = minTime(first, c.Start), maxTime(last, c.Start)
		starts = append(starts, c.Start)
	}
	b := newBlock(newTimeGrid(first, last, smallestStep(starts)), "scheduled", "short", "required")
	scheduled, short, required := b.values[0], b.values[1], b.values[2]
	for _, c := range r.Coverage {
		if i, ok := b.grid.index(c.Start); ok {
			required[i] = sum(required[i], c.Required)
			scheduled[i] = sum(scheduled[i], c.Scheduled)
		}
	}
	for i := range short {
		if !math.IsNaN(required[i]) {
			short[i] = max(0, table.Round(required[i], 2)-table.Round(scheduled[i], 2))
		}
	}
	return b
}

// coverageChart draws the staff scheduled as an area with the shortfall
// stacked on it in red, up to the line of the staff required.
func (b *dataBlock) coverageChart() *xlChart {
	c := b.chart("Required and scheduled agents, all channels and regions", "agents")
	c.areas = []xlSeries{b.series(0, scheduledColour, 0), b.series(1, shortColour, 0)}
	c.lines = []xlSeries{b.series(2, requiredColour, 1.5)}
	return c
}

// forecastBlock is each channel's contacts over its regions per interval -
// the last historyDays of history, the forecast, its P10 and the width of
// its P10-P90 band - and the channels, in order of the forecasts; nil
// without forecasts.
func forecastBlock(history []forecast.Series, fs []forecast.Forecast, historyDays int) (*dataBlock, []string) {
	if len(fs) == 0 {
		return nil, nil
	}
	var channels, headers []string
	first, last := fs[0].Start, fs[0].Start
	step := fs[0].Interval
	for _, fc := range fs {
		if !slices.Contains(channels, fc.Channel) {
			channels = append(channels, fc.Channel)
			headers = append(headers, fc.Channel+" history", fc.Channel+" forecast", fc.Channel+" P10", fc.Channel+" P10-P90 band")
		}
		first, last = minTime(first, fc.Start.AddDate(0, 0, -historyDays)), maxTime(last, fc.Time(max(0, len(fc.Contacts)-1)))
		step = min(step, fc.Interval)
	}
	b := newBlock(newTimeGrid(first, last, step), headers...)
	p90 := make([][]float64, len(channels))
	for _, fc := range fs {
		c := slices.Index(channels, fc.Channel)
		hist, point, p10 := b.values[4*c], b.values[4*c+1], b.values[4*c+2]
		if p90[c] == nil {
			p90[c] = slices.Clone(b.values[4*c+3])
		}
		for i := range fc.Contacts {
			if k, ok := b.grid.index(fc.Time(i)); ok {
				point[k] = sum(point[k], fc.Contacts[i])
				p10[k] = sum(p10[k], fc.P10[i])
				p90[c][k] = sum(p90[c][k], fc.P90[i])
			}
		}
		for _, s := range history {
			if s.Channel != fc.Channel || s.Region != fc.Region {
				continue
			}
			for i, v := range s.Contacts {
				if k, ok := b.grid.index(s.Time(i)); ok && s.Time(i).Before(fc.Start) {
					hist[k] = sum(hist[k], v)
				}
			}
		}
	}
	for c := range channels {
		p10, band := b.values[4*c+2], b.values[4*c+3]
		for k := range band {
			band[k] = table.Round(p90[c][k], 2) - table.Round(p10[k], 2)
		}
	}
	return b, channels
}

// forecastChart draws the c-th channel's history and forecast as lines over
// the band from P10 to P90, an area stacked on an invisible one up to P10.
func (b *dataBlock) forecastChart(channel string, c int) *xlChart {
	ch := b.chart(channel+": contacts per "+table.Per(b.grid.step)+", all regions - history, forecast and P10-P90 band",
		"contacts per "+table.Per(b.grid.step))
	ch.areas = []xlSeries{b.series(4*c+2, "", 0), b.series(4*c+3, bandColour, 0)}
	ch.lines = []xlSeries{b.series(4*c, historyColour, 1), b.series(4*c+1, forecastColour, 1.5)}
	return ch
}

// smallestStep is the shortest time between two of starts: the interval.
func smallestStep(starts []time.Time) time.Duration {
	starts = slices.Clone(starts)
	slices.SortFunc(starts, time.Time.Compare)
	step := time.Duration(0)
	for i := 1; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-1]); d > 0 && (step == 0 || d < step) {
			step = d
		}
	}
	if step == 0 {
		return 30 * time.Minute // one interval: any length draws it
	}
	return step
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
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
