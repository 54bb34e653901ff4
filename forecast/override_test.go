package forecast

import (
	"slices"
	"testing"
	"time"
)

func TestApplyOverrides(t *testing.T) {
	day := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return day.Add(time.Duration(h) * time.Hour) }
	// Two series of four hourly intervals from midnight.
	fresh := func() []Forecast {
		mk := func(channel, region string) Forecast {
			return Forecast{Channel: channel, Region: region, Start: day, Interval: time.Hour,
				Contacts: []float64{10, 20, 0, 40}, P10: []float64{8, 15, 0, 30}, P90: []float64{12, 25, 0, 50}}
		}
		return []Forecast{mk("chat", "east"), mk("phone", "west")}
	}
	type want struct{ contacts, p10, p90 []float64 }
	unchanged := want{[]float64{10, 20, 0, 40}, []float64{8, 15, 0, 30}, []float64{12, 25, 0, 50}}
	for _, c := range []struct {
		name      string
		overrides []Override
		chat      want // chat/east afterwards
		phone     want // phone/west afterwards
		intervals []int
		delta     []float64
	}{
		{"factor on one series", []Override{{Start: at(1), End: at(3), Channel: "chat", Region: "east", Kind: Factor, Value: 1.5}},
			want{[]float64{10, 30, 0, 40}, []float64{8, 22.5, 0, 30}, []float64{12, 37.5, 0, 50}}, unchanged, []int{2}, []float64{10}},
		{"add shifts all three", []Override{{Start: at(0), End: at(1), Channel: "CHAT", Kind: Add, Value: 5}},
			want{[]float64{15, 20, 0, 40}, []float64{13, 15, 0, 30}, []float64{17, 25, 0, 50}}, unchanged, []int{1}, []float64{5}},
		{"negative add clips at zero", []Override{{Start: at(0), End: at(2), Kind: Add, Value: -18}},
			want{[]float64{0, 2, 0, 40}, []float64{0, 0, 0, 30}, []float64{0, 7, 0, 50}},
			want{[]float64{0, 2, 0, 40}, []float64{0, 0, 0, 30}, []float64{0, 7, 0, 50}}, []int{4}, []float64{-56}},
		{"set scales the quantiles, or sets them where the point was 0", []Override{{Start: at(1), End: at(3), Region: "west", Kind: Set, Value: 10}},
			unchanged, want{[]float64{10, 10, 10, 40}, []float64{8, 7.5, 10, 30}, []float64{12, 12.5, 10, 50}}, []int{2}, []float64{0}},
		{"wildcards match every series", []Override{{Start: at(3), End: at(4), Kind: Factor, Value: 0}},
			want{[]float64{10, 20, 0, 0}, []float64{8, 15, 0, 0}, []float64{12, 25, 0, 0}},
			want{[]float64{10, 20, 0, 0}, []float64{8, 15, 0, 0}, []float64{12, 25, 0, 0}}, []int{2}, []float64{-80}},
		{"overlapping overrides apply in order", []Override{
			{Start: at(0), End: at(2), Channel: "chat", Kind: Factor, Value: 2},
			{Start: at(1), End: at(4), Channel: "chat", Kind: Add, Value: 10}},
			want{[]float64{20, 50, 10, 50}, []float64{16, 40, 10, 40}, []float64{24, 60, 10, 60}}, unchanged, []int{2, 3}, []float64{30, 30}},
		{"no match", []Override{{Start: at(5), End: at(6), Kind: Add, Value: 10}, {Start: at(0), End: at(4), Channel: "email", Kind: Add, Value: 1}},
			unchanged, unchanged, []int{0, 0}, []float64{0, 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := fresh()
			effects := ApplyOverrides(fs, c.overrides)
			for i, w := range []want{c.chat, c.phone} {
				f := fs[i]
				if !slices.Equal(f.Contacts, w.contacts) || !slices.Equal(f.P10, w.p10) || !slices.Equal(f.P90, w.p90) {
					t.Errorf("%s/%s: got %v %v %v, want %v %v %v", f.Channel, f.Region, f.Contacts, f.P10, f.P90, w.contacts, w.p10, w.p90)
				}
			}
			for k, e := range effects {
				if e.Intervals != c.intervals[k] || e.After-e.Before != c.delta[k] {
					t.Errorf("effect %d: %d intervals, %+g contacts; want %d, %+g", k, e.Intervals, e.After-e.Before, c.intervals[k], c.delta[k])
				}
			}
		})
	}
}

func TestOverrideEffectString(t *testing.T) {
	day := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	o := Override{Start: day, End: day.AddDate(0, 0, 1), Channel: "chat", Kind: Factor, Value: 1.5, Note: "Double 11"}
	for _, c := range []struct {
		effect OverrideEffect
		want   string
	}{
		{OverrideEffect{Override: o, Intervals: 48, Before: 24680, After: 37020},
			`override "Double 11": chat/* 2026-11-11T00:00 to 2026-11-12T00:00 x1.5: 48 interval(s), +12340 contacts (24680 -> 37020)`},
		{OverrideEffect{Override: Override{Start: day, End: day.Add(time.Hour), Region: "east", Kind: Add, Value: -3}},
			"override: */east 2026-11-11T00:00 to 2026-11-11T01:00 -3 per interval matches no interval of the forecast"},
		{OverrideEffect{Override: Override{Start: day, End: day.Add(time.Hour), Kind: Set, Value: 0}, Intervals: 2, Before: 7},
			"override: */* 2026-11-11T00:00 to 2026-11-11T01:00 set to 0 per interval: 2 interval(s), -7 contacts (7 -> 0)"},
	} {
		if got := c.effect.String(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
