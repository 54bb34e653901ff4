package calendar

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/wfm-dev/wfm/schedule"
)

// Options say how calendars are written.
type Options struct {
	// Location is the centre's time zone, in which the roster's wall-clock
	// times are read; nil means UTC.
	Location *time.Location
	// Stamp is every event's DTSTAMP; zero means midnight UTC of the
	// earliest day written.
	Stamp time.Time
}

// LoadZone returns the time zone of an IANA name such as Asia/Shanghai;
// "" and "UTC" are UTC. "Local" is refused: it would make the files depend
// on the machine that writes them.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q: want an IANA name such as Asia/Shanghai, Europe/London or UTC", name)
	}
	return loc, nil
}

const (
	// uidDomain ends every UID, as RFC 5545 advises, so that wfm's UIDs
	// never clash with other producers'.
	uidDomain   = "@roster.wfm"
	localLayout = "20060102T150405"
	dateLayout  = "20060102"
)

// event is one VEVENT before it is written.
type event struct {
	uid                  string
	start, end           time.Time // wall clock of the centre
	allDay               bool
	summary, description string
	location             string
	categories           []string
	transparent          bool
}

// Write writes agentID's calendar to w: one event per shift, and one per
// leave in timeOff (other kinds of time off are the shifts' activities).
// Whole days of leave are all-day events, shorter leave timed ones; both
// are transparent, leaving the agent free. Shifts and time off of other
// agents are ignored.
func Write(w io.Writer, agentID string, shifts []schedule.Shift, timeOff []schedule.TimeOff, opt Options) error {
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	var evs []event
	ids := uids{}
	name := agentID
	for _, s := range shifts {
		if s.AgentID != agentID {
			continue
		}
		if !s.Start.Before(s.End) {
			return fmt.Errorf("agent %s: shift from %s ends at %s, before it starts", agentID,
				s.Start.Format(time.DateTime), s.End.Format(time.DateTime))
		}
		if s.Name != "" {
			name = s.Name
		}
		evs = append(evs, shiftEvent(s, ids.next("shift", s.Start.Format(dateLayout), agentID)))
	}
	for _, t := range timeOff {
		if t.AgentID != agentID || t.Kind != schedule.Leave {
			continue
		}
		if !t.Start.Before(t.End) {
			return fmt.Errorf("agent %s: leave from %s ends at %s, before it starts", agentID,
				t.Start.Format(time.DateTime), t.End.Format(time.DateTime))
		}
		e := event{start: t.Start, end: t.End, allDay: midnight(t.Start) && midnight(t.End),
			summary: "Leave", categories: []string{"leave"}, transparent: true}
		key := t.Start.Format(localLayout)
		if e.allDay {
			key = t.Start.Format(dateLayout)
		}
		e.uid = ids.next("leave", key, agentID)
		evs = append(evs, e)
	}
	slices.SortStableFunc(evs, func(a, b event) int { return a.start.Compare(b.start) })

	cal := ics.NewCalendarFor("wfm")
	cal.SetProductId("-//wfm//roster//EN")
	cal.SetXWRCalName(calName(name, agentID))
	stamp := opt.Stamp
	if stamp.IsZero() && len(evs) > 0 {
		stamp = day(evs[0].start)
	}
	zone := loc != time.UTC
	if zone {
		cal.SetXWRTimezone(loc.String())
		if tz := vtimezone(loc, evs); tz != nil {
			cal.AddVTimezone(tz)
		}
	}
	for _, e := range evs {
		v := cal.AddEvent(e.uid)
		// DTSTAMP is required, and a clock reading would make every run's
		// files differ. Subscribers replace events by UID when they reload
		// a published calendar, so a fixed stamp per roster loses nothing.
		v.SetDtStampTime(stamp)
		switch {
		case e.allDay:
			v.SetAllDayStartAt(e.start)
			v.SetAllDayEndAt(e.end)
		case zone:
			v.SetProperty(ics.ComponentPropertyDtStart, e.start.Format(localLayout), ics.WithTZID(loc.String()))
			v.SetProperty(ics.ComponentPropertyDtEnd, e.end.Format(localLayout), ics.WithTZID(loc.String()))
		default:
			v.SetProperty(ics.ComponentPropertyDtStart, e.start.Format(localLayout)+"Z")
			v.SetProperty(ics.ComponentPropertyDtEnd, e.end.Format(localLayout)+"Z")
		}
		v.SetSummary(e.summary)
		if e.description != "" {
			v.SetDescription(e.description)
		}
		if e.location != "" {
			v.SetLocation(e.location)
		}
		for _, c := range e.categories {
			v.AddCategory(c)
		}
		if e.transparent {
			v.SetTimeTransparency(ics.TransparencyTransparent)
		}
	}
	// The library writes line by line: buffer them. RFC 5545 ends lines
	// with CRLF on every system.
	bw := bufio.NewWriter(w)
	if err := cal.SerializeTo(bw, ics.WithNewLineWindows); err != nil {
		return err
	}
	return bw.Flush()
}

