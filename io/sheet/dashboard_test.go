package sheet

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/xuri/excelize/v2"
)

// forecasts are two days of half-hourly forecasts: chat in two regions,
// phone in one, each interval's contacts its index and the band 1 either
// side.
func forecasts() []forecast.Forecast {
	fc := func(channel, region string) forecast.Forecast {
		f := forecast.Forecast{Channel: channel, Region: region, Start: at(0, 0), Interval: 30 * time.Minute}
		for i := range 96 {
			f.Contacts = append(f.Contacts, float64(i))
			f.P10 = append(f.P10, float64(i)-1)
			f.P90 = append(f.P90, float64(i)+1)
		}
		return f
	}
	return []forecast.Forecast{fc("chat", "east"), fc("chat", "west"), fc("phone", "east")}
}

// history is the day before the forecasts of chat east, 5 contacts an
// interval but a gap.
func history() []forecast.Series {
	s := forecast.Series{Channel: "chat", Region: "east", Start: at(-1, 0), Interval: 30 * time.Minute}
	for range 48 {
		s.Contacts = append(s.Contacts, 5)
	}
	s.Contacts[10] = math.NaN()
	return []forecast.Series{s}
}

// planSheets writes the sheets of a plan, as plan.Write does.
func planSheets(f *excelize.File) error {
	if err := AddDashboard(f, history(), forecasts(), roster(), 1); err != nil {
		return err
	}
	if err := AddForecast(f, forecasts()); err != nil {
		return err
	}
	return AddRosterDetail(f, roster())
}

// xmlChart is what the tests read of a chart part.
type xmlChart struct {
	Title  string     `xml:"chart>title>tx>rich>p>r>t"`
	Areas  []xmlGroup `xml:"chart>plotArea>areaChart"`
	Lines  []xmlGroup `xml:"chart>plotArea>lineChart"`
	DateAx []struct{} `xml:"chart>plotArea>dateAx"`
	CatAx  []struct {
		Title string `xml:"title>tx>rich>p>r>t"`
		Auto  xmlVal `xml:"auto"`
	} `xml:"chart>plotArea>catAx"`
	ValAx []struct {
		Title string `xml:"title>tx>rich>p>r>t"`
	} `xml:"chart>plotArea>valAx"`
}

type xmlGroup struct {
	Series []struct {
		Name     string  `xml:"tx>strRef>strCache>pt>v"`
		Symbol   *xmlVal `xml:"marker>symbol"`
		Smooth   *xmlVal `xml:"smooth"`
		CatRef   string  `xml:"cat>strRef>f"`
		CatCount xmlVal  `xml:"cat>strRef>strCache>ptCount"`
		Labels   []struct {
			Idx int    `xml:"idx,attr"`
			V   string `xml:"v"`
		} `xml:"cat>strRef>strCache>pt"`
		ValRef   string `xml:"val>numRef>f"`
		ValCount xmlVal `xml:"val>numRef>numCache>ptCount"`
		Points   []struct {
			Idx int     `xml:"idx,attr"`
			V   float64 `xml:"v"`
		} `xml:"val>numRef>numCache>pt"`
	} `xml:"ser"`
}

type xmlVal struct {
	Val string `xml:"val,attr"`
}

// anchoredChart is a chart as a sheet shows it.
type anchoredChart struct {
	cell string // the top-left corner
	xmlChart
}

