package schedule

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
)

// weeks repeats a week of requirements n times.
func weeks(reqs []staff.Requirement, n int) []staff.Requirement {
	var out []staff.Requirement
	for w := 0; w < n; w++ {
		for _, q := range reqs {
			q.Start = q.Start.AddDate(0, 0, 7*w)
			out = append(out, q)
		}
	}
	return out
}

// idsByWeek lists the ids working each week, per template.
func idsByWeek(r Roster, from time.Time) map[string][]map[string]bool {
	out := map[string][]map[string]bool{}
	for _, s := range r.Shifts {
		w := int(s.Start.Sub(from) / (7 * 24 * time.Hour)) // day shifts: no DST in UTC
		for len(out[s.Template]) <= w {
			out[s.Template] = append(out[s.Template], map[string]bool{})
		}
		out[s.Template][w][s.AgentID] = true
	}
	return out
}

func TestIdsContinueFromWeekToWeek(t *testing.T) {
	one, tmpls := instanceA(1, 30)
	reqs := weeks(one, 2)
	r, err := Build(context.Background(), reqs, tmpls, nil, Options{Effort: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	check(t, reqs, tmpls, nil, r)
	for tm, ws := range idsByWeek(r, monday) {
		if len(ws) != 2 {
			t.Fatalf("%s works %d weeks, want 2", tm, len(ws))
		}
		small, large := ws[0], ws[1]
		if len(small) > len(large) {
			small, large = large, small
		}
		for id := range small {
			if !large[id] {
				t.Errorf("%s works one week only, though the other week has %d %s tours", id, len(large), tm)
			}
		}
		// ids run from 1 to the larger week's count, three digits
		for n := 1; n <= len(large); n++ {
			if id := fmt.Sprintf("%s-%03d", tm, n); !large[id] {
				t.Errorf("%s missing among %d ids", id, len(large))
			}
		}
	}
}

// ids numbers n tours of one template in one week.
func ids(t *testing.T, n int) []string {
	p, err := prepare(dayReqs(9, 17, 1), []Template{ft8}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := newState(p, 1)
	for range n {
		st.tours = append(st.tours, &tour{agent: -1, tmpl: 0, mask: 0x1f, start: [7]int32{9 * 60, 9 * 60, 9 * 60, 9 * 60, 9 * 60}})
	}
	nm := newNamer([]Template{ft8}, nil)
	nm.name(st)
	var out []string
	for _, tr := range st.tours {
		out = append(out, nm.id(ft8.Name, tr.num))
	}
	return out
}

func TestIdsSortInNumberOrder(t *testing.T) {
	for _, c := range []struct {
		n           int
		first, last string
	}{
		{1, "FT8-001", "FT8-001"},
		{999, "FT8-001", "FT8-999"},
		{1200, "FT8-0001", "FT8-1200"},
	} {
		got := ids(t, c.n)
		if got[0] != c.first || got[len(got)-1] != c.last {
			t.Errorf("%d tours: ids %s to %s, want %s to %s", c.n, got[0], got[len(got)-1], c.first, c.last)
		}
		if !sort.StringsAreSorted(got) || len(slices.Compact(slices.Clone(got))) != c.n {
			t.Errorf("%d tours: ids not distinct and sorted in number order", c.n)
		}
	}
}

// TestRestAcrossWeeks matches a Sunday-night shift running into Monday to
// the week-2 tour that starts later, though weekends alone would choose
// otherwise.
func TestRestAcrossWeeks(t *testing.T) {
	any := Template{Name: "ANY", Length: 8 * time.Hour, EarliestStart: 0, LatestStart: 23 * time.Hour, StartStep: time.Hour,
		DaysPerWeek: 5, DaysOff: AnyDaysOff}
	p, err := prepare(weeks(dayReqs(0, 24, 1), 2), []Template{any}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := newState(p, 1)
	at := func(week int, mask uint8, start int32) *tour {
		tr := &tour{agent: -1, week: week, mask: mask}
		for j := range tr.start {
			tr.start[j] = start
		}
		return tr
	}
	night := at(0, 0b1111000, 23*60) // Thursday to Sunday at 23:00: ends Monday 07:00
	day := at(0, 0b0011111, 9*60)    // Monday to Friday
	early := at(1, 0b0011111, 0)     // Monday at midnight: no weekend
	late := at(1, 0b0111110, 9*60)   // Tuesday to Saturday
	st.tours = []*tour{night, day, early, late}
	nm := newNamer([]Template{any}, nil)
	nm.name(st)
	if early.num == night.num || late.num != night.num || early.num != day.num {
		t.Errorf("week 2's tours go to ids %d (midnight Monday) and %d, week 1's night to %d and day to %d: want the night's id on the later tour",
			early.num, late.num, night.num, day.num)
	}
	if nm.count["any"] != 2 {
		t.Errorf("%d ids for two tours a week", nm.count["any"])
	}
}

// spread is max - min of the weekends worked by the ids or agents of a
// template (those with none count too).
func spread(r Roster, ids []string) (int, map[string]int) {
	all := Weekends(r.Shifts)
	n := map[string]int{}
	lo, hi := 1<<30, -1
	for _, id := range ids {
		n[id] = all[id]
		lo, hi = min(lo, n[id]), max(hi, n[id])
	}
	return hi - lo, n
}

func TestWeekendsRotateOverFourWeeks(t *testing.T) {
	one, tmpls := instanceA(2, 30)
	reqs := weeks(one, 4)
	r, err := Build(context.Background(), reqs, tmpls, nil, Options{Effort: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	check(t, reqs, tmpls, nil, r)
	for tm, ws := range idsByWeek(r, monday) {
		all := map[string]bool{}
		for _, w := range ws {
			for id := range w {
				all[id] = true
			}
		}
		// only ids that work every week can be held to the bound
		var every []string
		for id := range all {
			if ws[0][id] && ws[1][id] && ws[2][id] && ws[3][id] {
				every = append(every, id)
			}
		}
		if d, n := spread(r, every); d > 1 {
			t.Errorf("%s: weekends worked spread by %d over 4 weeks: %v", tm, d, n)
		}
	}
}

func TestAgentsWeekendsRotate(t *testing.T) {
	// Five seats 09:00-17:00 every day for seven full-time agents: each
	// week two of them have the weekend off, and over four weeks the eight
	// weekends off go round.
	reqs := weeks(dayReqs(9, 17, 5), 4)
	day := Template{Name: "DAY", Length: 8 * time.Hour, EarliestStart: 9 * time.Hour, LatestStart: 9 * time.Hour,
		DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true}
	var agents []Agent
	var names []string
	for i := range 7 {
		a := Agent{ID: fmt.Sprintf("A%d", i+1), MinHours: 40, MaxHours: 40, Days: allDays()}
		agents = append(agents, a)
		names = append(names, a.ID)
	}
	r, err := Build(context.Background(), reqs, []Template{day}, agents, Options{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, reqs, []Template{day}, agents, r)
	if d, n := spread(r, names); d > 1 {
		t.Errorf("weekends worked spread by %d over 4 weeks: %v", d, n)
	}
}

func TestTemplateTimeOff(t *testing.T) {
	reqs := dayReqs(9, 17, 2)
	tue := monday.AddDate(0, 0, 1)
	off := []TimeOff{
		{AgentID: "FT8-001", Kind: Leave, Span: Span{monday, tue}},
		{AgentID: "FT8-002", Kind: "training", Span: Span{tue.Add(10 * time.Hour), tue.Add(11 * time.Hour)}},
		{AgentID: "FT8-003", Kind: "meeting", Span: Span{tue.Add(3 * time.Hour), tue.Add(4 * time.Hour)}},
		{AgentID: "FT8-099", Kind: Leave, Span: Span{monday, tue}},
	}
	r, err := Build(context.Background(), reqs, []Template{ft8}, nil, Options{TimeOff: off})
	if err != nil {
		t.Fatal(err)
	}
	check(t, reqs, []Template{ft8}, nil, r)
	trained := false
	for _, s := range r.Shifts {
		if s.AgentID == "FT8-001" && s.Start.Before(tue) && s.End.After(monday) {
			t.Errorf("FT8-001 works %v on leave", s.Start)
		}
		for _, a := range s.Activities {
			if s.AgentID != "FT8-002" || !a.Span.Start.Equal(off[1].Start) || !a.End.Equal(off[1].End) || a.Kind != "training" {
				t.Errorf("%s: activity %+v", s.AgentID, a)
			}
			trained = true
		}
	}
	if !trained {
		t.Error("FT8-002's training is in no shift")
	}
	if len(r.TimeOff) != 2 || r.TimeOff[0] != off[0] || r.TimeOff[1] != off[1] {
		t.Errorf("time off honoured %+v, want the leave and the training", r.TimeOff)
	}
	warned := strings.Join(r.Warnings, "\n")
	for _, want := range []string{"FT8-003 on 2026-03-03 (meeting)", "FT8-099 on 2026-03-02"} {
		if !strings.Contains(warned, want) {
			t.Errorf("no warning about %s in %q", want, warned)
		}
	}
}

func TestAgentsOfAKindShareWeekends(t *testing.T) {
	// Over two weeks, full-time agents free to work any day take one or two
	// weekends each, not none or two: swapping a week's tours between two
	// agents who may work each other's evens them out at no cost.
	reqs, tmpls, agents := instanceC(3, 420)
	r, err := Build(context.Background(), weeks(reqs, 2), tmpls, agents, Options{Effort: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string][]string{}
	for _, a := range agents {
		if a.MinHours >= 35 && a.Days == allDays() {
			k := strings.Join(a.Templates, ";")
			kinds[k] = append(kinds[k], a.ID)
		}
	}
	for k, ids := range kinds {
		if d, n := spread(r, ids); d > 1 {
			t.Errorf("%s: weekends worked spread by %d over 2 weeks: %v", k, d, n)
		}
	}
}
