package erlang

import (
	"fmt"
	"math"
)

// Erlang A (M/M/N+M, Palm's queue): Poisson arrivals at rate λ, N agents with
// exponential handle times of mean h (A = λh), and waiting customers who
// abandon after an exponential patience of mean p. The birth-death chain has
// π_k ∝ A^k/k! for k <= N agents busy and, with j >= 0 customers waiting,
// π_{N+j} = π_N·t_j with
//
//	t_j = Π_{i=1..j} y/(x+i),  x = N·p/h,  y = A·p/h.
//
// Relative to π_N the states without a wait weigh I(N)-1 = 1/B(N,A) - 1 and
// those with one S = Σ_j t_j. By PASTA an arrival that finds j waiting has an
// offered wait V_j = Σ_{k=0..j} Exp((x+k)/p) (service completions and
// abandonments ahead of it), and e^{-V_j/p} ~ Beta(x, j+1). Measured
// against its own patience τ ~ Exp(1/p), it is answered with probability
// E[e^{-V_j/p}] = x/(x+j+1), after a mean wait (among answered) built from
// E[V e^{-V/p}] = p·x/(x+j+1)·H_j, H_j = Σ_{i=1..j+1} 1/(x+i), and within T
// seconds with probability x/(x+j+1)·P(X >= j+1), where X is negative
// binomial with r = x+1 and success probability w = e^{-T/p}. Summing over j,
// with c_j = t_j·x/(x+j+1) and C_k = Σ_{j<k} c_j:
//
//	Z            = I-1 + S
//	P(wait)      = S / Z
//	P(abandon)   = Σ_j t_j·(j+1)/(x+j+1) / Z
//	SL(T)        = (I-1 + Σ_{k>=1} P(X=k)·C_k) / Z
//	ASA          = p·Σ_j c_j·H_j / (I-1 + Σ_j c_j)
//	occupancy    = A·(1 - P(abandon)) / N
//
// Every sum has positive terms only, so each quantity keeps full relative
// precision; sums are rescaled by powers of two where they would overflow.

// rescale is the magnitude past which running sums are scaled down: low
// enough that a product of a scaled probability and a scaled sum, summed
// over many terms, stays finite.
var rescale = math.Ldexp(1, 400)

// negligible is the relative size below which a series' tail is dropped.
const negligible = 1e-18

// sumsA holds the Erlang A sums of the comment above, all divided by
// e^scale, except inTime, which is divided by e^(scale+qscale).
type sumsA struct {
	scale, qscale float64
	wait          float64 // S
	served        float64 // Σ c_j
	abandon       float64 // Σ t_j (j+1)/(x+j+1)
	delay         float64 // Σ c_j H_j
	inTime        float64 // Σ P(X=k) C_k
	cdf           float64 // Σ_{k <= last} P(X=k), over the same scale as inTime
}

// sumA computes the sums for x, y and tp = T/p. It costs
// O(max(0, y-x) + √x + 1/(1-y/x)) terms for the queue lengths, bounded by the
// terms of X while X's median lies below them.
func sumA(x, y, tp float64) sumsA {
	var s sumsA
	z := -math.Expm1(-tp) // failure probability of X
	q := 1.0              // P(X=k) / e^qscale
	if lq := -tp * (x + 1); lq > -600 {
		q = math.Exp(lq)
	} else {
		s.qscale = lq
	}
	s.cdf = q
	t, h, ck := 1.0, 0.0, 0.0
	j := 0.0
	for ; ; j++ {
		d := x + j + 1
		id := 1 / d
		h += id
		c := t * x * id
		s.wait += t
		s.served += c
		s.abandon += t * (j + 1) * id
		s.delay += c * h
		ck += c // C_{j+1}
		if z > 0 {
			q *= z * d / (j + 1) // P(X=j+1)
			s.cdf += q
			s.inTime += q * ck
		}
		r := y * id
		t *= r
		if t > rescale {
			t /= rescale
			s.wait /= rescale
			s.served /= rescale
			s.abandon /= rescale
			s.delay /= rescale
			ck /= rescale
			s.inTime /= rescale
			s.scale += math.Log(rescale)
		}
		if q > rescale {
			q /= rescale
			s.cdf /= rescale
			s.inTime /= rescale
			s.qscale += math.Log(rescale)
		}
		// The ratios y/(x+i) fall with i, so once below 1 the rest of S is
		// at most t/(1-r).
		if r < 1 && t <= negligible*s.wait*(1-r) {
			break
		}
	}
	if z == 0 {
		return s
	}
	// C_k has reached Σ c_j, so the rest of Σ P(X=k)·C_k is Σ c_j·P(X > last).
	if cdf := expScaled(s.cdf, s.qscale); cdf < 0.5 {
		// 1 - cdf keeps its precision here.
		s.inTime = expScaled(s.inTime, s.qscale) + ck*(1-cdf)
		s.qscale = 0
		return s
	}
	// X's median lies below: its tail decays, add it term by term.
	for k := j + 2; ; k++ {
		q *= z * (x + k) / k // P(X=k)
		s.cdf += q
		s.inTime += q * ck
		if next := z * (x + k + 1) / (k + 1); next < 1 && q*next/(1-next) <= negligible*s.cdf {
			break
		}
	}
	return s
}

