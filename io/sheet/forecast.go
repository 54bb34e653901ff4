package sheet

import (
	"maps"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// ForecastSheet is the name of the forecast's sheet.
const ForecastSheet = "Forecast"

// AccuracySheet is the name of the sheet on how good the forecast is.
const AccuracySheet = "Accuracy"

// AddForecast writes the Forecast sheet: the forecast rows. The
// Dashboard draws them.
func AddForecast(f *excelize.File, fs []forecast.Forecast) error {
	t := records.Forecasts(fs)
	t.Name = ForecastSheet
	return AddTable(f, t)
}

// AddAccuracy writes the Accuracy sheet: the backtests that chose the
// forecast's models (records.Accuracy) and, beside them, each after an
// empty column, the other tables: the planner's overrides with their effect
// (records.Overrides), the accuracy of the forecast published before
// (records.PublishedAccuracy). Tables without rows are left out, and the
// sheet too when all are.
func AddAccuracy(f *excelize.File, tables ...*table.Table) error {
	t := &table.Table{Name: AccuracySheet, Decimals: map[string]int{}, Formats: map[string]string{}}
	for _, b := range tables {
		if b == nil || len(b.Rows) == 0 {
			continue
		}
		at := len(t.Columns)
		if at > 0 {
			t.Columns = append(t.Columns, "")
			at++
		}
		t.Columns = append(t.Columns, b.Columns...)
		// The blocks share a column's number format only where they name it
		// alike, as wape and bias.
		maps.Copy(t.Decimals, b.Decimals)
		maps.Copy(t.Formats, b.Formats)
		for len(t.Rows) < len(b.Rows) {
			t.Rows = append(t.Rows, nil)
		}
		for r, row := range b.Rows {
			t.Rows[r] = append(t.Rows[r], make([]any, at-len(t.Rows[r]))...)
			t.Rows[r] = append(t.Rows[r], row...)
		}
	}
	if len(t.Columns) == 0 {
		return nil
	}
	for r := range t.Rows {
		t.Rows[r] = append(t.Rows[r], make([]any, len(t.Columns)-len(t.Rows[r]))...)
	}
	return AddTable(f, t)
}
