package lp

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// Cover is the covering linear program
//
//	minimise c·x + pen·sum(u)  subject to  A x + u - s = r,  x, u, s >= 0
//
// (A x >= r with under-coverage u priced at pen per unit) solved by a revised primal simplex with a dense basis inverse, columns of
// A added as they are generated. The basis of the u variables (u = r) is
// feasible from the start, so no phase one is needed. Each pivot costs
// O(m^2 + nnz(A)) for m rows.
type Cover struct {
	m     int
	r     []float64
	pen   float64
	cols  []Column
	cost  []float64 // per column, its Cost: pricing reads these and runs, not cols
	runs  []run     // every column's entries as runs of equal values on consecutive rows
	runAt []int32   // column j's runs are runs[runAt[j]:runAt[j+1]]
	inB   []bool    // structural column is basic
	binvT []float64 // m x m: binvT[k*m+i] is B^-1[i][k], so B^-1 a is a sum of rows
	basis []int     // per row: j >= 0 structural, -1-i u_i, -1-m-i s_i
	xb    []float64
	y     []float64 // duals c_B B^-1
	ysum  []float64 // scratch: prefix sums of y
	d     []float64 // scratch
	uB    []bool    // u_i basic
	sB    []bool    // s_i basic
	// per row k: the basis position of the slack whose unit column row k
	// of binvT exactly is (a row held by a slack since the last inversion),
	// or -1; FTRAN adds such a row in one step instead of m
	unit   []int32
	nzd    []int32 // scratch: rows where d is not zero
	next   int     // where partial pricing resumes
	pivots int
	// refactor's buffers, kept between inversions
	slackAt, inner, rows, held, structural, perm []int
	ass, inv, low, cb                            []float64
}

// Column is one structural column: Cost per unit, and the value Vals[k] on
// row Rows[k], rows ascending.
type Column struct {
	Rows []int32
	Vals []float64
	Cost float64
}

// run is the value val on the rows [from, to): a shift covers runs of
// consecutive intervals, so pricing a column by runs over prefix sums of
// the duals takes a few steps where row by row takes dozens.
type run struct {
	from, to int32
	val      float64
}

// appendRuns appends c's entries to runs as runs of equal values on
// consecutive rows.
func appendRuns(runs []run, c *Column) []run {
	start := len(runs)
	for k, row := range c.Rows {
		if n := len(runs); n > start && runs[n-1].to == row && runs[n-1].val == c.Vals[k] {
			runs[n-1].to++
			continue
		}
		runs = append(runs, run{row, row + 1, c.Vals[k]})
	}
	return runs
}

// NewCover returns the covering program of requirements r (one per row,
// none negative) and under-coverage penalty pen > 0, with no structural
// column yet: its basis is the u columns, u = r. It keeps r. Cost: O(m^2)
// for m rows.
func NewCover(r []float64, pen float64) *Cover {
	m := len(r)
	lp := &Cover{m: m, r: r, pen: pen, binvT: make([]float64, m*m), basis: make([]int, m),
		xb: make([]float64, m), y: make([]float64, m), ysum: make([]float64, m+1), d: make([]float64, m),
		uB: make([]bool, m), sB: make([]bool, m), unit: make([]int32, m), runAt: []int32{0}}
	for i := 0; i < m; i++ {
		lp.binvT[i*m+i] = 1
		lp.unit[i] = int32(i)
		lp.basis[i] = -1 - i
		lp.xb[i] = r[i]
		lp.uB[i] = true
	}
	lp.duals()
	return lp
}

// Add appends column c; the basis stays optimal or becomes improvable.
// Rows must lie in [0, m).
func (lp *Cover) Add(c Column) {
	lp.cols = append(lp.cols, c)
	lp.cost = append(lp.cost, c.Cost)
	lp.runs = appendRuns(lp.runs, &c)
	lp.runAt = append(lp.runAt, int32(len(lp.runs)))
	lp.inB = append(lp.inB, false)
}

