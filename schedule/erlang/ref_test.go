package erlang

import (
	"math"
	"math/big"
)

// Reference values computed independently of the code under test: direct
// summation of the Erlang series in big.Float at 320 bits, never the
// recursion the package uses.

const refPrec = 320

func bf(x float64) *big.Float { return new(big.Float).SetPrec(refPrec).SetFloat64(x) }

func bfInt(n int) *big.Float { return new(big.Float).SetPrec(refPrec).SetInt64(int64(n)) }

// refSeries returns, for each n in ns (ascending), the last term A^n/n! and
// the partial sum Σ_{k<=n} A^k/k!.
func refSeries(a float64, ns []int) (terms, sums []*big.Float) {
	ba := bf(a)
	term, sum := bf(1), bf(1)
	k := 0
	for _, n := range ns {
		for k < n {
			k++
			term.Mul(term, ba)
			term.Quo(term, bfInt(k))
			sum.Add(sum, term)
		}
		terms = append(terms, new(big.Float).Copy(term))
		sums = append(sums, new(big.Float).Copy(sum))
	}
	return terms, sums
}

// refExp returns e^x at the reference precision.
func refExp(x *big.Float) *big.Float { return refExpPrec(x, refPrec) }

// refErlang holds reference B, C, service level and ASA of one (n, A).
type refErlang struct {
	n                int
	a, b, c, sl, asa float64
	aht, answer      float64
}

// refErlangs returns the references for every n in ns (ascending) at load a.
// C, SL and ASA are left 0 where n <= a.
func refErlangs(a, aht, answer float64, ns []int) []refErlang {
	terms, sums := refSeries(a, ns)
	out := make([]refErlang, len(ns))
	for i, n := range ns {
		r := refErlang{n: n, a: a, aht: aht, answer: answer}
		b := new(big.Float).Quo(terms[i], sums[i])
		r.b, _ = b.Float64()
		if float64(n) > a {
			// C = n·B / (n - A(1 - B))
			one := bf(1)
			den := new(big.Float).Sub(one, b)
			den.Mul(den, bf(a))
			den.Sub(bfInt(n), den)
			c := new(big.Float).Mul(bfInt(n), b)
			c.Quo(c, den)
			r.c, _ = c.Float64()
			// SL = 1 - C·exp(-(n-A)·t/h)
			x := new(big.Float).Sub(bfInt(n), bf(a))
			x.Mul(x, bf(answer))
			x.Quo(x, bf(aht))
			x.Neg(x)
			sl := new(big.Float).Mul(c, refExp(x))
			sl.Sub(one, sl)
			r.sl, _ = sl.Float64()
			asa := new(big.Float).Mul(c, bf(aht))
			asa.Quo(asa, new(big.Float).Sub(bfInt(n), bf(a)))
			r.asa, _ = asa.Float64()
		}
		out[i] = r
	}
	return out
}

// relErr is |got-want|/|want|, or |got| when want is 0.
func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}
