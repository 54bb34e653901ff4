package intraday

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// The small instance's day: Monday 2 March 2026, re-planned from noon.
var day = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func at(hhmm string) time.Time {
	d, err := time.ParseDuration(strings.Replace(hhmm, ":", "h", 1) + "m")
	if err != nil {
		panic(err)
	}
	return day.Add(d)
}

func span(from, to string) schedule.Span { return schedule.Span{Start: at(from), End: at(to)} }

// T8 works 8 paid hours with a 30-minute unpaid break 2h to 4h after the
// start, at 10 an hour, with 11 hours of rest between shifts.
var t8 = schedule.Template{Name: "T8", Length: 8 * time.Hour, EarliestStart: 6 * time.Hour, LatestStart: 14 * time.Hour,
	StartStep: 30 * time.Minute, DaysPerWeek: 5, CostPerHour: 10, MinRest: 11 * time.Hour,
	Breaks: []schedule.Break{{Length: 30 * time.Minute, EarliestAfter: 2 * time.Hour, LatestAfter: 4 * time.Hour}}}

// shift is agent id's T8 shift from start, its break at brk.
func shift(id, channel, start, brk string) schedule.Shift {
	s := at(start)
	b := at(brk)
	return schedule.Shift{AgentID: id, Template: "T8", Span: schedule.Span{Start: s, End: s.Add(t8.Span())},
		Breaks: []schedule.Span{{Start: b, End: b.Add(30 * time.Minute)}}, Channel: channel, Region: "east", Paid: 8 * time.Hour}
}

// need returns requirements of channel from 12:00 to midnight: the staff
// of the half hour starting at each time of day ("13:30").
func need(channel string, staffAt func(hhmm string) int) []staff.Requirement {
	var out []staff.Requirement
	for t := day.Add(12 * time.Hour); t.Before(day.Add(24 * time.Hour)); t = t.Add(30 * time.Minute) {
		out = append(out, staff.Requirement{Start: t, Channel: channel, Region: "east", Staff: staffAt(t.Format("15:04"))})
	}
	return out
}

// steps is staffAt of n[i] agents from times[i] on, none before times[0].
func steps(times []string, n []int) func(string) int {
	return func(hhmm string) int {
		k := 0
		for i, t := range times {
			if hhmm >= t {
				k = n[i]
			}
		}
		return k
	}
}

var targets = []staff.Target{
	{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 300},
	{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 60, AHTSeconds: 600},
}

func options() Options {
	return Options{Now: at("12:00"), Interval: 30 * time.Minute, OvertimeRate: 1.5, MaxOvertime: 2 * time.Hour}
}

