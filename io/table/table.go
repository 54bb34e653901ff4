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
	"strings"
	"time"
)

// Table is an output table: named columns and rows of cells. A cell is a
// string, float64, int, bool, time.Time, Date or nil (empty).
type Table struct {
	Name    string // sheet name in a workbook
	Columns []string
	Rows    [][]any
	// Decimals rounds the numbers of the columns it names to that many
	// decimals where people read them: CSV, text and Cell. JSON carries
	// every number whole.
	Decimals map[string]int
	// Formats gives the number format of the columns it names in a
	// workbook, such as "0.0%" for shares.
	Formats map[string]string
	cells   []any // backs the rows added by Add
}

// decimalsOf returns the rounding of column c, -1 where there is none.
func (t *Table) decimalsOf(c int) int {
	if d, ok := t.Decimals[t.Columns[c]]; ok {
		return d
	}
	return -1
}

// decimals returns the rounding of each column, -1 where there is none.
func (t *Table) decimals() []int {
	dec := make([]int, len(t.Columns))
	for i := range dec {
		dec[i] = t.decimalsOf(i)
	}
	return dec
}

// Cell returns the cell in row r, column c as people should read it, its
// number rounded as Decimals says.
func (t *Table) Cell(r, c int) any {
	v := t.Rows[r][c]
	if d := t.decimalsOf(c); d >= 0 {
		if f, isFloat := v.(float64); isFloat {
			return Round(f, d)
		}
	}
	return v
}

// Grow readies t for n more rows, all cut from one allocation: output
// tables run to millions of rows, and a slice per row costs more than the
// figures in it.
func (t *Table) Grow(n int) {
	t.Rows = slices.Grow(t.Rows, n)
	t.cells = make([]any, 0, n*len(t.Columns))
}

// Add appends a row of cells, which must match the columns.
func (t *Table) Add(cells ...any) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("table %s: row of %d cells for %d columns", t.Name, len(cells), len(t.Columns)))
	}
	start := len(t.cells)
	t.cells = append(t.cells, cells...)
	t.Rows = append(t.Rows, t.cells[start:len(t.cells):len(t.cells)])
}

// Date is a calendar day as a cell: written as DateLayout in CSV, JSON and
// text, and as a date (not a date-time) in a workbook.
type Date time.Time

// TimeLayout is how date-times are written: ISO 8601 without seconds or
// zone, which spreadsheets and the readers of this package understand.
const TimeLayout = "2006-01-02T15:04"

// DateLayout is how calendar dates are written.
const DateLayout = "2006-01-02"

// ListTimes lists the first three times, and "..." if there are more.
func ListTimes(ts []time.Time) string {
	var s []string
	for _, t := range ts[:min(3, len(ts))] {
		s = append(s, t.Format(TimeLayout))
	}
	if len(ts) > 3 {
		s = append(s, "...")
	}
	return strings.Join(s, ", ")
}

// Round rounds v to the given number of decimals, so that tables print
// figures people read rather than float noise.
func Round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// Per names an interval length as the unit of a count per interval: "15 min", "hour", "day".
func Per(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "hour"
	case d == 24*time.Hour:
		return "day"
	case d > 0 && d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + " h"
	case d > 0 && d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + " min"
	default:
		return "interval"
	}
}

// appendCell appends a cell as text for CSV and terminal output, without
// allocating: output tables run to millions of cells. Numbers are rounded
// to decimals unless it is negative.
func appendCell(b []byte, c any, decimals int) []byte {
	switch v := c.(type) {
	case nil:
		return b
	case string:
		return append(b, v...)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return b
		}
		if decimals >= 0 {
			v = Round(v, decimals)
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
	case Date:
		return time.Time(v).AppendFormat(b, DateLayout)
	default:
		panic(fmt.Sprintf("table: unsupported cell type %T", c))
	}
}

// Text returns the cell in row r, column c as CSV writes it, less the
// guard against formulas: numbers rounded as Decimals says.
func (t *Table) Text(r, c int) string {
	return string(appendCell(nil, t.Rows[r][c], t.decimalsOf(c)))
}

// formulaStart reports whether text starting with b would be taken by a
// spreadsheet for a formula.
func formulaStart(b byte) bool { return b == '=' || b == '+' || b == '-' || b == '@' }

// WriteCSV writes the table as RFC 4180 CSV with a header row: fields
// holding a comma, quote or line break are quoted, quotes doubled. Text
// cells that a spreadsheet would run as a formula (starting with =, +, -
// or @) are written with a leading ', as OWASP advises; numbers are not.
func (t *Table) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var line, cell []byte
	dec := t.decimals()
	writeRow := func(n int, at func(i int) any, dec []int) error {
		line = line[:0]
		for i := range n {
			if i > 0 {
				line = append(line, ',')
			}
			c := at(i)
			cell = cell[:0]
			if s, ok := c.(string); ok && s != "" && formulaStart(s[0]) {
				cell = append(cell, '\'')
			}
			d := -1
			if i < len(dec) {
				d = dec[i]
			}
			cell = appendCell(cell, c, d)
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
	if err := writeRow(len(t.Columns), func(i int) any { return t.Columns[i] }, nil); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := writeRow(len(row), func(i int) any { return row[i] }, dec); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteJSON writes the table as a JSON array of objects whose keys keep the
// column order. Numbers are written whole, as the shortest text that reads
// back to the same float64; infinite or undefined ones as null.
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
	case time.Time, Date:
		c = string(appendCell(nil, v, -1))
	}
	out, err := json.Marshal(c)
	if err != nil {
		panic(err) // cells are plain values: marshalling cannot fail
	}
	return out
}
