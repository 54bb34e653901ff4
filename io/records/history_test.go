package records

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/internal/shareddata"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func readHistoryString(t *testing.T, name, content string, opt HistoryOptions) (*History, error) {
	t.Helper()
	return readHistoryFrom(strings.NewReader(content), name, table.ReadOptions{}, opt)
}

func readHistoryFrom(r io.Reader, name string, read table.ReadOptions, opt HistoryOptions) (*History, error) {
	g, err := table.Read(r, name, read)
	if err != nil {
		return nil, err
	}
	return ReadHistory(g, opt)
}

func TestReadHistoryAliasesCaseAndDefaults(t *testing.T) {
	h, err := readHistoryString(t, "h.csv", "\ufeff TimeStamp ,VOLUME\n2026-03-02 08:00,5\n2026-03-02 08:30,7\n2026-03-02 09:00,0\n", HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Series) != 1 || h.Interval != 30*time.Minute {
		t.Fatalf("got %d series at %v, want 1 at 30m", len(h.Series), h.Interval)
	}
	s := h.Series[0]
	if s.Channel != "all" || s.Region != "all" || s.AHT != nil {
		t.Errorf("series %s/%s AHT %v, want all/all without AHT", s.Channel, s.Region, s.AHT)
	}
	if want := []float64{5, 7, 0}; !equalFloats(s.Contacts, want) {
		t.Errorf("contacts %v, want %v", s.Contacts, want)
	}
}

