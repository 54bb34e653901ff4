package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// ErrNoData reports a chart that would have nothing to show: no forecast and
// no history value, or no coverage row. No picture is written then.
var ErrNoData = errors.New("nothing to draw")

// Options set the size of a chart and how much history it shows. The zero
// value gives the defaults.
type Options struct {
	// Width and Height of the picture; 24cm x 10cm when zero.
	Width, Height vg.Length
	// HistoryWeeks is how many weeks of history before the forecast a
	// forecast chart shows; 2 when zero.
	HistoryWeeks int
	// DPI is the resolution in dots per inch; 150 when zero. A 24cm wide
	// chart at 150 DPI is 1417 pixels wide.
	DPI int
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = 24 * vg.Centimeter
	}
	if o.Height <= 0 {
		o.Height = 10 * vg.Centimeter
	}
	if o.HistoryWeeks <= 0 {
		o.HistoryWeeks = 2
	}
	if o.DPI <= 0 {
		o.DPI = 150
	}
	return o
}

// Colours are chosen to stay apart for readers with a red-green deficiency
// (dark grey, orange, blue) and to print legibly in grey scale.
var (
	historyColor   = color.RGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}
	forecastColor  = color.RGBA{R: 0xd9, G: 0x5f, B: 0x02, A: 0xff}
	bandColor      = color.RGBA{R: 0xfd, G: 0xd0, B: 0xa2, A: 0xff}
	requiredColor  = color.RGBA{R: 0x20, G: 0x20, B: 0x20, A: 0xff}
	scheduledColor = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	scheduledFill  = color.RGBA{R: 0xc6, G: 0xdb, B: 0xef, A: 0xff}
	shortColor     = color.RGBA{R: 0xe3, G: 0x4a, B: 0x33, A: 0xff}
	markColor      = color.RGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
)

// Forecast draws one series as a PNG: the last opt.HistoryWeeks weeks of
// history before the forecast as a dark line, the point forecast as an
// orange line over its P10-P90 band shaded, a dashed mark where the forecast
// starts, a day-ticked time axis in the series' time zone and the title
// "CHANNEL / REGION: forecast". Missing history intervals (NaN) are drawn as
// gaps, never as zeros. The history may be of another length or grid than
// the forecast; only its values before f.Start are shown, all of them when
// the forecast is empty.
//
// It returns an error wrapping ErrNoData when there is neither a forecast
// value nor a history value to show, and panics when f.P10 or f.P90 is
// neither nil nor as long as f.Contacts, or a non-empty series has no
// positive Interval. It costs O(n) in the values drawn, plus the rendering
// of the picture, which dominates.
func Forecast(w io.Writer, history forecast.Series, f forecast.Forecast, opt Options) error {
	opt = opt.withDefaults()
	n := len(f.Contacts)
	for _, q := range []struct {
		name string
		v    []float64
	}{{"P10", f.P10}, {"P90", f.P90}} {
		if q.v != nil && len(q.v) != n {
			panic(fmt.Sprintf("chart: forecast %s has %d values for %d intervals", q.name, len(q.v), n))
		}
	}
	if n > 0 && f.Interval <= 0 {
		panic("chart: forecast interval must be positive")
	}
	if len(history.Contacts) > 0 && history.Interval <= 0 {
		panic("chart: history interval must be positive")
	}

	// the history shown: the window before the forecast, or its own tail
	end := history.Time(len(history.Contacts))
	if n > 0 {
		end = f.Start
	}
	from := end.AddDate(0, 0, -7*opt.HistoryWeeks)
	var hist plotter.XYs
	for i, v := range history.Contacts {
		t := history.Time(i)
		if t.Before(from) || !t.Before(end) {
			continue
		}
		hist = append(hist, plotter.XY{X: unix(t), Y: v})
	}
	if n == 0 && !anyFinite(hist) {
		return fmt.Errorf("%s: %w", seriesName(f.Channel, f.Region, history), ErrNoData)
	}

	channel, region := f.Channel, f.Region
	if n == 0 {
		channel, region = history.Channel, history.Region
	}
	loc := f.Start.Location()
	interval := f.Interval
	if n == 0 {
		loc, interval = history.Start.Location(), history.Interval
	}
	p := newPlot(title(channel, region, "forecast"), loc, opt)
	p.Y.Label.Text = "contacts per " + table.Per(interval)

	var legend []legendEntry
	if n > 0 && f.P10 != nil && f.P90 != nil {
		lo := make(plotter.XYs, n)
		hi := make(plotter.XYs, n)
		for i := range n {
			x := unix(f.Time(i))
			lo[i] = plotter.XY{X: x, Y: f.P10[i]}
			hi[i] = plotter.XY{X: x, Y: f.P90[i]}
		}
		if band := bandPolygon(lo, hi); band != nil {
			band.Color = bandColor
			band.LineStyle.Width = 0
			p.Add(band)
			legend = append(legend, legendEntry{"P10-P90", band})
		}
	}
	if th := drawLine(p, hist, historyColor, vg.Points(1)); th != nil {
		legend = append([]legendEntry{{"history", th}}, legend...)
	}
	if n > 0 {
		fc := make(plotter.XYs, n)
		for i, v := range f.Contacts {
			fc[i] = plotter.XY{X: unix(f.Time(i)), Y: v}
		}
		if th := drawLine(p, fc, forecastColor, vg.Points(1.5)); th != nil {
			legend = append(legend, legendEntry{"forecast", th})
		}
		p.Add(startMark(unix(f.Start)))
	}

	// x from the first value shown to the end of the last interval
	xmin, xmax := math.Inf(1), math.Inf(-1)
	if len(hist) > 0 {
		xmin, xmax = hist[0].X, unix(end)
	}
	if n > 0 {
		xmin = math.Min(xmin, unix(f.Start))
		xmax = unix(f.Time(n))
	}
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = 0, yTop(hist, f.Contacts, f.P90)
	return render(w, p, legend, opt)
}

