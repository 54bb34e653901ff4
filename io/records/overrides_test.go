package records

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
)

func TestReadOverrides(t *testing.T) {
	got, err := ReadOverrides(grid(t, "o.csv", "start,end,channel,region,factor,add,set,note\n"+
		"2026-11-11,2026-11-11,chat,*,1.5,,,Double 11\n"+
		"2026-11-12T09:00,2026-11-12 12:30,,east,,-4.5,,outage\n"+
		"2026-11-13,2026-11-14T08:00,Phone,West,,,0,\n"))
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, time.UTC) }
	want := []forecast.Override{
		{Start: at(11, 0, 0), End: at(12, 0, 0), Channel: "chat", Kind: forecast.Factor, Value: 1.5, Note: "Double 11"}, // the end day included
		{Start: at(12, 9, 0), End: at(12, 12, 30), Region: "east", Kind: forecast.Add, Value: -4.5, Note: "outage"},
		{Start: at(13, 0, 0), End: at(14, 8, 0), Channel: "Phone", Region: "West", Kind: forecast.Set, Value: 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A file needs only the change columns it uses.
	if got, err := ReadOverrides(grid(t, "o.csv", "start,end,set\n2026-11-11T10:00,2026-11-11T11:00,7\n")); err != nil || got[0].Kind != forecast.Set || got[0].Value != 7 {
		t.Errorf("got %+v, %v; want a set of 7", got, err)
	}
}

func TestBadOverrides(t *testing.T) {
	const header = "start,end,channel,region,factor,add,set,note\n"
	for _, c := range []struct {
		name, content   string
		row             int
		column, message string
	}{
		{"bad start", header + "soon,2026-11-11,chat,,2,,,\n", 2, "start", "want a date"},
		{"bad end", header + "2026-11-11,11/12,chat,,2,,,\n", 2, "end", "want a date"},
		{"empty start", header + ",2026-11-11,chat,,2,,,\n", 2, "start", "required, but empty"},
		{"end before start", header + "2026-11-11,2026-11-11,,,2,,,\n2026-11-12T10:00,2026-11-12T09:00,,,2,,,\n", 3, "end", "after the start"},
		{"end at start", header + "2026-11-12T10:00,2026-11-12T10:00,,,2,,,\n", 2, "end", "after the start"},
		{"no change", header + "2026-11-11,2026-11-11,chat,,,,,campaign\n", 2, "factor", "got none"},
		{"no change in a set file", "start,end,set\n2026-11-11,2026-11-11,\n", 2, "set", "got none"},
		{"two changes", header + "2026-11-11,2026-11-11,chat,,2,,5,\n", 2, "set", "factor is too"},
		{"negative factor", header + "2026-11-11,2026-11-11,chat,,-1,,,\n", 2, "factor", "want a number from 0"},
		{"text factor", header + "2026-11-11,2026-11-11,chat,,double,,,\n", 2, "factor", `got "double"`},
		{"percent add", header + "2026-11-11,2026-11-11,chat,,,10%,,\n", 2, "add", "want a number"},
		{"negative set", header + "2026-11-11,2026-11-11,chat,,,,-3,\n", 2, "set", "want a number from 0"},
		{"huge set", header + "2026-11-11,2026-11-11,chat,,,,1e12,\n", 2, "set", "want a number from 0"},
		{"no change column", "start,end,channel\n2026-11-11,2026-11-11,chat\n", 1, "factor", "want one of factor, add and set"},
		{"unknown column", "start,end,factr\n2026-11-11,2026-11-11,2\n", 1, "factr", "unknown column"},
		{"no end column", "start,factor\n2026-11-11,2\n", 1, "end", "required column missing"},
		{"no rows", header, 0, "", "no data rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := table.Read(strings.NewReader(c.content), "o.csv", table.ReadOptions{})
			if err == nil {
				_, err = ReadOverrides(g)
			}
			var te *table.Error
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *table.Error", err)
			}
			if te.File != "o.csv" || te.Row != c.row || te.Column != c.column || !strings.Contains(te.Err.Error(), c.message) {
				t.Errorf("got %v; want row %d column %q: ...%s...", te, c.row, c.column, c.message)
			}
		})
	}
}