func (lp *Cover) costOf(v int) float64 {
	switch {
	case v >= 0:
		return lp.cols[v].Cost
	case v >= -lp.m:
		return lp.pen
	}
	return 0
}

// duals recomputes y = c_B B^-1 from scratch, clearing drift.
func (lp *Cover) duals() {
	m := lp.m
	cb := grow(&lp.cb, m)
	for i, v := range lp.basis {
		cb[i] = lp.costOf(v)
	}
	for k := range lp.y {
		row := lp.binvT[k*m : (k+1)*m]
		if at := lp.unit[k]; at >= 0 {
			lp.y[k] = cb[at] * row[at]
			continue
		}
		y := 0.0
		for i, c := range cb {
			y += c * row[i]
		}
		lp.y[k] = y
	}
}

const tol = 1e-9

// Solve pivots until no column prices out or maxPivots is reached; it
// reports whether the basis is optimal for the columns present. Each pivot
// costs O(m^2 + nnz(A)).
func (lp *Cover) Solve(maxPivots int) bool {
	m := lp.m
	for it := 0; it < maxPivots; it++ {
		// entering variable: most negative reduced cost within a window of
		// columns scanned round-robin (partial pricing), the slacks always
		q, best := 0, -1e-7
		found := false
		nc := len(lp.cols)
		ysum := lp.ysum
		for k, v := range lp.y {
			ysum[k+1] = ysum[k] + v
		}
		window := max(500, nc/4)
		for scanned, j := 0, lp.next; scanned < nc && (!found || scanned < window); scanned++ {
			if !lp.inB[j] {
				rc := lp.cost[j]
				for _, r := range lp.runs[lp.runAt[j]:lp.runAt[j+1]] {
					rc -= r.val * (ysum[r.to] - ysum[r.from])
				}
				if rc < best*(1+tol) {
					q, best, found = j, rc, true
				}
			}
			if j++; j == nc {
				j = 0
			}
		}
		if nc > 0 {
			lp.next = (lp.next + window) % nc
		}
		for i := 0; i < m; i++ {
			if !lp.uB[i] && lp.pen-lp.y[i] < best {
				q, best, found = -1-i, lp.pen-lp.y[i], true
			}
			if !lp.sB[i] && lp.y[i] < best {
				q, best, found = -1-m-i, lp.y[i], true
			}
		}
		if !found {
			return true
		}
		// d = B^-1 a_q
		d := lp.d
		switch {
		case q >= 0:
			clear(d)
			c := &lp.cols[q]
			for k, row := range c.Rows {
				if at := lp.unit[row]; at >= 0 {
					d[at] += c.Vals[k] * lp.binvT[int(row)*m+int(at)]
					continue
				}
				floats.AddScaled(d, c.Vals[k], lp.binvT[int(row)*m:(int(row)+1)*m])
			}
		case q >= -m:
			copy(d, lp.binvT[(-1-q)*m:(-q)*m])
		default:
			i0 := -1 - m - q
			for i, b := range lp.binvT[i0*m : (i0+1)*m] {
				d[i] = -b
			}
		}
		// ratio test, ties to the largest pivot for stability
		r, theta := -1, math.Inf(1)
		for i := 0; i < m; i++ {
			if d[i] > 1e-9 {
				t := math.Max(lp.xb[i], 0) / d[i]
				if r < 0 || t < theta-1e-12 || (t < theta+1e-12 && d[i] > d[r]) {
					r, theta = i, t
				}
			}
		}
		if r < 0 {
			return true // unbounded cannot happen: every row has u; stop safely
		}
		for i := 0; i < m; i++ {
			lp.xb[i] -= theta * d[i]
		}
		lp.xb[r] = theta
		// B^-1 <- E B^-1: row r divided by d[r], d[i] times it taken from
		// row i; in the transposed storage, for each k where row r is not
		// zero, entry r of row k scales and the others move along d. The
		// duals move along the new row r: y' = y + rc_q * (row r of B^-1).
		nzd := lp.nzd[:0]
		for i := 0; i < m; i++ {
			if i != r && d[i] != 0 {
				nzd = append(nzd, int32(i))
			}
		}
		lp.nzd = nzd
		inv := 1 / d[r]
		// a dense d is cheaper to apply whole than through its index
		dense := 4*len(nzd) > m
		for k := 0; k < m; k++ {
			row := lp.binvT[k*m : (k+1)*m]
			v := row[r]
			if v == 0 {
				continue
			}
			v *= inv
			if dense {
				floats.AddScaled(row, -v, d)
			} else {
				for _, i := range nzd {
					row[i] -= d[i] * v
				}
			}
			row[r] = v
			lp.y[k] += best * v
			lp.unit[k] = -1
		}
		lp.setBasic(lp.basis[r], false)
		lp.basis[r] = q
		lp.setBasic(q, true)
		lp.pivots++
		if lp.pivots%reinvert == 0 {
			lp.refactor()
		}
	}
	return false
}

