package schedule

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
)

func TestTemplateDaysAndRestValidate(t *testing.T) {
	mod := func(f func(*Template)) Template { x := ft8; f(&x); return x }
	monFri := [7]bool{false, true, true, true, true, true, false}
	for _, tc := range []struct {
		name  string
		tmpl  Template
		field string // "" valid
	}{
		{"weekdays", mod(func(x *Template) { x.Days = monFri }), ""},
		{"six days on five", mod(func(x *Template) { x.Days = monFri; x.DaysPerWeek = 6 }), "days_per_week"},
		{"days apart, consecutive off", mod(func(x *Template) {
			x.Days = [7]bool{time.Monday: true, time.Wednesday: true, time.Saturday: true}
			x.DaysPerWeek = 3
		}), "days_off"},
		{"days apart, any off", mod(func(x *Template) {
			x.Days = [7]bool{time.Monday: true, time.Wednesday: true, time.Saturday: true}
			x.DaysPerWeek, x.DaysOff = 3, AnyDaysOff
		}), ""},
		{"rest", mod(func(x *Template) { x.MinRest = 11 * time.Hour }), ""},
		{"negative rest", mod(func(x *Template) { x.MinRest = -time.Hour }), "min_rest"},
		{"rest and shift past a day", mod(func(x *Template) { x.MinRest = 17 * time.Hour }), "min_rest"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantField(t, tc.tmpl.Validate(), tc.field) })
	}
}

func TestPatternsOnAllowedDays(t *testing.T) {
	four := ft8
	four.DaysPerWeek = 4
	four.Days = [7]bool{false, true, true, true, true, true, false}
	got := four.patterns(time.Monday, 7) // bit 0: Monday
	// three consecutive days off including the weekend: Fri-Sun or Sat-Mon
	want := []uint8{0b0001111, 0b0011110}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("patterns %07b, want %07b", got, want)
	}
}

// weekdayReqs is a week from Monday of 30-minute requirements, open 08:00
// to 18:00 on weekdays with perDay[weekday] agents, closed at weekends.
func weekdayReqs(perDay [7]int) []staff.Requirement {
	var reqs []staff.Requirement
	for d := 0; d < 7; d++ {
		day := monday.AddDate(0, 0, d)
		for m := 0; m < 48; m++ {
			s := 0
			if m >= 16 && m < 36 {
				s = perDay[day.Weekday()]
			}
			reqs = append(reqs, staff.Requirement{Start: day.Add(time.Duration(m) * 30 * time.Minute),
				Channel: "phone", Region: "all", Contacts: float64(10 * s), Staff: s})
		}
	}
	return reqs
}

// TestWeekdayOperationWorksWeekdays: with nothing to cover at weekends, no
// tour works a Saturday or Sunday, whether its days off are consecutive
// or any, anonymous or named, however hard the search tries.
func TestWeekdayOperationWorksWeekdays(t *testing.T) {
	reqs := weekdayReqs([7]int{time.Monday: 7, time.Tuesday: 4, time.Wednesday: 3, time.Thursday: 4, time.Friday: 6})
	pt := Template{Name: "PT4", Length: 4 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 14 * time.Hour,
		StartStep: 30 * time.Minute, DaysPerWeek: 5, DaysOff: AnyDaysOff, CostPerHour: 0.9}
	tmpls := []Template{ft8, pt}
	var agents []Agent
	for i := range 10 {
		agents = append(agents, Agent{ID: fmt.Sprintf("A%02d", i), MinHours: 20, Days: [7]bool{true, true, true, true, true, true, true}})
	}
	for _, tc := range []struct {
		name   string
		agents []Agent
		effort float64
	}{
		{"anonymous, quick", nil, 0.1},
		{"anonymous", nil, 1},
		{"agents", agents, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(context.Background(), reqs, tmpls, tc.agents, Options{Effort: tc.effort})
			if err != nil {
				t.Fatal(err)
			}
			check(t, reqs, tmpls, tc.agents, r)
			for _, s := range r.Shifts {
				if wd := s.Start.Weekday(); wd == time.Saturday || wd == time.Sunday {
					t.Errorf("%s works %s, a closed day", s.AgentID, s.Start.Format("Mon 15:04"))
				}
			}
		})
	}
}

