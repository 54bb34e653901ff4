// Package intraday re-plans the rest of today's roster when the day's
// contacts depart from the forecast it was built for.
//
// Replan takes the published roster and the requirements recomputed from
// the updated forecast, and proposes the cheapest changes that bring every
// series' staff back to its requirement, or as close as the labour rules
// allow. It is greedy: each step takes, among every change allowed, the one
// that cuts the most under-staffed agent-hours per unit of cost, free
// changes first (a break moved within its window, a multi-skilled agent
// moved to another of their channels), then paid ones (overtime before or
// after a shift, the call-in of an agent free that day), until no change
// helps. Then it offers voluntary time off (vto) where staff stays above the
// requirement without it, most over-staffed hours first. Nothing before the
// re-plan's start changes.
package intraday