func (lp *Cover) setBasic(v int, b bool) {
	switch {
	case v >= 0:
		lp.inB[v] = b
	case v >= -lp.m:
		lp.uB[-1-v] = b
	default:
		lp.sB[-1-lp.m-v] = b
	}
}

// Pivots returns the pivots made so far.
func (lp *Cover) Pivots() int { return lp.pivots }

// Dual returns the dual value of row i in the current basis, y = c_B B^-1.
func (lp *Cover) Dual(i int) float64 { return lp.y[i] }

// Value is the objective of the current basic solution.
func (lp *Cover) Value() float64 {
	z := 0.0
	for i, v := range lp.basis {
		z += lp.costOf(v) * math.Max(lp.xb[i], 0)
	}
	return z
}

// X returns the value of every structural column, in the order added.
func (lp *Cover) X() []float64 {
	x := make([]float64, len(lp.cols))
	for i, v := range lp.basis {
		if v >= 0 {
			x[v] = math.Max(lp.xb[i], 0)
		}
	}
	return x
}

// reinvert is how many pivots pass between fresh inversions of the basis,
// which clear the rounding errors the updates accumulate.
const reinvert = 300

// refactor recomputes B^-1, then the basic values and duals. The slack
// columns of the basis are unit vectors, so only the structural columns on
// the rows no slack holds need inverting: with rows and columns ordered so,
//
//	B = | A_SS  0 |    B^-1 = |  A_SS^-1            0    |
//	    | A_US  D |           | -D^-1 A_US A_SS^-1  D^-1 |
//
// for D the slacks' signs: O(k^3 + nnz(A_US) k) for k structural columns
// instead of O(m^3). If the basis has become numerically singular, the
// updated inverse is kept.
func (lp *Cover) refactor() {
	m := lp.m
	slackAt := grow(&lp.slackAt, m) // per row: basis position of its slack, or -1
	for k := range slackAt {
		slackAt[k] = -1
	}
	structural := lp.structural[:0] // basis positions of structural columns
	for i, v := range lp.basis {
		switch {
		case v >= 0:
			structural = append(structural, i)
		case v >= -m:
			slackAt[-1-v] = i
		default:
			slackAt[-1-m-v] = i
		}
	}
	lp.structural = structural
	// per row: its index among the rows no slack holds (rows) or among
	// those a slack holds (held)
	inner := grow(&lp.inner, m)
	rows, held := lp.rows[:0], lp.held[:0]
	for k, at := range slackAt {
		if at < 0 {
			inner[k] = len(rows)
			rows = append(rows, k)
		} else {
			inner[k] = len(held)
			held = append(held, k)
		}
	}
	lp.rows, lp.held = rows, held
	n := len(structural)
	if len(rows) != n { // u_k and s_k both basic: singular
		lp.duals()
		return
	}
	ass := grow(&lp.ass, n*n) // A_SS, row-major
	clear(ass)
	for c, i := range structural {
		col := &lp.cols[lp.basis[i]]
		for k, row := range col.Rows {
			if slackAt[row] < 0 {
				ass[inner[row]*n+c] = col.Vals[k]
			}
		}
	}
	inv, perm := grow(&lp.inv, n*n), grow(&lp.perm, n)
	if !invert(ass, inv, perm, n) {
		lp.duals()
		return
	}
	clear(lp.binvT)
	for c, i := range structural {
		for t, r := range perm {
			lp.binvT[rows[r]*m+i] = inv[c*n+t]
		}
	}
	sign := func(i int) float64 {
		if lp.basis[i] < -m {
			return -1
		}
		return 1
	}
	for k, i := range slackAt {
		lp.unit[k] = int32(i)
		if i >= 0 {
			lp.binvT[k*m+i] = sign(i)
		}
	}
	// -D^-1 A_US A_SS^-1, a row per held row, summed in low along the rows
	// of inv, then spread into binvT's columns
	low := grow(&lp.low, len(held)*n)
	clear(low)
	for c, i := range structural {
		col := &lp.cols[lp.basis[i]]
		for x, row := range col.Rows {
			if at := slackAt[row]; at >= 0 {
				u := inner[row]
				floats.AddScaled(low[u*n:(u+1)*n], -sign(at)*col.Vals[x], inv[c*n:(c+1)*n])
			}
		}
	}
	for u, k := range held {
		at := slackAt[k]
		for t, r := range perm {
			lp.binvT[rows[r]*m+at] = low[u*n+t]
		}
	}
	clear(lp.xb)
	for k, v := range lp.r {
		switch at := lp.unit[k]; {
		case v == 0:
		case at >= 0:
			lp.xb[at] += v * lp.binvT[k*m+int(at)]
		default:
			floats.AddScaled(lp.xb, v, lp.binvT[k*m:(k+1)*m])
		}
	}
	for i, x := range lp.xb {
		lp.xb[i] = math.Max(x, 0)
	}
	lp.duals()
}

