package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/wfm-dev/wfm/io/table"
)

// Exit codes, documented in every command's help.
const (
	exitOK    = 0
	exitError = 1 // any other failure
	exitInput = 2 // bad input or usage
)

const exitStatusHelp = `

EXIT STATUS
  0  success
  1  any other failure (e.g. an output file could not be written)
  2  bad input or usage: the message names the file, row and column`

// usageError is a mistake in how wfm was called.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitCode maps an error to the process exit code: bad input and usage
// mistakes are 2, everything else 1.
func exitCode(err error) int {
	var (
		ue *usageError
		te *table.Error
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.As(err, &te):
		return exitInput
	}
	return exitError
}

// fail reports the error that ends a run, if any, and returns the exit
// code: one line "wfm: ...", or with --log-format one ERROR record whose
// fields locate bad input in its file.
func (s *streams) fail(err error) int {
	code := exitCode(err)
	if err == nil {
		return code
	}
	// Flags that failed to parse leave the logger unstarted.
	s.startLog()
	msg := strings.TrimSpace(err.Error())
	if s.Log == nil {
		fmt.Fprintln(s.Err, "wfm: "+msg)
		return code
	}
	var attrs []slog.Attr
	if te := (*table.Error)(nil); errors.As(err, &te) {
		attrs = append(attrs, slog.String("file", te.File))
		if te.Row > 0 {
			attrs = append(attrs, slog.Int("row", te.Row))
		}
		if te.Column != "" {
			attrs = append(attrs, slog.String("column", te.Column))
		}
	}
	attrs = append(attrs, slog.Int("exit_code", code))
	s.Log.LogAttrs(context.Background(), slog.LevelError, msg, attrs...)
	return code
}
