package records

import (
	"math"
	"slices"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
)

// ReadForecasts reads a forecast file, as Forecasts writes it, back into
// forecasts: series and intervals as ReadDemand reads them (an interval a
// series skips is zero). contacts_p10 and contacts_p90 are optional, the
// point forecast when absent; so are aht_seconds (AHT nil when the column
// is absent or empty) and model (a series takes its first row's).
func ReadForecasts(g *table.Grid) ([]forecast.Forecast, error) {
	point, err := ReadDemand(g, "contacts")
	if err != nil {
		return nil, err
	}
	out := make([]forecast.Forecast, len(point))
	for i, d := range point {
		out[i] = forecast.Forecast{Channel: d.Channel, Region: d.Region, Start: d.Start, Interval: d.Interval,
			Contacts: d.Contacts, P10: d.Contacts, P90: d.Contacts}
		if slices.ContainsFunc(d.AHT, func(v float64) bool { return !math.IsNaN(v) }) {
			out[i].AHT = d.AHT
		}
	}
	for _, q := range []string{"contacts_p10", "contacts_p90"} {
		if g.Column(q) < 0 {
			continue
		}
		ds, err := ReadDemand(g, q)
		if err != nil {
			return nil, err
		}
		for i, d := range ds {
			if q == "contacts_p10" {
				out[i].P10 = d.Contacts
			} else {
				out[i].P90 = d.Contacts
			}
		}
	}
	if c := g.Column("model"); c >= 0 {
		idx, err := mapColumns(g, forecastColumns, nil)
		if err != nil {
			return nil, err
		}
		var names seriesNames
		model := map[seriesKey]string{}
		for r := range g.Rows {
			k := names.key(g.Cell(r, idx[2]), g.Cell(r, idx[3]))
			if _, ok := model[k]; !ok {
				model[k] = g.Cell(r, c)
			}
		}
		for i := range out {
			out[i].Model = model[seriesKey{out[i].Channel, out[i].Region}]
		}
	}
	return out, nil
}
