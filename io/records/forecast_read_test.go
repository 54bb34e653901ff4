package records

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
)

func TestReadForecastsRoundTrip(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	want := []forecast.Forecast{
		{Channel: "chat", Region: "north", Start: start, Interval: 30 * time.Minute, Model: "ensemble(3)",
			Contacts: []float64{10, 12.5, 0}, P10: []float64{8, 10, 0}, P90: []float64{12, 15.25, 0}, AHT: []float64{300, 310.5, 320}},
		{Channel: "phone", Region: "all", Start: start, Interval: 30 * time.Minute, Model: "mean",
			Contacts: []float64{100, 90, 80}, P10: []float64{90, 80, 70}, P90: []float64{110, 100, 90}},
	}
	var b bytes.Buffer
	if err := Forecasts(want).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	g, err := table.Read(&b, "forecast.csv", table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadForecasts(g)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestReadForecastsOptionalColumns(t *testing.T) {
	g, err := table.Read(strings.NewReader("interval_start,contacts\n2026-03-02T08:00,10\n2026-03-02T08:30,20\n"), "f.csv", table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadForecasts(g)
	if err != nil {
		t.Fatal(err)
	}
	f := got[0]
	nan := []float64{math.NaN(), math.NaN()}
	if len(got) != 1 || f.Channel != DefaultSeries || f.Model != "" || f.AHT != nil ||
		!cmp.Equal(f.P10, nan, cmpopts.EquateNaNs()) || !cmp.Equal(f.P90, nan, cmpopts.EquateNaNs()) {
		t.Errorf("got %+v, want one series, no quantiles (NaN), no AHT, no model", got)
	}
}

func TestReadForecastsLocatesBadCells(t *testing.T) {
	g, err := table.Read(strings.NewReader("interval_start,contacts,contacts_p10\n2026-03-02T08:00,10,8\n2026-03-02T08:30,20,x\n"), "f.csv", table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadForecasts(g)
	te, ok := err.(*table.Error)
	if !ok || te.Row != 3 || te.Column != "contacts_p10" {
		t.Errorf("got %v, want an error at row 3, column contacts_p10", err)
	}
}