// shiftEvent describes a shift: template, channel and region in the
// summary; the shift, its breaks and activities in time order in the
// description.
func shiftEvent(s schedule.Shift, uid string) event {
	kind := "Shift"
	if s.Template != "" {
		kind = s.Template + " shift"
	}
	where := strings.TrimSpace(s.Channel + " " + s.Region)
	summary := kind
	if where != "" {
		summary += " · " + where
	}
	type item struct {
		schedule.Span
		what string
	}
	items := []item{{s.Span, kind}}
	for _, b := range s.Breaks {
		items = append(items, item{b, "break"})
	}
	for _, a := range s.Activities {
		items = append(items, item{a.Span, a.Kind})
	}
	slices.SortStableFunc(items[1:], func(a, b item) int { return a.Start.Compare(b.Start) })
	var d strings.Builder
	for _, it := range items {
		fmt.Fprintf(&d, "%s-%s %s\n", clock(it.Start, s.Start), clock(it.End, s.Start), it.what)
	}
	for _, f := range []struct{ label, value string }{
		{"Agent", calName(s.Name, s.AgentID)}, {"Channel", s.Channel}, {"Region", s.Region}, {"Contract", s.Contract},
	} {
		if f.value != "" {
			fmt.Fprintf(&d, "%s: %s\n", f.label, f.value)
		}
	}
	var cats []string
	if s.Channel != "" {
		cats = append(cats, s.Channel)
	}
	return event{uid: uid, start: s.Start, end: s.End, summary: summary,
		description: strings.TrimSuffix(d.String(), "\n"), location: s.Region, categories: cats}
}

// clock is t's time of day, with its weekday when it falls on another day
// than the shift's start.
func clock(t, start time.Time) string {
	if day(t).Equal(day(start)) {
		return t.Format("15:04")
	}
	return t.Format("Mon 15:04")
}

// calName is how a calendar and its agent are named: "Name (ID)", or the ID.
func calName(name, id string) string {
	if name == "" || name == id {
		return id
	}
	return name + " (" + id + ")"
}

// uids hands out UIDs built from a kind, a day and the agent id, so that
// the same agent's shift on the same day keeps its UID from run to run. A
// second event of the same kind on the same day gets ".2" after the day,
// which no first event's UID can end up with.
type uids map[string]int

func (u uids) next(kind, key, agentID string) string {
	base := kind + "-" + key
	u[base]++
	if n := u[base]; n > 1 {
		base += "." + strconv.Itoa(n)
	}
	return base + "-" + escapeID(agentID) + uidDomain
}

// escapeID keeps a UID plain ASCII, which some servers need: bytes other
// than letters, digits and -._~ become %XX. The mapping is one to one.
func escapeID(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// day is the midnight starting t's day, in UTC as wall-clock times are.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func midnight(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// at is the instant a wall-clock time of the centre stands for.
func at(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// vtimezone describes loc over the timed events' span: one STANDARD or
// DAYLIGHT sub-component per period of one offset, from the period the
// first event starts in to the one the last ends in, each with its onset
// and no recurrence rule. Nil when every event is all-day.
func vtimezone(loc *time.Location, evs []event) *ics.VTimezone {
	var first, last time.Time
	for _, e := range evs {
		if e.allDay {
			continue
		}
		if s := at(e.start, loc); first.IsZero() || s.Before(first) {
			first = s
		}
		if end := at(e.end, loc); end.After(last) {
			last = end
		}
	}
	if first.IsZero() {
		return nil
	}
	tz := ics.NewTimezone(loc.String())
	for t := first; ; {
		name, offset := t.Zone()
		start, end := t.ZoneBounds()
		from := offset
		onset := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC) // a zone with no transitions
		if !start.IsZero() {
			_, from = start.Add(-time.Nanosecond).Zone()
			onset = start.In(time.FixedZone("", from))
		}
		c := ics.ComponentBase{}
		c.AddProperty(ics.ComponentPropertyDtStart, onset.Format(localLayout))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(from))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(offset))
		if name != "" {
			c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		}
		if t.IsDST() {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: c})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: c})
		}
		if end.IsZero() || !end.Before(last) {
			return tz
		}
		t = end
	}
}

// utcOffset formats an offset east of UTC in seconds as RFC 5545 does:
// +0800, -0500, or with seconds +054521.
func utcOffset(secs int) string {
	sign := "+"
	if secs < 0 {
		sign, secs = "-", -secs
	}
	s := fmt.Sprintf("%s%02d%02d", sign, secs/3600, secs/60%60)
	if secs%60 != 0 {
		s += fmt.Sprintf("%02d", secs%60)
	}
	return s
}
