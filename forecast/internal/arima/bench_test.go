package arima

import (
	"math"
	"testing"
)

// BenchmarkArimaAuto times the order search and final fit on a series
// like the seasonally adjusted 30-minute history of 14 weeks that
// mstl-arima models: 4,704 values of an ARMA(1,1) around a slowly
// wandering level.
func BenchmarkArimaAuto(b *testing.B) {
	y := simulate(14*7*48, 0.8, -0.3, 50, 11)
	for i := range y {
		y[i] += 5 * math.Sin(float64(i)/700)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Auto(y, 1, AutoOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkArimaAutoTruncated is BenchmarkArimaAuto with the search on the
// last four weeks, as mstl-arima runs it.
func BenchmarkArimaAutoTruncated(b *testing.B) {
	y := simulate(14*7*48, 0.8, -0.3, 50, 11)
	for i := range y {
		y[i] += 5 * math.Sin(float64(i)/700)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Auto(y, 1, AutoOptions{Truncate: 4 * 7 * 48}); err != nil {
			b.Fatal(err)
		}
	}
}