// expScaled returns v·e^scale without overflowing or underflowing early.
func expScaled(v, scale float64) float64 {
	if v == 0 || scale == 0 {
		return v
	}
	return math.Exp(math.Log(v) + scale)
}

// evaluateA returns the Erlang A metrics; see Evaluate.
func (q Queue) evaluateA(n int, answer float64) Metrics {
	a := q.Load
	m := Metrics{Agents: n, Load: a, Stable: true, ServiceLevel: 1}
	switch {
	case a == 0:
		return m
	case n == 0:
		// Nobody is ever answered.
		m.ProbWait, m.ServiceLevel, m.ASA, m.Occupancy, m.AbandonRate = 1, 0, math.Inf(1), 1, 1
		return m
	}
	in, m1 := inv(n, a)
	if math.IsInf(in, 1) {
		// B(N, A) underflows: no arrival waits, to float64 precision.
		m.Occupancy = a / float64(n)
		return m
	}
	x := float64(n) * q.Patience / q.AHT
	y := a * q.Patience / q.AHT
	s := sumA(x, y, answer/q.Patience)
	free := expScaled(m1, -s.scale) // I-1 on the sums' scale; may underflow
	z := free + s.wait
	m.ProbWait = s.wait / z
	m.AbandonRate = s.abandon / z
	answered := free + s.served
	m.Occupancy = math.Min(a*(answered/z)/float64(n), 1)
	m.ASA = q.Patience * s.delay / answered
	m.ServiceLevel = (free + expScaled(s.inTime, s.qscale)) / z
	return m
}

// agentsA finds the fewest agents under Erlang A, assuming, as holds for
// M/M/N+M, that service level and ASA improve and occupancy falls with every
// agent added. It starts from guess, or the Erlang C answer when guess <= 0,
// gallops to bracket the answer and bisects.
func (q Queue) agentsA(t Targets, guess int) (Metrics, error) {
	probe := func(n int) (Metrics, bool) {
		m := q.evaluateA(n, t.Answer)
		return m, t.meets(m)
	}
	if guess <= 0 {
		guess = int(math.Floor(q.Load)) + 1
		if m, err := (Queue{Load: q.Load, AHT: q.AHT}).Agents(t); err == nil {
			guess = m.Agents
		}
	}
	// The limit is set by the load and targets, not the guess, which may be
	// far off: Erlang A never needs more agents than Erlang C's start plus
	// the limit's margin.
	limit := searchLimit(max(guess, startC(q.Load, t)), q.Load)
	hi := max(guess, 1)
	best, good := probe(hi)
	lo := 0 // fewer agents than lo+1 fail; 0 agents never count
	if good {
		for step := 1; ; step *= 2 {
			c := hi - step
			if c < 1 {
				break
			}
			m, g := probe(c)
			if !g {
				lo = c
				break
			}
			hi, best = c, m
		}
	} else {
		lo = hi
		for step := 1; ; step *= 2 {
			if lo >= limit {
				return Metrics{}, fmt.Errorf("%w: no count up to %d agents meets them at %g Erlangs", ErrUnreachable, limit, q.Load)
			}
			c := min(lo+step, limit)
			m, g := probe(c)
			if g {
				hi, best = c, m
				break
			}
			lo = c
		}
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if m, g := probe(mid); g {
			hi, best = mid, m
		} else {
			lo = mid
		}
	}
	return best, nil
}
