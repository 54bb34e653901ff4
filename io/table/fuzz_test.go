package table

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/examples"
	"github.com/xuri/excelize/v2"
)

// FuzzReadHistory feeds arbitrary bytes to the history reader: any input
// may be rejected, none may panic or hang.
func FuzzReadHistory(f *testing.F) {
	data, err := examples.Files.ReadFile("history.csv")
	if err != nil {
		f.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	f.Add(strings.Join(lines[:200], ""), int64(0))
	f.Add("interval_start,contacts\n2026-03-02T08:00,1\n2026-03-02T08:05,2\n", int64(30))
	f.Add("ds,calls,region\n46083.5,3,north\n46083.52083,4,north\n", int64(0))
	f.Add("time,volume\n2026/3/2 8:00,1\n2026/3/2 8:30,\"2\"\n", int64(60))
	f.Fuzz(func(t *testing.T, csv string, minutes int64) {
		g, err := Read(strings.NewReader(csv), "fuzz.csv", ReadOptions{})
		if err != nil {
			return
		}
		interval := time.Duration(minutes%1440) * time.Minute
		if interval < 0 {
			interval = -interval
		}
		h, err := ReadHistory(g, HistoryOptions{Interval: interval})
		if err != nil {
			return
		}
		for _, s := range h.Series {
			if s.Interval != h.Interval || len(s.Contacts) == 0 {
				t.Fatalf("series %s/%s at %v with %d intervals", s.Channel, s.Region, s.Interval, len(s.Contacts))
			}
		}
	})
}

// FuzzReadRecords checks the targets, shifts and agents readers the same way,
// on CSV and YAML.
func FuzzReadRecords(f *testing.F) {
	for _, name := range []string{"targets.csv", "targets.yaml", "shifts.csv", "shifts.yaml", "agents.csv", "holidays.csv"} {
		data, err := examples.Files.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data)
	}
	wb := excelize.NewFile()
	wb.SetSheetRow("Sheet1", "A1", &[]any{"interval_start", "channel", "staff", "date", "name", "effect"})
	wb.SetSheetRow("Sheet1", "A2", &[]any{46083.0 + 1.0/3, "chat", 3, 46083, "Holiday", "closed"})
	wb.SetSheetRow("Sheet1", "A3", &[]any{46083.0 + 1.0/3 + 1.0/48, "chat", 4, 46084, "Other", 1.5})
	var xlsx bytes.Buffer
	if err := wb.Write(&xlsx); err != nil {
		f.Fatal(err)
	}
	f.Add("small.xlsx", xlsx.Bytes())
	f.Add("requirements.csv", []byte("interval_start,channel,region,contacts,aht_seconds,agents,staff\n"+
		"2026-03-02T08:00,chat,east,12.5,300,4,5\n2026-03-02T08:30,chat,east,20,310,6,8\n2026-03-02T09:00,Chat,east,0,,0,0\n"))
	f.Add("forecast.csv", []byte("interval_start,channel,region,contacts,contacts_p10,contacts_p90,aht_seconds,model\n"+
		"2026-03-23T00:00,chat,east,1.5,0,3,410,mean\n2026-03-23T01:00,chat,east,2,1,4,,mean\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		g, err := Read(bytes.NewReader(data), name, ReadOptions{})
		if err != nil {
			return
		}
		ReadTargets(g)
		if templates, err := ReadShifts(g); err == nil {
			ReadAgents(g, templates)
		}
		ReadHolidays(g)
		ReadRequirements(g)
		ReadDemand(g, "contacts")
		ReadDemand(g, "contacts_p90")
	})
}

// FuzzParseCell checks the cell parsers: any text may be rejected, none may
// panic, and what is accepted stays within the documented limits.
func FuzzParseCell(f *testing.F) {
	for _, s := range []string{"2026-03-02T08:30", "2026-03-02 08:30:00+08:00", "46083.354166666664", "348", "30m", "1h30m",
		"7d", "2w", "08:30", "24:00", "80%", "0.8", "Mon-Fri", "Mon;Wed;Sat", "sunday", "1e3", "-0.5",
		"30m paid 2h-3h; 1h unpaid 3h30m-5h", "[{length: 30m, paid: true, earliest_after: 2h, latest_after: 3h}]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseTime(s)
		if v, err := ParseNumber(s); err == nil && (math.IsNaN(v) || math.Abs(v) > MaxNumber) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		for _, unit := range []time.Duration{time.Second, time.Minute, time.Hour} {
			if d, err := ParseDuration(s, unit); err == nil && (d > MaxDuration || d < -MaxDuration) {
				t.Fatalf("ParseDuration(%q) = %v", s, d)
			}
		}
		if d, err := ParseClock(s); err == nil && (d < 0 || d > 24*time.Hour) {
			t.Fatalf("ParseClock(%q) = %v", s, d)
		}
		if v, err := ParseShare(s); err == nil && (v < 0 || v > 1) {
			t.Fatalf("ParseShare(%q) = %v", s, v)
		}
		ParseDays(s)
		ParseBreaks(s)
	})
}
