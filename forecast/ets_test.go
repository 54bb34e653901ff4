package forecast

import (
	"math"
	"testing"
	"time"
)

// growing returns weeks of synth whose open days' totals grow linearly,
// by rate of the first day's per open day, times weekday factors, spread
// by shape; total(k) is the total of the k-th open day (from 0) before the
// weekday factor.
func growing(weeks int, rate float64) (s Series, total func(k int) float64, fac map[time.Weekday]float64) {
	fac = map[time.Weekday]float64{1: 1.3, 2: 1.1, 3: 1, 4: 0.9, 5: 0.7}
	total = func(k int) float64 { return 2000 * (1 + rate*float64(k)) }
	var norm float64
	for slot := 14; slot < 42; slot++ {
		norm += shape(slot)
	}
	s = synth(weeks, func(week int, wd time.Weekday, slot int) float64 {
		return total(5*week+int(wd)-1) * fac[wd] * shape(slot) / norm
	})
	return s, total, fac
}

// dayTotals sums f's forecast per calendar day (UTC), from the day it
// starts in.
func dayTotals(f Forecast) []float64 {
	day0 := f.Start.Truncate(24 * time.Hour)
	var out []float64
	for i, v := range f.Contacts {
		d := int(f.Time(i).Sub(day0) / (24 * time.Hour))
		for len(out) <= d {
			out = append(out, 0)
		}
		out[d] += v
	}
	return out
}

func TestDayETS(t *testing.T) {
	// Totals growing 0.5% per open day: the ETS model of the totals
	// follows the growth (within 1% over the next two weeks) where
	// day-profile's level stays near the recent mean (over 3% short by the
	// second week).
	const weeks = 12
	s, total, fac := growing(weeks, 0.005)
	opt := Options{Horizon: 14 * 48}
	ets, err := Predict(s, Options{Horizon: opt.Horizon, Model: "day-ets"})
	if err != nil {
		t.Fatal(err)
	}
	prof, err := Predict(s, Options{Horizon: opt.Horizon, Model: "day-profile"})
	if err != nil {
		t.Fatal(err)
	}
	// The history ends on a Friday at 21:00: day 0 is the closed rest of
	// that Friday.
	got, base := dayTotals(ets), dayTotals(prof)
	k := 5 * weeks // open days in the history
	for d := 1; d <= 14; d++ {
		wd := time.Weekday((d + 5) % 7)
		if wd == time.Saturday || wd == time.Sunday {
			if got[d] != 0 {
				t.Errorf("day %d (%v): %v, want 0", d, wd, got[d])
			}
			continue
		}
		want := total(k) * fac[wd]
		k++
		if e := math.Abs(got[d]/want - 1); e > 0.01 {
			t.Errorf("day %d (%v): day-ets total %.1f, want %.1f (%.1f%% off)", d, wd, got[d], want, 100*e)
		}
		if d > 7 && base[d] > want*0.97 {
			t.Errorf("day %d (%v): day-profile total %.1f within 3%% of %.1f: the test does not tell trends apart", d, wd, base[d], want)
		}
	}
}

func TestDayETSFallback(t *testing.T) {
	// A centre open on Mondays only has too few open days in three weeks
	// for any ETS model: day-ets is then day-profile.
	s := synth(3, func(_ int, wd time.Weekday, slot int) float64 {
		if wd != time.Monday {
			return 0
		}
		return 50 * shape(slot)
	})
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, want := dayETS(h, 7*48), dayModel{weeks: 6, shrink: 3}.forecast(h, 7*48)
	for j := range want {
		if got[j] != want[j] {
			t.Fatalf("interval %d: %v, day-profile %v", j, got[j], want[j])
		}
	}
}

func TestMSTLETS(t *testing.T) {
	// An exactly weekly series is forecast within 1%, as by the other MSTL
	// models: the adjusted series is almost flat.
	value := func(_ int, wd time.Weekday, slot int) float64 { return float64(10*int(wd) + slot) }
	s := synth(8, value)
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := lookup("mstl-ets")
	for j, v := range run(m, h, 7*48) {
		tm := s.Time(len(s.Contacts) + j)
		want := 0.0
		if !weekendAndNight(tm) {
			want = value(0, tm.Weekday(), tm.Hour()*2+tm.Minute()/30)
		}
		if math.Abs(v-want) > 0.01*math.Max(want, 10) {
			t.Fatalf("%v: %v, want %v", tm, v, want)
		}
	}
}
