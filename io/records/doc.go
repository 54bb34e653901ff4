// Package records reads and writes wfm's files: history, forecasts,
// requirements, targets, shifts, agents and holidays in, the tables of results out.
package records
