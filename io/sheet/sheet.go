// Package sheet builds the planner's workbook: styled, typed sheets of wfm's
// tables with native charts, written into a new workbook or into the
// planner's own one without touching the sheets wfm does not own.
package sheet

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// defaultSheet is the sheet excelize creates in a new workbook: the first
// sheet wfm adds takes its place, as removing it later, or making another
// sheet the active one, costs a pass over every sheet written.
const defaultSheet = "Sheet1"

// WriteFile writes a workbook to path atomically. build adds wfm's sheets.
// With update, the existing workbook at path is the starting point: the
// sheets build replaces are rewritten and every other sheet, style and
// formula of the workbook is kept.
func WriteFile(path string, update bool, build func(f *excelize.File) error) error {
	var f *excelize.File
	if update {
		var err error
		f, err = excelize.OpenFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			f = excelize.NewFile()
		case err != nil:
			return fmt.Errorf("%s: cannot open the workbook to update: %w", path, err)
		}
	} else {
		f = excelize.NewFile()
	}
	defer f.Close()
	fresh := f.GetSheetList()
	if err := build(f); err != nil {
		return err
	}
	if len(fresh) == 1 && fresh[0] == defaultSheet && len(f.GetSheetList()) > 1 {
		if idx, _ := f.GetSheetIndex(defaultSheet); idx >= 0 {
			if err := f.DeleteSheet(defaultSheet); err != nil {
				return err
			}
		}
	}
	if f.GetActiveSheetIndex() != 0 {
		f.SetActiveSheet(0)
	}
	return outfile.Write(path, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// MoveFirst makes sheet name the workbook's first, leaving aside the
// default sheet WriteFile drops. Moving a sheet costs a pass over every
// sheet of the workbook, so writers of new workbooks add their first sheet
// first and this does nothing.
func MoveFirst(f *excelize.File, name string) error {
	list := f.GetSheetList()
	if len(list) > 1 && list[0] == defaultSheet {
		list = list[1:]
	}
	if list[0] == name {
		return nil
	}
	return f.MoveSheet(name, list[0])
}

// Replace returns the index of an empty sheet called name, deleting any
// sheet of that name first so that nothing of an older run survives. In a
// workbook that holds only the empty default sheet, that sheet is renamed.
func Replace(f *excelize.File, name string) (int, error) {
	if idx, _ := f.GetSheetIndex(name); idx >= 0 {
		if err := f.DeleteSheet(name); err != nil {
			return 0, err
		}
	}
	if list := f.GetSheetList(); len(list) == 1 && list[0] == defaultSheet {
		if rows, err := f.GetRows(defaultSheet); err == nil && len(rows) == 0 {
			if err := f.SetSheetName(defaultSheet, name); err != nil {
				return 0, err
			}
			return f.GetSheetIndex(name)
		}
	}
	return f.NewSheet(name)
}

// AddTable writes t as the sheet t.Name with a bold frozen header, typed
// cells (numbers as numbers, date-times as Excel dates) and column widths
// fitted to the content.
func AddTable(f *excelize.File, t *table.Table) error {
	return addTable(f, t, nil)
}

// addTable is AddTable with charts: the sheet is streamed, and a streamed
// sheet keeps only the drawings added before its rows.
func addTable(f *excelize.File, t *table.Table, charts []chartAt) error {
	if _, err := Replace(f, t.Name); err != nil {
		return err
	}
	for _, c := range charts {
		if err := f.AddChart(t.Name, c.cell, c.chart); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm")})
	if err != nil {
		return err
	}
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = len(c) + 2
	}
	for i := range t.Rows {
		for j, c := range t.Rows[i] {
			if _, ok := c.(time.Time); ok {
				widths[j] = max(widths[j], 17)
			} else if s, ok := c.(string); ok {
				widths[j] = max(widths[j], len(s)+1)
			} else {
				widths[j] = max(widths[j], 10)
			}
		}
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(w, 40))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		row[i] = excelize.Cell{StyleID: header, Value: c}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for r, cells := range t.Rows {
		row := make([]any, len(cells))
		for i := range cells {
			switch v := t.Cell(r, i).(type) {
			case time.Time:
				row[i] = excelize.Cell{StyleID: dateStyle, Value: v}
			case float64:
				if v != v || v > 1e300 || v < -1e300 {
					row[i] = nil
				} else {
					row[i] = v
				}
			default:
				row[i] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// chartAt is a chart anchored at a cell.
type chartAt struct {
	cell  string
	chart *excelize.Chart
}

func ptr[T any](v T) *T { return &v }

// Save writes t to path, atomically, in the format the extension names:
// .xlsx a workbook built by sheets (by default t as its one sheet), with
// update into the workbook already there; .json a JSON array; anything
// else CSV.
func Save(path string, update bool, t *table.Table, sheets func(*excelize.File) error) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		if sheets == nil {
			sheets = func(f *excelize.File) error { return AddTable(f, t) }
		}
		return WriteFile(path, update, sheets)
	case ".json":
		return outfile.Write(path, t.WriteJSON)
	}
	return outfile.Write(path, t.WriteCSV)
}
