package table

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
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

// format renders a cell as text for CSV and terminal output.
func format(c any) string {
	switch v := c.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		if v.Second() != 0 {
			return v.Format("2006-01-02T15:04:05")
		}
		return v.Format(TimeLayout)
	default:
		panic(fmt.Sprintf("table: unsupported cell type %T", c))
	}
}

// WriteCSV writes the table as RFC 4180 CSV with a header row.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, c := range row {
			rec[i] = format(c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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
