// Package workers runs independent pieces of work on all cores, each piece
// storing its result by index so that results never depend on the core count.
package workers
