package lp

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	gonumlp "gonum.org/v1/gonum/optimize/convex/lp"
)

// TestCoverMatchesGonum solves small random covering programs, min c·x +
// pen·sum(u) s.t. A x + u >= r with A of 0/1 entries, and checks the
// optimum against gonum's dense simplex on the same program in standard
// form, [A I -I] (x, u, s) = r. Columns arrive in two batches, as column
// generation adds them.
func TestCoverMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		m, n := 2+rng.IntN(7), 2+rng.IntN(12)
		pen := 0.5 + 4*rng.Float64() // sometimes under-covering is cheaper
		r := make([]float64, m)
		for i := range r {
			r[i] = float64(rng.IntN(6))
		}
		cols := make([]Column, n)
		for j := range cols {
			c := Column{Cost: 1 + 2*rng.Float64()}
			for i := range m {
				if rng.IntN(2) == 0 {
					c.Rows = append(c.Rows, int32(i))
					c.Vals = append(c.Vals, 1)
				}
			}
			if len(c.Rows) == 0 {
				i := rng.IntN(m)
				c.Rows, c.Vals = []int32{int32(i)}, []float64{1}
			}
			cols[j] = c
		}

		cover := NewCover(r, pen)
		for _, c := range cols[:n/2] {
			cover.Add(c)
		}
		if !cover.Solve(10000) {
			t.Fatalf("trial %d: first batch not optimal", trial)
		}
		for _, c := range cols[n/2:] {
			cover.Add(c)
		}
		if !cover.Solve(10000) {
			t.Fatalf("trial %d: not optimal", trial)
		}

		want := gonumOptimum(t, r, pen, cols)
		if got := cover.Value(); !scalar.EqualWithinAbsOrRel(got, want, 1e-7, 1e-7) {
			t.Errorf("trial %d (%d rows, %d columns): optimum %.10g, gonum %.10g", trial, m, n, got, want)
		}
		// The primal solution reported has the reported value.
		x := cover.X()
		covered := make([]float64, m)
		z := 0.0
		for j, c := range cols {
			z += c.Cost * x[j]
			for k, i := range c.Rows {
				covered[i] += c.Vals[k] * x[j]
			}
		}
		for i := range r {
			z += pen * max(0, r[i]-covered[i])
		}
		if !scalar.EqualWithinAbsOrRel(z, want, 1e-7, 1e-7) {
			t.Errorf("trial %d: X costs %.10g, the optimum is %.10g", trial, z, want)
		}
	}
}

// gonumOptimum solves the covering program with gonum's Simplex, starting
// from the basis of the u columns.
func gonumOptimum(t *testing.T, r []float64, pen float64, cols []Column) float64 {
	t.Helper()
	m, n := len(r), len(cols)
	a := mat.NewDense(m, n+2*m, nil)
	c := make([]float64, n+2*m)
	for j, col := range cols {
		c[j] = col.Cost
		for k, i := range col.Rows {
			a.Set(int(i), j, col.Vals[k])
		}
	}
	basic := make([]int, m)
	for i := range m {
		a.Set(i, n+i, 1)
		a.Set(i, n+m+i, -1)
		c[n+i] = pen
		basic[i] = n + i
	}
	opt, _, err := gonumlp.Simplex(c, a, r, 1e-10, basic)
	if err != nil {
		t.Fatalf("gonum: %v", err)
	}
	return opt
}

