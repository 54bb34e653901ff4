package records

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/examples"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
)

func grid(t *testing.T, name, content string) *table.Grid {
	t.Helper()
	g, err := table.Read(strings.NewReader(content), name, table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func exampleGrid(t *testing.T, name string) *table.Grid {
	t.Helper()
	data, err := examples.Files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	g, err := table.Read(bytes.NewReader(data), name, table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestCSVAndYAMLExamplesAgree(t *testing.T) {
	csvTargets, err := ReadTargets(exampleGrid(t, "targets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	yamlTargets, err := ReadTargets(exampleGrid(t, "targets.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(csvTargets, yamlTargets); diff != "" || len(csvTargets) == 0 {
		t.Errorf("targets differ (-csv +yaml):\n%s", diff)
	}
	csvShifts, err := ReadShifts(exampleGrid(t, "shifts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	yamlShifts, err := ReadShifts(exampleGrid(t, "shifts.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(csvShifts, yamlShifts); diff != "" || len(csvShifts) == 0 {
		t.Errorf("shifts differ (-csv +yaml):\n%s", diff)
	}
	agents, err := ReadAgents(exampleGrid(t, "agents.csv"), csvShifts)
	if err != nil || len(agents) == 0 {
		t.Fatalf("agents: %v", err)
	}
	if _, err := ReadHolidays(exampleGrid(t, "holidays.csv")); err != nil {
		t.Fatal(err)
	}
}

func TestReadShifts(t *testing.T) {
	got, err := ReadShifts(grid(t, "s.csv", "name,length,earliest_start,latest_start,start_step,days_per_week,days_off,same_start,breaks,cost_per_hour\n"+
		"FT8,8h,07:00,16:00,30m,5,consecutive,true,30m paid 2h-3h; 1h unpaid 3h30m-5h,60\n"+
		"PT4,4,08:00,,,5,,,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []schedule.Template{
		{Name: "FT8", Length: 8 * time.Hour, EarliestStart: 7 * time.Hour, LatestStart: 16 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: schedule.Consecutive, SameStart: true, CostPerHour: 60, Breaks: []schedule.Break{
				{Length: 30 * time.Minute, Paid: true, EarliestAfter: 2 * time.Hour, LatestAfter: 3 * time.Hour},
				{Length: time.Hour, EarliestAfter: 3*time.Hour + 30*time.Minute, LatestAfter: 5 * time.Hour}}},
		{Name: "PT4", Length: 4 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 8 * time.Hour, DaysPerWeek: 5, DaysOff: schedule.AnyDaysOff},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadShiftsDaysAndRest(t *testing.T) {
	monWedSat := [7]bool{time.Monday: true, time.Wednesday: true, time.Saturday: true}
	for _, c := range []struct{ file, content string }{
		{"s.csv", "name,length,earliest_start,days_per_week,days,min_rest,min_break_gap\nA,8h,07:00,3,Mon;Wed;Sat,11h,45m\nB,8h,07:00,5,,,\n"},
		{"s.yaml", "- {name: A, length: 8h, earliest_start: \"07:00\", days_per_week: 3, days: Mon;Wed;Sat, min_rest: 11, min_break_gap: 0.75}\n" +
			"- {name: B, length: 8h, earliest_start: \"07:00\", days_per_week: 5}\n"},
		{"s.yaml", "- {name: A, length: 8h, earliest_start: \"07:00\", days_per_week: 3, days: [Mon, Wed, Sat], min_rest: 11h, min_break_gap: 45m}\n" +
			"- {name: B, length: 8h, earliest_start: \"07:00\", days_per_week: 5}\n"},
	} {
		got, err := ReadShifts(grid(t, c.file, c.content))
		if err != nil {
			t.Fatalf("%s: %v", c.content, err)
		}
		if len(got) != 2 || got[0].Days != monWedSat || got[0].MinRest != 11*time.Hour || got[0].MinBreakGap != 45*time.Minute ||
			got[1].Days != [7]bool{} || got[1].MinRest != 0 || got[1].MinBreakGap != 0 {
			t.Errorf("%s: days, rest and break gap %v %v %v, %v %v %v", c.content, got[0].Days, got[0].MinRest, got[0].MinBreakGap, got[1].Days, got[1].MinRest, got[1].MinBreakGap)
		}
	}
}

func TestReadAgents(t *testing.T) {
	templates := []schedule.Template{{Name: "FT8", Length: 8 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 8 * time.Hour, DaysPerWeek: 5, DaysOff: schedule.AnyDaysOff}}
	got, err := ReadAgents(grid(t, "a.csv", "agent_id,name,channels,shift,min_hours,max_hours,available_days,earliest_start,latest_end,contract\n"+
		"A1,Li,chat;phone,FT8,32,40,Mon-Fri,07:00,20:00,in-house\n"), templates)
	if err != nil {
		t.Fatal(err)
	}
	want := []schedule.Agent{{ID: "A1", Name: "Li", Region: "all", Channels: []string{"chat", "phone"}, Templates: []string{"FT8"},
		MinHours: 32, MaxHours: 40, Days: [7]bool{false, true, true, true, true, true, false},
		EarliestStart: 7 * time.Hour, LatestEnd: 20 * time.Hour, Contract: "in-house"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadHolidays(t *testing.T) {
	got, err := ReadHolidays(grid(t, "h.csv", "date,name,effect\n2026-11-11,Double 11,2.1\n2026-02-17,Spring Festival,closed\n2026-09-25,Mid-Autumn,like Sunday\n2026-06-18,618,\n"))
	if err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	if !got[0].Date.Equal(day(11, 11)) || got[0].Factor != 2.1 || !got[1].Closed || !got[2].LikeSet || got[2].Like != time.Sunday ||
		got[3].Closed || got[3].Factor != 0 || got[3].LikeSet || got[3].Name != "618" {
		t.Errorf("got %+v", got)
	}
}

func TestBadRecords(t *testing.T) {
	for _, c := range []struct {
		name, file, content string
		read                func(*table.Grid) error
		row                 int
		column, message     string
	}{
		{"service level 1.2", "t.csv", "channel,service_level\nchat,0.8\nphone,1.2\n", readTargets, 3, "service_level", "want a share"},
		{"negative shrinkage", "t.csv", "channel,shrinkage\nchat,-0.1\n", readTargets, 2, "shrinkage", "want a share"},
		{"shrinkage 1", "t.csv", "channel,shrinkage\nchat,1\n", readTargets, 2, "shrinkage", ""},
		{"concurrency 0.5", "t.csv", "channel,concurrency\nchat,0.5\n", readTargets, 2, "concurrency", ""},
		{"unknown kind", "t.csv", "channel,kind\nemail,later\n", readTargets, 2, "kind", "want immediate or deferred"},
		{"twice the same target", "t.csv", "channel,region\nchat,\nchat,\n", readTargets, 3, "channel", "a second target"},
		{"typo in yaml", "t.yaml", "- channel: chat\n  servce_level: 0.8\n", readTargets, 1, "servce_level", "unknown column"},
		{"yaml field twice", "t.yaml", "- channel: chat\n  channel: phone\n", readTargets, 2, "channel", "field given twice"},
		{"latest before earliest", "s.csv", "name,length,earliest_start,latest_start,days_per_week\nFT8,8h,16:00,08:00,5\n", readShifts, 2, "latest_start", ""},
		{"bad break", "s.csv", "name,length,earliest_start,days_per_week,breaks\nFT8,8h,08:00,5,30m maybe 2h-3h\n", readShifts, 2, "breaks", "want paid or unpaid"},
		{"bad clock", "s.csv", "name,length,earliest_start,days_per_week\nFT8,8h,8am,5\n", readShifts, 2, "earliest_start", "time of day"},
		{"empty required", "s.csv", "name,length,earliest_start,days_per_week\n,8h,08:00,5\n", readShifts, 2, "name", "required, but empty"},
		{"made-up day", "s.csv", "name,length,earliest_start,days_per_week,days\nFT8,8h,08:00,5,Mon-Funday\n", readShifts, 2, "days", "want days like"},
		{"too few days", "s.csv", "name,length,earliest_start,days_per_week,days\nFT8,8h,08:00,5,Mon-Thu\n", readShifts, 2, "days_per_week", "allows only 4"},
		{"days off apart", "s.csv", "name,length,earliest_start,days_per_week,days_off,days\nFT8,8h,08:00,3,consecutive,Mon;Wed;Sat\n", readShifts, 2, "days_off", "do not fit"},
		{"rest too long", "s.yaml", "- {name: FT8, length: 8h, earliest_start: \"08:00\", days_per_week: 5, min_rest: 17h}\n", readShifts, 1, "min_rest", "no start the next day"},
		{"bad rest", "s.csv", "name,length,earliest_start,days_per_week,min_rest\nFT8,8h,08:00,5,long\n", readShifts, 2, "min_rest", ""},
		{"bad break gap", "s.csv", "name,length,earliest_start,days_per_week,min_break_gap\nFT8,8h,08:00,5,soon\n", readShifts, 2, "min_break_gap", ""},
		{"break gap leaves no room", "s.csv", "name,length,earliest_start,days_per_week,breaks,min_break_gap\nFT8,8h,08:00,5,30m paid 2h-3h; 1h unpaid 3h-3h15m,1h\n", readShifts, 2, "breaks", "1h after the breaks before it (min_break_gap)"},
		{"bad days", "h.csv", "date,effect\n2026-11-11,like Someday\n", readHolidays, 2, "effect", "like"},
		{"leave of a stranger", "o.csv", "agent_id,start,end\nA1,2026-03-02,2026-03-02\nZ9,2026-03-02,2026-03-03\n", readTimeOff, 3, "agent_id", "agents file"},
		{"leave of no tour", "o.csv", "agent_id,start,end\nE001,2026-03-02,2026-03-02\n", readTourTimeOff, 2, "agent_id", "FT8-001"},
		{"leave ending before it starts", "o.csv", "agent_id,start,end\nA1,2026-03-04,2026-03-02\n", readTimeOff, 2, "end", "after the start"},
		{"leave on no date", "o.csv", "agent_id,start,end\nA1,soon,2026-03-02\n", readTimeOff, 2, "start", "want a date"},
		{"training of a day and a time", "o.csv", "agent_id,start,end,kind\nA1,2026-03-02,2026-03-02T12:00,training\n", readTimeOff, 2, "end", "both dates"},
		{"meeting without length", "a.csv", "kind,length\nmeeting,\n", readActivities, 2, "length", "required"},
		{"meeting longer than its hours", "a.csv", "kind,length,from,to\nmeeting,2h,10:00,11:00\n", readActivities, 2, "to", "hold"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := table.Read(strings.NewReader(c.content), c.file, table.ReadOptions{})
			if err == nil {
				err = c.read(g)
			}
			var te *table.Error
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *table.Error", err)
			}
			if te.Row != c.row || te.Column != c.column || !strings.Contains(te.Err.Error(), c.message) {
				t.Errorf("got row %d column %q: %v; want row %d column %q: ...%s...", te.Row, te.Column, te.Err, c.row, c.column, c.message)
			}
		})
	}
}

func readTargets(g *table.Grid) error { _, err := ReadTargets(g); return err }

func readShifts(g *table.Grid) error { _, err := ReadShifts(g); return err }

func readHolidays(g *table.Grid) error { _, err := ReadHolidays(g); return err }

var ft8 = []schedule.Template{{Name: "FT8", Length: 8 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 8 * time.Hour, DaysPerWeek: 5, DaysOff: schedule.AnyDaysOff}}

func readTimeOff(g *table.Grid) error {
	_, err := ReadTimeOff(g, []schedule.Agent{{ID: "A1"}}, ft8)
	return err
}

func readTourTimeOff(g *table.Grid) error { _, err := ReadTimeOff(g, nil, ft8); return err }

func readActivities(g *table.Grid) error { _, err := ReadActivities(g); return err }

func TestReadTimeOff(t *testing.T) {
	got, err := ReadTimeOff(grid(t, "o.csv", "agent_id,start,end,kind,note\n"+
		"FT8-007,2026-03-02,2026-03-03,,wedding\n"+
		"FT8-012,2026-03-04T09:00,2026-03-04T11:30,Training,\n"+
		"FT8-012,2026-03-05,2026-03-05T12:00,leave,dentist\n"), nil, ft8)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	want := []schedule.TimeOff{
		{AgentID: "FT8-007", Kind: schedule.Leave, Span: schedule.Span{Start: at(2, 0, 0), End: at(4, 0, 0)}}, // both days whole
		{AgentID: "FT8-012", Kind: "training", Span: schedule.Span{Start: at(4, 9, 0), End: at(4, 11, 30)}},
		{AgentID: "FT8-012", Kind: schedule.Leave, Span: schedule.Span{Start: at(5, 0, 0), End: at(5, 12, 0)}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadActivities(t *testing.T) {
	got, err := ReadActivities(grid(t, "a.yaml", "- {kind: Meeting, length: 1h, from: \"10:00\", to: \"16:00\"}\n- {kind: coaching, length: 30m, agents: [FT8, E001]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []schedule.ActivityRule{
		{Kind: "meeting", Length: time.Hour, From: 10 * time.Hour, To: 16 * time.Hour},
		{Kind: "coaching", Length: 30 * time.Minute, To: 24 * time.Hour, Agents: []string{"FT8", "E001"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseDays(t *testing.T) {
	for in, want := range map[string][7]bool{
		"Mon-Fri":     {false, true, true, true, true, true, false},
		"Mon;Wed;Sat": {false, true, false, true, false, false, true},
		"Sat-Mon":     {true, true, false, false, false, false, true},
		"sunday":      {true, false, false, false, false, false, false},
	} {
		got, err := ParseDays(in)
		if err != nil || got != want {
			t.Errorf("ParseDays(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDays("Mon-Funday"); err == nil {
		t.Error("ParseDays accepted a made-up day")
	}
}
