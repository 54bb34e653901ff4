package sheet

import (
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/xuri/excelize/v2"
)

// ForecastSheet is the name of the forecast's sheet.
const ForecastSheet = "Forecast"

// AddForecast writes the Forecast sheet: the forecast rows. The
// Dashboard draws them.
func AddForecast(f *excelize.File, fs []forecast.Forecast) error {
	t := records.Forecasts(fs)
	t.Name = ForecastSheet
	return AddTable(f, t)
}