// TestReadChineseHeaders reads a history and a forecast whose columns a
// Chinese report names: 时间, 渠道, 区域, 来电量, 平均处理时长.
func TestReadChineseHeaders(t *testing.T) {
	const file = "时间,渠道,区域,来电量,平均处理时长\n2026-03-02 08:00,电话,华东,5,300\n2026-03-02 08:30,电话,华东,7,240\n"
	h, err := readHistoryString(t, "h.csv", file, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := h.Series[0]
	if len(h.Series) != 1 || s.Channel != "电话" || s.Region != "华东" || !equalFloats(s.Contacts, []float64{5, 7}) || !equalFloats(s.AHT, []float64{300, 240}) {
		t.Errorf("series %s/%s contacts %v AHT %v", s.Channel, s.Region, s.Contacts, s.AHT)
	}
	g, err := table.Read(strings.NewReader(file), "f.csv", table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := ReadDemand(g, "contacts")
	if err != nil || len(ds) != 1 || ds[0].Channel != "电话" || ds[0].Region != "华东" || !equalFloats(ds[0].Contacts, []float64{5, 7}) {
		t.Errorf("demand %+v, %v", ds, err)
	}
}

// TestReadHistoryUSDatesUnderATitle reads an export with a title row and
// US dates; a date in another format is located.
func TestReadHistoryUSDatesUnderATitle(t *testing.T) {
	const file = "Calls by half hour,,\nTime,Calls,AHT_Seconds\n09/26/2003 07:00 AM,5,300\n09/26/2003 07:30 AM,7,240\n9/26/2003 8:00 AM,4,200\n"
	opt := table.ReadOptions{HeaderRow: 2, DateFormat: "%m/%d/%Y %I:%M %p"}
	h, err := readHistoryFrom(strings.NewReader(file), "h.csv", opt, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := h.Series[0]; !s.Start.Equal(time.Date(2003, 9, 26, 7, 0, 0, 0, time.UTC)) || !equalFloats(s.Contacts, []float64{5, 7, 4}) {
		t.Errorf("series from %v: %v", s.Start, s.Contacts)
	}
	_, err = readHistoryFrom(strings.NewReader(file+"26/09/2003 08:30 AM,1,100\n"), "h.csv", opt, HistoryOptions{})
	var te *table.Error
	if !errors.As(err, &te) || te.Row != 6 || te.Column != "Time" || !strings.Contains(err.Error(), "in the format %m/%d/%Y %I:%M %p") {
		t.Errorf("got %v, want an error on row 6, column Time, naming the format", err)
	}
}

func TestReadHistoryColumnMapping(t *testing.T) {
	csv := "TimeStamp,IncomingContactVolume,ChannelType,AverageHandleTime\n" +
		"2026-03-02T08:00:00Z,10,VOICE,300\n2026-03-02T08:15:00Z,20,VOICE,200\n"
	h, err := readHistoryString(t, "connect.csv", csv, HistoryOptions{Columns: map[string]string{
		"contacts": "IncomingContactVolume", "interval_start": "TimeStamp", "channel": "ChannelType", "aht_seconds": "AverageHandleTime"}})
	if err != nil {
		t.Fatal(err)
	}
	s := h.Series[0]
	if s.Channel != "VOICE" || !equalFloats(s.Contacts, []float64{10, 20}) || !equalFloats(s.AHT, []float64{300, 200}) {
		t.Errorf("got %s %v %v", s.Channel, s.Contacts, s.AHT)
	}
}

func TestReadHistorySumsUpToIntervalWithWeightedAHT(t *testing.T) {
	var b strings.Builder
	b.WriteString("interval_start,contacts,channel,region,aht_seconds\n")
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for i := range 6 { // 08:00..08:25 at 5 minutes: one full half-hour
		b.WriteString(start.Add(time.Duration(i)*5*time.Minute).Format(table.TimeLayout) + ",10,chat,east," + []string{"100", "200", "300", "100", "200", "300"}[i] + "\n")
	}
	b.WriteString("2026-03-02T08:30,4,chat,east,\n") // a partial half-hour
	h, err := readHistoryString(t, "fine.csv", b.String(), HistoryOptions{Interval: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	s := h.Series[0]
	if h.DataInterval != 5*time.Minute || len(s.Contacts) != 2 {
		t.Fatalf("data at %v, %d intervals; want 5m and 2", h.DataInterval, len(s.Contacts))
	}
	if s.Contacts[0] != 60 || s.AHT[0] != 200 {
		t.Errorf("first half-hour %v contacts at %v s, want 60 at 200", s.Contacts[0], s.AHT[0])
	}
	if len(h.Partial) != 1 || !h.Partial[0].Equal(start.Add(30*time.Minute)) {
		t.Errorf("partial intervals %v, want 08:30 only", h.Partial)
	}
}

func TestReadHistoryClosedAndMissing(t *testing.T) {
	// Three weeks of weekdays 09:00-10:00 hourly; Wednesday of week 2 is missing.
	var b strings.Builder
	b.WriteString("interval_start,contacts\n")
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for day := range 19 {
		d := monday.AddDate(0, 0, day)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || day == 9 {
			continue
		}
		for _, hour := range []int{9, 10} {
			b.WriteString(d.Add(time.Duration(hour)*time.Hour).Format(table.TimeLayout) + ",3\n")
		}
	}
	h, err := readHistoryString(t, "weekdays.csv", b.String(), HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := h.Series[0]
	nan, zero := 0, 0
	for i, v := range s.Contacts {
		switch {
		case math.IsNaN(v):
			nan++
			if s.Time(i).Day() != 11 {
				t.Errorf("missing interval %v, want only 2026-03-11", s.Time(i))
			}
		case v == 0:
			zero++
		}
	}
	if nan != 2 || len(h.Gaps) != 1 || len(h.Gaps[0].Missing) != 2 {
		t.Errorf("%d NaN intervals, gaps %v; want the two of 2026-03-11", nan, h.Gaps)
	}
	if zero == 0 {
		t.Error("nights and weekends should be closed (zero), found none")
	}
	if notes := h.Notes(); len(notes) != 1 || !strings.Contains(notes[0], "2 interval(s) missing") {
		t.Errorf("notes %q", notes)
	}
}

func TestReadHistoryGBKAndXLSX(t *testing.T) {
	utf8Text := "时间,来电量,渠道\n2026-03-02 08:00,5,电话\n2026-03-02 08:30,6,电话\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(utf8Text)
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]string{"interval_start": "时间", "contacts": "来电量", "channel": "渠道"}
	for _, enc := range []string{"", "gbk"} {
		h, err := readHistoryFrom(strings.NewReader(gbk), "gbk.csv", table.ReadOptions{Encoding: enc}, HistoryOptions{Columns: cols})
		if err != nil {
			t.Fatalf("encoding %q: %v", enc, err)
		}
		if h.Series[0].Channel != "电话" || !equalFloats(h.Series[0].Contacts, []float64{5, 6}) {
			t.Errorf("encoding %q: got %s %v", enc, h.Series[0].Channel, h.Series[0].Contacts)
		}
	}

	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Interval_Start", "Contacts"})
	f.SetSheetRow("Sheet1", "A2", &[]any{time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), 5})
	f.SetSheetRow("Sheet1", "A3", &[]any{"2026-03-02T08:30", 6})
	f.SetSheetRow("Sheet1", "A4", &[]any{46083.375, 7}) // a serial typed as a number
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	h, err := readHistoryFrom(&buf, "h.xlsx", table.ReadOptions{}, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := h.Series[0]; !s.Start.Equal(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)) || !equalFloats(s.Contacts, []float64{5, 6, 7}) {
		t.Errorf("xlsx: start %v contacts %v", s.Start, s.Contacts)
	}
}

// TestReadHistoryBankData checks the real five-minute bank data summed to
// half-hours: 28 per weekday (07:00-20:30) and the six missing weekdays.
func TestReadHistoryBankData(t *testing.T) {
	path := shareddata.Path(t, "bank_calls_5min.csv")
	g, err := table.ReadFile(path, table.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadHistory(g, HistoryOptions{Interval: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	s := h.Series[0]
	perDay := map[string]int{}
	for i, v := range s.Contacts {
		if v > 0 {
			perDay[s.Time(i).Format("2006-01-02")]++
			if hm := s.Time(i).Format("15:04"); hm < "07:00" || hm > "20:30" {
				t.Fatalf("contacts at %v, outside 07:00-20:30", s.Time(i))
			}
		}
	}
	if len(perDay) != 164 {
		t.Errorf("%d days with contacts, want 164", len(perDay))
	}
	for day, n := range perDay {
		if n != 28 {
			t.Errorf("%s has %d half-hours, want 28", day, n)
		}
	}
	if len(h.Gaps) != 1 || len(h.Gaps[0].Missing) != 6*28 {
		t.Errorf("gaps %d intervals, want the 6 missing weekdays (168 half-hours)", len(h.Gaps[0].Missing))
	}
	if len(h.Partial) != 164 {
		t.Errorf("%d partial half-hours, want the 164 lone 21:00 rows", len(h.Partial))
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBadHistory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	xlsx := func(name string) string {
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"interval_start", "contacts"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"2026-03-02T08:00", 1})
		p := filepath.Join(dir, name)
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := xlsx("good.xlsx")
	data, _ := os.ReadFile(good)
	truncated := write("truncated.xlsx", string(data[:len(data)/2]))
	for _, c := range []struct {
		name, path, sheet string
		row               int
		column, message   string
	}{
		{"missing required column", write("a.csv", "interval_start,channel\n2026-03-02T08:00,chat\n"), "", 1, "contacts", "required column missing"},
		{"unparseable date", write("b.csv", "interval_start,contacts\n2026-03-02T08:00,1\nlast tuesday,2\n"), "", 3, "interval_start", "want a date-time"},
		{"negative contacts", write("c.csv", "interval_start,contacts\n2026-03-02T08:00,-1\n"), "", 2, "contacts", "want a number of contacts >= 0"},
		{"non-numeric contacts", write("d.csv", "interval_start,contacts\n2026-03-02T08:00,12\n2026-03-02T08:30,twelve\n"), "", 3, "contacts", "want a number of contacts"},
		{"NaN contacts", write("e.csv", "interval_start,contacts\n2026-03-02T08:00,NaN\n"), "", 2, "contacts", "want a number"},
		{"infinite contacts", write("f.csv", "interval_start,contacts\n2026-03-02T08:00,+Inf\n"), "", 2, "contacts", "want a number"},
		{"bad AHT", write("g.csv", "interval_start,contacts,aht_seconds\n2026-03-02T08:00,1,-5\n"), "", 2, "aht_seconds", "handle time"},
		{"duplicate interval", write("h.csv", "interval_start,contacts,channel\n2026-03-02T08:00,1,chat\n2026-03-02T08:00,1,phone\n2026-03-02T08:00,2,chat\n"), "", 4, "interval_start", "duplicate interval 2026-03-02T08:00 for channel chat, region all (also on row 2)"},
		{"mixed interval lengths", write("i.csv", "interval_start,contacts\n2026-03-02T08:00,1\n2026-03-02T08:30,1\n2026-03-02T09:00,1\n2026-03-02T09:15,1\n2026-03-02T09:30,1\n2026-03-02T10:00,1\n"), "", 5, "interval_start", "off the 30m grid"},
		{"mistyped year", write("n.csv", "interval_start,contacts\n2026-03-02T08:00,1\n2026-03-02T08:30,1\n2206-03-02T09:00,1\n"), "", 4, "interval_start", "a mistyped date?"},
		{"empty file", write("j.csv", ""), "", 0, "", "the file is empty"},
		{"header only", write("k.csv", "interval_start,contacts\n"), "", 0, "", "no data rows"},
		{"ragged quotes", write("l.csv", "interval_start,contacts\n\"2026-03-02T08:00,1\n"), "", 2, "", "quote"},
		{"directory", dir, "", 0, "", "is a directory"},
		{"missing file", filepath.Join(dir, "nope.csv"), "", 0, "", "cannot open: no such file or directory"},
		{"no such sheet", good, "Volumes", 0, "", `no sheet "Volumes"; the workbook has Sheet1`},
		{"truncated xlsx", truncated, "", 0, "", "not a readable XLSX workbook"},
		{"unknown type", write("m.ods", "x"), "", 0, "", "unknown file type"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := table.ReadFile(c.path, table.ReadOptions{Sheet: c.sheet})
			if err == nil {
				_, err = ReadHistory(g, HistoryOptions{})
			}
			var te *table.Error
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *table.Error", err)
			}
			if te.File != c.path || te.Row != c.row || te.Column != c.column || !strings.Contains(te.Err.Error(), c.message) {
				t.Errorf("got file %q row %d column %q: %v\nwant file %q row %d column %q: ...%s...",
					te.File, te.Row, te.Column, te.Err, c.path, c.row, c.column, c.message)
			}
		})
	}
}
