// Package staff turns forecast demand into staffing requirements: per
// interval, the fewest agents that meet a channel's service target under
// Erlang C or Erlang A queueing (immediate contacts) or a workload model
// (deferred work), plus shrinkage. The rosters built on them are in package
// schedule.
package staff
