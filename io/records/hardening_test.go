package records

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/internal/shareddata"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"
	"github.com/xuri/excelize/v2"
)

func TestHistorySpanLimit(t *testing.T) {
	// 100 series of three rows, each spanning ten years at 5 minutes: an
	// 8 KB file that would need 100 million intervals.
	var b strings.Builder
	b.WriteString("interval_start,contacts,channel\n")
	for i := range 100 {
		fmt.Fprintf(&b, "2016-01-01T00:00,1,c%02d\n2016-01-01T00:05,1,c%02d\n2025-12-31T00:00,1,c%02d\n", i, i, i)
	}
	start := time.Now()
	_, err := readHistoryString(t, "long.csv", b.String(), HistoryOptions{})
	located(t, err, "long.csv", 1+3*4, "interval_start", "more than the 4194304 a file may hold in all")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to refuse", d)
	}
}

func TestHistoryRejects(t *testing.T) {
	for _, c := range []struct {
		name, csv string
		row       int
		column    string
		message   string
	}{
		{"sub-second timestamps", "interval_start,contacts\n2026-03-02T08:00:00,1\n2026-03-02T08:00:00.001,1\n2026-03-02T08:00:00.002,1\n",
			3, "interval_start", "does not start on a whole minute"},
		{"seconds", "interval_start,contacts\n2026-03-02T08:00:00,1\n2026-03-02T08:00:30,1\n", 3, "interval_start", "whole minute"},
		{"absurd contacts", "interval_start,contacts\n2026-03-02T08:00,1\n2026-03-02T08:30,1e300\n", 3, "contacts", "at most 1e+07"},
		{"contacts past the forecast's limit", "interval_start,contacts\n2026-03-02T08:00,1\n2026-03-02T08:30,2e7\n", 3, "contacts", "at most 1e+07"},
		{"go number syntax", "interval_start,contacts\n2026-03-02T08:00,1_000\n", 2, "contacts", "want a number"},
		{"duplicate without offsets", "interval_start,contacts\n2026-10-25T02:00,1\n2026-10-25T02:00,1\n", 3, "interval_start", "duplicate interval"},
		{"duplicate with one offset", "interval_start,contacts\n2026-10-25T02:00+02:00,1\n2026-10-25T02:00+02:00,1\n", 3, "interval_start", "duplicate interval"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := readHistoryString(t, "h.csv", c.csv, HistoryOptions{})
			located(t, err, "h.csv", c.row, c.column, c.message)
		})
	}
}

func TestHistoryDaylightSaving(t *testing.T) {
	t.Run("autumn: repeated hour summed", func(t *testing.T) {
		csv := "interval_start,contacts,aht_seconds\n" +
			"2026-10-25T01:00+02:00,1,100\n2026-10-25T01:30+02:00,2,100\n" +
			"2026-10-25T02:00+02:00,3,100\n2026-10-25T02:30+02:00,4,100\n" +
			"2026-10-25T02:00+01:00,5,200\n2026-10-25T02:30+01:00,6,\n" +
			"2026-10-25T03:00+01:00,7,100\n"
		h, err := readHistoryString(t, "autumn.csv", csv, HistoryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s := h.Series[0]
		if diff := cmp.Diff([]float64{1, 2, 8, 10, 7}, s.Contacts); diff != "" {
			t.Errorf("contacts (-want +got):\n%s", diff)
		}
		// 02:00: 3 contacts at 100 s and 5 at 200 s; 02:30: only 4 at 100 s known.
		if want := (3*100 + 5*200) / 8.0; s.AHT[2] != want || s.AHT[3] != 100 {
			t.Errorf("AHT %v, want %v at 02:00 and 100 at 02:30", s.AHT, want)
		}
		at := func(hh, mm int) time.Time { return time.Date(2026, 10, 25, hh, mm, 0, 0, time.UTC) }
		if diff := cmp.Diff([]time.Time{at(2, 0), at(2, 30)}, h.Repeated); diff != "" {
			t.Errorf("repeated (-want +got):\n%s", diff)
		}
		if notes := h.Notes(); len(notes) != 1 || !strings.Contains(notes[0], "2 interval(s) repeated as clocks went back") {
			t.Errorf("notes %q", notes)
		}
	})
	t.Run("spring: skipped hour is no gap", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("interval_start,contacts\n")
		// Three weeks, so that 02:00-03:00 is usually open.
		for day := range 21 {
			d := time.Date(2026, 3, 9+day, 0, 0, 0, 0, time.UTC)
			for m := 0; m < 24*60; m += 30 {
				t := d.Add(time.Duration(m) * time.Minute)
				off := "+01:00"
				if day >= 20 { // 2026-03-29: clocks go forward at 02:00
					if t.Hour() == 2 {
						continue
					}
					if t.Hour() >= 3 {
						off = "+02:00"
					}
				}
				fmt.Fprintf(&b, "%s%s,1\n", t.Format(table.TimeLayout), off)
			}
		}
		h, err := readHistoryString(t, "spring.csv", b.String(), HistoryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Gaps) != 0 || len(h.Notes()) != 0 {
			t.Errorf("gaps %v, notes %q; want none", h.Gaps, h.Notes())
		}
		s := h.Series[0]
		i := int(time.Date(2026, 3, 29, 2, 0, 0, 0, time.UTC).Sub(s.Start) / s.Interval)
		if !math.IsNaN(s.Contacts[i]) || !math.IsNaN(s.Contacts[i+1]) || s.Contacts[i+2] != 1 {
			t.Errorf("02:00, 02:30, 03:00 = %v, want NaN NaN 1", s.Contacts[i:i+3])
		}
	})
}

