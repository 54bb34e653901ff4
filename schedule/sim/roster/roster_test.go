package roster

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/staff"
)

var day = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// at is the time h hours into the test day.
func at(h float64) time.Time { return day.Add(time.Duration(h * float64(time.Hour))) }

// flat is a demand of contacts per half hour over hours hours from
// midnight, with a handle time of aht seconds.
func flat(channel string, contacts, aht float64, hours int) staff.Demand {
	d := staff.Demand{Channel: channel, Region: "north", Start: day, Interval: 30 * time.Minute,
		Contacts: make([]float64, 2*hours), AHT: make([]float64, 2*hours)}
	for i := range d.Contacts {
		d.Contacts[i], d.AHT[i] = contacts, aht
	}
	return d
}

// shifts returns n shifts of channel from hour from to hour to.
func shifts(n int, channel string, from, to float64) []schedule.Shift {
	out := make([]schedule.Shift, n)
	for i := range out {
		out[i] = schedule.Shift{AgentID: channel + string(rune('a'+i)), Span: schedule.Span{Start: at(from), End: at(to)},
			Channel: channel, Region: "north"}
	}
	return out
}

var target = staff.Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20}

// TestBreaksActivitiesAndShrinkageLeaveTheQueue: a shift's duty is its span
// less breaks and activities, and less the shrinkage share of every
// interval; the coverage counts the breaks out, not the shrinkage, which
// Erlang's figure applies itself.
func TestBreaksActivitiesAndShrinkageLeaveTheQueue(t *testing.T) {
	sh := shifts(1, "phone", 1, 4)[0]
	sh.Breaks = []schedule.Span{{Start: at(2), End: at(2.5)}}
	sh.Activities = []schedule.Activity{{Kind: "training", Span: schedule.Span{Start: at(3.5), End: at(4.5)}}}
	d := flat("phone", 10, 60, 5)
	c, err := build([]schedule.Shift{sh}, []staff.Demand{d}, []staff.Target{target}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.Period{{Start: 3600, End: 7200}, {Start: 9000, End: 12600}}
	if got := c.model.Agents[0].Duty; !slices.Equal(got, want) {
		t.Errorf("duty %v, want %v", got, want)
	}
	if got, want := c.scheduled[0], []float64{0, 0, 1, 1, 0, 1, 1, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("scheduled %v, want %v", got, want)
	}
	shrunk := target
	shrunk.Shrinkage = 0.25
	c, err = build([]schedule.Shift{sh}, []staff.Demand{d}, []staff.Target{shrunk}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	on := 0.0
	for _, p := range c.model.Agents[0].Duty {
		on += p.End - p.Start
	}
	if math.Abs(on-0.75*7200) > 1e-6 || c.scheduled[0][2] != 1 {
		t.Errorf("on duty %v s of 7200 at 25%% shrinkage, scheduled %v", on, c.scheduled[0][2])
	}
}

// TestOnBreakAnswersNothing: contacts arriving while the only agent is on
// break, with a patience of a second, are abandoned, not answered, and
// Erlang expects no service then either.
func TestOnBreakAnswersNothing(t *testing.T) {
	sh := shifts(1, "phone", 0, 2)[0]
	sh.Breaks = []schedule.Span{{Start: at(1), End: at(1.5)}}
	impatient := target
	impatient.PatienceSeconds = 1
	res, err := Simulate(t.Context(), []schedule.Shift{sh}, []staff.Demand{flat("phone", 20, 30, 2)}, []staff.Target{impatient},
		Options{Replications: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	onBreak, working := res.Intervals[2], res.Intervals[1]
	if onBreak.Answered.Mean > 0.02*onBreak.Offered.Mean || onBreak.Abandoned.Mean < 0.98*onBreak.Offered.Mean ||
		onBreak.Offered.Mean < 10 || onBreak.Erlang != 0 || onBreak.Scheduled != 0 {
		t.Errorf("on break: %+v", onBreak)
	}
	if working.Answered.Mean < 0.5*working.Offered.Mean || !(working.Erlang > 0.3) {
		t.Errorf("working: %+v", working)
	}
}

// TestQueueWithoutAgents: a series nobody is rostered on answers nothing;
// its waiting contacts count as abandoned. An agent listing its channel
// serves it.
func TestQueueWithoutAgents(t *testing.T) {
	demands := []staff.Demand{flat("phone", 10, 60, 4), flat("chat", 10, 60, 4)}
	targets := []staff.Target{target, {Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 60, Concurrency: 2}}
	opt := Options{Replications: 4, Seed: 1}
	res, err := Simulate(t.Context(), shifts(3, "phone", 0, 4), demands, targets, opt)
	if err != nil {
		t.Fatal(err)
	}
	chat := res.Series[1]
	if chat.Channel != "chat" || chat.Answered.Mean != 0 || chat.Abandoned.Mean != chat.Offered.Mean || chat.ServiceLevel.Mean != 0 ||
		chat.Erlang != 0 || chat.Offered.Mean < 40 {
		t.Errorf("chat without agents: %+v", chat)
	}
	opt.Agents = []schedule.Agent{{ID: "phonea", Channels: []string{"phone", "Chat"}}}
	res, err = Simulate(t.Context(), shifts(3, "phone", 0, 4), demands, targets, opt)
	if err != nil {
		t.Fatal(err)
	}
	if chat := res.Series[1]; chat.Answered.Mean < 0.9*chat.Offered.Mean {
		t.Errorf("chat served by a phone agent skilled in it: %+v", chat)
	}
}

// TestFlatRosterMatchesErlang: agents on duty all day on a steady queue
// give the service level and occupancy of Erlang C, within the confidence
// interval (two half-widths, plus the warm-up's bias: the day starts with
// an empty queue); with shrinkage, a third more agents give the same.
func TestFlatRosterMatchesErlang(t *testing.T) {
	for _, c := range []struct {
		agents    int
		shrinkage float64
	}{{14, 0}, {20, 0.3}} {
		tg := target
		tg.Shrinkage = c.shrinkage
		// 100 contacts of 180 s per half hour: 10 Erlangs.
		res, err := Simulate(t.Context(), shifts(c.agents, "phone", 0, 24), []staff.Demand{flat("phone", 100, 180, 24)},
			[]staff.Target{tg}, Options{Replications: 10, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		s := res.Series[0]
		want := tg.ServiceLevelWith(float64(c.agents), 100, 180, 30*time.Minute)
		if math.Abs(s.Erlang-want) > 1e-12 || math.Abs(want-0.8883500191794668) > 1e-9 {
			t.Errorf("%d agents: Erlang %v, want %v", c.agents, s.Erlang, want)
		}
		if d := math.Abs(s.ServiceLevel.Mean - want); d > 2*s.ServiceLevel.HalfWidth+0.01 || s.ServiceLevel.HalfWidth > 0.02 {
			t.Errorf("%d agents, shrinkage %v: simulated %.4f ± %.4f, Erlang %.4f", c.agents, c.shrinkage, s.ServiceLevel.Mean, s.ServiceLevel.HalfWidth, want)
		}
		if d := math.Abs(s.Occupancy.Mean - 10.0/14); d > 2*s.Occupancy.HalfWidth+0.01 {
			t.Errorf("%d agents: occupancy %.4f ± %.4f, want %.4f", c.agents, s.Occupancy.Mean, s.Occupancy.HalfWidth, 10.0/14)
		}
		if total := res.Series[1]; total.Channel != "" || total.Offered != s.Offered || total.Erlang != s.Erlang {
			t.Errorf("total %+v, series %+v", total, s)
		}
	}
}

// TestLeftOutAndBadInputs: a shift of a series the forecast lacks is left
// out with a warning; a series without target, or series of different
// intervals, are errors.
func TestLeftOutAndBadInputs(t *testing.T) {
	d := flat("phone", 10, 60, 2)
	res, err := Simulate(t.Context(), append(shifts(2, "email", 0, 2), shifts(1, "phone", 0, 2)...), []staff.Demand{d},
		[]staff.Target{target}, Options{Replications: 2})
	if err != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `2 shifts of channel "email" region "north" are left out`) {
		t.Errorf("warnings %q, error %v", res.Warnings, err)
	}
	if _, err := Simulate(t.Context(), nil, []staff.Demand{flat("chat", 1, 60, 1)}, []staff.Target{target}, Options{Replications: 2}); !errors.Is(err, staff.ErrNoTarget) {
		t.Errorf("no target: %v", err)
	}
	other := flat("phone", 1, 60, 1)
	other.Region, other.Interval = "south", 15*time.Minute
	if _, err := Simulate(t.Context(), nil, []staff.Demand{d, other}, []staff.Target{target}, Options{Replications: 2}); err == nil ||
		!strings.Contains(err.Error(), "interval 15m") {
		t.Errorf("mixed intervals: %v", err)
	}
	noAHT := flat("phone", 1, 0, 1)
	if _, err := Simulate(t.Context(), nil, []staff.Demand{noAHT}, []staff.Target{target}, Options{Replications: 2}); !errors.Is(err, staff.ErrNoAHT) {
		t.Errorf("no AHT: %v", err)
	}
}

// TestForecastError: with the forecast's quantiles, the offered contacts
// vary between replications far beyond Poisson's spread, about the point
// forecast; quantiles of another series are an error.
func TestForecastError(t *testing.T) {
	d := flat("phone", 100, 60, 48)
	opt := Options{Replications: 20, Seed: 1}
	plain, err := Simulate(t.Context(), shifts(10, "phone", 0, 48), []staff.Demand{d}, []staff.Target{target}, opt)
	if err != nil {
		t.Fatal(err)
	}
	low, high := flat("phone", 60, 60, 48), flat("phone", 140, 60, 48)
	opt.P10, opt.P90 = []staff.Demand{low}, []staff.Demand{high}
	drawn, err := Simulate(t.Context(), shifts(10, "phone", 0, 48), []staff.Demand{d}, []staff.Target{target}, opt)
	if err != nil {
		t.Fatal(err)
	}
	// A day's 4,800 contacts: Poisson's sd is 69, the level's 40/1.28 × 48 = 1,500.
	p, q := plain.Series[0].Offered.HalfWidth, drawn.Series[0].Offered.HalfWidth
	if !(q > 5*p) || math.Abs(drawn.Series[0].Offered.Mean-9600) > 3*q {
		t.Errorf("offered over two days ± %v without the forecast's error, %v ± %v with", p, drawn.Series[0].Offered.Mean, q)
	}
	opt.P90 = []staff.Demand{flat("chat", 140, 60, 48)}
	if _, err := Simulate(t.Context(), nil, []staff.Demand{d}, []staff.Target{target}, opt); err == nil || !strings.Contains(err.Error(), "another") {
		t.Errorf("quantiles of another series: %v", err)
	}
}

// TestWeeksWrapRound: a roster of whole weeks repeats, so a shift running
// past the last week's end covers the first week's start; a shorter
// horizon clips it.
func TestWeeksWrapRound(t *testing.T) {
	night := shifts(1, "phone", 166, 174) // Sunday 22:00 to Monday 06:00
	for _, c := range []struct {
		hours int
		want  []sim.Period
	}{
		{168, []sim.Period{{Start: 0, End: 6 * 3600}, {Start: 166 * 3600, End: 168 * 3600}}},
		{167, []sim.Period{{Start: 166 * 3600, End: 167 * 3600}}},
	} {
		cen, err := build(night, []staff.Demand{flat("phone", 1, 60, c.hours)}, []staff.Target{target}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := cen.model.Agents[0].Duty; !slices.Equal(got, c.want) {
			t.Errorf("%d hours: duty %v, want %v", c.hours, got, c.want)
		}
		if c.hours == 168 && (cen.scheduled[0][0] != 1 || cen.scheduled[0][12] != 0) {
			t.Errorf("scheduled at Monday 00:00 %v, 06:00 %v; want 1 and 0", cen.scheduled[0][0], cen.scheduled[0][12])
		}
	}
}

// TestOnSeat: a shift is on seat but for its breaks and activities, and
// its part past the week's end covers the week's start.
func TestOnSeat(t *testing.T) {
	sunday := day.Add(6 * 24 * time.Hour)
	at := func(d time.Time, h float64) time.Time { return d.Add(time.Duration(h * float64(time.Hour))) }
	sh := schedule.Shift{Span: schedule.Span{Start: at(sunday, 20), End: at(sunday, 30.5)},
		Breaks:     []schedule.Span{{Start: at(sunday, 25), End: at(sunday, 26)}},
		Activities: []schedule.Activity{{Kind: "meeting", Span: schedule.Span{Start: at(sunday, 21), End: at(sunday, 22)}}}}
	week := 7 * 24 * 3600.0
	h := func(x float64) float64 { return x * 3600 }
	want := []sim.Period{{Start: 0, End: h(1)}, {Start: h(2), End: h(6.5)},
		{Start: week - h(4), End: week - h(3)}, {Start: week - h(2), End: week}}
	if diff := cmp.Diff(want, OnSeat(sh, day, week, true)); diff != "" {
		t.Errorf("on seat (-want +got):\n%s", diff)
	}
}
