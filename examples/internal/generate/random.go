package main

import (
	"math"
	"math/rand/v2"
)

// seed fixes every random draw of the examples; each use takes its own
// stream of it, so changing one part of the model leaves the others' draws alone.
const seed = 20261122

// Streams of the seed, one per use.
const (
	streamEvents = 1 + iota
	streamDays
	streamAgents
	streamSeries = 100 // + series index for counts, + 100 more for handle times
)

func newRand(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// poissonChunk bounds the mean handled by one product of uniforms, so that
// exp(-chunk) stays far from underflow.
const poissonChunk = 16

// poisson draws from the Poisson distribution with mean lambda. It counts
// unit-rate arrivals with Knuth's product of uniforms, over chunks of at most
// poissonChunk of the mean: the sum of independent Poisson draws is Poisson
// with the summed mean, so the draw is exact for every mean. It costs
// O(lambda) uniform draws. It panics if lambda is negative or not finite.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda < 0 || math.IsInf(lambda, 0) || math.IsNaN(lambda) {
		panic("poisson: mean must be finite and non-negative")
	}
	n := 0
	for lambda > 0 {
		l := min(lambda, poissonChunk)
		lambda -= l
		limit := math.Exp(-l)
		for p := r.Float64(); p > limit; p *= r.Float64() {
			n++
		}
	}
	return n
}

// gamma draws from the gamma distribution with the given shape (>= 1) and
// scale, mean shape*scale, by Marsaglia and Tsang's squeeze method (ACM TOMS
// 26(3), 2000). It takes O(1) expected draws. It panics on a shape below 1 or
// a scale that is not positive.
func gamma(r *rand.Rand, shape, scale float64) float64 {
	if !(shape >= 1) || !(scale > 0) {
		panic("gamma: need shape >= 1 and scale > 0")
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v * scale
		}
	}
}

// lognormal draws a multiplicative effect with mean 1 and log-scale
// standard deviation sd.
func lognormal(r *rand.Rand, sd float64) float64 {
	return math.Exp(sd*r.NormFloat64() - sd*sd/2)
}
