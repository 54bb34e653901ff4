package chart

import (
	"io"
	"testing"
)

// BenchmarkForecast draws two weeks of 15-minute history and a week of
// forecast at the default size, the common chart of a plan run.
func BenchmarkForecast(b *testing.B) {
	h, f := sample("chat", "east")
	b.ReportAllocs()
	for b.Loop() {
		if err := Forecast(io.Discard, h, f, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCoverage draws a week of 30-minute coverage.
func BenchmarkCoverage(b *testing.B) {
	rows := sampleCoverage("chat", "east")
	b.ReportAllocs()
	for b.Loop() {
		if err := Coverage(io.Discard, rows, "chat / east: coverage", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