// TestClosedDaysDropped: a six-day template on a five-day operation works
// the five open days only.
func TestClosedDaysDropped(t *testing.T) {
	six := ft8
	six.DaysPerWeek = 6
	reqs := weekdayReqs([7]int{time.Monday: 2, time.Tuesday: 2, time.Wednesday: 2, time.Thursday: 2, time.Friday: 2})
	r, err := Build(context.Background(), reqs, []Template{six}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Shifts {
		if wd := s.Start.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("%s works %s, a closed day", s.AgentID, s.Start.Format("Mon 15:04"))
		}
	}
	// 08:00-18:00 takes two shifts a seat a day: four tours of five days
	tot := r.Summaries[len(r.Summaries)-1]
	if tot.UnderHours != 0 || tot.PaidHours != 4*5*8 {
		t.Errorf("paid %g h, under %g h; want four tours of five 8-hour days", tot.PaidHours, tot.UnderHours)
	}
	if tot.LowerBound > tot.Cost+1e-6 {
		t.Errorf("lower bound %g above the cost %g", tot.LowerBound, tot.Cost)
	}
}

// TestMinRest: evenings one day and mornings the next tempt a tour to
// close at 23:00 and open at 07:00; with min_rest it must not.
func TestMinRest(t *testing.T) {
	var reqs []staff.Requirement
	for d := 0; d < 7; d++ {
		day := monday.AddDate(0, 0, d)
		for m := 0; m < 48; m++ {
			s := 0
			if d%2 == 0 && m >= 30 && m < 46 || d%2 == 1 && m >= 14 && m < 30 {
				s = 3 // 15:00-23:00 on even days, 07:00-15:00 on odd ones
			}
			reqs = append(reqs, staff.Requirement{Start: day.Add(time.Duration(m) * 30 * time.Minute),
				Channel: "phone", Region: "all", Contacts: float64(10 * s), Staff: s})
		}
	}
	flex := Template{Name: "FLEX", Length: 8 * time.Hour, EarliestStart: 7 * time.Hour, LatestStart: 15 * time.Hour,
		StartStep: time.Hour, DaysPerWeek: 5, DaysOff: AnyDaysOff}
	agents := []Agent{{ID: "A", MinHours: 40, Days: [7]bool{true, true, true, true, true, true, true}},
		{ID: "B", MinHours: 40, Days: [7]bool{true, true, true, true, true, true, true}}}
	// least rest between consecutive shifts of one agent
	leastRest := func(r Roster) time.Duration {
		last := map[string]time.Time{}
		least := time.Duration(1 << 62)
		for _, s := range r.Shifts {
			if end, ok := last[s.AgentID]; ok && s.Start.Sub(end) < 24*time.Hour {
				least = min(least, s.Start.Sub(end))
			}
			last[s.AgentID] = s.End
		}
		return least
	}
	for _, tc := range []struct {
		name   string
		agents []Agent
	}{{"anonymous", nil}, {"agents", agents}} {
		t.Run(tc.name, func(t *testing.T) {
			free, err := Build(context.Background(), reqs, []Template{flex}, tc.agents, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := leastRest(free); got >= 11*time.Hour {
				t.Fatalf("without min_rest the least rest is %v: the test shows nothing", got)
			}
			rested := flex
			rested.MinRest = 11 * time.Hour
			r, err := Build(context.Background(), reqs, []Template{rested}, tc.agents, Options{})
			if err != nil {
				t.Fatal(err)
			}
			check(t, reqs, []Template{rested}, tc.agents, r)
			if got := leastRest(r); got < 11*time.Hour {
				t.Errorf("least rest %v, want at least 11h", got)
			}
		})
	}
}

// TestIdleShiftsDropped: Sunday is open for a tour starting at 16:00 (it
// runs into Monday's first hour), but an agent pinned to a 08:00 start by
// same_start covers nothing there; that shift is not scheduled, and the
// agent's short week is reported.
func TestIdleShiftsDropped(t *testing.T) {
	reqs := weekdayReqs([7]int{time.Monday: 1, time.Tuesday: 1, time.Wednesday: 1, time.Thursday: 1, time.Friday: 1})
	reqs[0].Staff, reqs[1].Staff = 1, 1 // Monday 00:00-01:00
	late := ft8
	late.Length = 8*time.Hour + 30*time.Minute // from 16:00 into Monday
	agents := []Agent{{ID: "A1", Days: [7]bool{time.Wednesday: true, time.Thursday: true, time.Friday: true, time.Saturday: true, time.Sunday: true},
		MinHours: 40}}
	r, err := Build(context.Background(), reqs, []Template{late}, agents, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Shifts {
		if wd := s.Start.Weekday(); wd == time.Saturday || wd == time.Sunday && s.Start.Hour() < 16 {
			t.Errorf("%s works %s, covering nothing", s.AgentID, s.Start.Format("Mon 15:04"))
		}
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "agent A1 works") {
		t.Errorf("warnings %q do not report A1's short week", r.Warnings)
	}
}
