package ets

import (
	"math"
	"math/rand/v2"
	"testing"
)

// adjustedLike returns n values like a seasonally adjusted 30-minute call
// series: a slowly wandering level around 100 with Poisson-like noise.
func adjustedLike(n int) []float64 {
	rng := rand.New(rand.NewPCG(11, 12))
	y := make([]float64, n)
	level := 100.0
	for i := range y {
		level += 0.2 * rng.NormFloat64()
		y[i] = level + math.Sqrt(level)*rng.NormFloat64()
	}
	return y
}

// dailyLike returns n daily totals with a weekly cycle (quiet weekends)
// and a trend.
func dailyLike(n int) []float64 {
	rng := rand.New(rand.NewPCG(13, 14))
	week := []float64{1.2, 1.1, 1, 1, 0.9, 0.4, 0.3}
	y := make([]float64, n)
	for i := range y {
		y[i] = (5000 + 5*float64(i)) * week[i%7] * (1 + 0.04*rng.NormFloat64())
	}
	return y
}

// BenchmarkAutoAdjusted times Auto, non-seasonal, on 14 weeks of a
// 30-minute seasonally adjusted series (4,704 values).
func BenchmarkAutoAdjusted(b *testing.B) {
	y := adjustedLike(14 * 7 * 48)
	for b.Loop() {
		if _, err := Auto(y, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAutoDaily times Auto with a weekly season on 100 daily totals.
func BenchmarkAutoDaily(b *testing.B) {
	y := dailyLike(100)
	for b.Loop() {
		if _, err := Auto(y, 7); err != nil {
			b.Fatal(err)
		}
	}
}
