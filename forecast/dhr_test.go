package forecast

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestDHRExact(t *testing.T) {
	// A series made of the regressors themselves (Fourier terms of the day
	// and of the week, a weekday effect) is fitted exactly: the residuals
	// are zero and so is their autoregression.
	value := func(w int, wd time.Weekday, slot int) float64 {
		sw := int(wd)*48 + slot
		v := 100 + 10*math.Sin(2*math.Pi*float64(slot)/48) + 5*math.Cos(2*math.Pi*3*float64(sw)/336)
		if wd == time.Wednesday {
			v += 7
		}
		return v
	}
	s := synth(13, value)
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := run(spec{name: "dhr", minDays: 14, fn: dhr}, h, 7*48)
	for j, v := range f {
		tm := s.Time(len(s.Contacts) + j)
		want := 0.0
		if !weekendAndNight(tm) {
			want = value(0, tm.Weekday(), tm.Hour()*2+tm.Minute()/30)
		}
		if !scalar.EqualWithinAbsOrRel(v, want, 1e-6, 1e-6) {
			t.Fatalf("%v: %v, want %v", tm, v, want)
		}
	}
}

func TestDSHWExact(t *testing.T) {
	// An exactly weekly series leaves no one-step error: the forecast
	// repeats the week whatever the smoothing constants.
	s := synth(6, func(_ int, wd time.Weekday, slot int) float64 { return float64(10*int(wd) + slot) })
	h, err := prepare(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := run(spec{name: "dshw", minDays: 14, fn: dshw}, h, 7*48)
	for j, v := range f {
		tm := s.Time(len(s.Contacts) + j)
		want := 0.0
		if !weekendAndNight(tm) {
			want = float64(10*int(tm.Weekday()) + tm.Hour()*2 + tm.Minute()/30)
		}
		if !scalar.EqualWithinAbsOrRel(v, want, 1e-9, 1e-9) {
			t.Fatalf("%v: %v, want %v", tm, v, want)
		}
	}
}
