package plan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/internal/shareddata"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
)

func TestStartAfter(t *testing.T) {
	friday := time.Date(2026, 3, 6, 21, 0, 0, 0, time.UTC) // the interval after a Friday's last
	monday := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, plan string
		end        time.Time
		want       time.Time
	}{
		{"default: next Monday", "", friday, monday},
		{"history ends at a week's start", "", monday, monday},
		{"history ends a minute into the week", "", monday.Add(30 * time.Minute), monday.AddDate(0, 0, 7)},
		{"week on Sunday", "week_start: Sunday\n", friday, monday.AddDate(0, 0, -1)},
		{"week on Saturday", "week_start: saturday\n", friday, monday.AddDate(0, 0, -2)},
		{"week on the history's last day", "week_start: friday\n", friday, monday.AddDate(0, 0, 4)},
		{"explicit date", "start: 2026-03-16\n", friday, monday.AddDate(0, 0, 7)},
		{"explicit next-week", "start: next-week\nweek_start: tuesday\n", friday, monday.AddDate(0, 0, 1)},
		{"explicit date on week_start", "week_start: wednesday\nstart: 2026-03-11\n", friday, monday.AddDate(0, 0, 2)},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := ReadConfig(strings.NewReader("history: h.csv\n"+validPlanInputs+c.plan), "plan.yaml")
			if err != nil {
				t.Fatal(err)
			}
			got, err := cfg.startAfter(c.end)
			if err != nil || !got.Equal(c.want) {
				t.Errorf("startAfter(%v) = %v, %v; want %v", c.end, got, err, c.want)
			}
		})
	}
}

func TestWeekKeysRejected(t *testing.T) {
	for _, c := range []struct{ plan, want string }{
		{"week_start: mon\n", `key week_start: want a weekday such as monday, got "mon"`},
		{"start: 2026-03-10\n", "key start: 2026-03-10 is a Tuesday, but weeks start on Monday (key week_start)"},
		{"week_start: sunday\nstart: 2026-03-09\n", "key start: 2026-03-09 is a Monday, but weeks start on Sunday"},
		{"start: 2026-02-30\n", `key start: want next-week or a date such as 2026-03-02, got "2026-02-30"`},
		{"start: last-week\n", `key start: want next-week or a date`},
	} {
		t.Run(c.plan, func(t *testing.T) {
			_, err := ReadConfig(strings.NewReader("history: h.csv\n"+validPlanInputs+c.plan), "plan.yaml")
			var te *table.Error
			if !errors.As(err, &te) || te.File != "plan.yaml" || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want a *table.Error of plan.yaml saying %q", err, c.want)
			}
		})
	}
	cfg, err := ReadConfig(strings.NewReader("history: h.csv\n"+validPlanInputs+"start: 2026-03-02\n"), "plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = cfg.startAfter(time.Date(2026, 3, 6, 21, 0, 0, 0, time.UTC))
	if want := "plan.yaml: key start: 2026-03-02 is before the end of the history, 2026-03-06T21:00"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// weekdayHistory is weeks weeks of half-hourly contacts of a centre open
// Monday to Friday 08:00-18:00, from Monday 2026-03-02 to a Friday.
func weekdayHistory(weeks int) string {
	var b strings.Builder
	b.WriteString("interval_start,channel,region,contacts\n")
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for t := start; t.Before(start.AddDate(0, 0, 7*(weeks-1)+5)); t = t.Add(30 * time.Minute) {
		v := 0
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday && t.Hour() >= 8 && t.Hour() < 18 {
			v = 20 + 2*t.Hour() + int(wd)
		}
		fmt.Fprintf(&b, "%s,phone,east,%d\n", t.Format("2006-01-02T15:04"), v)
	}
	return b.String()
}

// TestRunPlansWholeWeeks: a history ending on a Friday evening is planned
// from the Monday after, and every shift starts within the planned week.
func TestRunPlansWholeWeeks(t *testing.T) {
	monday := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC) // the history ends Friday 2026-03-20
	for _, c := range []struct {
		name, plan string
		first      time.Time
	}{
		{"next week", "", monday},
		{"a later week", "start: 2026-03-30\n", monday.AddDate(0, 0, 7)},
		{"weeks from Sunday", "week_start: sunday\n", monday.AddDate(0, 0, -1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"history.csv": weekdayHistory(3), "targets.csv": phoneTarget, "shifts.yaml": shiftsYAML})
			cfg, err := ReadConfig(strings.NewReader("history: history.csv\n"+validPlanInputs+"model: snaive\neffort: 0.1\n"+c.plan), "plan.yaml")
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), cfg, Source{Dir: dir}, dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkWeek(t, res, c.first)
		})
	}
}

