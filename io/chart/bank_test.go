package chart

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/forecast"
)

// bankHistory reads the last weeks of the bank's calls into a 30-minute
// series from midnight of the first day kept to the last interval, with the
// nights, weekends and missing days it does not list as NaN: the picture a
// history full of gaps gives.
func bankHistory(t testing.TB, weeks int) forecast.Series {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test")
		}
		dir = parent
	}
	f, err := os.Open(filepath.Join(dir, "..", "shared", "data", "bank_calls_5min.csv"))
	if err != nil {
		t.Skipf("real data absent (%v); charts of gappy history are tested on synthetic data only", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[1:]
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02T15:04", s, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	last := at(recs[len(recs)-1][0])
	start := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -7*weeks+1)
	s := forecast.Series{Channel: "bank", Region: "us", Start: start, Interval: 30 * time.Minute}
	n := int(last.Sub(start)/s.Interval) + 1
	s.Contacts = make([]float64, n)
	for i := range s.Contacts {
		s.Contacts[i] = math.NaN()
	}
	for _, r := range recs {
		tm := at(r[0])
		if tm.Before(start) {
			continue
		}
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		i := int(tm.Sub(start) / s.Interval)
		if math.IsNaN(s.Contacts[i]) {
			s.Contacts[i] = 0
		}
		s.Contacts[i] += v
	}
	return s
}

func TestForecastBankData(t *testing.T) {
	h := bankHistory(t, 4)
	f, err := forecast.Predict(h, forecast.Options{Horizon: 7 * 48, Model: "day-profile"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Forecast(&buf, h, f, Options{}); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("CHART_OUT"); out != "" {
		os.WriteFile(filepath.Join(out, "bank.png"), buf.Bytes(), 0o644)
	}
	n := decode(t, buf.Bytes(), Options{})
	for name, c := range map[string]int{"history": n[historyColor], "forecast": n[forecastColor]} {
		if c < 200 {
			t.Errorf("%s covers %d pixels", name, c)
		}
	}
}
