package staff

import (
	"errors"
	"fmt"
)

// FieldError is an invalid value of one field of a target, requirement,
// shift template or agent: package schedule returns it too, so readers have
// one type to turn into a located error. Field is the name the input files
// use (service_level, latest_start), so readers can point at the column.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }
func (e *FieldError) Unwrap() error { return e.Err }

var (
	// ErrNoTarget reports a series without a target row: neither one for
	// its channel and region nor one for its channel with an empty region.
	// Errors wrapping it name the channel and region.
	ErrNoTarget = errors.New("no target")
	// ErrNoAHT reports contacts without a handle time: the forecast has no
	// aht_seconds for the interval and the target no aht_seconds.
	ErrNoAHT = errors.New("no handle time: neither the forecast's aht_seconds nor the target's aht_seconds")
)
