package records

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
)

var rosterColumns = []column{
	{"agent_id", nil, true},
	{"start", nil, true},
	{"end", nil, true},
	{"channel", channelAliases, false},
	{"region", regionAliases, false},
	{"shift", nil, false},
	{"name", nil, false},
	{"contract", nil, false},
}

// ReadRoster reads a roster file as Shifts writes it: one shift per row,
// agent_id, start and end (date-times, wall clock), channel and region
// (default all, as the forecast's), shift, name and contract, the breaks
// in break_start, break_end, break_start_2, break_end_2, ..., and the
// activities in activity, activity_start, activity_end, activity_2, ...
// Empty break and activity cells are none; every break and activity lies
// inside its shift, the breaks apart (a break may fall in an activity: the
// roster search warns of such clashes but writes them). The date column
// and others are not read. Paid counts every break as unpaid: the file
// does not say which are paid, the templates do.
func ReadRoster(g *table.Grid) ([]schedule.Shift, error) {
	idx, err := mapColumns(g, rosterColumns, nil)
	if err != nil {
		return nil, err
	}
	breaks, err := numberedColumns(g, "break_start", "break_end", "")
	if err != nil {
		return nil, err
	}
	activities, err := numberedColumns(g, "activity_start", "activity_end", "activity")
	if err != nil {
		return nil, err
	}
	if len(g.Rows) == 0 {
		return nil, table.Errorf(g.File, 0, "", "no data rows below the header")
	}
	out := make([]schedule.Shift, len(g.Rows))
	var names seriesNames
	for r := range g.Rows {
		sh := &out[r]
		text := func(c int) string { return unescape(g.Cell(r, c)) }
		if sh.AgentID = text(idx[0]); sh.AgentID == "" {
			return nil, g.Errorf(r, idx[0], "want an agent_id, got an empty cell")
		}
		start, err := wallTime(g, r, idx[1])
		if err != nil {
			return nil, err
		}
		end, err := wallTime(g, r, idx[2])
		if err != nil {
			return nil, err
		}
		if !end.After(start) {
			return nil, g.Errorf(r, idx[2], "want an end after the start %s, got %q", g.Cell(r, idx[1]), g.Cell(r, idx[2]))
		}
		sh.Span = schedule.Span{Start: start, End: end}
		k := names.key(text(idx[3]), text(idx[4]))
		sh.Channel, sh.Region = k.channel, k.region
		sh.Template, sh.Name, sh.Contract = text(idx[5]), text(idx[6]), text(idx[7])
		sh.Paid = end.Sub(start)
		for _, c := range breaks {
			span, ok, err := spanIn(g, r, c, sh.Span)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			for _, b := range sh.Breaks {
				if span.Start.Before(b.End) && b.Start.Before(span.End) {
					return nil, g.Errorf(r, c.start, "the break %s-%s overlaps the break %s-%s", hhmm(span.Start), hhmm(span.End), hhmm(b.Start), hhmm(b.End))
				}
			}
			sh.Breaks = append(sh.Breaks, span)
			sh.Paid -= span.End.Sub(span.Start)
		}
		for _, c := range activities {
			span, ok, err := spanIn(g, r, c, sh.Span)
			if err != nil {
				return nil, err
			}
			if !ok {
				if kind := g.Cell(r, c.kind); kind != "" {
					return nil, g.Errorf(r, c.start, "activity %q needs its start and end", kind)
				}
				continue
			}
			sh.Activities = append(sh.Activities, schedule.Activity{Kind: cmp.Or(strings.ToLower(text(c.kind)), "activity"), Span: span})
		}
	}
	return out, nil
}

// spanColumns are the columns of one numbered break or activity; kind is
// -1 for breaks.
type spanColumns struct{ start, end, kind int }

// numberedColumns finds the columns start, end, start_2, end_2, ... in
// the header, whatever numbers it has, each start with its end, and with
// its kind column kind, kind_2, ... unless kind is "".
func numberedColumns(g *table.Grid, start, end, kind string) ([]spanColumns, error) {
	var out []spanColumns
	for c, h := range g.Header {
		h = strings.ToLower(strings.TrimSpace(h))
		suffix, ok := strings.CutPrefix(h, start)
		if !ok || suffix != "" && !isNumbered(suffix) {
			continue
		}
		sc := spanColumns{start: c, end: g.Column(end + suffix), kind: -1}
		if sc.end < 0 {
			return nil, table.Errorf(g.File, 1, h, "want a column %s beside it", end+suffix)
		}
		if kind != "" {
			sc.kind = g.Column(kind + suffix)
		}
		out = append(out, sc)
	}
	return out, nil
}

// isNumbered reports whether suffix is _N for a whole number N >= 2.
func isNumbered(suffix string) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(suffix, "_"))
	return strings.HasPrefix(suffix, "_") && err == nil && n >= 2
}

// spanIn reads row r's span in columns c, which must lie inside shift;
// ok is false when both cells are empty.
func spanIn(g *table.Grid, r int, c spanColumns, shift schedule.Span) (span schedule.Span, ok bool, err error) {
	switch from, to := g.Cell(r, c.start), g.Cell(r, c.end); {
	case from == "" && to == "":
		return span, false, nil
	case from == "":
		return span, false, g.Errorf(r, c.start, "want a start beside the end %s, got an empty cell", to)
	case to == "":
		return span, false, g.Errorf(r, c.end, "want an end beside the start %s, got an empty cell", from)
	}
	if span.Start, err = wallTime(g, r, c.start); err != nil {
		return span, false, err
	}
	if span.End, err = wallTime(g, r, c.end); err != nil {
		return span, false, err
	}
	if span.Start.Before(shift.Start) || span.End.After(shift.End) || !span.End.After(span.Start) {
		return span, false, g.Errorf(r, c.end, "want a span inside the shift %s to %s, got %s to %s", shift.Start.Format(table.TimeLayout),
			shift.End.Format(table.TimeLayout), g.Cell(r, c.start), g.Cell(r, c.end))
	}
	return span, true, nil
}

// wallTime reads cell (r, c) as a date-time's wall clock.
func wallTime(g *table.Grid, r, c int) (time.Time, error) {
	st, err := g.Stamp(r, c)
	if err != nil {
		return time.Time{}, g.Errorf(r, c, "want a date-time like 2026-03-02T09:00, got %q", g.Cell(r, c))
	}
	return st.Wall, nil
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

// ReadSkills reads an agents file for the channels each agent serves:
// agent_id, name, region (default all) and channels, ignoring the columns
// that only rostering needs, so that it takes any agents file a roster
// was built from without its shift templates. A repeated agent_id is an
// error.
func ReadSkills(g *table.Grid) ([]schedule.Agent, error) {
	as, err := table.ReadRecords(g, agentFields[:4], true)
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	for i := range as {
		a := &as[i]
		if a.Region == "" {
			a.Region = DefaultSeries
		}
		if j, dup := ids[a.ID]; dup {
			return nil, g.Errorf(i, g.Column("agent_id"), "a second agent %q (first on row %d)", a.ID, g.Lines[j])
		}
		ids[a.ID] = i
	}
	return as, nil
}