// Coverage draws staff against requirement as a PNG: the staff scheduled as
// a blue filled step, the staff required as a dark step line, the intervals
// short of staff shaded red between the two, and the given title. Rows that
// share a Start are added together, so passing the rows of several series
// draws their total. Each row covers the interval from its Start to the next
// Start (the smallest step between Starts; 15 minutes with a single Start);
// where Starts skip an interval the lines break. The time axis is in the time
// zone of the first row.
//
// It returns an error wrapping ErrNoData when rows is empty. It costs
// O(n log n) for n rows, plus the rendering, which dominates.
func Coverage(w io.Writer, rows []schedule.Coverage, title string, opt Options) error {
	opt = opt.withDefaults()
	if len(rows) == 0 {
		return fmt.Errorf("%s: %w", title, ErrNoData)
	}
	ts, req, sch := sumByStart(rows)
	step := minStep(ts)
	p := newPlot(title, rows[0].Start.Location(), opt)
	p.Y.Label.Text = "agents"

	// runs of contiguous intervals, each drawn as its own step polygon and
	// lines so that missing intervals show as gaps
	var fills, shorts []plotter.XYer
	var reqRuns, schRuns []plotter.XYs
	top := 0.0
	for a := 0; a < len(ts); {
		b := a + 1
		for b < len(ts) && ts[b].Sub(ts[b-1]) == step {
			b++
		}
		var r, s plotter.XYs
		area := plotter.XYs{{X: unix(ts[a]), Y: 0}}
		for i := a; i < b; i++ {
			x0, x1 := unix(ts[i]), unix(ts[i].Add(step))
			r = append(r, plotter.XY{X: x0, Y: req[i]}, plotter.XY{X: x1, Y: req[i]})
			s = append(s, plotter.XY{X: x0, Y: sch[i]}, plotter.XY{X: x1, Y: sch[i]})
			area = append(area, plotter.XY{X: x0, Y: sch[i]}, plotter.XY{X: x1, Y: sch[i]})
			if sch[i] < req[i] {
				shorts = append(shorts, plotter.XYs{{X: x0, Y: sch[i]}, {X: x1, Y: sch[i]}, {X: x1, Y: req[i]}, {X: x0, Y: req[i]}})
			}
			top = math.Max(top, math.Max(req[i], sch[i]))
		}
		area = append(area, plotter.XY{X: unix(ts[b-1].Add(step)), Y: 0})
		fills = append(fills, area)
		reqRuns = append(reqRuns, r)
		schRuns = append(schRuns, s)
		a = b
	}

	var legend []legendEntry
	fill, err := plotter.NewPolygon(fills...)
	if err != nil {
		return err
	}
	fill.Color, fill.LineStyle.Width = scheduledFill, 0
	p.Add(fill)
	var schTh, reqTh plot.Thumbnailer
	for _, s := range schRuns {
		schTh = drawSteps(p, s, scheduledColor, vg.Points(1.2))
	}
	legend = append(legend, legendEntry{"scheduled", thumbs{fill, schTh}})
	if len(shorts) > 0 {
		short, err := plotter.NewPolygon(shorts...)
		if err != nil {
			return err
		}
		short.Color, short.LineStyle.Width = shortColor, 0
		p.Add(short)
		legend = append(legend, legendEntry{"short of staff", short})
	}
	for _, r := range reqRuns {
		reqTh = drawSteps(p, r, requiredColor, vg.Points(1.5))
	}
	legend = append(legend, legendEntry{"required", reqTh})

	p.X.Min, p.X.Max = unix(ts[0]), unix(ts[len(ts)-1].Add(step))
	p.Y.Min, p.Y.Max = 0, niceTop(top)
	return render(w, p, legend, opt)
}

// sumByStart adds up the rows sharing a Start and returns the distinct
// Starts in order with their totals. NaN values count as zero.
func sumByStart(rows []schedule.Coverage) (ts []time.Time, req, sch []float64) {
	sorted := slices.Clone(rows)
	slices.SortStableFunc(sorted, func(a, b schedule.Coverage) int { return a.Start.Compare(b.Start) })
	for _, r := range sorted {
		if len(ts) == 0 || !r.Start.Equal(ts[len(ts)-1]) {
			ts = append(ts, r.Start)
			req = append(req, 0)
			sch = append(sch, 0)
		}
		req[len(req)-1] += finite(r.Required)
		sch[len(sch)-1] += finite(r.Scheduled)
	}
	return ts, req, sch
}

// minStep is the smallest positive step between sorted times, which is the
// interval length of the grid they lie on.
func minStep(ts []time.Time) time.Duration {
	step := time.Duration(0)
	for i := 1; i < len(ts); i++ {
		if d := ts[i].Sub(ts[i-1]); d > 0 && (step == 0 || d < step) {
			step = d
		}
	}
	if step == 0 {
		step = 15 * time.Minute
	}
	return step
}

func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
