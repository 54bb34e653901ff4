// Package schedule turns staffing requirements (package staff) into weekly
// rosters: shift templates and tours, agents, breaks, the optimiser and the
// coverage and summary of the roster it builds.
package schedule