// checkWeek checks that the plan's forecast and requirements start at
// first and that its shifts start within the week from first.
func checkWeek(t *testing.T, res *Result, first time.Time) {
	t.Helper()
	last := first.AddDate(0, 0, 7)
	for _, f := range res.Forecasts {
		if !f.Start.Equal(first) {
			t.Errorf("forecast %s/%s starts %v, want %v", f.Channel, f.Region, f.Start, first)
		}
	}
	if len(res.Requirements) == 0 || !res.Requirements[0].Start.Equal(first) {
		t.Errorf("requirements start %v, want %v", res.Requirements[:1], first)
	}
	if len(res.Roster.Shifts) == 0 {
		t.Fatal("no shifts")
	}
	for _, s := range res.Roster.Shifts {
		if s.Start.Before(first) || !s.Start.Before(last) {
			t.Errorf("shift %s starts %v, outside the week %v to %v", s.AgentID, s.Start, first, last)
		}
	}
	if got, want := res.expand("{week} {date}"), first.Format("2006-W")+fmt.Sprintf("%02d", isoWeek(first))+" "+first.Format(time.DateOnly); got != want {
		t.Errorf("expand = %q, want %q", got, want)
	}
}

func isoWeek(t time.Time) int { _, w := t.ISOWeek(); return w }

// TestRunPlansBankWeek plans the real bank data, whose history ends on
// Friday 2003-10-24, with the defaults: the week from Monday 2003-10-27.
func TestRunPlansBankWeek(t *testing.T) {
	history := shareddata.Path(t, "bank_calls_5min.csv")
	dir := t.TempDir()
	shifts, err := os.ReadFile(filepath.Join("..", "examples", "shifts.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{
		"targets.csv": "channel,service_level,answer_seconds,max_occupancy,shrinkage,aht_seconds\nall,0.8,20,0.88,0.3,240\n",
		"shifts.yaml": string(shifts),
	})
	abs, err := filepath.Abs(history)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ReadConfig(strings.NewReader("history: "+abs+"\ninterval: 30m\n"+validPlanInputs+"effort: 0.1\n"), "plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), cfg, Source{Dir: dir}, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if end, want := HistoryEnd(res.History), time.Date(2003, 10, 24, 21, 30, 0, 0, time.UTC); !end.Equal(want) {
		t.Fatalf("history ends %v, want %v", end, want)
	}
	first := time.Date(2003, 10, 27, 0, 0, 0, 0, time.UTC)
	checkWeek(t, res, first)
	last := first.AddDate(0, 0, 7)
	// the bank takes no calls at weekends: no tour works one
	for _, s := range res.Roster.Shifts {
		if wd := s.Start.Weekday(); wd == time.Saturday || wd == time.Sunday || s.End.After(last) {
			t.Errorf("shift %s %v-%v: on a weekend or past the week", s.AgentID, s.Start, s.End)
		}
	}
	// the plan's roster is no dearer than one built on the week cut by hand
	var week []staff.Requirement
	for _, q := range res.Requirements {
		if !q.Start.Before(first) && q.Start.Before(last) {
			week = append(week, q)
		}
	}
	tmpls, err := records.ReadShifts(mustGrid(t, "shifts.yaml", string(shifts)))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := schedule.Build(context.Background(), week, tmpls, nil, schedule.Options{Effort: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	total := res.Roster.Summaries[len(res.Roster.Summaries)-1]
	byHand := ref.Summaries[len(ref.Summaries)-1]
	if total.PaidHours > byHand.PaidHours+1e-6 {
		t.Errorf("plan pays %g h, the week cut by hand %g h", total.PaidHours, byHand.PaidHours)
	}
	t.Logf("%d shifts, %.1f paid hours, %.1f required", len(res.Roster.Shifts), total.PaidHours, total.RequiredHours)
}

func mustGrid(t *testing.T, name, content string) *table.Grid {
	t.Helper()
	g, err := table.Read(strings.NewReader(content), name, table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}