// invert sets inv to the inverse of the n x n row-major matrix a (which it
// overwrites) by Gauss-Jordan elimination with partial pivoting on [a | I],
// with the inverse's columns permuted: column t of inv is column perm[t] of
// a^-1. A column of I is untouched until its row becomes the pivot row;
// numbering the columns in that order keeps the touched ones in slots 0..c
// at step c, so the row operations on inv cost c instead of n. It reports
// false where a is numerically singular.
func invert(a, inv []float64, perm []int, n int) bool {
	clear(inv)
	for r := range perm {
		perm[r] = r // for rows not yet pivot: the column of I row r holds
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[p*n+c]) {
				p = r
			}
		}
		if math.Abs(a[p*n+c]) < 1e-11 {
			return false
		}
		if p != c {
			for k := c; k < n; k++ {
				a[p*n+k], a[c*n+k] = a[c*n+k], a[p*n+k]
			}
			for k := 0; k < c; k++ {
				inv[p*n+k], inv[c*n+k] = inv[c*n+k], inv[p*n+k]
			}
			perm[p], perm[c] = perm[c], perm[p]
		}
		inv[c*n+c] = 1
		piv, pinv := a[c*n+c:(c+1)*n], inv[c*n:c*n+c+1]
		f := 1 / piv[0]
		floats.Scale(f, piv)
		floats.Scale(f, pinv)
		for r := 0; r < n; r++ {
			if r == c || a[r*n+c] == 0 {
				continue
			}
			g := a[r*n+c]
			floats.AddScaled(a[r*n+c:(r+1)*n], -g, piv)
			floats.AddScaled(inv[r*n:r*n+c+1], -g, pinv)
		}
	}
	return true
}

// grow reslices *x to n elements, reallocating it when too short.
func grow[T any](x *[]T, n int) []T {
	if cap(*x) < n {
		*x = make([]T, n)
	}
	*x = (*x)[:n]
	return *x
}
