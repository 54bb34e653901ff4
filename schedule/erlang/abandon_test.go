package erlang

import (
	"fmt"
	"math"
	"math/big"
	"testing"
)

// refA holds reference Erlang A values.
type refA struct {
	wait, sl, abandon, asa float64
}

// refAbandonPartialFractions computes Erlang A by a route independent of the
// package's: the stationary chain summed state by state, and for each queue
// position j the offered wait as a hypoexponential sum of exponentials with
// rates r_k = (x+k)/p, whose density is Σ_k c_k r_k e^{-r_k v} with
// c_k = Π_{i≠k} r_i/(r_i - r_k). Against patience Exp(θ = 1/p):
//
//	P(answered within T | j) = Σ_k c_k r_k (1 - e^{-(θ+r_k)T}) / (θ+r_k)
//	P(answered | j)          = Π_k r_k/(r_k+θ)
//	E[wait; answered | j]    = Σ_k c_k r_k / (θ+r_k)²
//
// The partial fractions cancel massively, hence 1,500 bits.
func refAbandonPartialFractions(n int, a, aht, patience, answer float64) refA {
	const prec = 1500
	f := func(v float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(v) }
	fi := func(v int) *big.Float { return new(big.Float).SetPrec(prec).SetInt64(int64(v)) }
	mu, theta, lambda := f(1/aht), f(1/patience), f(a/aht)
	// States with free agents: A^k/k! relative to π_0.
	free := f(0)
	term := f(1)
	for k := 0; k < n; k++ {
		free.Add(free, term)
		term.Mul(term, f(a))
		term.Quo(term, fi(k+1))
	}
	piN := term // A^n/n!
	total := new(big.Float).Copy(free)
	answeredAll := new(big.Float).Copy(free)
	inTime := new(big.Float).Copy(free)
	waitMass, abandon, waitSum := f(0), f(0), f(0)
	one := f(1)
	eps := new(big.Float).SetMantExp(f(1), -200)
	nmu := new(big.Float).Mul(fi(n), mu)
	pj := new(big.Float).Copy(piN) // π_{N+j}
	// e^{-(θ+r_k)T} = e^{-(x+1)T/p}·(e^{-T/p})^k with x = N·p/h.
	x := float64(n) * patience / aht
	e0 := refExpPrec(f(-(x+1)*answer/patience), prec)
	e1 := refExpPrec(f(-answer/patience), prec)
	var rates, cs []*big.Float // r_k and c_k for the current j
	for j := 0; ; j++ {
		rj := new(big.Float).Add(nmu, new(big.Float).Mul(fi(j), theta))
		cj := f(1)
		for k, rk := range rates {
			cj.Mul(cj, new(big.Float).Quo(rk, new(big.Float).Sub(rk, rj)))
			cs[k].Mul(cs[k], new(big.Float).Quo(rj, new(big.Float).Sub(rj, rk)))
		}
		rates, cs = append(rates, rj), append(cs, cj)
		pServed, pIn, eWait := f(1), f(0), f(0)
		e := new(big.Float).Copy(e0)
		for k, rk := range rates {
			pServed.Mul(pServed, new(big.Float).Quo(rk, new(big.Float).Add(rk, theta)))
			rt := new(big.Float).Add(theta, rk)
			w := new(big.Float).Mul(cs[k], rk)
			pIn.Add(pIn, new(big.Float).Quo(new(big.Float).Mul(w, new(big.Float).Sub(one, e)), rt))
			eWait.Add(eWait, new(big.Float).Quo(w, new(big.Float).Mul(rt, rt)))
			e.Mul(e, e1)
		}
		total.Add(total, pj)
		waitMass.Add(waitMass, pj)
		answeredAll.Add(answeredAll, new(big.Float).Mul(pj, pServed))
		abandon.Add(abandon, new(big.Float).Mul(pj, new(big.Float).Sub(one, pServed)))
		inTime.Add(inTime, new(big.Float).Mul(pj, pIn))
		waitSum.Add(waitSum, new(big.Float).Mul(pj, eWait))
		// π_{N+j+1} = π_{N+j}·λ/(Nμ + (j+1)θ)
		pj.Mul(pj, lambda)
		pj.Quo(pj, new(big.Float).Add(nmu, new(big.Float).Mul(fi(j+1), theta)))
		if new(big.Float).Quo(pj, total).Cmp(eps) < 0 && j > 2 {
			break
		}
	}
	var r refA
	r.wait, _ = new(big.Float).Quo(waitMass, total).Float64()
	r.sl, _ = new(big.Float).Quo(inTime, total).Float64()
	r.abandon, _ = new(big.Float).Quo(abandon, total).Float64()
	r.asa, _ = new(big.Float).Quo(waitSum, answeredAll).Float64()
	return r
}

