package lp

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// Cover is the covering linear program
//
//	minimise c·x + pen·sum(u)  subject to  A x + u - s = r,  x, u, s >= 0
//
// (A x >= r with under-coverage u priced at pen per unit) solved by a
// revised primal simplex with a dense basis inverse, columns of A added as
// they are generated. The basis of the u variables (u = r) is feasible from
// the start, so no phase one is needed.
//
// The basis holds k structural columns and m-k slacks, each slack a unit
// column on its own row. With the rows no slack holds (S, as many as the
// structural columns) and those a slack holds (U) ordered so,
//
//	B = | A_SS  0 |    B^-1 = |  A_SS^-1            0    |
//	    | A_US  D |           | -D^-1 A_US A_SS^-1  D^-1 |
//
// for D the slacks' signs: only A_SS^-1 is kept, the rest derived from A
// when needed, so a pivot costs O(k^2 + m + nnz(A)) instead of O(k m).
type Cover struct {
	m      int
	r      []float64
	pen    float64
	cols   []Column
	cost   []float64 // per column, its Cost: pricing reads these and runs, not cols
	runs   []run     // every column's entries as runs of equal values on consecutive rows
	runAt  []int32   // column j's runs are runs[runAt[j]:runAt[j+1]]
	inB    []bool    // structural column is basic
	basis  []int     // per basis position: j >= 0 structural, -1-i u_i, -1-m-i s_i
	xb     []float64
	y      []float64 // duals c_B B^-1
	ysum   []float64 // scratch: prefix sums of y
	d      []float64 // scratch: B^-1 a_q per basis position
	uB     []bool    // u_i basic
	sB     []bool    // s_i basic
	next   int       // where partial pricing resumes
	pivots int

	// A_SS^-1 by slots: S slot s is a row of S, structural slot c a basis
	// position holding a structural column
	k       int
	w       []float64 // m x m: w[s*m+c] is A_SS^-1[c][s], so A_SS^-1 a_S is a sum of rows
	slotRow []int     // per S slot: its row
	rowSlot []int     // per row: its S slot, or -1 if a slack holds it
	heldBy  []int     // per row: the basis position of the slack holding it, or -1
	slotPos []int     // per structural slot: its basis position
	posSlot []int     // per basis position: its structural slot, or -1 for a slack

	// scratch
	a, ds, rho, diff []float64 // a column per row; d and row r of B^-1 per slot; A_US x_S by differences
	covering         []entry
	// refactor's buffers, kept between inversions
	structural, rows, inner, perm []int
	ass                           []float64
}

