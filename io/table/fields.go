package table

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
)

// field is one column of a record file (targets, shifts, agents) and how a
// cell of it sets the record.
type field[T any] struct {
	name     string
	required bool
	set      func(rec *T, cell string) error
}

// readRecords reads one record per grid row. Empty cells leave the zero
// value. Unless extraColumns, unknown columns are rejected, as they are
// usually typos; files exported from HR systems carry more.
func readRecords[T any](g *Grid, fields []field[T], extraColumns bool) ([]T, error) {
	cols := make([]int, len(fields))
	for i, f := range fields {
		cols[i] = g.Column(f.name)
		if cols[i] < 0 && f.required {
			return nil, errorf(g.File, 1, f.name, "required column missing; the file has %s", strings.Join(g.Header, ", "))
		}
	}
	for c, h := range g.Header {
		if h != "" && !extraColumns && !slices.Contains(cols, c) {
			var names []string
			for _, f := range fields {
				names = append(names, f.name)
			}
			return nil, errorf(g.File, 1, h, "unknown column; want %s", strings.Join(names, ", "))
		}
	}
	if len(g.Rows) == 0 {
		return nil, errorf(g.File, 0, "", "no data rows below the header")
	}
	out := make([]T, len(g.Rows))
	for r := range g.Rows {
		for i, f := range fields {
			cell := g.Cell(r, cols[i])
			if cell == "" {
				if f.required {
					return nil, g.Errorf(r, cols[i], "required, but empty")
				}
				continue
			}
			if err := f.set(&out[r], cell); err != nil {
				return nil, g.Errorf(r, cols[i], "%v", err)
			}
		}
	}
	return out, nil
}

// locate places a record check's error at row r, and at the column of the
// field a *staff.FieldError names.
func locate(g *Grid, r int, err error) error {
	if err == nil {
		return nil
	}
	var fe *staff.FieldError
	if errors.As(err, &fe) {
		return g.Errorf(r, g.Column(fe.Field), "%v", fe.Err)
	}
	return g.Errorf(r, -1, "%v", err)
}

// Setters shared by the record files.

func text[T any](get func(*T) *string) func(*T, string) error {
	return func(rec *T, s string) error { *get(rec) = s; return nil }
}

func number[T any](get func(*T) *float64) func(*T, string) error {
	return func(rec *T, s string) error {
		v, err := ParseNumber(s)
		*get(rec) = v
		return err
	}
}

func share[T any](get func(*T) *float64) func(*T, string) error {
	return func(rec *T, s string) error {
		v, err := ParseShare(s)
		*get(rec) = v
		return err
	}
}

func integer[T any](get func(*T) *int) func(*T, string) error {
	return func(rec *T, s string) error {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return fmt.Errorf("want a whole number >= 0, got %q", s)
		}
		*get(rec) = v
		return nil
	}
}

// seconds reads a duration in seconds: "20", "20s" or "1m".
func seconds[T any](get func(*T) *float64) func(*T, string) error {
	return func(rec *T, s string) error {
		d, err := ParseDuration(s, time.Second)
		*get(rec) = d.Seconds()
		return err
	}
}

func duration[T any](unit time.Duration, get func(*T) *time.Duration) func(*T, string) error {
	return func(rec *T, s string) error {
		d, err := ParseDuration(s, unit)
		*get(rec) = d
		return err
	}
}

func clock[T any](get func(*T) *time.Duration) func(*T, string) error {
	return func(rec *T, s string) error {
		d, err := ParseClock(s)
		*get(rec) = d
		return err
	}
}

func boolean[T any](get func(*T) *bool) func(*T, string) error {
	return func(rec *T, s string) error {
		switch strings.ToLower(s) {
		case "true", "yes", "y", "1":
			*get(rec) = true
		case "false", "no", "n", "0":
			*get(rec) = false
		default:
			return fmt.Errorf("want true or false, got %q", s)
		}
		return nil
	}
}

// list reads values separated by semicolons (or commas, in YAML lists).
func list[T any](get func(*T) *[]string) func(*T, string) error {
	return func(rec *T, s string) error {
		s = strings.Trim(s, "[]")
		for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
			if v = strings.TrimSpace(v); v != "" {
				*get(rec) = append(*get(rec), v)
			}
		}
		return nil
	}
}
