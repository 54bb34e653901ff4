package forecast

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSeriesValidate(t *testing.T) {
	tests := []struct {
		name  string
		field string
		value float64
		want  *IntervalError // nil: valid
	}{
		{"missing", "contacts", math.NaN(), nil},
		{"at the maximum", "contacts", MaxContacts, nil},
		{"overflowing", "contacts", 1e300, &IntervalError{Field: "contacts", Index: 30, Value: 1e300}},
		{"above the maximum", "contacts", MaxContacts * 1.01, &IntervalError{Field: "contacts", Index: 30, Value: MaxContacts * 1.01}},
		{"infinite", "contacts", math.Inf(1), &IntervalError{Field: "contacts", Index: 30, Value: math.Inf(1)}},
		{"negative", "contacts", -1, &IntervalError{Field: "contacts", Index: 30, Value: -1}},
		{"aht missing", "aht", math.NaN(), nil},
		{"aht of a day", "aht", MaxAHT, nil},
		{"aht overflowing", "aht", 1e300, &IntervalError{Field: "aht", Index: 30, Value: 1e300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := noisy(4, 20, 1)
			s.AHT = make([]float64, len(s.Contacts))
			if tt.field == "aht" {
				s.AHT[30] = tt.value
			} else {
				s.Contacts[30] = tt.value
			}
			err := s.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			tt.want.Time = s.Time(30)
			var got *IntervalError
			if !errors.As(err, &got) || !errors.Is(err, ErrData) {
				t.Fatalf("error %v, want an *IntervalError wrapping ErrData", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(IntervalError{}, "Reason")); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if _, perr := Predict(s, Options{Horizon: 48}); !errors.As(perr, &got) {
				t.Errorf("Predict: error %v, want the *IntervalError", perr)
			}
		})
	}
}

func TestHugeValuesStayFinite(t *testing.T) {
	// Values up to MaxContacts (and holiday factors up to the maximum on
	// top) give finite forecasts within [0, MaxContacts], whatever the model.
	s := noisy(10, 40, 1)
	s.Contacts[len(s.Contacts)-100] = MaxContacts
	s.Contacts[len(s.Contacts)-300] = MaxContacts
	last := s.Time(len(s.Contacts))
	hols := []Holiday{{Date: time.Date(last.Year(), last.Month(), last.Day()+3, 0, 0, 0, 0, time.UTC), Factor: MaxHolidayFactor}}
	for _, m := range Models() {
		t.Run(m, func(t *testing.T) {
			f, err := Predict(s, Options{Horizon: 7 * 48, Model: m, Holidays: hols})
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range f.Contacts {
				if !(f.P10[i] >= 0 && f.P10[i] <= v && v <= f.P90[i] && f.P90[i] <= MaxContacts) {
					t.Fatalf("interval %d: P10 %v, point %v, P90 %v", i, f.P10[i], v, f.P90[i])
				}
			}
		})
	}
}

func TestBandOfTinyForecasts(t *testing.T) {
	// Forecasts far below their actuals would make phi overflow phi*f^2;
	// capped, the quantiles stay finite.
	var res []residual
	for i := range 100 {
		res = append(res, residual{f: 1e-150, a: float64(i % 7), day: i})
	}
	b := fitBand(res, 1)
	if b.phi != maxPhi {
		t.Errorf("phi %v, want the cap %v", b.phi, maxPhi)
	}
	h := &hist{per: 1, open: []bool{true, true, true, true, true, true, true}}
	lo, hi := intervals(h, 0, []float64{0, 1, MaxContacts}, [buckets]band{b, b, b})
	for j := range lo {
		if math.IsNaN(lo[j]) || math.IsNaN(hi[j]) || hi[j] > MaxContacts || lo[j] < 0 {
			t.Errorf("interval %d: [%v, %v]", j, lo[j], hi[j])
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		opt       Options
		wantField string // of an *OptionError
		wantHol   int    // index of the *HolidayError; -1 for none
	}{
		{"defaults", Options{Horizon: 1}, "", -1},
		{"longest", Options{Horizon: MaxHorizon, Model: "snaive"}, "", -1},
		{"a century", Options{Horizon: 100 * 365 * 48}, "horizon", -1},
		{"no horizon", Options{Horizon: 0}, "horizon", -1},
		{"unknown model", Options{Horizon: 48, Model: "prophet"}, "model", -1},
		{"factor at the maximum", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Factor: MaxHolidayFactor}}}, "", -1},
		{"factor overflowing", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Closed: true}, {Date: day, Factor: 1e300}}}, "", 1},
		{"factor above the maximum", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Factor: MaxHolidayFactor + 1}}}, "", 0},
		{"factor negative", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Factor: -2}}}, "", 0},
		{"factor NaN", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Factor: math.NaN()}}}, "", 0},
		{"factor infinite", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Factor: math.Inf(1)}}}, "", 0},
		{"two effects", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Closed: true, Factor: 2}}}, "", 0},
		{"no weekday", Options{Horizon: 48, Holidays: []Holiday{{Date: day, Like: 9, LikeSet: true}}}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opt.Validate()
			var oe *OptionError
			var he *HolidayError
			switch {
			case tt.wantField == "" && tt.wantHol < 0:
				if err != nil {
					t.Fatal(err)
				}
				return
			case tt.wantField != "":
				if !errors.As(err, &oe) || oe.Field != tt.wantField {
					t.Fatalf("error %v, want an *OptionError on %s", err, tt.wantField)
				}
			default:
				if !errors.As(err, &he) || he.Index != tt.wantHol {
					t.Fatalf("error %v, want a *HolidayError on holiday %d", err, tt.wantHol)
				}
			}
			if !errors.Is(err, ErrData) {
				t.Errorf("error %v does not wrap ErrData", err)
			}
			s := noisy(4, 20, 1)
			if _, perr := Predict(s, tt.opt); perr == nil || perr.Error() != err.Error() {
				t.Errorf("Predict: error %v, want %v", perr, err)
			}
		})
	}
}

func TestFormerModelNames(t *testing.T) {
	for old, now := range map[string]string{
		"profile-ets": "profile-ses", "profile-arima": "profile-ar",
	} {
		t.Run(old, func(t *testing.T) {
			if !slices.Contains(Models(), now) || slices.Contains(Models(), old) {
				t.Fatalf("Models() = %v, want %s and not %s", Models(), now, old)
			}
			err := Options{Horizon: 48, Model: old}.Validate()
			var oe *OptionError
			if !errors.As(err, &oe) || oe.Field != "model" || !strings.Contains(err.Error(), `"`+now+`"`) {
				t.Errorf("error %v, want an *OptionError naming %q", err, now)
			}
		})
	}
}

func TestEveryModelSaysWhatItIs(t *testing.T) {
	for _, m := range Models() {
		if About(m) == "" {
			t.Errorf("model %s has no line saying what it is", m)
		}
	}
	if About("arima") != "" {
		t.Errorf("a name Models does not list has a description")
	}
}
