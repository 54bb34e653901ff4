package table

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDateFormat(t *testing.T) {
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	for _, c := range []struct {
		format, cell string
		want         time.Time
	}{
		{"%m/%d/%Y %I:%M %p", "09/26/2003 07:00 AM", at(2003, 9, 26, 7, 0)},
		{"%m/%d/%Y %I:%M %p", "9/26/2003 7:30 PM", at(2003, 9, 26, 19, 30)},
		{"%m/%d/%Y %I:%M %p", "12/01/2003 12:00 AM", at(2003, 12, 1, 0, 0)},
		{"%d.%m.%Y %H:%M", "26.09.2003 17:15", at(2003, 9, 26, 17, 15)},
		{"%d %b %y %H:%M:%S", "26 Sep 03 08:00:00", at(2003, 9, 26, 8, 0)},
		{"%Y年%m月%d日 %H:%M", "2026年3月2日 08:30", at(2026, 3, 2, 8, 30)},
		// The default formats still read.
		{"%m/%d/%Y %I:%M %p", "2026-03-02T08:30", at(2026, 3, 2, 8, 30)},
	} {
		g, err := Read(strings.NewReader("interval_start\n"+c.cell+"\n"), "h.csv", ReadOptions{DateFormat: c.format})
		if err != nil {
			t.Fatalf("%q: %v", c.format, err)
		}
		if got, err := g.Time(0, 0); err != nil || !got.Equal(c.want) {
			t.Errorf("%q in %q: got %v, %v; want %v", c.cell, c.format, got, err, c.want)
		}
	}
}

func TestDateFormatErrors(t *testing.T) {
	for _, c := range []struct{ format, want string }{
		{"%m/%d/%Y %I:%M", "%I (hour 1-12) and %p (AM/PM) go together"},
		{"%H:%M", "want a year (%Y), month (%m) and day (%d)"},
		{"%Y-%m-%d %Q", "unknown directive %Q"},
		{"%Y-%m-%d %", "ends in %"},
	} {
		_, err := Read(strings.NewReader("interval_start\n2026-03-02\n"), "h.csv", ReadOptions{DateFormat: c.format})
		var te *Error
		if !errors.As(err, &te) || te.File != "h.csv" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an *Error about h.csv with %q", c.format, err, c.want)
		}
	}
	// A cell in neither the given format nor a default one names both.
	g, err := Read(strings.NewReader("interval_start\n26/09/2003 07:00\n"), "h.csv", ReadOptions{DateFormat: "%m/%d/%Y %H:%M"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Time(0, 0); err == nil || err.Error() != `want a date-time in the format %m/%d/%Y %H:%M or like 2026-03-02T08:30, got "26/09/2003 07:00"` {
		t.Errorf("got %v", err)
	}
}

// TestHeaderRow skips a report's title rows above the header.
func TestHeaderRow(t *testing.T) {
	const file = "Call volume report, week 39\nexported 2003-09-29,\n\ninterval_start,contacts\n2003-09-22T08:00,12\n"
	g, err := Read(strings.NewReader(file), "h.csv", ReadOptions{HeaderRow: 4})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(g.Header, ",") != "interval_start,contacts" || len(g.Rows) != 1 || g.Lines[0] != 5 {
		t.Errorf("header %q, rows %q on lines %v", g.Header, g.Rows, g.Lines)
	}
	// Without it the title is taken for the header.
	if g, _ := Read(strings.NewReader(file), "h.csv", ReadOptions{}); g.Header[0] != "Call volume report" {
		t.Errorf("default header %q", g.Header)
	}
	for _, c := range []struct {
		row  int
		want string
	}{
		{9, "h.csv: nothing from row 9 on, want a header row and data rows"},
		{-1, "h.csv: header row -1: want a row number from 1"},
	} {
		if _, err := Read(strings.NewReader(file), "h.csv", ReadOptions{HeaderRow: c.row}); err == nil || err.Error() != c.want {
			t.Errorf("header row %d: got %v, want %q", c.row, err, c.want)
		}
	}
}
