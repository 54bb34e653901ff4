package sheet

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// xlChart is a native chart over intervals that wfm writes part and all:
// excelize leaves the value caches empty, so viewers that do not recalculate
// show nothing, and it cannot turn off the date axis Excel picks for
// date-time categories, which stacks a day's intervals on one tick.
//
// The intervals are a category axis of text labels, blank but for one a day
// or fewer, read from the chart data sheet; areas are stacked under the
// lines.
type xlChart struct {
	title, xTitle, yTitle string
	labelCol              int // on the chart data sheet, holding labels
	labels                []string
	areas, lines          []xlSeries
	width, height         int // pixels
}

// xlSeries is one series of an xlChart: a column of the chart data sheet.
type xlSeries struct {
	name   string
	col    int       // on the chart data sheet, 1-based; row 1 holds the name
	values []float64 // NaN where the interval has none
	colour string    // RGB hex; "" for an invisible area, the base a band stands on
	width  float64   // line width in points
}

// chartNamespaces are those xlChart's XML uses.
const chartNamespaces = `xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// addChart draws c on sheet with its top-left corner at cell. excelize
// lays out the drawing and relationships; the chart part it writes is then
// replaced by c's own.
func addChart(f *excelize.File, sheet, cell string, c *xlChart) error {
	// excelize names the new chart part after the count of those present.
	n := 0
	f.Pkg.Range(func(k, _ any) bool {
		if strings.Contains(k.(string), "xl/charts/chart") {
			n++
		}
		return true
	})
	if err := f.AddChart(sheet, cell, &excelize.Chart{
		Type:      excelize.Line,
		Series:    []excelize.ChartSeries{{Values: c.ref(c.lines[0].col)}},
		Dimension: excelize.ChartDimension{Width: uint(c.width), Height: uint(c.height)},
	}); err != nil {
		return err
	}
	part := fmt.Sprintf("xl/charts/chart%d.xml", n+1)
	if _, ok := f.Pkg.Load(part); !ok {
		return fmt.Errorf("excelize wrote no chart part %s", part)
	}
	f.Pkg.Store(part, c.xml())
	return nil
}

// ref is the range of the column col under its header on the chart data
// sheet.
func (c *xlChart) ref(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return fmt.Sprintf("%s!$%s$2:$%s$%d", ChartDataSheet, name, name, len(c.labels)+1)
}

// xml is the chart part.
func (c *xlChart) xml() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<c:chartSpace ` + chartNamespaces + `><c:date1904 val="0"/><c:lang val="en-US"/><c:roundedCorners val="0"/><c:chart>`)
	writeTitle(&b, c.title, 1400, false)
	b.WriteString(`<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>`)
	const catAx, valAx = 500000001, 500000002
	idx := 0
	if len(c.areas) > 0 {
		b.WriteString(`<c:areaChart><c:grouping val="stacked"/><c:varyColors val="0"/>`)
		for _, s := range c.areas {
			c.writeSeries(&b, idx, s, false)
			idx++
		}
		fmt.Fprintf(&b, `<c:axId val="%d"/><c:axId val="%d"/></c:areaChart>`, catAx, valAx)
	}
	b.WriteString(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>`)
	for _, s := range c.lines {
		c.writeSeries(&b, idx, s, true)
		idx++
	}
	fmt.Fprintf(&b, `<c:marker val="1"/><c:axId val="%d"/><c:axId val="%d"/></c:lineChart>`, catAx, valAx)

	// auto off keeps the axis one of text categories; the labels go at
	// the bottom, level, every one shown; a tick mark per interval would
	// be a comb.
	fmt.Fprintf(&b, `<c:catAx><c:axId val="%d"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>`, catAx)
	writeTitle(&b, c.xTitle, 1000, false)
	b.WriteString(`<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>`)
	writeAxisLine(&b)
	writeTickLabels(&b)
	fmt.Fprintf(&b, `<c:crossAx val="%d"/><c:crosses val="autoZero"/><c:auto val="0"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>`, valAx)
	b.WriteString(`<c:tickLblSkip val="1"/><c:noMultiLvlLbl val="1"/></c:catAx>`)
	fmt.Fprintf(&b, `<c:valAx><c:axId val="%d"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>`, valAx)
	b.WriteString(`<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`)
	writeTitle(&b, c.yTitle, 1000, true)
	b.WriteString(`<c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`)
	writeAxisLine(&b)
	writeTickLabels(&b)
	fmt.Fprintf(&b, `<c:crossAx val="%d"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`, catAx)
	b.WriteString(`</c:plotArea><c:legend><c:legendPos val="b"/>`)
	// An invisible base area has no place in the legend.
	for i, s := range c.areas {
		if s.colour == "" {
			fmt.Fprintf(&b, `<c:legendEntry><c:idx val="%d"/><c:delete val="1"/></c:legendEntry>`, i)
		}
	}
	b.WriteString(`<c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`)
	b.WriteString(`<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr></c:chartSpace>`)
	return b.Bytes()
}

// writeSeries writes s, the idx-th series of the chart, as a line without
// markers or as an area.
func (c *xlChart) writeSeries(b *bytes.Buffer, idx int, s xlSeries, line bool) {
	fmt.Fprintf(b, `<c:ser><c:idx val="%d"/><c:order val="%d"/>`, idx, idx)
	name, _ := excelize.ColumnNumberToName(s.col)
	fmt.Fprintf(b, `<c:tx><c:strRef><c:f>%s!$%s$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>%s</c:v></c:pt></c:strCache></c:strRef></c:tx>`,
		ChartDataSheet, name, escape(s.name))
	switch {
	case line:
		fmt.Fprintf(b, `<c:spPr><a:ln w="%d" cap="rnd"><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:round/></a:ln></c:spPr>`,
			int(s.width*12700), s.colour)
		b.WriteString(`<c:marker><c:symbol val="none"/></c:marker>`)
	case s.colour == "":
		b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	default:
		fmt.Fprintf(b, `<c:spPr><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>`, s.colour)
	}
	fmt.Fprintf(b, `<c:cat><c:strRef><c:f>%s</c:f><c:strCache><c:ptCount val="%d"/>`, c.ref(c.labelCol), len(c.labels))
	for i, l := range c.labels {
		if l == "" {
			continue // a blank label is no point
		}
		fmt.Fprintf(b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, escape(l))
	}
	fmt.Fprintf(b, `</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>%s</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="%d"/>`,
		c.ref(s.col), len(c.labels))
	for i, v := range s.values {
		if !math.IsNaN(v) {
			fmt.Fprintf(b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, strconv.FormatFloat(table.Round(v, 2), 'f', -1, 64))
		}
	}
	b.WriteString(`</c:numCache></c:numRef></c:val>`)
	if line {
		b.WriteString(`<c:smooth val="0"/>`)
	}
	b.WriteString(`</c:ser>`)
}

// writeTitle writes a chart or axis title of text in hundredths of a point,
// turned to read upwards when vertical.
func writeTitle(b *bytes.Buffer, text string, size int, vertical bool) {
	rot := ""
	if vertical {
		rot = ` rot="-5400000" vert="horz"`
	}
	fmt.Fprintf(b, `<c:title><c:tx><c:rich><a:bodyPr%s/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="%d" b="1"/></a:pPr>`+
		`<a:r><a:rPr lang="en-US" sz="%d" b="1"/><a:t>%s</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`,
		rot, size, size, escape(text))
}

func writeAxisLine(b *bytes.Buffer) {
	b.WriteString(`<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill></a:ln></c:spPr>`)
}

// writeTickLabels sets the tick labels level and small, so that a day's
// label fits between the day's ticks.
func writeTickLabels(b *bytes.Buffer) {
	b.WriteString(`<c:txPr><a:bodyPr rot="0" vert="horz"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`)
}
