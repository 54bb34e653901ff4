package main

import (
	"bytes"
	"math"

	"github.com/xuri/excelize/v2"
)

// historySheet is the name of the history workbook's only sheet.
const historySheet = "History"

// fixedDate stamps the workbook's document properties, which would
// otherwise vary with the library's template; the history's last day.
const fixedDate = "2026-11-22T00:00:00Z"

// historyXLSX writes the history as a workbook whose first sheet, History,
// holds the CSV's columns with interval_start as real date cells. The
// sheet is streamed, and the workbook has no other stream, so its zip
// entries come out in a fixed order and the bytes are the same on every run.
func historyXLSX(recs []record) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "wfm examples",
		LastModifiedBy: "wfm examples",
		Title:          "Contact history",
		Created:        fixedDate,
		Modified:       fixedDate,
	}); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", historySheet); err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd hh:mm"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(historySheet)
	if err != nil {
		return nil, err
	}
	if err := sw.SetColWidth(1, 1, 18); err != nil {
		return nil, err
	}
	if err := sw.SetColWidth(2, 5, 13); err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	header := []any{}
	for _, h := range historyTable(nil).header {
		header = append(header, excelize.Cell{StyleID: bold, Value: h})
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, err
	}
	row := make([]any, 5)
	for i, r := range recs {
		row[0] = excelize.Cell{StyleID: dateStyle, Value: r.start}
		row[1], row[2], row[3] = r.channel, r.region, r.contacts
		row[4] = nil
		if !math.IsNaN(r.aht) {
			row[4] = r.aht
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