// chartsOf reads the workbook at path's charts by sheet, following the
// package's relationships from each sheet through its drawing.
func chartsOf(t *testing.T, path string) map[string][]anchoredChart {
	t.Helper()
	p := parts(t, path)
	rels := func(source string) *relationships {
		r, err := parseRels([]byte(p[relsOf(source)]))
		if err != nil {
			t.Fatalf("%s: %v", relsOf(source), err)
		}
		return r
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal([]byte(p["xl/workbook.xml"]), &book); err != nil {
		t.Fatal(err)
	}
	target := func(source, id string) string {
		for _, r := range rels(source).Rels {
			if r.ID == id {
				return resolvePart(source, r.Target)
			}
		}
		t.Fatalf("%s has no relationship %s", source, id)
		return ""
	}
	got := map[string][]anchoredChart{}
	for _, s := range book.Sheets {
		part := target("xl/workbook.xml", s.ID)
		if p[relsOf(part)] == "" {
			continue
		}
		for _, r := range rels(part).Rels {
			if !strings.HasSuffix(r.Type, "/drawing") {
				continue
			}
			drawing := resolvePart(part, r.Target)
			var d struct {
				Anchors []struct {
					Col int `xml:"from>col"`
					Row int `xml:"from>row"`
					ID  struct {
						ID string `xml:"id,attr"`
					} `xml:"graphicFrame>graphic>graphicData>chart"`
				} `xml:"twoCellAnchor"`
			}
			if err := xml.Unmarshal([]byte(p[drawing]), &d); err != nil {
				t.Fatal(err)
			}
			for _, a := range d.Anchors {
				var c anchoredChart
				c.cell, _ = excelize.CoordinatesToCellName(a.Col+1, a.Row+1)
				if err := xml.Unmarshal([]byte(p[target(drawing, a.ID.ID)]), &c.xmlChart); err != nil {
					t.Fatal(err)
				}
				got[s.Name] = append(got[s.Name], c)
			}
		}
	}
	return got
}

var lastRow = regexp.MustCompile(`^ChartData!\$[A-Z]+\$2:\$[A-Z]+\$([0-9]+)$`)

// TestChartsReadAtAGlance checks each chart of a plan's workbook: where it
// sits, an axis of text intervals, titles, lines without markers, and
// caches as long as the data they cache.
func TestChartsReadAtAGlance(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := writeFile(path, Create, planSheets); err != nil {
		t.Fatal(err)
	}
	charts := chartsOf(t, path)
	type want struct {
		cell, title, yTitle string
		series              []string
		points              int // intervals on the axis
	}
	wants := map[string][]want{
		// the coverage from 08:00 to 09:00, hourly, from midnight
		CoverageSheet: {{"I2", "Required and scheduled agents", "agents", []string{"scheduled", "short", "required"}, 10}},
		// the day of history and the two of forecast, half-hourly
		DashboardSheet: {
			{"A3", "Required and scheduled agents", "agents", []string{"scheduled", "short", "required"}, 10},
			{"A24", "chat: contacts per 30 min", "contacts per 30 min", []string{"chat P10", "chat P10-P90 band", "chat history", "chat forecast"}, 144},
			{"A45", "phone: contacts per 30 min", "contacts per 30 min", []string{"phone P10", "phone P10-P90 band", "phone history", "phone forecast"}, 144},
		},
	}
	if len(charts) != len(wants) {
		t.Errorf("charts on sheets %v, want on %d sheets", slices.Sorted(maps.Keys(charts)), len(wants))
	}
	for sheet, ws := range wants {
		if len(charts[sheet]) != len(ws) {
			t.Errorf("%s has %d charts, want %d", sheet, len(charts[sheet]), len(ws))
			continue
		}
		for i, w := range ws {
			c := charts[sheet][i]
			where := fmt.Sprintf("%s chart %d", sheet, i+1)
			if c.cell != w.cell || !strings.HasPrefix(c.Title, w.title) {
				t.Errorf("%s: %q at %s, want %q... at %s", where, c.Title, c.cell, w.title, w.cell)
			}
			if len(c.DateAx) > 0 || len(c.CatAx) != 1 || c.CatAx[0].Auto.Val != "0" || !strings.Contains(c.CatAx[0].Title, "30 min") && !strings.Contains(c.CatAx[0].Title, "hour") {
				t.Errorf("%s: axes %+v, date axes %d; want one text category axis titled with the interval", where, c.CatAx, len(c.DateAx))
			}
			if len(c.ValAx) != 1 || c.ValAx[0].Title != w.yTitle {
				t.Errorf("%s: value axes %+v, want one titled %q", where, c.ValAx, w.yTitle)
			}
			var names []string
			for _, g := range slices.Concat(c.Areas, c.Lines) {
				for _, s := range g.Series {
					names = append(names, s.Name)
					if s.CatCount.Val != strconv.Itoa(w.points) || s.ValCount.Val != s.CatCount.Val || len(s.Points) == 0 && s.Name != "phone history" {
						t.Errorf("%s %s: caches of %s labels and %s values holding %d, want %d", where, s.Name, s.CatCount.Val, s.ValCount.Val, len(s.Points), w.points)
					}
					for _, ref := range []string{s.CatRef, s.ValRef} {
						if m := lastRow.FindStringSubmatch(ref); m == nil || m[1] != strconv.Itoa(w.points+1) {
							t.Errorf("%s %s: reads %s, want rows 2 to %d of ChartData", where, s.Name, ref, w.points+1)
						}
					}
				}
			}
			for _, g := range c.Lines {
				for _, s := range g.Series {
					if s.Symbol == nil || s.Symbol.Val != "none" || s.Smooth == nil || s.Smooth.Val != "0" {
						t.Errorf("%s %s: marker %v, smooth %v; want none and 0", where, s.Name, s.Symbol, s.Smooth)
					}
				}
			}
			if diff := cmp.Diff(w.series, names); diff != "" {
				t.Errorf("%s: series (-want +got):\n%s", where, diff)
			}
		}
	}

	// The figures (phone has no history): at 08:00 the roster's 3 agents required, 1 scheduled,
	// 2 short; chat's two regions forecast twice the interval's index
	// with a band 4 wide; chat's history but for its gap; a label at noon.
	value := func(c anchoredChart, series string, idx int) float64 {
		for _, g := range slices.Concat(c.Areas, c.Lines) {
			for _, s := range g.Series {
				for _, pt := range s.Points {
					if s.Name == series && pt.Idx == idx {
						return pt.V
					}
				}
			}
		}
		return math.NaN()
	}
	cov, chat := charts[DashboardSheet][0], charts[DashboardSheet][1]
	for _, c := range []struct {
		chart  anchoredChart
		series string
		idx    int
		want   float64
	}{
		{cov, "required", 8, 3}, {cov, "scheduled", 8, 1}, {cov, "short", 8, 2}, {cov, "short", 9, 0},
		{chat, "chat forecast", 48 + 20, 40}, {chat, "chat P10", 48 + 20, 38}, {chat, "chat P10-P90 band", 48 + 20, 4},
		{chat, "chat history", 9, 5},
	} {
		if got := value(c.chart, c.series, c.idx); got != c.want {
			t.Errorf("%s at %d = %v, want %v", c.series, c.idx, got, c.want)
		}
	}
	for _, missing := range []int{10, 48} { // the gap, and the forecast
		if got := value(chat, "chat history", missing); !math.IsNaN(got) {
			t.Errorf("chat history at %d = %v, want no point", missing, got)
		}
	}
	labels := chat.Lines[0].Series[0].Labels
	if len(labels) != 3 || labels[0].Idx != 24 || labels[0].V != "Sun 11-22" || labels[2].V != "Tue 11-24" {
		t.Errorf("axis labels %+v, want one at each noon from Sun 11-22", labels)
	}

	again := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := writeFile(again, Create, planSheets); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(path)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Error("the same charts written twice differ")
	}
}

func TestDashboardPrintsWholeCharts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := writeFile(path, Create, planSheets); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	layout, err := f.GetPageLayout(DashboardSheet)
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("Dashboard page layout %+v (%v), want landscape, one page wide", layout, err)
	}
	// three charts at A3, A24 and A45: a page break after the second, in
	// the gap above the third (before row 44)
	sheetXML := ""
	for name, content := range parts(t, path) {
		if strings.Contains(content, "<rowBreaks") {
			sheetXML = name + content
		}
	}
	if !strings.Contains(sheetXML, `<brk id="43"`) {
		t.Errorf("no page break above the third chart in %.300q", sheetXML)
	}
}