// TestInvert checks invert's permuted inverse against the identity, on
// matrices that need row exchanges, and its refusal of singular ones.
func TestInvert(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := func(n int, density float64) []float64 {
		a := make([]float64, n*n)
		for i := range n {
			a[i*n+(i+1)%n] = 1 + rng.Float64() // keeps it regular with probability one
			for j := range n {
				if rng.Float64() < density {
					a[i*n+j] = float64(1 + rng.IntN(3))
				}
			}
		}
		return a
	}
	for _, tc := range []struct {
		name     string
		n        int
		a        []float64
		singular bool
	}{
		{"one", 1, []float64{4}, false},
		{"zero diagonal", 2, []float64{0, 2, 3, 0}, false},
		{"permutation", 3, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0}, false},
		{"pivot below", 3, []float64{1, 2, 0, 5, 1, 1, 0, 1, 3}, false},
		{"sparse", 40, random(40, 0.1), false},
		{"dense", 60, random(60, 0.9), false},
		{"repeated row", 3, []float64{1, 1, 0, 0, 1, 1, 1, 1, 0}, true},
		{"zero column", 2, []float64{0, 1, 0, 2}, true},
	} {
		n := tc.n
		a := mat.NewDense(n, n, append([]float64(nil), tc.a...))
		inv, perm := append([]float64(nil), tc.a...), make([]int, n)
		if ok := invert(inv, perm, n); ok == tc.singular {
			t.Errorf("%s: invert reports regular %v", tc.name, ok)
			continue
		}
		if tc.singular {
			continue
		}
		got := mat.NewDense(n, n, nil)
		for c := range n {
			for s, r := range perm {
				got.Set(c, r, inv[c*n+s])
			}
		}
		var prod mat.Dense
		prod.Mul(a, got)
		if !mat.EqualApprox(&prod, eye(n), 1e-9) {
			t.Errorf("%s: a times its inverse is\n%v", tc.name, mat.Formatted(&prod))
		}
	}
}

func eye(n int) *mat.Dense {
	d := mat.NewDense(n, n, nil)
	for i := range n {
		d.Set(i, i, 1)
	}
	return d
}

// TestBasisAlongPivots pivots random covering programs of shift-like
// columns (runs of consecutive rows, some at half value, some zeros) one
// pivot at a time and checks, after every pivot and after every fresh
// inversion, the slots and B^-1 they give, the basic values and the duals
// against the basis inverted by gonum. Every kind of entering and leaving
// variable must have pivoted, in at most 100 programs.
func TestBasisAlongPivots(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	kinds := map[[2]string]int{}
	kind := func(lp *Cover, v int) string {
		switch {
		case v >= 0:
			return "structural"
		case v >= -lp.m:
			return "u"
		}
		return "s"
	}
	names := []string{"structural", "u", "s"}
	missing := func() string { // a kind of pivot not seen yet
		for _, in := range names {
			for _, out := range names {
				if in != out && kinds[[2]string{in, out}] == 0 {
					return in + " entering and " + out + " leaving"
				}
			}
		}
		return ""
	}
	for trial := 0; trial < 12 || trial < 100 && missing() != ""; trial++ {
		m := 20 + rng.IntN(30)
		r := make([]float64, m)
		for i := range r {
			r[i] = float64(rng.IntN(8))
		}
		cover := NewCover(r, 0.5+4*rng.Float64())
		for range 6 * m {
			c := Column{Cost: 1 + rng.Float64()}
			for day := rng.IntN(m); day < m; day += 6 + rng.IntN(m) {
				v := 1.0
				if rng.IntN(4) == 0 {
					v = 0.5
				}
				for i := day; i < min(m, day+2+rng.IntN(4)); i++ {
					c.Rows = append(c.Rows, int32(i))
					c.Vals = append(c.Vals, v)
					if rng.IntN(6) == 0 { // a break: held as a zero
						c.Vals[len(c.Vals)-1] = 0
					}
				}
			}
			cover.Add(c)
		}
		for pivot := 0; ; pivot++ {
			before := append([]int(nil), cover.basis...)
			if cover.Solve(1) {
				break
			}
			for i, v := range before {
				if v != cover.basis[i] {
					kinds[[2]string{kind(cover, cover.basis[i]), kind(cover, v)}]++
				}
			}
			checkBasis(t, cover, trial, pivot, "updated")
			if pivot%7 == 6 {
				cover.refactor()
				checkBasis(t, cover, trial, pivot, "inverted")
			}
			if t.Failed() {
				return
			}
		}
	}
	if what := missing(); what != "" {
		t.Errorf("no pivot of %s: %v", what, kinds)
	}
}