func TestHistoryVictoriaElectricity(t *testing.T) {
	g, err := table.ReadFile(shareddata.Path(t, "vic_elec_30min.csv"), table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadHistory(g, HistoryOptions{Columns: map[string]string{"contacts": "demand_mwh"}})
	if err != nil {
		t.Fatal(err)
	}
	s := h.Series[0]
	// 2012-01-01 to 2014-12-31 at 30 minutes on the wall clock: the six
	// repeated half-hours are summed, the six skipped ones absent.
	if want := 1096 * 48; h.Interval != 30*time.Minute || len(s.Contacts) != want {
		t.Fatalf("%d intervals at %v, want %d at 30m", len(s.Contacts), h.Interval, want)
	}
	if len(h.Repeated) != 6 || len(h.Gaps) != 0 {
		t.Errorf("%d repeated, gaps %v; want 6 and none", len(h.Repeated), h.Gaps)
	}
	at := int(time.Date(2012, 4, 1, 2, 0, 0, 0, time.UTC).Sub(s.Start) / s.Interval)
	// Rows 2012-04-01T02:00:00+11:00 and +10:00 of the file.
	if got, want := s.Contacts[at], 3650.533+3360.796; math.Abs(got-want) > 1e-9 {
		t.Errorf("2012-04-01T02:00 = %v, want %v", got, want)
	}
}

func TestHistoryKeepsPhase(t *testing.T) {
	csv := "interval_start,contacts\n2026-03-02T08:15,1\n2026-03-02T08:45,2\n2026-03-02T09:15,3\n"
	for _, iv := range []time.Duration{0, 30 * time.Minute, time.Hour} {
		h, err := readHistoryString(t, "q.csv", csv, HistoryOptions{Interval: iv})
		if err != nil {
			t.Fatal(err)
		}
		if s := h.Series[0]; s.Start.Minute() != 15 {
			t.Errorf("interval %v: series starts %v, want on :15", iv, s.Start)
		}
	}
}

func TestHistoryFoldsCase(t *testing.T) {
	csv := "interval_start,contacts,channel,region\n2026-03-02T08:00,1,CHAT,East\n2026-03-02T08:30,2,chat,east\n2026-03-02T09:00,3,Chat,EAST\n"
	h, err := readHistoryString(t, "c.csv", csv, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Series) != 1 || h.Series[0].Channel != "CHAT" || h.Series[0].Region != "East" {
		t.Fatalf("got %d series, first %s/%s; want one, CHAT/East", len(h.Series), h.Series[0].Channel, h.Series[0].Region)
	}
	if diff := cmp.Diff([]float64{1, 2, 3}, h.Series[0].Contacts); diff != "" {
		t.Errorf("contacts (-want +got):\n%s", diff)
	}
}

func TestXLSXDate1904(t *testing.T) {
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	// 2026-03-02T08:00 and 08:30 as 1904 serials: 1462 days fewer than 1900 ones.
	f.SetSheetRow("Sheet1", "A1", &[]any{"interval_start", "contacts"})
	f.SetSheetRow("Sheet1", "A2", &[]any{46083.0 + 1.0/3 - 1462, 1})
	f.SetSheetRow("Sheet1", "A3", &[]any{46083.0 + 1.0/3 + 1.0/48 - 1462, 2})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	g, err := table.Read(&b, "mac.xlsx", table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadHistory(g, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC); !h.Series[0].Start.Equal(want) {
		t.Errorf("starts %v, want %v", h.Series[0].Start, want)
	}
}

func TestBadRequirements(t *testing.T) {
	for _, c := range []struct {
		name, csv string
		row       int
		message   string
	}{
		{"one row", "interval_start,staff\n2026-03-02T08:00,3\n", 0, "one row per channel and region cannot tell the interval length"},
		{"repeated interval", "interval_start,channel,staff\n2026-03-02T08:00,chat,3\n2026-03-02T08:30,chat,3\n2026-03-02T08:00,Chat,4\n",
			4, "repeated interval 2026-03-02T08:00 for channel chat, region all (also on row 2)"},
		{"off the grid", "interval_start,staff\n2026-03-02T00:00,1\n2026-03-02T00:30,1\n2026-03-02T01:00,1\n2026-03-02T01:30,1\n" +
			"2026-03-02T02:00,1\n2026-03-02T02:10,1\n2026-03-02T02:30,1\n", 7, "2026-03-02T02:10 is off the 30m grid"},
		{"seconds", "interval_start,staff\n2026-03-02T08:00,3\n2026-03-02T08:30:01,3\n", 3, "whole minute"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadRequirements(grid(t, "req.csv", c.csv))
			located(t, err, "req.csv", c.row, "interval_start", c.message)
		})
	}
	// Values a roster search would run for hours on are refused at their row.
	for _, c := range []struct{ name, csv, column, message string }{
		{"staff 1e9", "interval_start,staff\n2026-03-02T08:00,3\n2026-03-02T08:30,1000000000\n", "staff", "between 0 and 25000"},
		{"agents only", "interval_start,agents\n2026-03-02T08:00,3\n2026-03-02T08:30,30000\n", "agents", "between 0 and 25000"},
		{"contacts", "interval_start,contacts,staff\n2026-03-02T08:00,1,3\n2026-03-02T08:30,20000000,3\n", "contacts", "above the limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadRequirements(grid(t, "req.csv", c.csv))
			located(t, err, "req.csv", 3, c.column, c.message)
		})
	}
	rs, err := ReadRequirements(grid(t, "req.csv", "interval_start,channel,staff\n2026-03-02T08:00,CHAT,3\n2026-03-02T08:30,chat,4\n"))
	if err != nil || len(rs) != 2 || rs[1].Channel != "CHAT" {
		t.Errorf("got %+v, %v; want both rows on channel CHAT", rs, err)
	}
}

