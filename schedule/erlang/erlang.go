package erlang

import (
	"fmt"
	"math"
)

// skip is how many √A below min(n, A) the recursion starts; see the package
// comment. e^{-skip²/2} · √A/skip is far below the float64 epsilon.
const skip = 12

// Load returns the offered load in Erlangs, contacts × AHT / interval, for
// contacts offered in an interval of intervalSeconds with mean handle time
// ahtSeconds.
func Load(contacts, ahtSeconds, intervalSeconds float64) float64 {
	if intervalSeconds <= 0 {
		panic(fmt.Sprintf("erlang: interval %v seconds is not positive", intervalSeconds))
	}
	return contacts * ahtSeconds / intervalSeconds
}

func checkLoad(n int, a float64) {
	if n < 0 {
		panic(fmt.Sprintf("erlang: negative number of agents %d", n))
	}
	if !(a >= 0) || math.IsInf(a, 1) {
		panic(fmt.Sprintf("erlang: load %v Erlangs is not a finite non-negative number", a))
	}
}

// inv returns I(n) = 1/B(n, a) and I(n)-1, the latter without cancellation.
// I(n) may be +Inf when B(n, a) underflows (n far above a). It requires
// a > 0 and costs O(min(n, √a)) steps; see the package comment.
func inv(n int, a float64) (in, m1 float64) {
	k, in := 0, 1.0
	if s := math.Floor(math.Min(float64(n), a) - skip*math.Sqrt(a)); s > 0 {
		// A/(A-s) bounds I(s) from above and I(s) >= 1, so the start is off by
		// a factor below √A/skip; the steps to n damp that below e^-72.
		k, in = int(s), a/(a-s)
	}
	for k < n {
		k++
		m1 = float64(k) / a * in
		in = 1 + m1
		if math.IsInf(in, 1) {
			// B has underflowed and stays 0 for every larger n.
			break
		}
	}
	return in, m1
}

// B returns the Erlang B blocking probability of n servers offered a
// Erlangs without a queue: B(n, A) = (A^n/n!) / Σ_{k=0..n} A^k/k!.
// B(0, A) = 1 and B(n, 0) = 0 for n > 0. It costs O(min(n, √A)) and panics on
// a negative n or a negative, infinite or NaN load.
func B(n int, a float64) float64 {
	checkLoad(n, a)
	if n == 0 {
		return 1
	}
	if a == 0 {
		return 0
	}
	in, _ := inv(n, a)
	return 1 / in
}

// cFrom returns C(n, a) and 1 - C(n, a) for n > a > 0 from I(n) and I(n)-1:
// 1/C = ρ + (1-ρ)·I with ρ = a/n, and 1 - C = (1-ρ)(I-1)·C, a sum and
// products of positive terms, so both keep full relative precision.
func cFrom(n int, a, in, m1 float64) (c, q float64) {
	if math.IsInf(in, 1) {
		return 0, 1
	}
	rho := a / float64(n)
	sigma := (float64(n) - a) / float64(n) // 1 - ρ without cancellation
	c = 1 / (rho + sigma*in)
	return c, sigma * m1 * c
}

// C returns the Erlang C probability that a contact waits, for n agents
// offered a Erlangs (M/M/N):
//
//	C(n, A) = n·B / (n - A·(1 - B)),  B = B(n, A),
//
// computed as 1/C = ρ + (1-ρ)/B with ρ = A/n. It is 1 for an unstable queue
// (n <= A, A > 0) and 0 without load. Cost and panics as for B.
func C(n int, a float64) float64 {
	checkLoad(n, a)
	if a == 0 {
		return 0
	}
	if float64(n) <= a {
		return 1
	}
	in, m1 := inv(n, a)
	c, _ := cFrom(n, a, in, m1)
	return c
}

// slFrom returns the service level 1 - C·e^{-(n-A)t/h}, written as
// (1-C) + C·(1 - e^{-(n-A)t/h}) so that no subtraction loses precision even
// when it is close to 0.
func slFrom(n int, a, c, q, aht, answer float64) float64 {
	return q - c*math.Expm1(-(float64(n)-a)*answer/aht)
}

func checkTimes(aht, answer float64) {
	if !(aht > 0) || math.IsInf(aht, 1) {
		panic(fmt.Sprintf("erlang: AHT %v is not a positive finite number", aht))
	}
	if !(answer >= 0) {
		panic(fmt.Sprintf("erlang: answer time %v is not a non-negative number", answer))
	}
}

// ServiceLevel returns the Erlang C share of contacts answered within answer
// seconds, for n agents offered a Erlangs with mean handle time aht seconds:
//
//	SL = 1 - C(n, A)·e^{-(n-A)·answer/aht}.
//
// It is 0 for an unstable queue (n <= A, A > 0) and 1 without load. Cost as
// for B; it panics also on a non-positive aht or a negative answer time.
func ServiceLevel(n int, a, aht, answer float64) float64 {
	checkLoad(n, a)
	checkTimes(aht, answer)
	if a == 0 {
		return 1
	}
	if float64(n) <= a {
		return 0
	}
	in, m1 := inv(n, a)
	c, q := cFrom(n, a, in, m1)
	return slFrom(n, a, c, q, aht, answer)
}

// ASA returns the Erlang C average speed of answer in seconds,
// C(n, A)·aht/(n - A), for n agents offered a Erlangs with mean handle time
// aht seconds. It is +Inf for an unstable queue and 0 without load. Cost as
// for B.
func ASA(n int, a, aht float64) float64 {
	checkLoad(n, a)
	checkTimes(aht, 0)
	if a == 0 {
		return 0
	}
	if float64(n) <= a {
		return math.Inf(1)
	}
	return C(n, a) * aht / (float64(n) - a)
}

// Occupancy returns the share of time n agents spend handling a Erlangs,
// A/n, capped at 1 (an unstable queue keeps every agent busy). It is 0
// without load, and 1 for n = 0 with load. It costs O(1).
func Occupancy(n int, a float64) float64 {
	checkLoad(n, a)
	if a == 0 {
		return 0
	}
	return math.Min(a/float64(n), 1)
}
