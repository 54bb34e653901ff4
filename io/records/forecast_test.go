package records

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wfm-dev/wfm/forecast"
)

func TestReadForecasts(t *testing.T) {
	nan := math.NaN()
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		name, content string
		want          []forecast.Forecast
	}{
		{"as wfm forecast writes it, one interval skipped",
			"interval_start,channel,region,contacts,contacts_p10,contacts_p90,aht_seconds,model\n" +
				"2026-03-02T08:00,chat,east,10,8,12,300,snaive\n2026-03-02T08:30,chat,east,7,6,8,300,snaive\n2026-03-02T09:30,chat,east,11,9,13,300,snaive\n" +
				"2026-03-02T08:00,Phone,,5,4,6,,snaive\n2026-03-02T08:30,phone,,6,,7,,snaive\n",
			[]forecast.Forecast{
				{Channel: "chat", Region: "east", Start: at(8, 0), Interval: 30 * time.Minute, Model: "snaive",
					Contacts: []float64{10, 7, nan, 11}, P10: []float64{8, 6, nan, 9}, P90: []float64{12, 8, nan, 13},
					AHT: []float64{300, 300, nan, 300}},
				{Channel: "Phone", Region: "all", Start: at(8, 0), Interval: 30 * time.Minute, Model: "snaive",
					Contacts: []float64{5, 6}, P10: []float64{4, nan}, P90: []float64{6, 7}},
			}},
		{"no quantiles, one row",
			"ds,volume\n2026-03-02 08:00,3\n",
			[]forecast.Forecast{{Channel: "all", Region: "all", Start: at(8, 0),
				Contacts: []float64{3}, P10: []float64{nan}, P90: []float64{nan}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadForecasts(grid(t, "f.csv", c.content))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
