package chart

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/schedule"
	"gonum.org/v1/plot/vg"
)

var paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// daily is a contact-centre day: closed at night, two peaks.
func daily(t time.Time) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60
	if h < 8 || h >= 20 {
		return 0
	}
	v := 40 + 30*math.Sin((h-8)/12*math.Pi) + 15*math.Sin((h-8)/12*3*math.Pi)
	if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		v *= 0.4
	}
	return v
}

// sample is four weeks of 15-minute history to Monday 2 March 2026 and a
// one-week forecast with a band of +-20%.
func sample(channel, region string) (forecast.Series, forecast.Forecast) {
	start := time.Date(2026, 2, 2, 0, 0, 0, 0, paris)
	h := forecast.Series{Channel: channel, Region: region, Start: start, Interval: 15 * time.Minute}
	for i := range 28 * 96 {
		h.Contacts = append(h.Contacts, daily(h.Time(i)))
	}
	f := forecast.Forecast{Channel: channel, Region: region, Start: h.Time(len(h.Contacts)), Interval: 15 * time.Minute, Model: "test"}
	for i := range 7 * 96 {
		v := daily(f.Time(i))
		f.Contacts = append(f.Contacts, v)
		f.P10 = append(f.P10, 0.8*v)
		f.P90 = append(f.P90, 1.2*v)
	}
	return h, f
}

// sampleCoverage is a week of 30-minute coverage, short of staff at the
// morning peak.
func sampleCoverage(channel, region string) []schedule.Coverage {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, paris)
	var rows []schedule.Coverage
	for i := range 7 * 48 {
		t := start.Add(time.Duration(i) * 30 * time.Minute)
		req := math.Ceil(daily(t) / 4)
		sch := req + 1
		if t.Hour() == 10 || req == 0 {
			sch = math.Max(0, req-2)
		}
		rows = append(rows, schedule.Coverage{Start: t, Channel: channel, Region: region, Required: req, Scheduled: sch})
	}
	return rows
}

// decode checks b is a PNG of the size opt asks for and counts its pixels
// per colour.
func decode(t *testing.T, b []byte, opt Options) map[color.RGBA]int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	opt = opt.withDefaults()
	wantW := int(math.Round(opt.Width.Dots(float64(opt.DPI))))
	wantH := int(math.Round(opt.Height.Dots(float64(opt.DPI))))
	if got := img.Bounds().Size(); got != (image.Point{wantW, wantH}) {
		t.Errorf("size %v pixels, want %dx%d", got, wantW, wantH)
	}
	return colours(img)
}

func colours(img image.Image) map[color.RGBA]int {
	n := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			n[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}]++
		}
	}
	return n
}

func TestForecast(t *testing.T) {
	h, f := sample("chat", "east")
	var buf bytes.Buffer
	if err := Forecast(&buf, h, f, Options{}); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CHART_OUT") != "" {
		os.WriteFile(filepath.Join(os.Getenv("CHART_OUT"), "forecast.png"), buf.Bytes(), 0o644)
	}
	n := decode(t, buf.Bytes(), Options{})
	if len(n) < 8 {
		t.Errorf("%d distinct colours, want a real picture", len(n))
	}
	// each element shows in its own colour, over more than a few pixels
	for name, c := range map[string]color.RGBA{"forecast": forecastColor, "band": bandColor, "history": historyColor} {
		if n[c] < 200 {
			t.Errorf("%s colour %v covers %d pixels, want a visible area", name, c, n[c])
		}
	}
}

