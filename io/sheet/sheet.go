package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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

// MaxRows is the most rows a sheet holds: Excel's limit. A table with more
// rows than fit under its header continues on sheets named "NAME (2)",
// "NAME (3)", ..., each with the header again.
const MaxRows = excelize.TotalRows

// maxRows is MaxRows; tests lower it to split small tables.
var maxRows = MaxRows

// Mode says what writing a workbook does with a file already at its path.
type Mode int

const (
	// Create writes a new workbook. It replaces a file already at the path
	// only when that is a workbook holding nothing but sheets wfm wrote
	// (see CheckReplace), so that a planner's own sheets are never
	// deleted unasked.
	Create Mode = iota
	// Update writes wfm's sheets into the workbook at the path (into a new
	// one if there is none): the sheets wfm writes are rewritten, and every
	// other sheet, defined name, style, formula and protection of the
	// workbook is kept.
	Update
	// Force replaces whatever file is at the path.
	Force
)

// WriteFile adds to b the workbook for path that build makes by adding
// wfm's sheets, starting from the file at path as mode says. The workbook
// is written byte for byte the same for the same sheets.
//
// A file wfm must not replace, a workbook to update that cannot be read,
// and a planner's sheet whose name clashes with one of wfm's are reported
// as a *table.Error naming path.
func WriteFile(b *outfile.Batch, path string, mode Mode, build func(f *excelize.File) error) error {
	var (
		f   *excelize.File
		old *workbookPart // the workbook updated
	)
	switch mode {
	case Create:
		if err := CheckReplace(path); err != nil {
			return err
		}
	case Update:
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return err
		default:
			if f, err = excelize.OpenReader(bytes.NewReader(data)); err != nil {
				return &table.Error{File: path, Err: fmt.Errorf("cannot open the workbook to update: %w", err)}
			}
			pkg, err := readPackage(data)
			if err != nil {
				f.Close()
				return &table.Error{File: path, Err: fmt.Errorf("cannot open the workbook to update: %w", err)}
			}
			old = pkg.book
		}
	}
	if f == nil {
		f = excelize.NewFile()
	}
	defer f.Close()
	if err := build(f); err != nil {
		var clash *ClashError
		if errors.As(err, &clash) {
			return &table.Error{File: path, Err: err}
		}
		return err
	}
	// The default sheet of a new workbook is left only if build added none.
	if list := f.GetSheetList(); old == nil && len(list) > 1 && list[0] == defaultSheet {
		if err := f.DeleteSheet(defaultSheet); err != nil {
			return err
		}
	}
	if err := pruneOwned(f); err != nil {
		return err
	}
	if f.GetActiveSheetIndex() != 0 {
		f.SetActiveSheet(0)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return b.Add(path, func(w io.Writer) error { return pack(w, buf.Bytes(), old) })
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
// sheet of that name first so that nothing of an older run survives, and
// records it as wfm's. In a workbook that holds only the empty default
// sheet, that sheet is renamed. A sheet named like name but for case is
// the planner's: Replace leaves it and returns a *ClashError.
func Replace(f *excelize.File, name string) (int, error) {
	return replace(f, name, false)
}

// replace is Replace for a sheet wfm writes only sometimes, such as the
// continuation of a long table: an existing sheet of that name is replaced
// only if recorded as wfm's, as Excel names a planner's copy of wfm's
// sheet "Requirements (2)" too.
func replace(f *excelize.File, name string, recordedOnly bool) (int, error) {
	if err := checkClash(f, name); err != nil {
		return 0, err
	}
	idx, _ := f.GetSheetIndex(name)
	if idx >= 0 && recordedOnly {
		names, err := owned(f)
		if err != nil {
			return 0, err
		}
		if !slices.Contains(names, name) {
			return 0, &ClashError{Sheet: name, Wfm: name}
		}
	}
	if err := own(f, name); err != nil {
		return 0, err
	}
	switch {
	case idx >= 0 && f.SheetCount == 1:
		// excelize never deletes a workbook's only sheet: the new one is
		// added beside it first.
		const placeholder = "wfm new sheet"
		if _, err := f.NewSheet(placeholder); err != nil {
			return 0, err
		}
		if err := f.DeleteSheet(name); err != nil {
			return 0, err
		}
		if err := f.SetSheetName(placeholder, name); err != nil {
			return 0, err
		}
		return f.GetSheetIndex(name)
	case idx >= 0:
		if err := f.DeleteSheet(name); err != nil {
			return 0, err
		}
	default:
		if list := f.GetSheetList(); len(list) == 1 && list[0] == defaultSheet {
			if rows, err := f.GetRows(defaultSheet); err == nil && len(rows) == 0 {
				if err := f.SetSheetName(defaultSheet, name); err != nil {
					return 0, err
				}
				return f.GetSheetIndex(name)
			}
		}
	}
	return f.NewSheet(name)
}

// AddTable writes t as the sheet t.Name with a bold frozen header carrying
// filter buttons, typed cells (numbers as numbers, date-times and dates as
// Excel dates) and column widths fitted to the content.
func AddTable(f *excelize.File, t *table.Table) error {
	return addTable(f, t, nil, nil)
}

// addTable is AddTable with charts, which go on its first sheet, and
// formats, which formats each of its sheets before its rows (given their
// number): the sheet is streamed, and a streamed sheet keeps only the
// drawings and conditional formats added before its rows.
func addTable(f *excelize.File, t *table.Table, charts []chartAt, formats func(sheet string, rows int) error) error {
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm")})
	if err != nil {
		return err
	}
	dayStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	// Numbers of the columns t.Formats names take its number format.
	formatted := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		if format, ok := t.Formats[c]; ok {
			if formatted[i], err = f.NewStyle(&excelize.Style{CustomNumFmt: ptr(format)}); err != nil {
				return err
			}
		}
	}
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = len(c) + 2
	}
	for i := range t.Rows {
		for j, c := range t.Rows[i] {
			if _, ok := c.(time.Time); ok {
				widths[j] = max(widths[j], 17)
			} else if _, ok := c.(table.Date); ok {
				widths[j] = max(widths[j], 11)
			} else if s, ok := c.(string); ok {
				widths[j] = max(widths[j], len(s)+1)
			} else {
				widths[j] = max(widths[j], 10)
			}
		}
	}
	perSheet := maxRows - 1 // under the header
	sheets := max(1, (len(t.Rows)+perSheet-1)/perSheet)
	for k := range sheets {
		name := partName(t.Name, k+1)
		if _, err := replace(f, name, k > 0); err != nil {
			return err
		}
		if k == 0 {
			for _, c := range charts {
				if err := addChart(f, name, c.cell, c.chart); err != nil {
					return err
				}
			}
		}
		first := k * perSheet
		rows := min(first+perSheet, len(t.Rows)) - first
		if err := filter(f, name, t.Columns, rows); err != nil {
			return err
		}
		if formats != nil {
			if err := formats(name, rows); err != nil {
				return err
			}
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		// excelize lists each column set before the earlier ones: set from
		// the last, they are written in column order, which some readers
		// need to apply them.
		for i := len(widths) - 1; i >= 0; i-- {
			if err := sw.SetColWidth(i+1, i+1, float64(min(widths[i], 40))); err != nil {
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
		for r := first; r < first+rows; r++ {
			row := make([]any, len(t.Rows[r]))
			for i := range row {
				switch v := t.Cell(r, i).(type) {
				case time.Time:
					row[i] = excelize.Cell{StyleID: dateStyle, Value: v}
				case table.Date:
					row[i] = excelize.Cell{StyleID: dayStyle, Value: time.Time(v)}
				case float64:
					switch {
					case v != v || v > 1e300 || v < -1e300:
						row[i] = nil
					case formatted[i] != 0:
						row[i] = excelize.Cell{StyleID: formatted[i], Value: v}
					default:
						row[i] = v
					}
				default:
					row[i] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r-first+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return dropParts(f, t.Name, sheets)
}

// filter puts filter buttons on the header of a table's sheet of rows
// rows, over its columns up to the first unnamed one (the blocks placed
// beside the table are not the table's). The workbook-level name excelize
// records with it is dropped: it holds the sheet's position, which goes
// stale as wfm moves and replaces sheets, and the sheet's own filter is
// what Excel and LibreOffice read.
func filter(f *excelize.File, sheet string, columns []string, rows int) error {
	n := len(columns)
	if i := slices.Index(columns, ""); i >= 0 {
		n = i
	}
	if n == 0 {
		return nil
	}
	last, _ := excelize.CoordinatesToCellName(n, rows+1)
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	return f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm._FilterDatabase", Scope: sheet})
}

// partName is the name of the k-th sheet (from 1) of the table name.
func partName(name string, k int) string {
	if k == 1 {
		return name
	}
	return fmt.Sprintf("%s (%d)", name, k)
}

// dropParts deletes the sheets an earlier, longer table name continued on
// beyond its first n.
func dropParts(f *excelize.File, name string, n int) error {
	names, err := owned(f)
	if err != nil {
		return err
	}
	for k := n + 1; ; k++ {
		part := partName(name, k)
		if !slices.Contains(names, part) {
			return nil
		}
		if idx, _ := f.GetSheetIndex(part); idx >= 0 {
			if err := f.DeleteSheet(part); err != nil {
				return err
			}
		}
	}
}

// chartAt is a chart anchored at a cell.
type chartAt struct {
	cell  string
	chart *xlChart
}

func ptr[T any](v T) *T { return &v }

// Save adds to b the file path holding t, in the format the extension
// names: .xlsx a workbook built by sheets (by default t as its one sheet)
// and written as mode says (see WriteFile); .json a JSON array; anything
// else CSV.
func Save(b *outfile.Batch, path string, mode Mode, t *table.Table, sheets func(*excelize.File) error) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		if sheets == nil {
			sheets = func(f *excelize.File) error { return AddTable(f, t) }
		}
		return WriteFile(b, path, mode, sheets)
	case ".json":
		return b.Add(path, t.WriteJSON)
	}
	return b.Add(path, t.WriteCSV)
}
