// Package lp solves the covering linear programs of roster building by a
// revised primal simplex that takes columns as they are generated.
package lp
