package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"
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
		fe *staff.FieldError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.As(err, &te), errors.As(err, &fe), errors.Is(err, forecast.ErrData):
		return exitInput
	}
	return exitError
}

// message is the one line printed for an error.
func message(err error) string {
	return "wfm: " + strings.TrimSpace(err.Error())
}
