// Package term prints tables aligned for people at a terminal; the
// tablewriter dependency stays behind it.
package term