func replan(t *testing.T, in Input, opt Options) Result {
	t.Helper()
	if in.Templates == nil {
		in.Templates = []schedule.Template{t8}
	}
	in.Targets = targets
	r, err := Replan(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkUntouchedBeforeNow(t, in.Roster, r, opt.Now)
	return r
}

// checkUntouchedBeforeNow checks the rule every re-plan keeps: no action
// starts before now, and every published shift reads the same before now.
func checkUntouchedBeforeNow(t *testing.T, published []schedule.Shift, r Result, now time.Time) {
	t.Helper()
	for _, a := range r.Actions {
		if a.Start.Before(now) {
			t.Errorf("action %+v starts before now, %s", a, now.Format("15:04"))
		}
	}
	clip := func(sh schedule.Shift) string {
		var b strings.Builder
		if sh.Start.Before(now) {
			b.WriteString(sh.Start.Format("15:04") + "-" + minTime(sh.End, now).Format("15:04") + " " + sh.Channel)
		}
		for _, x := range sh.Breaks {
			if x.Start.Before(now) {
				b.WriteString(" break " + x.Start.Format("15:04") + "-" + x.End.Format("15:04"))
			}
		}
		return b.String()
	}
	got := map[string]string{}
	for _, sh := range r.Roster {
		if sh.Start.Before(now) && midnight(sh.Start) == midnight(now) {
			got[sh.AgentID] += clip(sh)
		}
	}
	for _, sh := range published {
		if sh.Start.Before(now) && midnight(sh.Start) == midnight(now) && got[sh.AgentID] != clip(sh) {
			t.Errorf("%s before now: %q, want %q as published", sh.AgentID, got[sh.AgentID], clip(sh))
		}
	}
}

func kinds(r Result) map[Kind]int {
	out := map[Kind]int{}
	for _, a := range r.Actions {
		out[a.Kind]++
	}
	return out
}

func under(r Result) (before, after float64) {
	for _, c := range r.Coverage {
		before += math.Max(0, c.Required-c.Before) / 2
		after += math.Max(0, c.Required-c.After) / 2
	}
	return before, after
}

func TestMoveBreak(t *testing.T) {
	for _, tc := range []struct {
		name     string
		latest   time.Duration // of the break, after the 10:00 start
		brk, now string
		want     string // the break's new start; "" for no move
		wantMet  bool
	}{
		// Two agents, two needed 12:00-14:00: A's break at 13:00 moves to
		// 14:00, free, rather than any overtime.
		{"moves inside its window", 4 * time.Hour, "13:00", "12:00", "14:00", true},
		// Its window ends at 13:30: every start leaves 12:00-14:00 short.
		{"stays inside its window", 3*time.Hour + 30*time.Minute, "13:00", "12:00", "", false},
		// The break began before now: it stays.
		{"a break begun before now stays", 4 * time.Hour, "12:45", "13:00", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := t8
			tm.Breaks = []schedule.Break{{Length: 30 * time.Minute, EarliestAfter: 2 * time.Hour, LatestAfter: tc.latest}}
			roster := []schedule.Shift{shift("A", "phone", "10:00", tc.brk), shift("B", "phone", "10:00", "15:00")}
			opt := options()
			opt.Now = at(tc.now)
			r := replan(t, Input{Roster: roster, Templates: []schedule.Template{tm},
				Requirements: need("phone", steps([]string{"00:00", "14:00", "18:30"}, []int{2, 1, 0}))}, opt)
			got := ""
			for _, a := range r.Actions {
				if a.Kind == MoveBreak {
					got = a.Start.Format("15:04")
					if a.Cost != 0 || a.AgentID != "A" {
						t.Errorf("%+v, want A's break moved at no cost", a)
					}
				}
			}
			if got != tc.want {
				t.Errorf("break moved to %q, want %q; actions %+v", got, tc.want, r.Actions)
			}
			if _, after := under(r); (after == 0) != tc.wantMet {
				t.Errorf("%.1f under-staffed agent-hours after, want met %v", after, tc.wantMet)
			}
			for _, sh := range r.Roster {
				for _, b := range sh.Breaks {
					if off := b.Start.Sub(at("10:00")); off < 2*time.Hour || off > tc.latest {
						t.Errorf("%s's break at %s, outside its window", sh.AgentID, b.Start.Format("15:04"))
					}
				}
			}
		})
	}
}

func TestMoveChannel(t *testing.T) {
	// A, on chat, may also take phone: chat has one agent too many from
	// 14:00 and phone one too few.
	roster := []schedule.Shift{shift("A", "chat", "08:00", "10:00"), shift("B", "chat", "08:00", "10:00"), shift("C", "phone", "08:00", "10:00")}
	agents := []schedule.Agent{{ID: "A", Region: "east", Channels: []string{"chat", "phone"}}, {ID: "B", Region: "east", Channels: []string{"chat"}},
		{ID: "C", Region: "east", Channels: []string{"phone"}}}
	reqs := append(need("chat", steps([]string{"00:00", "14:00", "16:30"}, []int{2, 1, 0})),
		need("phone", steps([]string{"00:00", "14:00", "16:30"}, []int{1, 2, 0}))...)
	r := replan(t, Input{Roster: roster, Agents: agents, Requirements: reqs}, options())
	if k := kinds(r); k[MoveChannel] != 1 || k[Overtime] != 0 || k[CallIn] != 0 {
		t.Fatalf("actions %+v, want one move to phone", r.Actions)
	}
	var moved *Action
	for i := range r.Actions {
		if r.Actions[i].Kind == MoveChannel {
			moved = &r.Actions[i]
		}
	}
	if moved.AgentID != "A" || moved.Channel != "phone" || !moved.Start.Equal(at("14:00")) || moved.Cost != 0 {
		t.Errorf("%+v, want A to phone from 14:00, free", *moved)
	}
	// A's day is two rows now: chat to 14:00, phone after.
	var rows []string
	for _, sh := range r.Roster {
		if sh.AgentID == "A" {
			rows = append(rows, sh.Channel+" "+sh.Start.Format("15:04")+"-"+sh.End.Format("15:04"))
		}
	}
	if strings.Join(rows, ", ") != "chat 08:00-14:00, phone 14:00-16:30" {
		t.Errorf("A's rows %q", rows)
	}
	if _, after := under(r); after != 0 {
		t.Errorf("%.1f under-staffed agent-hours left", after)
	}
}

// overtimeHours returns the overtime the re-plan gave, and its cost.
func overtimeHours(r Result) (hours, cost float64) {
	for _, a := range r.Actions {
		if a.Kind == Overtime {
			hours += a.Hours
			cost += a.Cost
		}
	}
	return hours, cost
}

