package table

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Table is an output table: named columns and rows of cells. A cell is a
// string, float64, int, bool, time.Time or nil (empty).
type Table struct {
	Name    string // sheet name in a workbook
	Columns []string
	Rows    [][]any
	cells   []any // backs the rows added by add
}

// grow readies t for n more rows, all cut from one allocation: output
// tables run to millions of rows, and a slice per row costs more than the
// figures in it.
func (t *Table) grow(n int) {
	t.Rows = slices.Grow(t.Rows, n)
	t.cells = make([]any, 0, n*len(t.Columns))
}

// add appends a row of cells, which must match the columns.
func (t *Table) add(cells ...any) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("table %s: row of %d cells for %d columns", t.Name, len(cells), len(t.Columns)))
	}
	start := len(t.cells)
	t.cells = append(t.cells, cells...)
	t.Rows = append(t.Rows, t.cells[start:len(t.cells):len(t.cells)])
}

// TimeLayout is how date-times are written: ISO 8601 without seconds or
// zone, which spreadsheets and the readers of this package understand.
const TimeLayout = "2006-01-02T15:04"

// Round rounds v to the given number of decimals, so that tables print
// figures people read rather than float noise.
func Round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// appendCell appends a cell as text for CSV and terminal output, without
// allocating: output tables run to millions of cells.
func appendCell(b []byte, c any) []byte {
	switch v := c.(type) {
	case nil:
		return b
	case string:
		return append(b, v...)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return b
		}
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case bool:
		return strconv.AppendBool(b, v)
	case time.Time:
		if v.Second() != 0 {
			return v.AppendFormat(b, "2006-01-02T15:04:05")
		}
		return v.AppendFormat(b, TimeLayout)
	default:
		panic(fmt.Sprintf("table: unsupported cell type %T", c))
	}
}

// format renders a cell as text.
func format(c any) string { return string(appendCell(nil, c)) }

// WriteCSV writes the table as RFC 4180 CSV with a header row: fields
// holding a comma, quote or line break are quoted, quotes doubled.
func (t *Table) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var line, cell []byte
	writeRow := func(n int, at func(i int) any) error {
		line = line[:0]
		for i := range n {
			if i > 0 {
				line = append(line, ',')
			}
			cell = appendCell(cell[:0], at(i))
			if bytes.ContainsAny(cell, ",\"\r\n") || (len(cell) > 0 && (cell[0] == ' ' || cell[0] == '\t')) {
				line = append(line, '"')
				line = append(line, bytes.ReplaceAll(cell, []byte(`"`), []byte(`""`))...)
				line = append(line, '"')
			} else {
				line = append(line, cell...)
			}
		}
		line = append(line, '\n')
		_, err := bw.Write(line)
		return err
	}
	if err := writeRow(len(t.Columns), func(i int) any { return t.Columns[i] }); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := writeRow(len(row), func(i int) any { return row[i] }); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteJSON writes the table as a JSON array of objects whose keys keep the
// column order. Infinite or undefined numbers are written as null.
func (t *Table) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("[")
	for r, row := range t.Rows {
		if r > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for i, c := range row {
			if i > 0 {
				b.WriteString(", ")
			}
			key, _ := json.Marshal(t.Columns[i])
			b.Write(key)
			b.WriteString(": ")
			b.Write(jsonValue(c))
		}
		b.WriteString("}")
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

func jsonValue(c any) []byte {
	switch v := c.(type) {
	case nil:
		return []byte("null")
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return []byte("null")
		}
	case time.Time:
		c = format(v)
	}
	out, err := json.Marshal(c)
	if err != nil {
		panic(err) // cells are plain values: marshalling cannot fail
	}
	return out
}

// WriteText writes the table aligned for a terminal.
func (t *Table) WriteText(w io.Writer) error {
	tbl := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignment(tw.AlignRight),
	)
	tbl.Header(t.Columns)
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = format(c)
		}
		if err := tbl.Append(rec); err != nil {
			return err
		}
	}
	return tbl.Render()
}