// refExpPrec is refExp at a chosen precision.
func refExpPrec(x *big.Float, prec uint) *big.Float {
	y := new(big.Float).SetPrec(prec + 64).Set(x)
	k := 0
	for y.MantExp(nil) > -8 && y.Sign() != 0 {
		y.Quo(y, new(big.Float).SetInt64(2))
		k++
	}
	sum := new(big.Float).SetPrec(prec + 64).SetInt64(1)
	term := new(big.Float).SetPrec(prec + 64).SetInt64(1)
	eps := new(big.Float).SetMantExp(new(big.Float).SetInt64(1), -int(prec)-32)
	for i := 1; i < 1000; i++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetInt64(int64(i)))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	for ; k > 0; k-- {
		sum.Mul(sum, sum)
	}
	return sum
}

func TestErlangAPartialFractions(t *testing.T) {
	cases := []struct {
		n                        int
		a, aht, patience, answer float64
	}{
		{1, 0.5, 180, 60, 20},
		{2, 1.7, 300, 120, 20},
		{3, 3, 300, 100, 0},
		{5, 4.2, 240, 45, 10},
		{4, 6, 180, 200, 30}, // fewer agents than load: abandonment keeps it stable
		{10, 9.5, 180, 90, 20},
		{14, 10, 180, 600, 20},
		{12, 10, 348, 30, 60},
		{20, 18, 180, 40, 15},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%+v", c)
		want := refAbandonPartialFractions(c.n, c.a, c.aht, c.patience, c.answer)
		got := Queue{Load: c.a, AHT: c.aht, Patience: c.patience}.Evaluate(c.n, c.answer)
		checkRel(t, "P(wait) "+name, got.ProbWait, want.wait)
		checkRel(t, "SL "+name, got.ServiceLevel, want.sl)
		checkRel(t, "abandon "+name, got.AbandonRate, want.abandon)
		checkRel(t, "ASA "+name, got.ASA, want.asa)
		checkRel(t, "occupancy "+name, got.Occupancy, c.a*(1-want.abandon)/float64(c.n))
		if !got.Stable {
			t.Errorf("%s: Erlang A reported unstable", name)
		}
	}
}

// With patience equal to the handle time every customer leaves at rate 1/h,
// waiting or served, so the number present is Poisson(A) (M/M/∞):
//
//	P(wait)    = P(X >= N)
//	P(abandon) = E[(X-N)^+]/A = P(X >= N) - (N/A)·P(X >= N+1)
//	SL(T)      = P(X < N) + (N/A)·(P(X >= N+1) - P(Y >= N+1)),  Y ~ Poisson(A·e^{-T/h})
//
// (the last from the incomplete-gamma form of the answered-in-time integral
// with integer shape N+1). Reference: Poisson sums at 320 bits.
func TestErlangAPoisson(t *testing.T) {
	for _, c := range []struct {
		n         int
		a, answer float64
	}{
		{1, 0.3, 20}, {3, 2.5, 20}, {10, 10, 20}, {8, 12.5, 60}, {55, 48, 15},
		{120, 100, 20}, {980, 1000, 20}, {10200, 10000, 5},
	} {
		const aht = 300.0
		name := fmt.Sprintf("%+v", c)
		ge := func(mean float64, k int) *big.Float { g, _ := refPoissonGE(bf(mean), k); return g }
		pN, pN1 := ge(c.a, c.n), ge(c.a, c.n+1)
		w := math.Exp(-c.answer / aht)
		pY := ge(c.a*w, c.n+1)
		ratio := new(big.Float).Quo(bfInt(c.n), bf(c.a))
		ab := new(big.Float).Sub(pN, new(big.Float).Mul(ratio, pN1))
		sl := new(big.Float).Sub(pN1, pY)
		sl.Mul(sl, ratio)
		sl.Add(sl, new(big.Float).Sub(bf(1), pN))
		wantWait, _ := pN.Float64()
		wantAb, _ := ab.Float64()
		wantSL, _ := sl.Float64()
		got := Queue{Load: c.a, AHT: aht, Patience: aht}.Evaluate(c.n, c.answer)
		checkRel(t, "P(wait) "+name, got.ProbWait, wantWait)
		checkRel(t, "abandon "+name, got.AbandonRate, wantAb)
		checkRel(t, "SL "+name, got.ServiceLevel, wantSL)
	}
}

