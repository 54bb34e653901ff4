package calendar

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/wfm-dev/wfm/schedule"
)

// wall is a wall-clock time of the centre, as the roster holds them.
func wall(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func span(from, to string) schedule.Span { return schedule.Span{Start: wall(from), End: wall(to)} }

// parse reads a calendar with the independent parser, checking the lines
// RFC 5545 asks for on the way: CRLF endings and at most 75 octets.
func parse(t *testing.T, data []byte) *goical.Calendar {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("calendar does not end in CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 || bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d is not a folded CRLF line of at most 75 octets: %q", i+1, line)
		}
	}
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	return cal
}

// got is what a subscriber sees of an event.
type got struct {
	UID, Summary, Description, Location string
	Start, End                          time.Time
	Categories                          []string
	Transparent                         bool
}

func events(t *testing.T, cal *goical.Calendar) []got {
	t.Helper()
	var out []got
	for _, e := range cal.Events() {
		var g got
		var err error
		text := func(name string) string {
			s, e := e.Props.Text(name)
			if e != nil {
				err = e
			}
			return s
		}
		g.UID, g.Summary, g.Description, g.Location = text(goical.PropUID), text(goical.PropSummary), text(goical.PropDescription), text(goical.PropLocation)
		if g.Start, err = e.DateTimeStart(nil); err != nil {
			t.Fatal(err)
		}
		if g.End, err = e.DateTimeEnd(nil); err != nil {
			t.Fatal(err)
		}
		for _, p := range e.Props.Values(goical.PropCategories) {
			l, err := p.TextList()
			if err != nil {
				t.Fatal(err)
			}
			g.Categories = append(g.Categories, l...)
		}
		if p := e.Props.Get(goical.PropTransparency); p != nil {
			g.Transparent = p.Value == "TRANSPARENT"
		}
		if e.Props.Get(goical.PropDateTimeStamp) == nil {
			t.Errorf("event %s has no DTSTAMP", g.UID)
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	return out
}

func write(t *testing.T, id string, shifts []schedule.Shift, off []schedule.TimeOff, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, id, shifts, off, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteRoundTrip(t *testing.T) {
	name := "Li, Wei; 李伟\\x"
	shifts := []schedule.Shift{
		{AgentID: "E001", Name: name, Template: "FT8", Span: span("2026-03-03 08:00", "2026-03-03 16:30"),
			Breaks:     []schedule.Span{span("2026-03-03 12:00", "2026-03-03 12:30"), span("2026-03-03 10:00", "2026-03-03 10:15")},
			Activities: []schedule.Activity{{Kind: "training", Span: span("2026-03-03 14:00", "2026-03-03 15:00")}},
			Channel:    "chat", Region: "east", Contract: "in-house"},
		{AgentID: "E001", Name: name, Template: "NIGHT", Span: span("2026-03-04 22:00", "2026-03-05 06:00"),
			Breaks:  []schedule.Span{span("2026-03-05 02:00", "2026-03-05 02:30")},
			Channel: "phone"},
		{AgentID: "E002", Template: "FT8", Span: span("2026-03-03 08:00", "2026-03-03 16:30")},
	}
	off := []schedule.TimeOff{
		{AgentID: "E001", Kind: schedule.Leave, Span: span("2026-03-06 00:00", "2026-03-08 00:00")},
		{AgentID: "E001", Kind: schedule.Leave, Span: span("2026-03-02 13:00", "2026-03-02 17:00")},
		{AgentID: "E001", Kind: "training", Span: span("2026-03-03 14:00", "2026-03-03 15:00")},
		{AgentID: "E002", Kind: schedule.Leave, Span: span("2026-03-04 00:00", "2026-03-05 00:00")},
	}
	data := write(t, "E001", shifts, off, Options{})
	cal := parse(t, data)
	if n, err := cal.Props.Text("X-WR-CALNAME"); err != nil || n != name+" (E001)" {
		t.Errorf("X-WR-CALNAME = %q, %v; want %q", n, err, name+" (E001)")
	}
	utc := func(s string) time.Time { return wall(s).UTC() }
	want := []got{
		{UID: "leave-20260302T130000-E001@roster.wfm", Summary: "Leave", Start: utc("2026-03-02 13:00"), End: utc("2026-03-02 17:00"),
			Categories: []string{"leave"}, Transparent: true},
		{UID: "shift-20260303-E001@roster.wfm", Summary: "FT8 shift · chat east", Location: "east",
			Start: utc("2026-03-03 08:00"), End: utc("2026-03-03 16:30"), Categories: []string{"chat"},
			Description: "08:00-16:30 FT8 shift\n10:00-10:15 break\n12:00-12:30 break\n14:00-15:00 training\n" +
				"Agent: " + name + " (E001)\nChannel: chat\nRegion: east\nContract: in-house"},
		{UID: "shift-20260304-E001@roster.wfm", Summary: "NIGHT shift · phone",
			Start: utc("2026-03-04 22:00"), End: utc("2026-03-05 06:00"), Categories: []string{"phone"},
			Description: "22:00-Thu 06:00 NIGHT shift\nThu 02:00-Thu 02:30 break\nAgent: " + name + " (E001)\nChannel: phone"},
		// All-day: dates, read by the parser as midnights.
		{UID: "leave-20260306-E001@roster.wfm", Summary: "Leave", Start: utc("2026-03-06 00:00"), End: utc("2026-03-08 00:00"),
			Categories: []string{"leave"}, Transparent: true},
	}
	gotEvents := events(t, cal)
	if len(gotEvents) != len(want) {
		t.Fatalf("got %d events, want %d:\n%s", len(gotEvents), len(want), data)
	}
	for i := range want {
		g, w := gotEvents[i], want[i]
		if g.UID != w.UID || g.Summary != w.Summary || g.Description != w.Description || g.Location != w.Location ||
			!g.Start.Equal(w.Start) || !g.End.Equal(w.End) || !slices.Equal(g.Categories, w.Categories) || g.Transparent != w.Transparent {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	// The all-day leave is written as dates, not date-times.
	if !bytes.Contains(data, []byte("DTSTART;VALUE=DATE:20260306\r\n")) || !bytes.Contains(data, []byte("DTEND;VALUE=DATE:20260308\r\n")) {
		t.Errorf("all-day leave not written as dates:\n%s", data)
	}
	// Commas, semicolons and backslashes are escaped; Chinese is kept as is.
	if !bytes.Contains(data, []byte(`Li\, Wei\; 李伟\\x`)) {
		t.Errorf("name not escaped as RFC 5545 asks:\n%s", data)
	}
	if bytes.Contains(data, []byte("VTIMEZONE")) || !bytes.Contains(data, []byte("DTSTART:20260303T080000Z\r\n")) {
		t.Errorf("UTC calendar should use Z times and no VTIMEZONE:\n%s", data)
	}
}

// TestRepublish checks that a second run gives the same bytes, and that a
// shift moved within its day keeps its UID, so subscribers see it move.
func TestRepublish(t *testing.T) {
	loc, err := LoadZone("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	shifts := []schedule.Shift{
		{AgentID: "a/b 王", Template: "FT8", Span: span("2026-03-03 08:00", "2026-03-03 16:00")},
		{AgentID: "a/b 王", Template: "FT8", Span: span("2026-03-04 08:00", "2026-03-04 16:00")},
	}
	first := write(t, "a/b 王", shifts, nil, Options{Location: loc})
	if again := write(t, "a/b 王", shifts, nil, Options{Location: loc}); !bytes.Equal(first, again) {
		t.Errorf("two runs differ:\n%s\n%s", first, again)
	}
	moved := slices.Clone(shifts)
	moved[1].Span = span("2026-03-04 10:00", "2026-03-04 18:00")
	before, after := events(t, parse(t, first)), events(t, parse(t, write(t, "a/b 王", moved, nil, Options{Location: loc})))
	for i := range before {
		if before[i].UID != after[i].UID {
			t.Errorf("event %d: UID %q became %q", i, before[i].UID, after[i].UID)
		}
	}
	if want := "shift-20260304-a%2Fb%20%E7%8E%8B@roster.wfm"; before[1].UID != want {
		t.Errorf("UID = %q, want %q", before[1].UID, want)
	}
	if !after[1].Start.Equal(time.Date(2026, 3, 4, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("moved shift starts at %v, want 10:00 in Shanghai (02:00 UTC)", after[1].Start)
	}
	// Two shifts on one day keep apart.
	twice := append(slices.Clone(shifts), schedule.Shift{AgentID: "a/b 王", Span: span("2026-03-04 18:00", "2026-03-04 20:00")})
	uids := map[string]bool{}
	for _, e := range events(t, parse(t, write(t, "a/b 王", twice, nil, Options{Location: loc}))) {
		uids[e.UID] = true
	}
	if len(uids) != 3 {
		t.Errorf("three shifts got %d UIDs: %v", len(uids), uids)
	}
}

// TestDaylightSaving checks that shifts across a change of clocks land at
// the right instants, both as the parser reads them (from the TZID) and as
// a client relying on the VTIMEZONE would.
func TestDaylightSaving(t *testing.T) {
	tests := []struct {
		zone   string
		shifts []schedule.Span
		// the UTC instants each shift starts and ends at
		want [][2]string
	}{
		{"Europe/London", // clocks go forward at 01:00 UTC on 29 March 2026
			[]schedule.Span{span("2026-03-28 08:00", "2026-03-28 16:00"), span("2026-03-29 08:00", "2026-03-29 16:00"),
				span("2026-03-28 22:00", "2026-03-29 06:00")},
			[][2]string{{"2026-03-28 08:00", "2026-03-28 16:00"}, {"2026-03-28 22:00", "2026-03-29 05:00"},
				{"2026-03-29 07:00", "2026-03-29 15:00"}}},
		{"America/New_York", // clocks go back at 06:00 UTC on 1 November 2026
			[]schedule.Span{span("2026-10-31 09:00", "2026-10-31 17:00"), span("2026-10-31 22:00", "2026-11-01 06:00"),
				span("2026-11-02 09:00", "2026-11-02 17:00")},
			[][2]string{{"2026-10-31 13:00", "2026-10-31 21:00"}, {"2026-11-01 02:00", "2026-11-01 11:00"},
				{"2026-11-02 14:00", "2026-11-02 22:00"}}},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc, err := LoadZone(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			var shifts []schedule.Shift
			for _, s := range tt.shifts {
				shifts = append(shifts, schedule.Shift{AgentID: "A1", Template: "FT8", Span: s})
			}
			data := write(t, "A1", shifts, nil, Options{Location: loc})
			if !bytes.Contains(data, []byte("DTSTART;TZID="+tt.zone+":")) {
				t.Errorf("no DTSTART with TZID:\n%s", data)
			}
			cal := parse(t, data)
			zones := vtimezones(t, cal)
			evs := events(t, cal)
			if len(evs) != len(tt.want) {
				t.Fatalf("got %d events, want %d", len(evs), len(tt.want))
			}
			for i, e := range cal.Events() {
				for j, name := range []string{goical.PropDateTimeStart, goical.PropDateTimeEnd} {
					want := wall(tt.want[i][j])
					if got := []time.Time{evs[i].Start, evs[i].End}[j]; !got.Equal(want) {
						t.Errorf("event %d %s at %v, want %v", i, name, got.UTC(), want)
					}
					if got := zones.instant(t, e.Props.Get(name)); !got.Equal(want) {
						t.Errorf("event %d %s by the VTIMEZONE at %v, want %v\n%s", i, name, got, want, data)
					}
				}
			}
		})
	}
}

// onset is one STANDARD or DAYLIGHT sub-component.
type onset struct {
	local  time.Time // DTSTART, as a wall-clock time
	offset time.Duration
}

type zoneRules map[string][]onset

// vtimezones reads the calendar's VTIMEZONE components as a client would.
func vtimezones(t *testing.T, cal *goical.Calendar) zoneRules {
	t.Helper()
	rules := zoneRules{}
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone {
			continue
		}
		id := c.Props.Get(goical.PropTimezoneID).Value
		for _, sub := range c.Children {
			if sub.Name != goical.CompTimezoneStandard && sub.Name != goical.CompTimezoneDaylight {
				t.Errorf("unexpected %s in VTIMEZONE", sub.Name)
			}
			local, err := time.Parse("20060102T150405", sub.Props.Get(goical.PropDateTimeStart).Value)
			if err != nil {
				t.Fatal(err)
			}
			rules[id] = append(rules[id], onset{local, parseOffset(t, sub.Props.Get(goical.PropTimezoneOffsetTo).Value)})
			parseOffset(t, sub.Props.Get(goical.PropTimezoneOffsetFrom).Value)
		}
	}
	return rules
}

func parseOffset(t *testing.T, s string) time.Duration {
	t.Helper()
	v, err := time.Parse("-0700", s)
	if err != nil {
		t.Fatalf("TZOFFSET %q: %v", s, err)
	}
	_, secs := v.Zone()
	return time.Duration(secs) * time.Second
}

// instant resolves a DTSTART or DTEND with the latest onset at or before
// its wall-clock time.
func (z zoneRules) instant(t *testing.T, p *goical.Prop) time.Time {
	t.Helper()
	local, err := time.Parse("20060102T150405", p.Value)
	if err != nil {
		t.Fatal(err)
	}
	rules := z[p.Params.Get(goical.ParamTimezoneID)]
	var best *onset
	for i, r := range rules {
		if !r.local.After(local) && (best == nil || r.local.After(best.local)) {
			best = &rules[i]
		}
	}
	if best == nil {
		t.Fatalf("no VTIMEZONE onset covers %s", p.Value)
	}
	return local.Add(-best.offset)
}

func TestLoadZone(t *testing.T) {
	for _, name := range []string{"", "UTC", "Asia/Shanghai", "Europe/London"} {
		if _, err := LoadZone(name); err != nil {
			t.Errorf("LoadZone(%q): %v", name, err)
		}
	}
	for _, name := range []string{"Local", "Mars/Olympus", "asia/shanghai ", "../etc/passwd"} {
		if _, err := LoadZone(name); err == nil || !strings.Contains(err.Error(), "IANA") {
			t.Errorf("LoadZone(%q) = %v, want an error asking for an IANA name", name, err)
		}
	}
}

func TestWriteRejectsBackwardShift(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "A1", []schedule.Shift{{AgentID: "A1", Span: span("2026-03-03 16:00", "2026-03-03 08:00")}}, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "before it starts") {
		t.Errorf("Write = %v, want an error about the shift's end", err)
	}
}
