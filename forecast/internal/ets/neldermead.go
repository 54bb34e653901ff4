package ets

import "math"

// nelderMead minimises f from start by the Nelder-Mead simplex search in
// the variant of Nash (1990, "Compact numerical methods for computers",
// algorithm 19), which R's optim and ets use, with R's settings:
// reflection 1, contraction 0.5, expansion 2, an initial simplex stepping
// each coordinate by a tenth of the largest one, and a stop when the
// simplex's values are within a relative 1.5e-8 of the starting value or
// after maxEval evaluations. Following the same search as R matters where
// the likelihood is flat: the optimum found is then where R stops.
// Non-finite values count as 1e35. ok is false when f(start) is not finite.
func nelderMead(f func([]float64) float64, start []float64, maxEval int) (best []float64, fbest float64, ok bool) {
	const (
		reflect, contract, expand = 1.0, 0.5, 2.0
		relTol                    = 1.4901161193847656e-08 // sqrt of the float64 epsilon
		big                       = 1e35
	)
	n := len(start)
	f0 := f(start)
	if math.IsNaN(f0) || math.IsInf(f0, 0) {
		return nil, 0, false
	}
	eval := func(x []float64) float64 {
		v := f(x)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return big
		}
		return v
	}
	convTol := relTol * (math.Abs(f0) + relTol)
	evals := 1
	// The simplex: start and one vertex per coordinate.
	pts := make([][]float64, n+1)
	val := make([]float64, n+1)
	pts[0], val[0] = append([]float64(nil), start...), f0
	step := 0.0
	for _, v := range start {
		step = math.Max(step, 0.1*math.Abs(v))
	}
	if step == 0 {
		step = 0.1
	}
	size := 0.0
	for j := 1; j <= n; j++ {
		pts[j] = append([]float64(nil), start...)
		try := step
		for pts[j][j-1] == start[j-1] { // a step lost to rounding grows
			pts[j][j-1] = start[j-1] + try
			try *= 10
		}
		size += try
	}
	oldSize := size
	lo := 0
	fresh := true // vertices other than lo need evaluating
	cen := make([]float64, n)
	try := make([]float64, n)
	for {
		if fresh {
			for j := range pts {
				if j != lo {
					val[j] = eval(pts[j])
					evals++
				}
			}
			fresh = false
		}
		vl, vh, hi := val[lo], val[lo], lo
		for j, v := range val {
			if j == lo {
				continue
			}
			if v < vl {
				lo, vl = j, v
			}
			if v > vh {
				hi, vh = j, v
			}
		}
		if vh <= vl+convTol {
			break
		}
		for i := range cen {
			s := -pts[hi][i]
			for _, p := range pts {
				s += p[i]
			}
			cen[i] = s / float64(n)
		}
		for i := range try {
			try[i] = (1+reflect)*cen[i] - reflect*pts[hi][i]
		}
		vr := eval(try)
		evals++
		if vr < vl {
			refl := append([]float64(nil), try...)
			for i := range try {
				try[i] = expand*refl[i] + (1-expand)*cen[i]
			}
			fe := eval(try)
			evals++
			if fe < vr {
				copy(pts[hi], try)
				val[hi] = fe
			} else {
				copy(pts[hi], refl)
				val[hi] = vr
			}
		} else {
			if vr < vh {
				copy(pts[hi], try)
				val[hi] = vr
			}
			for i := range try {
				try[i] = (1-contract)*pts[hi][i] + contract*cen[i]
			}
			fc := eval(try)
			evals++
			if fc < val[hi] {
				copy(pts[hi], try)
				val[hi] = fc
			} else if vr >= vh {
				// Shrink toward the best vertex; stop once that no longer
				// makes the simplex smaller.
				fresh = true
				size = 0
				for j, p := range pts {
					if j == lo {
						continue
					}
					for i := range p {
						p[i] = contract*(p[i]-pts[lo][i]) + pts[lo][i]
						size += math.Abs(p[i] - pts[lo][i])
					}
				}
				if size >= oldSize {
					break
				}
				oldSize = size
			}
		}
		if evals > maxEval {
			break
		}
	}
	return pts[lo], val[lo], true
}