// entry is the value val of a basic structural column, at structural slot
// slot, on one row.
type entry struct {
	slot int
	val  float64
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
// consecutive rows, leaving out zeros (a break within a shift).
func appendRuns(runs []run, c *Column) []run {
	start := len(runs)
	for k, row := range c.Rows {
		if c.Vals[k] == 0 {
			continue
		}
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
	lp := &Cover{m: m, r: r, pen: pen, basis: make([]int, m), runAt: []int32{0},
		xb: make([]float64, m), y: make([]float64, m), ysum: make([]float64, m+1), d: make([]float64, m),
		uB: make([]bool, m), sB: make([]bool, m),
		w: make([]float64, m*m), slotRow: make([]int, m), rowSlot: make([]int, m), heldBy: make([]int, m),
		slotPos: make([]int, m), posSlot: make([]int, m),
		a: make([]float64, m), ds: make([]float64, m), rho: make([]float64, m), diff: make([]float64, m+1)}
	for i := 0; i < m; i++ {
		lp.basis[i] = -1 - i
		lp.xb[i] = r[i]
		lp.uB[i] = true
		lp.rowSlot[i] = -1
		lp.heldBy[i] = i
		lp.posSlot[i] = -1
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

// duals recomputes y = c_B B^-1 from scratch, clearing drift: on a row a
// slack holds, its cost times its sign; on S, y_S = (c_S - c_U D^-1 A_US)
// A_SS^-1.
func (lp *Cover) duals() {
	m, k := lp.m, lp.k
	for i, p := range lp.heldBy {
		if p >= 0 {
			lp.y[i] = lp.slackDual(p)
		}
	}
	g := lp.ds[:k]
	for c, p := range lp.slotPos[:k] {
		j := lp.basis[p]
		v := lp.cost[j]
		for _, r := range lp.runs[lp.runAt[j]:lp.runAt[j+1]] {
			for i := r.from; i < r.to; i++ {
				if lp.heldBy[i] >= 0 {
					v -= lp.y[i] * r.val
				}
			}
		}
		g[c] = v
	}
	for s, i := range lp.slotRow[:k] {
		y := 0.0
		for c, x := range lp.w[s*m : s*m+k] {
			y += g[c] * x
		}
		lp.y[i] = y
	}
}

// slackDual is the dual of the row held by the slack at basis position p:
// its cost times its sign, pen for u and 0 for s.
func (lp *Cover) slackDual(p int) float64 {
	if lp.basis[p] < -lp.m {
		return 0
	}
	return lp.pen
}

// sign is the slack at basis position p's entry on its row.
func (lp *Cover) sign(p int) float64 {
	if lp.basis[p] < -lp.m {
		return -1
	}
	return 1
}

// slackRow is the row of slack variable v < 0.
func (lp *Cover) slackRow(v int) int {
	if v < -lp.m {
		return -1 - lp.m - v
	}
	return -1 - v
}

// solve sets x (per basis position) to B^-1 a for a per row, and ds (per
// structural slot) to its structural part: x_S = A_SS^-1 a_S, then on the
// row i held by the slack at p, x_p = D_p (a_i - (A_US x_S)_i), the product
// summed along the rows from the differences at the ends of the runs.
func (lp *Cover) solve(x, ds, a []float64) {
	m, k := lp.m, lp.k
	ds = ds[:k]
	clear(ds)
	for s, i := range lp.slotRow[:k] {
		if v := a[i]; v != 0 {
			floats.AddScaled(ds, v, lp.w[s*m:s*m+k])
		}
	}
	diff := lp.diff
	clear(diff)
	for c, v := range ds {
		p := lp.slotPos[c]
		x[p] = v
		if v == 0 {
			continue
		}
		j := lp.basis[p]
		for _, r := range lp.runs[lp.runAt[j]:lp.runAt[j+1]] {
			diff[r.from] += r.val * v
			diff[r.to] -= r.val * v
		}
	}
	acc := 0.0
	for i, p := range lp.heldBy {
		acc += diff[i]
		if p >= 0 {
			x[p] = lp.sign(p) * (a[i] - acc)
		}
	}
}

// scatter sets a to the column of variable v (or clears its entries).
func (lp *Cover) scatter(v int, set bool) {
	switch {
	case v >= 0:
		c := &lp.cols[v]
		for k, row := range c.Rows {
			lp.a[row] = 0
			if set {
				lp.a[row] = c.Vals[k]
			}
		}
	case set && v >= -lp.m:
		lp.a[-1-v] = 1
	case set:
		lp.a[-1-lp.m-v] = -1
	default:
		lp.a[lp.slackRow(v)] = 0
	}
}

// heldRow sets rho (per S slot) to row r of B^-1 on S, for the slack at
// basis position r holding row i: -D_r (A_US A_SS^-1)[i], from the basic
// structural columns covering row i.
func (lp *Cover) heldRow(rho []float64, r, i int) {
	m, k := lp.m, lp.k
	cov := lp.covering[:0]
	for c, p := range lp.slotPos[:k] {
		if v := lp.entry(lp.basis[p], i); v != 0 {
			cov = append(cov, entry{c, v})
		}
	}
	lp.covering = cov
	f := -lp.sign(r)
	for s := range rho[:k] {
		row := lp.w[s*m : s*m+k]
		sum := 0.0
		for _, e := range cov {
			sum += e.val * row[e.slot]
		}
		rho[s] = f * sum
	}
}

// entry is column j's value on row i.
func (lp *Cover) entry(j, i int) float64 {
	runs := lp.runs[lp.runAt[j]:lp.runAt[j+1]]
	lo, hi := 0, len(runs) // the first run ending after i is in [lo, hi]
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if int(runs[h].to) > i {
			hi = h
		} else {
			lo = h + 1
		}
	}
	if lo < len(runs) && int(runs[lo].from) <= i {
		return runs[lo].val
	}
	return 0
}

const tol = 1e-9

// Solve pivots until no column prices out or maxPivots is reached; it
// reports whether the basis is optimal for the columns present. Each pivot
// costs O(k^2 + m + nnz(A)) for k structural columns in the basis.
func (lp *Cover) Solve(maxPivots int) bool {
	m := lp.m
	for it := 0; it < maxPivots; it++ {
		// entering variable: most negative reduced cost within a window of
		// columns scanned round-robin (partial pricing), the slacks always
		q, best := 0, -1e-7
		found := false
		nc := len(lp.cols)
		ysum := lp.ysum
		acc := 0.0 // in a register: the sum does not wait on its last store
		for k, v := range lp.y {
			acc += v
			ysum[k+1] = acc
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
		lp.scatter(q, true)
		lp.solve(d, lp.ds, lp.a)
		lp.scatter(q, false)
		// ratio test, ties to the largest pivot for stability
		r, theta := -1, math.Inf(1)
		for i := 0; i < m; i++ {
			if d[i] > 1e-9 {
				t := 0.0 // degenerate rows are many: no division for them
				if x := lp.xb[i]; x > 0 {
					t = x / d[i]
				}
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
		lp.pivot(q, r, best)
		lp.pivots++
		if lp.pivots%reinvert == 0 {
			lp.refactor()
		}
	}
	return false
}

// pivot replaces the variable at basis position r with q, for d = B^-1 a_q
// in lp.d (ds its structural part) and rc the reduced cost of q. B^-1 <- E
// B^-1: row r divided by d[r], d[i] times it taken from row i; on the
// columns of S, that moves A_SS^-1 along ds by row r of B^-1, and the
// duals along the new row r: y' = y + rc * (row r of B^-1). Then the slots
// follow the kinds of variables that entered and left.
func (lp *Cover) pivot(q, r int, rc float64) {
	m, k := lp.m, lp.k
	w, ds, rho := lp.w, lp.ds[:k], lp.rho[:k]
	leaving := lp.basis[r]
	cr := lp.posSlot[r]
	if cr >= 0 {
		for s := range rho {
			rho[s] = w[s*m+cr]
		}
	} else {
		lp.heldRow(rho, r, lp.slackRow(leaving))
	}
	slot, si := -1, -1 // q's structural slot; the S slot of the row slack q takes
	switch {
	case q >= 0 && cr >= 0:
		slot = cr
	case q >= 0:
		slot = k
		for s := range k {
			w[s*m+k] = 0
		}
	default:
		si = lp.rowSlot[lp.slackRow(q)] // -1: the other slack of its row leaves, ds = 0
	}
	inv := 1 / lp.d[r]
	for s, v := range rho {
		if s == si || v == 0 {
			continue
		}
		v *= inv
		if slot >= 0 || si >= 0 {
			floats.AddScaled(w[s*m:s*m+k], -v, ds)
		}
		if slot >= 0 {
			w[s*m+slot] = v
		}
		lp.y[lp.slotRow[s]] += rc * v
	}
	// column i of B^-1 for the row i the leaving slack held was its sign at
	// r: E makes it sign/d[r] at r, -d times that elsewhere
	fill := func(s, i int) {
		f := lp.sign(r) * inv
		row := w[s*m : s*m+k]
		for c, v := range ds {
			row[c] = -v * f
		}
		lp.y[i] += rc * f
		lp.slotRow[s], lp.rowSlot[i], lp.heldBy[i] = i, s, -1
	}
	switch {
	case q >= 0 && cr >= 0:
	case q >= 0: // a structural column for a slack: one more slot of each
		fill(k, lp.slackRow(leaving))
		w[k*m+k] = lp.sign(r) * inv
		lp.slotPos[k], lp.posSlot[r] = r, k
		lp.k++
	case cr >= 0: // a slack for a structural column: the last slots fill the freed ones
		last := k - 1
		if si != last {
			copy(w[si*m:si*m+k], w[last*m:last*m+k])
			lp.slotRow[si] = lp.slotRow[last]
			lp.rowSlot[lp.slotRow[si]] = si
		}
		if cr != last {
			for s := range last {
				w[s*m+cr] = w[s*m+last]
			}
			lp.slotPos[cr] = lp.slotPos[last]
			lp.posSlot[lp.slotPos[cr]] = cr
		}
		lp.posSlot[r] = -1
		lp.k--
	case si >= 0: // a slack for a slack on another row: that row takes this one's S slot
		fill(si, lp.slackRow(leaving))
	}
	if q < 0 {
		i := lp.slackRow(q)
		lp.rowSlot[i], lp.heldBy[i] = -1, r
	}
	lp.setBasic(leaving, false)
	lp.basis[r] = q
	lp.setBasic(q, true)
	if q < 0 {
		lp.y[lp.slackRow(q)] = lp.slackDual(r)
	}
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

// refactor recomputes A_SS^-1, then the basic values and duals: O(k^3 +
// nnz(A)) for k structural columns instead of O(m^3). If the basis has
// become numerically singular, the updated inverse is kept.
func (lp *Cover) refactor() {
	m := lp.m
	structural := lp.structural[:0]
	for p, v := range lp.basis {
		if v >= 0 {
			structural = append(structural, p)
		}
	}
	inner := grow(&lp.inner, m) // per row of S: its index among them
	rows := lp.rows[:0]
	for i, p := range lp.heldBy {
		if p < 0 {
			inner[i] = len(rows)
			rows = append(rows, i)
		}
	}
	lp.structural, lp.rows = structural, rows
	n := len(structural)
	ass := grow(&lp.ass, n*n) // A_SS, row-major
	clear(ass)
	for c, p := range structural {
		col := &lp.cols[lp.basis[p]]
		for k, row := range col.Rows {
			if lp.heldBy[row] < 0 {
				ass[inner[row]*n+c] = col.Vals[k]
			}
		}
	}
	perm := grow(&lp.perm, n)
	if invert(ass, perm, n) {
		copy(lp.slotRow, rows)
		for s, i := range rows {
			lp.rowSlot[i] = s
		}
		copy(lp.slotPos, structural)
		for c, p := range structural {
			lp.posSlot[p] = c
			for t, s := range perm {
				lp.w[s*m+c] = ass[c*n+t]
			}
		}
		lp.solve(lp.xb, lp.ds, lp.r)
		for i, x := range lp.xb {
			lp.xb[i] = math.Max(x, 0)
		}
	}
	lp.duals()
}

// invert overwrites the n x n row-major matrix a with its inverse, by
// Gauss-Jordan elimination with partial pivoting in place, its columns
// permuted: column t of the result is column perm[t] of a^-1. At step c,
// column c has become a column of I and takes the inverse's next one,
// that of the pivot row, so each row operation is one pass of n. It
// reports false where a is numerically singular.
func invert(a []float64, perm []int, n int) bool {
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
			for k := 0; k < n; k++ {
				a[p*n+k], a[c*n+k] = a[c*n+k], a[p*n+k]
			}
			perm[p], perm[c] = perm[c], perm[p]
		}
		piv := a[c*n : (c+1)*n]
		f := 1 / piv[c]
		piv[c] = 1
		floats.Scale(f, piv)
		for r := 0; r < n; r++ {
			g := a[r*n+c]
			if r == c || g == 0 {
				continue
			}
			a[r*n+c] = 0
			floats.AddScaled(a[r*n:(r+1)*n], -g, piv)
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
