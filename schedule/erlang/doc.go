// Package erlang holds the queueing maths of staffing: Erlang B and C
// (M/M/N), Erlang A (M/M/N+M, with abandonment) and fewest-agents searches.
//
// Everything works on plain numbers: an offered load A in Erlangs, a number
// of agents N, and durations in seconds. The formulas run on the inverse
// Erlang B recursion
//
//	I(0) = 1,  I(n) = 1 + (n/A)·I(n-1),  I(n) = 1/B(n, A),
//
// which never forms a factorial or a power, so it neither overflows nor loses
// precision for any load from 0.001 to beyond 100,000 Erlangs: each step adds
// at most one rounding error and the recursion does not amplify relative
// errors. For n well below A the terms of I(n) shrink geometrically, so the
// recursion may start about 12·√A steps below min(n, A) from the estimate
// A/(A-n), whose error is damped by a factor below e^-72 before it reaches n:
// evaluating at n costs O(min(n, √A) + max(0, n-A)) steps.
//
// A queue without abandonment and with N <= A agents is unstable: the queue
// grows without bound. Such a queue has probability of waiting 1, service
// level 0, occupancy 1 and an infinite ASA (math.Inf(1)); the Metrics of
// Evaluate mark it with Stable false. No function returns NaN for valid input.
package erlang
