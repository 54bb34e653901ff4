package records

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// locate places a record check's error at row r, and at the column of the
// field a *staff.FieldError names.
func locate(g *table.Grid, r int, err error) error {
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
		v, err := table.ParseNumber(s)
		*get(rec) = v
		return err
	}
}

func share[T any](get func(*T) *float64) func(*T, string) error {
	return func(rec *T, s string) error {
		v, err := table.ParseShare(s)
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
		d, err := table.ParseDuration(s, time.Second)
		*get(rec) = d.Seconds()
		return err
	}
}

func duration[T any](unit time.Duration, get func(*T) *time.Duration) func(*T, string) error {
	return func(rec *T, s string) error {
		d, err := table.ParseDuration(s, unit)
		*get(rec) = d
		return err
	}
}

func clock[T any](get func(*T) *time.Duration) func(*T, string) error {
	return func(rec *T, s string) error {
		d, err := table.ParseClock(s)
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
