package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/internal/shareddata"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
)

// bankHistory reads the bank's calls as wfm reads any history: half-hours,
// closed nights and weekends zero, missing weekdays NaN.
func bankHistory(t testing.TB) forecast.Series {
	g, err := table.ReadFile(shareddata.Path(t, "bank_calls_5min.csv"), table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := records.ReadHistory(g, records.HistoryOptions{Interval: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return h.Series[0]
}

func TestForecastBankData(t *testing.T) {
	h := bankHistory(t)
	f, err := forecast.Predict(h, forecast.Options{Horizon: 7 * 48, Model: "day-profile"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Forecast(&buf, h, f, Options{HistoryWeeks: 4}); err != nil {
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