// checkBasis compares cover's B^-1, basic values and duals with those of its
// basis inverted by gonum.
func checkBasis(t *testing.T, lp *Cover, trial, pivot int, what string) {
	t.Helper()
	m := lp.m
	b := mat.NewDense(m, m, nil)
	cb := make([]float64, m)
	for i, v := range lp.basis {
		cb[i] = lp.costOf(v)
		switch {
		case v >= 0:
			for k, row := range lp.cols[v].Rows {
				b.Set(int(row), i, lp.cols[v].Vals[k])
			}
		case v >= -m:
			b.Set(-1-v, i, 1)
		default:
			b.Set(-1-m-v, i, -1)
		}
	}
	var want mat.Dense
	if err := want.Inverse(b); err != nil {
		t.Fatalf("trial %d pivot %d: basis singular: %v", trial, pivot, err)
	}
	got := inverse(t, lp)
	if !mat.EqualApprox(got, &want, 1e-8) {
		t.Errorf("trial %d pivot %d, %s: B^-1 differs from gonum's", trial, pivot, what)
	}
	var xb, y mat.VecDense
	xb.MulVec(&want, mat.NewVecDense(m, lp.r))
	y.MulVec(want.T(), mat.NewVecDense(m, cb))
	for i := range m {
		if !scalar.EqualWithinAbsOrRel(max(lp.xb[i], 0), max(xb.AtVec(i), 0), 1e-8, 1e-8) {
			t.Errorf("trial %d pivot %d, %s: x_B[%d] = %g, want %g", trial, pivot, what, i, lp.xb[i], xb.AtVec(i))
		}
		if !scalar.EqualWithinAbsOrRel(lp.y[i], y.AtVec(i), 1e-8, 1e-8) {
			t.Errorf("trial %d pivot %d, %s: y[%d] = %g, want %g", trial, pivot, what, i, lp.y[i], y.AtVec(i))
		}
	}
}

// inverse checks the slots of lp against its basis and returns the B^-1
// they give, from A_SS^-1 and the columns of the basis.
func inverse(t *testing.T, lp *Cover) *mat.Dense {
	t.Helper()
	m, k := lp.m, lp.k
	structural := 0
	for p, v := range lp.basis {
		switch {
		case v >= 0:
			structural++
			if c := lp.posSlot[p]; c < 0 || c >= k || lp.slotPos[c] != p {
				t.Fatalf("structural position %d has slot %d", p, c)
			}
		case lp.heldBy[lp.slackRow(v)] != p || lp.posSlot[p] != -1:
			t.Fatalf("slack position %d: its row is held by %d, its slot %d", p, lp.heldBy[lp.slackRow(v)], lp.posSlot[p])
		}
	}
	if structural != k {
		t.Fatalf("%d structural columns in %d slots", structural, k)
	}
	for i, p := range lp.heldBy {
		s := lp.rowSlot[i]
		if (p < 0) != (s >= 0) || s >= k || s >= 0 && lp.slotRow[s] != i {
			t.Fatalf("row %d held by %d has S slot %d", i, p, s)
		}
	}
	b := mat.NewDense(m, m, nil)
	for i, p := range lp.heldBy {
		if p >= 0 {
			b.Set(p, i, lp.sign(p))
			continue
		}
		s := lp.rowSlot[i]
		for c := range k {
			b.Set(lp.slotPos[c], i, lp.w[s*m+c])
		}
		for j, p := range lp.heldBy {
			if p < 0 {
				continue
			}
			v := 0.0
			for c := range k {
				v += lp.entry(lp.basis[lp.slotPos[c]], j) * lp.w[s*m+c]
			}
			b.Set(p, i, -lp.sign(p)*v)
		}
	}
	return b
}