// As patience grows without bound Erlang A becomes Erlang C; the gap is of
// order h/p.
func TestErlangALongPatience(t *testing.T) {
	for _, c := range []struct {
		n int
		a float64
	}{{1, 0.5}, {14, 10}, {55, 48}, {1030, 1000}, {100300, 100000}} {
		const aht, answer, patience = 240.0, 20.0, 1e14
		name := fmt.Sprintf("N=%d A=%g", c.n, c.a)
		got := Queue{Load: c.a, AHT: aht, Patience: patience}.Evaluate(c.n, answer)
		want := Queue{Load: c.a, AHT: aht}.Evaluate(c.n, answer)
		checkRel(t, "P(wait) "+name, got.ProbWait, want.ProbWait)
		checkRel(t, "SL "+name, got.ServiceLevel, want.ServiceLevel)
		checkRel(t, "ASA "+name, got.ASA, want.ASA)
		if got.AbandonRate > 1e-9 {
			t.Errorf("%s: abandon rate %g with near-infinite patience", name, got.AbandonRate)
		}
	}
}

// Heavy overload is stable under Erlang A: finite values, no NaN, the
// abandonment absorbing the excess load.
func TestErlangAOverload(t *testing.T) {
	for _, c := range []struct {
		n                int
		a, patience, ans float64
	}{{1, 50, 60, 20}, {10, 1000, 600, 20}, {500, 1000, 3000, 20}, {50000, 100000, 300, 20}, {3, 5, 0.01, 20}} {
		name := fmt.Sprintf("%+v", c)
		m := Queue{Load: c.a, AHT: 300, Patience: c.patience}.Evaluate(c.n, c.ans)
		for what, v := range map[string]float64{"P(wait)": m.ProbWait, "SL": m.ServiceLevel, "abandon": m.AbandonRate, "ASA": m.ASA, "occupancy": m.Occupancy} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Errorf("%s: %s = %v", name, what, v)
			}
		}
		// Served load cannot exceed the agents: A(1-P(ab)) <= N.
		if m.Occupancy > 1 || m.AbandonRate < 1-float64(c.n)/c.a-1e-12 {
			t.Errorf("%s: occupancy %v, abandon rate %v inconsistent with overload", name, m.Occupancy, m.AbandonRate)
		}
	}
}

func TestAgentsErlangA(t *testing.T) {
	for _, a := range []float64{0.2, 3, 10, 48, 250, 4000} {
		for _, patience := range []float64{10, 60, 300, 3600} {
			for _, tg := range []Targets{
				{ServiceLevel: 0.8, Answer: 20},
				{ServiceLevel: 0.9, Answer: 60, MaxOccupancy: 0.9},
				{ASA: 10},
				{MaxOccupancy: 0.85},
			} {
				q := Queue{Load: a, AHT: 240, Patience: patience}
				name := fmt.Sprintf("A=%g p=%g %+v", a, patience, tg)
				m, err := q.Agents(tg)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !tg.meets(m) || m != q.Evaluate(m.Agents, tg.Answer) {
					t.Errorf("%s: %+v does not meet the targets", name, m)
				}
				// One agent fewer fails, and so does every smaller count.
				for _, k := range []int{m.Agents - 1, m.Agents / 2} {
					if k >= 1 && tg.meets(q.Evaluate(k, tg.Answer)) {
						t.Errorf("%s: %d agents already meet the targets, got %d", name, k, m.Agents)
					}
				}
			}
		}
	}
}