func TestForecastDeterministic(t *testing.T) {
	h, f := sample("chat", "east")
	var a, b bytes.Buffer
	if err := Forecast(&a, h, f, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Forecast(&b, h, f, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same input gave different PNG bytes")
	}
}

// A missing day of history leaves a gap: fewer history pixels than the same
// day drawn as zeros, which would add a flat line along the bottom.
func TestForecastGaps(t *testing.T) {
	h, f := sample("chat", "east")
	gap, zero := h, h
	gap.Contacts = append([]float64(nil), h.Contacts...)
	zero.Contacts = append([]float64(nil), h.Contacts...)
	day := 24 * 96 // Tuesday of the last week of history
	for i := day; i < day+96; i++ {
		gap.Contacts[i] = math.NaN()
		zero.Contacts[i] = 0
	}
	gap.Contacts[day+40] = 50 // a lone value between gaps shows as a dot
	zero.Contacts[day+40] = 50
	var gb, zb bytes.Buffer
	if err := Forecast(&gb, gap, f, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Forecast(&zb, zero, f, Options{}); err != nil {
		t.Fatal(err)
	}
	gn, zn := decode(t, gb.Bytes(), Options{}), decode(t, zb.Bytes(), Options{})
	if gn[historyColor] >= zn[historyColor] {
		t.Errorf("history pixels: %d with a gap, %d with zeros; the gap was drawn", gn[historyColor], zn[historyColor])
	}
}

func TestForecastEdges(t *testing.T) {
	h, f := sample("chat", "")
	nan := h
	nan.Contacts = make([]float64, len(h.Contacts))
	for i := range nan.Contacts {
		nan.Contacts[i] = math.NaN()
	}
	noBand := f
	noBand.P10, noBand.P90 = nil, nil
	tests := []struct {
		name    string
		h       forecast.Series
		f       forecast.Forecast
		noData  bool
		minColr int
	}{
		{"history only", h, forecast.Forecast{}, false, 4},
		{"forecast only", forecast.Series{}, f, false, 4},
		{"history all missing", nan, f, false, 4},
		{"no band", h, noBand, false, 4},
		{"one interval", forecast.Series{}, forecast.Forecast{Start: f.Start, Interval: time.Hour, Contacts: []float64{3}, P10: []float64{2}, P90: []float64{4}}, false, 4},
		{"nothing", forecast.Series{}, forecast.Forecast{}, true, 0},
		{"only gaps, no forecast", nan, forecast.Forecast{}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Forecast(&buf, tt.h, tt.f, Options{Width: 12 * vg.Centimeter, Height: 6 * vg.Centimeter, DPI: 72})
			if tt.noData {
				if !errors.Is(err, ErrNoData) {
					t.Fatalf("err = %v, want ErrNoData", err)
				}
				if buf.Len() != 0 {
					t.Errorf("wrote %d bytes with nothing to draw", buf.Len())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := decode(t, buf.Bytes(), Options{Width: 12 * vg.Centimeter, Height: 6 * vg.Centimeter, DPI: 72}); len(n) < tt.minColr {
				t.Errorf("%d colours", len(n))
			}
		})
	}
}

func TestForecastMismatchPanics(t *testing.T) {
	h, f := sample("chat", "east")
	f.P90 = f.P90[:10]
	defer func() {
		if recover() == nil {
			t.Error("no panic for a P90 shorter than the forecast")
		}
	}()
	Forecast(new(bytes.Buffer), h, f, Options{})
}

func TestCoverage(t *testing.T) {
	rows := sampleCoverage("chat", "east")
	var buf bytes.Buffer
	if err := Coverage(&buf, rows, "chat / east: coverage", Options{}); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CHART_OUT") != "" {
		os.WriteFile(filepath.Join(os.Getenv("CHART_OUT"), "coverage.png"), buf.Bytes(), 0o644)
	}
	n := decode(t, buf.Bytes(), Options{})
	for name, c := range map[string]color.RGBA{"scheduled area": scheduledFill, "short": shortColor, "required": requiredColor, "scheduled": scheduledColor} {
		if n[c] < 100 {
			t.Errorf("%s colour %v covers %d pixels, want a visible area", name, c, n[c])
		}
	}

	// never short: no red
	for i := range rows {
		rows[i].Scheduled = rows[i].Required + 1
	}
	buf.Reset()
	if err := Coverage(&buf, rows, "covered", Options{}); err != nil {
		t.Fatal(err)
	}
	if n := decode(t, buf.Bytes(), Options{}); n[shortColor] != 0 {
		t.Errorf("%d pixels shaded short where staff always covers the requirement", n[shortColor])
	}
}

func TestCoverageEdges(t *testing.T) {
	if err := Coverage(new(bytes.Buffer), nil, "empty", Options{}); !errors.Is(err, ErrNoData) {
		t.Errorf("empty rows: err = %v, want ErrNoData", err)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for name, rows := range map[string][]schedule.Coverage{
		"one row":   {{Start: start, Required: 3, Scheduled: 2}},
		"all zero":  {{Start: start}, {Start: start.Add(time.Hour)}},
		"with gaps": {{Start: start, Required: 3, Scheduled: 2}, {Start: start.Add(time.Hour), Required: 1, Scheduled: 2}, {Start: start.Add(5 * time.Hour), Required: math.NaN(), Scheduled: 2}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Coverage(&buf, rows, name, Options{DPI: 50}); err != nil {
				t.Fatal(err)
			}
			decode(t, buf.Bytes(), Options{DPI: 50})
		})
	}
}

func TestSumByStart(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	t1 := t0.Add(30 * time.Minute)
	rows := []schedule.Coverage{
		{Start: t1, Channel: "a", Required: 1, Scheduled: 2},
		{Start: t0, Channel: "a", Required: 3, Scheduled: 4},
		{Start: t1.In(paris), Channel: "b", Required: 10, Scheduled: math.NaN()},
		{Start: t0, Channel: "b", Required: 20, Scheduled: 40},
	}
	ts, req, sch := sumByStart(rows)
	if !ts[0].Equal(t0) || !ts[1].Equal(t1) || len(ts) != 2 {
		t.Errorf("starts %v, want %v %v", ts, t0, t1)
	}
	if diff := cmp.Diff([]float64{23, 11}, req); diff != "" {
		t.Errorf("required (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{44, 2}, sch); diff != "" {
		t.Errorf("scheduled (-want +got):\n%s", diff)
	}
	if got := minStep(ts); got != 30*time.Minute {
		t.Errorf("step %v, want 30m", got)
	}
}
