package table

import (
	"fmt"
	"strings"
)

// Error is a problem with an input file, located as precisely as possible.
// Like encoding/csv's ParseError, it carries where and why.
type Error struct {
	File   string
	Row    int    // 1-based row (line in CSV and YAML, row in a sheet); 0: not about one row
	Column string // column or field name as the file spells it; "": not about one column
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	if e.Column != "" {
		if e.Row > 0 {
			b.WriteString(",")
		} else {
			b.WriteString(":")
		}
		fmt.Fprintf(&b, " column %s", e.Column)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error whose cause is formatted like fmt.Errorf.
func Errorf(file string, row int, column, format string, args ...any) *Error {
	return &Error{File: file, Row: row, Column: column, Err: fmt.Errorf(format, args...)}
}
