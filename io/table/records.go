package table

import (
	"slices"
	"strings"
)

// Field is one column of a record file and how a cell of it sets the record.
type Field[T any] struct {
	Name     string
	Required bool
	Set      func(rec *T, cell string) error // nil: read by the caller
}

// ReadRecords reads one record per grid row. Empty cells leave the zero
// value. Unless extraColumns, unknown columns are rejected, as they are
// usually typos; files exported from other systems carry more.
func ReadRecords[T any](g *Grid, fields []Field[T], extraColumns bool) ([]T, error) {
	cols := make([]int, len(fields))
	for i, f := range fields {
		cols[i] = g.Column(f.Name)
		if cols[i] < 0 && f.Required {
			return nil, Errorf(g.File, 1, f.Name, "required column missing; the file has %s", strings.Join(g.Header, ", "))
		}
	}
	for c, h := range g.Header {
		if h != "" && !extraColumns && !slices.Contains(cols, c) {
			var names []string
			for _, f := range fields {
				names = append(names, f.Name)
			}
			return nil, Errorf(g.File, 1, h, "unknown column; want %s", strings.Join(names, ", "))
		}
	}
	if len(g.Rows) == 0 {
		return nil, Errorf(g.File, 0, "", "no data rows below the header")
	}
	out := make([]T, len(g.Rows))
	for r := range g.Rows {
		for i, f := range fields {
			cell := g.Cell(r, cols[i])
			if cell == "" {
				if f.Required {
					return nil, g.Errorf(r, cols[i], "required, but empty")
				}
				continue
			}
			if f.Set == nil {
				continue
			}
			if err := f.Set(&out[r], cell); err != nil {
				return nil, g.Errorf(r, cols[i], "%v", err)
			}
		}
	}
	return out, nil
}
