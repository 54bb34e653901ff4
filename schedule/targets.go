package schedule

import "fmt"

// FieldError is an invalid value of one field of a target, template or
// agent. Field is the name the input files use (service_level, latest_start),
// so readers can point at the column.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }
func (e *FieldError) Unwrap() error { return e.Err }
