package records

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
)

// ReadRoster reads a roster file as Shifts writes it: agent_id, start and
// end are required; shift, channel, region, name, contract, the breaks
// (break_start, break_end, break_start_2, ...) and the activities
// (activity, activity_start, activity_end, activity_2, ...) are optional,
// and other columns (date, a planner's own) are ignored. A row without a
// channel or region is DefaultSeries'. Every shift must end after it
// starts, and its breaks and activities must lie inside it, the breaks
// apart (a break may fall in an activity: the roster search warns of
// such clashes but writes them). Paid counts every break as unpaid: the file
// does not say which are paid, the templates do.
func ReadRoster(g *table.Grid) ([]schedule.Shift, error) {
	col := map[string]int{}
	for _, name := range []string{"agent_id", "start", "end"} {
		if col[name] = g.Column(name); col[name] < 0 {
			return nil, table.Errorf(g.File, 1, name, "required column missing; the file has %s", strings.Join(g.Header, ", "))
		}
	}
	if len(g.Rows) == 0 {
		return nil, table.Errorf(g.File, 0, "", "no data rows below the header")
	}
	breaks := spanColumns(g, "", "break_start", "break_end")
	activities := spanColumns(g, "activity", "activity_start", "activity_end")
	out := make([]schedule.Shift, len(g.Rows))
	for r := range g.Rows {
		text := func(name string) string { return unescape(g.Cell(r, g.Column(name))) }
		sh := schedule.Shift{AgentID: text("agent_id"), Template: text("shift"), Name: text("name"), Contract: text("contract"),
			Channel: cmp.Or(text("channel"), DefaultSeries), Region: cmp.Or(text("region"), DefaultSeries)}
		if sh.AgentID == "" {
			return nil, g.Errorf(r, col["agent_id"], "required, but empty")
		}
		var err error
		if sh.Span, err = rowSpan(g, r, col["start"], col["end"], "the shift"); err != nil {
			return nil, err
		}
		inside := func(s schedule.Span, c int, what string) error {
			if s.Start.Before(sh.Start) || s.End.After(sh.End) {
				return g.Errorf(r, c, "%s %s-%s is not inside the shift %s-%s", what, hhmm(s.Start), hhmm(s.End), hhmm(sh.Start), hhmm(sh.End))
			}
			return nil
		}
		for _, b := range breaks {
			s, ok, err := optionalSpan(g, r, b, "a break")
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if err := inside(s, b.start, "the break"); err != nil {
				return nil, err
			}
			for _, t := range sh.Breaks {
				if s.Start.Before(t.End) && t.Start.Before(s.End) {
					return nil, g.Errorf(r, b.start, "the break %s-%s overlaps the break %s-%s", hhmm(s.Start), hhmm(s.End), hhmm(t.Start), hhmm(t.End))
				}
			}
			sh.Breaks = append(sh.Breaks, s)
		}
		for _, a := range activities {
			s, ok, err := optionalSpan(g, r, a, "an activity")
			if err != nil {
				return nil, err
			}
			if !ok {
				if g.Cell(r, a.kind) != "" {
					return nil, g.Errorf(r, a.start, "activity %q needs its start and end", g.Cell(r, a.kind))
				}
				continue
			}
			if err := inside(s, a.start, "the activity"); err != nil {
				return nil, err
			}
			sh.Activities = append(sh.Activities, schedule.Activity{Kind: cmp.Or(unescape(g.Cell(r, a.kind)), "activity"), Span: s})
		}
		sh.Paid = sh.End.Sub(sh.Start)
		for _, b := range sh.Breaks {
			sh.Paid -= b.End.Sub(b.Start)
		}
		out[r] = sh
	}
	return out, nil
}

// spanCols are the columns of one numbered break or activity.
type spanCols struct{ kind, start, end int }

// spanColumns finds the numbered column groups prefix, start, end; prefix
// _2, start_2, end_2; ... as far as the file has them (kind is -1 without
// a prefix).
func spanColumns(g *table.Grid, prefix, start, end string) []spanCols {
	var out []spanCols
	for i := 1; ; i++ {
		suffix := ""
		if i > 1 {
			suffix = fmt.Sprintf("_%d", i)
		}
		c := spanCols{kind: -1, start: g.Column(start + suffix), end: g.Column(end + suffix)}
		if prefix != "" {
			c.kind = g.Column(prefix + suffix)
		}
		if c.start < 0 && c.end < 0 {
			return out
		}
		out = append(out, c)
	}
}

// optionalSpan reads the span in columns c of row r: false when both
// cells are empty, an error when only one is.
func optionalSpan(g *table.Grid, r int, c spanCols, what string) (schedule.Span, bool, error) {
	from, to := g.Cell(r, c.start), g.Cell(r, c.end)
	switch {
	case from == "" && to == "":
		return schedule.Span{}, false, nil
	case from == "":
		return schedule.Span{}, false, g.Errorf(r, c.start, "%s needs a start as well as its end", what)
	case to == "":
		return schedule.Span{}, false, g.Errorf(r, c.end, "%s needs an end as well as its start", what)
	}
	s, err := rowSpan(g, r, c.start, c.end, what)
	return s, err == nil, err
}

// rowSpan reads the date-times of columns start and end of row r, end
// after start.
func rowSpan(g *table.Grid, r, start, end int, what string) (schedule.Span, error) {
	var s schedule.Span
	for _, x := range []struct {
		c int
		t *time.Time
	}{{start, &s.Start}, {end, &s.End}} {
		t, err := g.Time(r, x.c)
		if err != nil {
			return s, g.Errorf(r, x.c, "want a date-time such as 2026-03-02T08:30, got %q", g.Cell(r, x.c))
		}
		*x.t = t
	}
	if !s.End.After(s.Start) {
		return s, g.Errorf(r, end, "%s ends at %s, not after its start %s", what, s.End.Format("2006-01-02T15:04"), s.Start.Format("2006-01-02T15:04"))
	}
	return s, nil
}

// hhmm is t's time of day, for messages.
func hhmm(t time.Time) string { return t.Format("15:04") }

// unescape undoes the leading ' that CSV output puts before text
// starting like a formula.
func unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}