// refPoissonGE returns P(Poisson(mean) >= k) and the pmf at k, at 320 bits.
func refPoissonGE(mean *big.Float, k int) (ge, pmf *big.Float) {
	term := refExp(new(big.Float).Neg(mean))
	cdf := bf(0)
	for i := 0; i < k; i++ {
		cdf.Add(cdf, term)
		term.Mul(term, mean)
		term.Quo(term, bfInt(i+1))
	}
	return cdf.Sub(bf(1), cdf), term
}

// When x = N·p/h is a whole number the Erlang A sums are incomplete gamma
// functions of integer shape, that is Poisson tails (y = A·p/h, w = e^{-T/p}):
//
//	S      = P(Pois(y) >= x) / P(Pois(y) = x)
//	served = (x/y)·P(Pois(y) >= x+1) / P(Pois(y) = x)
//	W_T    = (x/y)·(P(Pois(y) >= x+1) - P(Pois(y·w) >= x+1)) / P(Pois(y) = x)
//
// and with I-1 = Σ_{k<N} A^k/k! / (A^N/N!) from the Erlang series,
// P(wait) = S/(I-1+S), SL = (I-1+W_T)/(I-1+S), P(abandon) = (S-served)/(I-1+S).
// This route shares nothing with the package's sums.
func TestErlangAIncompleteGamma(t *testing.T) {
	for _, c := range []struct {
		n    int
		a    float64
		ph   float64 // patience / AHT
		ans  float64
		name string
	}{
		{12, 10, 2, 20, "small, patient"},
		{60, 55.5, 3, 20, "medium"},
		{1040, 1000, 0.5, 20, "large, impatient"},
		{9000, 10000, 1.5, 20, "overloaded"},
		{10100, 10000, 2, 5, "very large"},
	} {
		const aht = 300.0
		x := int(math.Round(float64(c.n) * c.ph))
		y := bf(c.a * c.ph)
		w := math.Exp(-c.ans / (c.ph * aht))
		terms, sums := refSeries(c.a, []int{c.n - 1, c.n})
		m1 := new(big.Float).Quo(sums[0], terms[1])
		geX, pmf := refPoissonGE(y, x)
		geX1, _ := refPoissonGE(y, x+1)
		geW, _ := refPoissonGE(new(big.Float).Mul(y, bf(w)), x+1)
		ratio := new(big.Float).Quo(bfInt(x), y)
		s := new(big.Float).Quo(geX, pmf)
		served := new(big.Float).Quo(new(big.Float).Mul(ratio, geX1), pmf)
		wt := new(big.Float).Sub(geX1, geW)
		wt.Mul(wt, ratio)
		wt.Quo(wt, pmf)
		z := new(big.Float).Add(m1, s)
		f := func(num *big.Float) float64 { v, _ := new(big.Float).Quo(num, z).Float64(); return v }
		got := Queue{Load: c.a, AHT: aht, Patience: c.ph * aht}.Evaluate(c.n, c.ans)
		checkRel(t, "P(wait) "+c.name, got.ProbWait, f(s))
		checkRel(t, "SL "+c.name, got.ServiceLevel, f(new(big.Float).Add(m1, wt)))
		checkRel(t, "abandon "+c.name, got.AbandonRate, f(new(big.Float).Sub(s, served)))
	}
}

// A guess changes the work, never the answer.
func TestAgentsNear(t *testing.T) {
	for _, a := range []float64{0.4, 7.5, 33, 480, 30000} {
		for _, patience := range []float64{0, 20, 240} {
			q := Queue{Load: a, AHT: 300, Patience: patience}
			tg := Targets{ServiceLevel: 0.85, Answer: 15, MaxOccupancy: 0.9}
			want, err := q.Agents(tg)
			if err != nil {
				t.Fatal(err)
			}
			for _, guess := range []int{-1, 1, want.Agents - 3, want.Agents - 1, want.Agents, want.Agents + 1, want.Agents + 7, 10 * want.Agents} {
				got, err := q.AgentsNear(tg, guess)
				if err != nil || got != want {
					t.Errorf("A=%g p=%g guess %d: %+v, %v; want %+v", a, patience, guess, got, err, want)
				}
			}
		}
	}
}
