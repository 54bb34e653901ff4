package records

import (
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
// inside its shift. The date column and others are not read, nor is a
// shift's paid time.
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
		if sh.AgentID = g.Cell(r, idx[0]); sh.AgentID == "" {
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
		k := names.key(g.Cell(r, idx[3]), g.Cell(r, idx[4]))
		sh.Channel, sh.Region = k.channel, k.region
		sh.Template, sh.Name, sh.Contract = g.Cell(r, idx[5]), g.Cell(r, idx[6]), g.Cell(r, idx[7])
		for _, c := range breaks {
			span, ok, err := spanIn(g, r, c, sh.Span)
			if err != nil {
				return nil, err
			}
			if ok {
				sh.Breaks = append(sh.Breaks, span)
			}
		}
		for _, c := range activities {
			span, ok, err := spanIn(g, r, c, sh.Span)
			if err != nil {
				return nil, err
			}
			if ok {
				sh.Activities = append(sh.Activities, schedule.Activity{Kind: strings.ToLower(g.Cell(r, c.kind)), Span: span})
			}
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
	if g.Cell(r, c.start) == "" && g.Cell(r, c.end) == "" {
		return span, false, nil
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
