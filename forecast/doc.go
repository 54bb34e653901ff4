// Package forecast predicts contact volumes (and handle times) per interval
// from history, and measures how accurate those predictions were.
package forecast