func TestOvertimeRules(t *testing.T) {
	// A works 08:00-16:30, its break before now; one agent is needed from
	// 12:00 to 20:00, so 3.5 hours after A's shift are short.
	a := shift("A", "phone", "08:00", "10:00")
	reqs := need("phone", steps([]string{"00:00", "20:00"}, []int{1, 0}))
	tomorrow := a
	tomorrow.Start, tomorrow.End, tomorrow.Breaks = a.Start.AddDate(0, 0, 1).Add(-3*time.Hour), a.End.AddDate(0, 0, 1).Add(-3*time.Hour), nil
	for _, tc := range []struct {
		name        string
		maxOvertime time.Duration // Options'
		template    time.Duration // T8's MaxOvertime
		agent       *schedule.Agent
		roster      []schedule.Shift
		want        float64 // hours of overtime
	}{
		{"the day's cap", 2 * time.Hour, 0, nil, []schedule.Shift{a}, 2},
		{"no overtime allowed", 0, 0, nil, []schedule.Shift{a}, 0},
		{"the template's cap", 2 * time.Hour, time.Hour, nil, []schedule.Shift{a}, 1},
		// 8 paid hours rostered this week, 9 at most.
		{"max_hours", 2 * time.Hour, 0, &schedule.Agent{ID: "A", Region: "east", MaxHours: 9}, []schedule.Shift{a}, 1},
		// Tomorrow's shift starts at 05:00: 11 hours' rest end today's by 18:00.
		{"min_rest", 3 * time.Hour, 0, nil, []schedule.Shift{a, tomorrow}, 1.5},
		{"the agent's latest end", 3 * time.Hour, 0, &schedule.Agent{ID: "A", Region: "east", LatestEnd: 17*time.Hour + 30*time.Minute}, []schedule.Shift{a}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := t8
			tm.MaxOvertime = tc.template
			opt := options()
			opt.MaxOvertime = tc.maxOvertime
			in := Input{Roster: tc.roster, Templates: []schedule.Template{tm}, Requirements: reqs}
			if tc.agent != nil {
				in.Agents = []schedule.Agent{*tc.agent}
			}
			r := replan(t, in, opt)
			hours, cost := overtimeHours(r)
			if hours != tc.want {
				t.Errorf("%g hours of overtime, want %g: %+v", hours, tc.want, r.Actions)
			}
			if want := hours * 10 * 1.5; math.Abs(cost-want) > 1e-9 {
				t.Errorf("overtime costs %g, want %g (10 an hour x 1.5)", cost, want)
			}
			for _, act := range r.Actions {
				if act.Kind == Overtime && !act.Start.Equal(at("16:30")) && !act.End.Equal(at("16:30")) {
					t.Errorf("%+v: overtime not next to the shift", act)
				}
			}
		})
	}
}

func TestCallIn(t *testing.T) {
	// Nobody works the afternoon; one agent is needed 14:00 to 22:30.
	reqs := need("phone", steps([]string{"00:00", "14:00", "22:30"}, []int{0, 1, 0}))
	monday := [7]bool{time.Monday: true}
	for _, tc := range []struct {
		name   string
		agent  schedule.Agent
		roster []schedule.Shift
		want   string // the call-in, or ""
	}{
		{"free and allowed", schedule.Agent{ID: "Z", Name: "Zoe", Region: "east", Channels: []string{"phone"}, Days: monday, CostPerHour: 12},
			nil, "Z 14:00-22:30 phone 96"},
		{"not on their days", schedule.Agent{ID: "Z", Region: "east", Days: [7]bool{time.Tuesday: true}}, nil, ""},
		{"already working today", schedule.Agent{ID: "Z", Region: "east", Days: monday},
			[]schedule.Shift{shift("Z", "phone", "06:00", "08:00")}, ""},
		{"a template they may not work", schedule.Agent{ID: "Z", Region: "east", Days: monday, Templates: []string{"PT4"}}, nil, ""},
		{"max_hours", schedule.Agent{ID: "Z", Region: "east", Days: monday, MaxHours: 7}, nil, ""},
		{"their hours", schedule.Agent{ID: "Z", Region: "east", Days: monday, LatestEnd: 20 * time.Hour}, nil, "Z 11:30-20:00 phone 80"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := options()
			opt.Now = at("11:30")
			r := replan(t, Input{Roster: tc.roster, Agents: []schedule.Agent{tc.agent}, Requirements: reqs}, opt)
			got := ""
			for _, a := range r.Actions {
				if a.Kind == CallIn {
					got = fmt.Sprintf("%s %s-%s %s %g", a.AgentID, a.Start.Format("15:04"), a.End.Format("15:04"), a.Channel, a.Cost)
				}
			}
			if got != tc.want {
				t.Errorf("call-in %q, want %q", got, tc.want)
			}
			if got != "" && r.Roster[len(r.Roster)-1].AgentID != tc.agent.ID {
				t.Errorf("the call-in is not in the roster: %+v", r.Roster)
			}
		})
	}
}

