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
