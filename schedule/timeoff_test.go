package schedule

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTimeOffAndActivities(t *testing.T) {
	day := 24 * time.Hour
	at := func(d int, clock time.Duration) time.Time { return monday.Add(time.Duration(d)*day + clock) }
	ft := Template{Name: "FT", Length: 8 * time.Hour, EarliestStart: 7 * time.Hour, LatestStart: 12 * time.Hour, StartStep: time.Hour,
		DaysPerWeek: 5, DaysOff: AnyDaysOff, Breaks: []Break{{Length: 30 * time.Minute, EarliestAfter: 3 * time.Hour, LatestAfter: 5 * time.Hour}}}
	var agents []Agent
	for _, id := range []string{"A1", "A2", "A3", "A4", "A5", "A6"} {
		agents = append(agents, Agent{ID: id, Days: allDays(), MinHours: 40, MaxHours: 40})
	}
	offs := []TimeOff{
		{AgentID: "A1", Kind: Leave, Span: Span{at(1, 0), at(3, 0)}},                            // Tuesday and Wednesday
		{AgentID: "A2", Kind: Leave, Span: Span{at(2, 8*time.Hour), at(2, 12*time.Hour)}},       // Wednesday morning
		{AgentID: "A3", Kind: "training", Span: Span{at(3, 13*time.Hour), at(3, 15*time.Hour)}}, // Thursday afternoon
	}
	meeting := ActivityRule{Kind: "meeting", Length: time.Hour, From: 10 * time.Hour, To: 16 * time.Hour}
	reqs := dayReqs(8, 20, 3)
	r, err := Build(context.Background(), reqs, []Template{ft}, agents, Options{TimeOff: offs, Activities: []ActivityRule{meeting}})
	if err != nil {
		t.Fatal(err)
	}
	check(t, reqs, []Template{ft}, agents, r)
	worked := map[string]int{}
	for _, s := range r.Shifts {
		worked[s.AgentID]++
	}
	if worked["A1"] != 3 {
		t.Errorf("A1 works %d days, want 3 besides two days of leave", worked["A1"])
	}
	if len(r.TimeOff) != len(offs) {
		t.Errorf("roster keeps %d entries of time off, want %d", len(r.TimeOff), len(offs))
	}
	meetings := map[string]int{}
	for _, s := range r.Shifts {
		for _, x := range s.Activities {
			if x.Kind != "meeting" {
				continue
			}
			meetings[s.AgentID]++
			from := x.Start.Sub(x.Start.Truncate(day))
			if from < meeting.From || from+x.End.Sub(x.Start) > meeting.To || x.End.Sub(x.Start) != meeting.Length {
				t.Errorf("%s: meeting %v-%v outside 10:00-16:00 or not 1 h", s.AgentID, x.Start, x.End)
			}
		}
	}
	for _, a := range agents {
		if meetings[a.ID] != 1 {
			t.Errorf("%s has %d meetings, want one a week", a.ID, meetings[a.ID])
		}
	}
}

func TestTimeOffRejected(t *testing.T) {
	ft := Template{Name: "FT", Length: 8 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 8 * time.Hour, DaysPerWeek: 5, DaysOff: AnyDaysOff}
	agents := []Agent{{ID: "A1", Days: allDays()}}
	span := Span{monday, monday.Add(time.Hour)}
	for _, c := range []struct {
		name  string
		opt   Options
		field string
	}{
		{"unknown agent", Options{TimeOff: []TimeOff{{AgentID: "B9", Kind: Leave, Span: span}}}, "agent_id"},
		{"end before start", Options{TimeOff: []TimeOff{{AgentID: "A1", Kind: Leave, Span: Span{span.End, span.Start}}}}, "end"},
		{"activity longer than its hours", Options{Activities: []ActivityRule{{Kind: "meeting", Length: 2 * time.Hour, From: 10 * time.Hour, To: 11 * time.Hour}}}, "to"},
		{"activity without a kind", Options{Activities: []ActivityRule{{Length: time.Hour, To: 24 * time.Hour}}}, "kind"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build(context.Background(), dayReqs(8, 16, 1), []Template{ft}, agents, c.opt)
			wantField(t, err, c.field)
		})
	}
}

