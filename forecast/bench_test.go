package forecast

import (
	"context"
	"testing"
)

// BenchmarkPredictAuto times the automatic forecast of the 30-minute bank
// series (33 weeks of history), backtests included, 14 days ahead.
func BenchmarkPredictAuto(b *testing.B) {
	bk := loadBank(b)
	opt := Options{Horizon: 14 * 48}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Predict(bk.s, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredictAll times 16 synthetic series of 26 weeks, forecast in
// parallel.
func BenchmarkPredictAll(b *testing.B) {
	var ss []Series
	for i := range 16 {
		ss = append(ss, noisy(26, float64(1+10*i), uint64(i)))
	}
	opt := Options{Horizon: 7 * 48}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PredictAll(context.Background(), ss, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBacktest times a four-fold backtest of every model on the bank
// series, one week ahead.
func BenchmarkBacktest(b *testing.B) {
	bk := loadBank(b)
	opt := BacktestOptions{Horizon: 7 * 48, Folds: 4}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Backtest(context.Background(), bk.s, opt); err != nil {
			b.Fatal(err)
		}
	}
}
