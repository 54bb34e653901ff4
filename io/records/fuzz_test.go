package records

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/examples"
	"github.com/wfm-dev/wfm/io/table"
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
		g, err := table.Read(strings.NewReader(csv), "fuzz.csv", table.ReadOptions{})
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
		g, err := table.Read(bytes.NewReader(data), name, table.ReadOptions{})
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