func TestTrainingPastTheHorizonIsReported(t *testing.T) {
	ft := Template{Name: "FT", Length: 8 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 8 * time.Hour, DaysPerWeek: 5, DaysOff: AnyDaysOff}
	agents := []Agent{{ID: "A1", Days: allDays()}}
	offs := []TimeOff{{AgentID: "A1", Kind: "training", Span: Span{monday.Add(-time.Hour), monday.Add(time.Hour)}}}
	r, err := Build(context.Background(), dayReqs(8, 16, 1), []Template{ft}, agents, Options{TimeOff: offs})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.TimeOff) != 0 || !strings.Contains(strings.Join(r.Warnings, "\n"), "the training of A1") {
		t.Errorf("time off %v, warnings %q: want the training dropped and reported", r.TimeOff, r.Warnings)
	}
}

func TestActivityWithoutRoomIsReported(t *testing.T) {
	// Shifts run 08:00-12:00; a meeting between 14:00 and 16:00 fits none.
	pt := Template{Name: "PT", Length: 4 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 8 * time.Hour, DaysPerWeek: 5, DaysOff: AnyDaysOff}
	r, err := Build(context.Background(), dayReqs(8, 12, 1), []Template{pt}, nil,
		Options{Activities: []ActivityRule{{Kind: "meeting", Length: time.Hour, From: 14 * time.Hour, To: 16 * time.Hour}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "no room for the meeting between 14:00 and 16:00") {
		t.Errorf("warnings %q do not report the unplaced meetings", r.Warnings)
	}
}

func TestAgentRestAcrossWeeks(t *testing.T) {
	// One agent, one shift a week: a late Sunday of week 1 (16:00-24:00) and
	// an early Monday of week 2 (from 08:00 to 10:00) leave at most 8 hours
	// between them, less than the template's 11 hours of rest, so only one
	// is worked.
	one := Template{Name: "ONE", Length: 8 * time.Hour, EarliestStart: 0, LatestStart: 23 * time.Hour, StartStep: time.Hour,
		DaysPerWeek: 1, DaysOff: AnyDaysOff, MinRest: 11 * time.Hour}
	reqs := weeks(dayReqs(0, 24, 0), 2)
	for i, q := range reqs {
		sunday := q.Start.Weekday() == time.Sunday && q.Start.Before(monday.AddDate(0, 0, 7)) && q.Start.Hour() >= 16
		mondayAfter := q.Start.Weekday() == time.Monday && !q.Start.Before(monday.AddDate(0, 0, 7)) && q.Start.Hour() >= 8 && q.Start.Hour() < 10
		if sunday || mondayAfter {
			reqs[i].Staff, reqs[i].Contacts = 1, 10
		}
	}
	agents := []Agent{{ID: "A1", Days: allDays()}}
	r, err := Build(context.Background(), reqs, []Template{one}, agents, Options{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, reqs, []Template{one}, agents, r)
	for i := 1; i < len(r.Shifts); i++ {
		if rest := r.Shifts[i].Start.Sub(r.Shifts[i-1].End); rest < one.MinRest {
			t.Errorf("%v rest between %v and %v, want at least %v", rest, r.Shifts[i-1].End, r.Shifts[i].Start, one.MinRest)
		}
	}
	if len(r.Shifts) != 1 {
		t.Errorf("%d shifts, want the one the rest allows", len(r.Shifts))
	}
}

func TestBreakInsideTrainingIsReported(t *testing.T) {
	// The break must start 2 to 3 hours into an 08:00 shift, all of which a
	// 09:00-12:00 training takes: no room beside it.
	ft := Template{Name: "FT", Length: 8 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 8 * time.Hour, DaysPerWeek: 5, DaysOff: AnyDaysOff,
		Breaks: []Break{{Length: 30 * time.Minute, Paid: true, EarliestAfter: 2 * time.Hour, LatestAfter: 3 * time.Hour}}}
	agents := []Agent{{ID: "A1", Days: allDays(), MinHours: 40}}
	tue := monday.AddDate(0, 0, 1)
	offs := []TimeOff{{AgentID: "A1", Kind: "training", Span: Span{tue.Add(9 * time.Hour), tue.Add(12 * time.Hour)}}}
	r, err := Build(context.Background(), dayReqs(8, 16, 1), []Template{ft}, agents, Options{TimeOff: offs})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "1 shifts have a break inside an activity, its window leaving no room beside it (A1 on 2026-03-03)") {
		t.Errorf("warnings %q do not report the break inside the training", r.Warnings)
	}
}
