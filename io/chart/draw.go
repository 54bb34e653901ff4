package chart

import (
	"image/color"
	"io"
	"math"
	"time"

	"github.com/wfm-dev/wfm/forecast"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// newPlot returns an empty plot with the title, a day-ticked time axis in
// loc and a light grid.
func newPlot(title string, loc *time.Location, opt Options) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(6)
	p.X.Tick.Marker = dayTicks{loc: loc, maxLabels: int(opt.Width / (2.4 * vg.Centimeter))}
	p.X.Label.Text = zoneName(loc)
	p.X.Label.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.TextStyle.Font.Size = vg.Points(11)
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xdd}
	grid.Horizontal.Color = color.Gray{Y: 0xdd}
	p.Add(grid)
	return p
}

// zoneName names the time zone of the axis for the reader; "Local" means
// nothing to someone reading the picture elsewhere, so it gives way to the
// zone's abbreviation. wfm's readers carry local wall-clock times as UTC,
// so UTC is not named: the times are the centre's own.
func zoneName(loc *time.Location) string {
	name := loc.String()
	switch name {
	case "UTC":
		return "time"
	case "Local":
		name, _ = time.Now().In(loc).Zone()
	}
	return "time (" + name + ")"
}

type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// thumbs draws several thumbnails on top of one another.
type thumbs []plot.Thumbnailer

func (ts thumbs) Thumbnail(c *draw.Canvas) {
	for _, t := range ts {
		if t != nil {
			t.Thumbnail(c)
		}
	}
}

// render draws p with its legend in a row underneath, outside the data so
// that it never hides a peak, and writes the picture as PNG.
func render(w io.Writer, p *plot.Plot, legend []legendEntry, opt Options) error {
	img := vgimg.NewWith(vgimg.UseWH(opt.Width, opt.Height), vgimg.UseDPI(opt.DPI))
	c := draw.New(img)
	margin := 0.3 * vg.Centimeter
	c = draw.Crop(c, margin, -margin, margin, -margin)

	sty := p.Legend.TextStyle
	sty.Font.Size = vg.Points(11)
	rowH := sty.Rectangle("Mg").Size().Y + vg.Points(6)
	p.Draw(draw.Crop(c, 0, 0, rowH, 0))

	thumbW := vg.Points(22)
	gap := vg.Points(18)
	space := sty.Width(" ")
	total := vg.Length(0)
	for i, e := range legend {
		if i > 0 {
			total += gap
		}
		total += thumbW + space + sty.Width(e.name)
	}
	x := c.Center().X - total/2
	for _, e := range legend {
		icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: c.Min.Y + vg.Points(2)},
			Max: vg.Point{X: x + thumbW, Y: c.Min.Y + rowH - vg.Points(4)},
		}}
		e.thumb.Thumbnail(&icon)
		x += thumbW + space
		c.FillText(sty, vg.Point{X: x, Y: c.Min.Y + vg.Points(2) + sty.FontExtents().Descent}, e.name)
		x += sty.Width(e.name) + gap
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// drawLine adds pts to p as a line broken wherever Y is not finite; a value
// between two gaps shows as a dot. It returns a thumbnail for the legend,
// nil when nothing was drawn.
func drawLine(p *plot.Plot, pts plotter.XYs, clr color.Color, width vg.Length) plot.Thumbnailer {
	runs := finiteRuns(pts)
	for _, run := range runs {
		if len(run) == 1 {
			p.Add(&plotter.Scatter{XYs: run, GlyphStyle: draw.GlyphStyle{Color: clr, Radius: width, Shape: draw.CircleGlyph{}}})
			continue
		}
		p.Add(&plotter.Line{XYs: run, LineStyle: draw.LineStyle{Color: clr, Width: width}})
	}
	if len(runs) == 0 {
		return nil
	}
	return &plotter.Line{LineStyle: draw.LineStyle{Color: clr, Width: width}}
}

// drawSteps adds a line through pts, which are already the corners of the
// steps, and returns it as the legend's thumbnail.
func drawSteps(p *plot.Plot, pts plotter.XYs, clr color.Color, width vg.Length) plot.Thumbnailer {
	l := &plotter.Line{XYs: pts, LineStyle: draw.LineStyle{Color: clr, Width: width}}
	p.Add(l)
	return l
}

// finiteRuns splits pts into the longest runs of finite Y.
func finiteRuns(pts plotter.XYs) []plotter.XYs {
	var runs []plotter.XYs
	a := -1
	for i := 0; i <= len(pts); i++ {
		ok := i < len(pts) && isFinite(pts[i].Y)
		switch {
		case ok && a < 0:
			a = i
		case !ok && a >= 0:
			runs = append(runs, pts[a:i])
			a = -1
		}
	}
	return runs
}

// bandPolygon is the area between lo and hi (on the same X), one ring per
// run of intervals where both are finite; nil when there is none.
func bandPolygon(lo, hi plotter.XYs) *plotter.Polygon {
	var rings []plotter.XYer
	a := -1
	for i := 0; i <= len(lo); i++ {
		ok := i < len(lo) && isFinite(lo[i].Y) && isFinite(hi[i].Y)
		switch {
		case ok && a < 0:
			a = i
		case !ok && a >= 0:
			if i-a >= 2 {
				ring := make(plotter.XYs, 0, 2*(i-a))
				ring = append(ring, lo[a:i]...)
				for j := i - 1; j >= a; j-- {
					ring = append(ring, hi[j])
				}
				rings = append(rings, ring)
			}
			a = -1
		}
	}
	if len(rings) == 0 {
		return nil
	}
	poly, err := plotter.NewPolygon(rings...)
	if err != nil {
		return nil
	}
	return poly
}

// vline is a dashed vertical line across the data area at X.
type vline struct{ X float64 }

func startMark(x float64) vline { return vline{x} }

func (v vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.X)
	sty := draw.LineStyle{Color: markColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
}

// yTop is a round upper limit above every finite value given.
func yTop(pts plotter.XYs, series ...[]float64) float64 {
	top := 0.0
	for _, q := range pts {
		if isFinite(q.Y) {
			top = math.Max(top, q.Y)
		}
	}
	for _, s := range series {
		for _, v := range s {
			if isFinite(v) {
				top = math.Max(top, v)
			}
		}
	}
	return niceTop(top)
}

// niceTop leaves a little room above top and rounds it up to a multiple of
// a power of ten times 1, 2 or 5, so the highest tick sits at the top.
func niceTop(top float64) float64 {
	if !(top > 0) {
		return 1
	}
	top *= 1.05
	e := math.Floor(math.Log10(top))
	// scale by dividing for small tops, so 0.6 stays 0.6 and not 0.6000000000000001
	scale := func(m float64) float64 {
		if e < 0 {
			return m / math.Pow(10, -e)
		}
		return m * math.Pow(10, e)
	}
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if v := scale(m); v >= top {
			return v
		}
	}
	return scale(10)
}

func title(channel, region, what string) string {
	name := channel
	if region != "" {
		name += " / " + region
	}
	if name == "" {
		return what
	}
	return name + ": " + what
}

func seriesName(channel, region string, h forecast.Series) string {
	if channel == "" && region == "" {
		channel, region = h.Channel, h.Region
	}
	if region == "" {
		return channel
	}
	return channel + " / " + region
}

func unix(t time.Time) float64 { return float64(t.Unix()) }

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func anyFinite(pts plotter.XYs) bool {
	for _, q := range pts {
		if isFinite(q.Y) {
			return true
		}
	}
	return false
}
