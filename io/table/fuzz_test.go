package table

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/examples"
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
	for _, name := range []string{"targets.csv", "targets.yaml", "shifts.csv", "shifts.yaml", "agents.csv"} {
		data, err := examples.Files.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data)
	}
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
	})
}