func TestParseDaysWholeNamesOnly(t *testing.T) {
	for _, in := range []string{"Monkey-Friar", "Mo-Fr", "Sunny", "Mond"} {
		if d, err := ParseDays(in); err == nil {
			t.Errorf("ParseDays(%q) = %v, want an error", in, d)
		}
	}
	if d, err := ParseDays("monday-FRIDAY"); err != nil || d != [7]bool{false, true, true, true, true, true, false} {
		t.Errorf("ParseDays(monday-FRIDAY) = %v, %v", d, err)
	}
}

func TestJSONKeepsFullPrecision(t *testing.T) {
	tbl := Requirements([]staff.Requirement{{Start: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), Channel: "chat", Region: "all",
		Contacts: 12.3456789, AHT: 300, Agents: 5, Staff: 6, ServiceLevel: 0.987654321, ASA: 0.00133, Occupancy: 0.5}})
	var js, csv bytes.Buffer
	if err := tbl.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if err := tbl.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"contacts": 12.3456789`, `"service_level": 0.987654321`, `"asa_seconds": 0.00133`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON %s lacks %s", js.String(), want)
		}
	}
	if want := "2026-03-02T08:00,chat,all,12.35,300,5,6,0.9877,0,0.5\n"; !strings.HasSuffix(csv.String(), want) {
		t.Errorf("CSV %q, want rounded %q", csv.String(), want)
	}
}

// FuzzParseDaysAndBreaks checks the day and break parsers: any text may be
// rejected, none may panic.
func FuzzParseDaysAndBreaks(f *testing.F) {
	for _, s := range []string{"Mon-Fri", "Mon;Wed;Sat", "sunday", "Sat-Mon",
		"30m paid 2h-3h; 1h unpaid 3h30m-5h", "[{length: 30m, paid: true, earliest_after: 2h, latest_after: 3h}]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseDays(s)
		ParseBreaks(s)
	})
}

// located checks that err is a *table.Error at file, row and column whose
// cause mentions message.
func located(t *testing.T, err error, file string, row int, column, message string) {
	t.Helper()
	var te *table.Error
	if !errors.As(err, &te) {
		t.Fatalf("got %v, want a *table.Error", err)
	}
	if te.File != file || te.Row != row || te.Column != column || !strings.Contains(te.Err.Error(), message) {
		t.Errorf("got %v\nwant file %q row %d column %q: ...%s...", te, file, row, column, message)
	}
}

func TestTargetsCaseDuplicate(t *testing.T) {
	_, err := ReadTargets(grid(t, "targets.csv", "channel,region,service_level,answer_seconds\nchat,east,0.8,20\nCHAT,East,0.9,20\n"))
	located(t, err, "targets.csv", 3, "channel", "a second target for channel")
}