func TestVTO(t *testing.T) {
	// Three agents where one is needed all afternoon.
	roster := []schedule.Shift{shift("A", "phone", "08:00", "10:00"), shift("B", "phone", "08:00", "10:30"), shift("C", "phone", "08:00", "11:00")}
	reqs := need("phone", steps([]string{"00:00", "16:30"}, []int{1, 0}))
	r := replan(t, Input{Roster: roster, Requirements: reqs}, options())
	if k := kinds(r); k[VTO] != 2 || len(r.Actions) != 2 {
		t.Fatalf("actions %+v, want two vto", r.Actions)
	}
	for _, a := range r.Actions {
		if !a.Start.Equal(at("12:00")) || a.Hours != 4.5 || a.Cost != -45 {
			t.Errorf("%+v, want 12:00 on, 4.5 hours saving 45", a)
		}
	}
	if before, after := under(r); before != 0 || after != 0 {
		t.Errorf("under-staffed %g -> %g agent-hours, want none", before, after)
	}
	// min_hours: agents rostered at their weekly minimum keep their hours.
	agents := []schedule.Agent{{ID: "A", Region: "east", MinHours: 8}, {ID: "B", Region: "east", MinHours: 8}, {ID: "C", Region: "east", MinHours: 4}}
	r = replan(t, Input{Roster: roster, Agents: agents, Requirements: reqs}, options())
	if len(r.Actions) != 1 || r.Actions[0].AgentID != "C" || r.Actions[0].Hours != 4 {
		t.Errorf("actions %+v, want C alone to take 4 hours off", r.Actions)
	}
}

// TestSurgeAndLull rosters a day for its forecast, then re-plans the
// afternoon for contacts 25% above it (overtime, no time off) and 20%
// below it (time off, no overtime).
func TestSurgeAndLull(t *testing.T) {
	demand := func(factor float64) []staff.Demand {
		d := staff.Demand{Channel: "phone", Region: "east", Start: day, Interval: 30 * time.Minute}
		for i := range 48 {
			c := 0.0
			if i >= 14 && i < 44 { // 07:00 to 22:00
				c = 40
				if i >= 24 {
					c *= factor
				}
			}
			d.Contacts = append(d.Contacts, c)
		}
		return []staff.Demand{d}
	}
	reqsFor := func(factor float64) []staff.Requirement {
		reqs, err := staff.Staff(context.Background(), demand(factor), targets)
		if err != nil {
			t.Fatal(err)
		}
		return reqs
	}
	roster, err := schedule.Build(context.Background(), reqsFor(1), []schedule.Template{t8}, nil, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		factor float64
		more   Kind // the action wanted
		none   Kind // the action not wanted, or ""
		saves  bool // the actions cost less than nothing
	}{
		// Time off may still come where the roster stays over the rise.
		{"25% above", 1.25, Overtime, "", false},
		{"20% below", 0.8, VTO, Overtime, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := replan(t, Input{Roster: roster.Shifts, Requirements: reqsFor(tc.factor)}, options())
			if h, c := overtimeHours(r); c != h*10*1.5 {
				t.Errorf("%g hours of overtime cost %g, want 15 an hour", h, c)
			}
			k, tot := kinds(r), r.Totals()
			t.Logf("%v; cost %.1f; under %.1f -> %.1f, over %.1f -> %.1f agent-hours; service level %.3f -> %.3f",
				k, tot.Cost, tot.UnderBefore, tot.UnderAfter, tot.OverBefore, tot.OverAfter, tot.ServiceLevelBefore, tot.ServiceLevelAfter)
			if k[tc.more] == 0 || tc.none != "" && k[tc.none] != 0 || tc.saves && tot.Cost >= 0 {
				t.Errorf("actions %v costing %g, want %s, no %s", k, tot.Cost, tc.more, tc.none)
			}
			if tot.UnderAfter > tot.UnderBefore+1e-9 {
				t.Errorf("under-staffing rose from %g to %g agent-hours", tot.UnderBefore, tot.UnderAfter)
			}
			if tc.factor > 1 && (tot.UnderAfter >= tot.UnderBefore || tot.ServiceLevelAfter < 0.8) {
				t.Errorf("service level %.3f -> %.3f, under %g -> %g: want the target of 0.8 restored", tot.ServiceLevelBefore, tot.ServiceLevelAfter, tot.UnderBefore, tot.UnderAfter)
			}
			if tc.factor < 1 && (tot.OverAfter >= tot.OverBefore || tot.ServiceLevelAfter < 0.8) {
				t.Errorf("over %g -> %g agent-hours, service level %.3f: want fewer over-staffed hours at target", tot.OverBefore, tot.OverAfter, tot.ServiceLevelAfter)
			}
		})
	}
}
