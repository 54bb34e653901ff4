package records

import (
	"fmt"
	"strings"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/table"
)

type override = forecast.Override

// anyName reads a channel or region of an override: empty or * for all.
func anyName(get func(*override) *string) func(*override, string) error {
	return func(o *override, s string) error {
		if s != "*" {
			*get(o) = s
		}
		return nil
	}
}

var overrideFields = []table.Field[override]{
	{Name: "start", Required: true}, // read by ReadOverrides as ReadTimeOff does
	{Name: "end", Required: true},
	{Name: "channel", Set: anyName(func(o *override) *string { return &o.Channel })},
	{Name: "region", Set: anyName(func(o *override) *string { return &o.Region })},
	{Name: "factor"}, // one of factor, add and set, read by ReadOverrides
	{Name: "add"},
	{Name: "set"},
	{Name: "note", Set: text(func(o *override) *string { return &o.Note })},
}

// overrideKinds are the columns of the three kinds of override.
var overrideKinds = []struct {
	column string
	kind   forecast.OverrideKind
	min    float64 // the least value allowed
}{
	{"factor", forecast.Factor, 0},
	{"add", forecast.Add, -forecast.MaxContacts},
	{"set", forecast.Set, 0},
}

// ReadOverrides reads a planner's overrides of the forecast: start, end,
// channel, region (empty or * for all), one of factor, add and set, and a
// note. A start or end written as a date is a whole day, both ends
// included, as in ReadTimeOff; a date-time is that moment. Each row fills
// exactly one of factor (>= 0), add (contacts per interval, may be
// negative) and set (contacts per interval, >= 0); the file needs only the
// columns it uses.
func ReadOverrides(g *table.Grid) ([]forecast.Override, error) {
	overrides, err := table.ReadRecords(g, overrideFields, false)
	if err != nil {
		return nil, err
	}
	first := g.Column("factor", "add", "set") // the change's first column, for rows that fill none
	if first < 0 {
		return nil, table.Errorf(g.File, 1, "factor", "required column missing: want one of factor, add and set; the file has %s", strings.Join(g.Header, ", "))
	}
	startCol, endCol := g.Column("start"), g.Column("end")
	for i := range overrides {
		o := &overrides[i]
		if o.Start, o.End, _, _, err = readSpan(g, i, startCol, endCol); err != nil {
			return nil, err
		}
		if err := readChange(g, i, first, o); err != nil {
			return nil, err
		}
	}
	return overrides, nil
}

// readChange reads row r's one filled cell of factor, add and set into o;
// first is the column blamed when none is filled.
func readChange(g *table.Grid, r, first int, o *override) error {
	filled := -1
	for k, kind := range overrideKinds {
		c := g.Column(kind.column)
		s := g.Cell(r, c)
		if s == "" {
			continue
		}
		if filled >= 0 {
			return g.Errorf(r, c, "want one of factor, add and set filled per row, but %s is too", overrideKinds[filled].column)
		}
		filled = k
		v, err := table.ParseNumber(s)
		if err != nil || v < kind.min || v > forecast.MaxContacts {
			return g.Errorf(r, c, "want a number from %g to %g, got %q", kind.min, forecast.MaxContacts, s)
		}
		o.Kind, o.Value = kind.kind, v
	}
	if filled < 0 {
		return g.Errorf(r, first, "want one of factor, add and set filled, got none")
	}
	return nil
}

// Overrides lays out what each override changed: its note, the series and
// span it names (empty channel or region: all), the change, the intervals
// changed and their point forecast's sum before and after.
func Overrides(effects []forecast.OverrideEffect) *table.Table {
	t := &table.Table{Name: "Overrides", Columns: []string{"override", "channel", "region", "start", "end", "change",
		"intervals", "contacts_before", "contacts_after"},
		Decimals: map[string]int{"contacts_before": 0, "contacts_after": 0}}
	for _, e := range effects {
		change := [...]string{forecast.Factor: "x%g", forecast.Add: "add %g", forecast.Set: "set %g"}[e.Kind]
		t.Add(e.Note, e.Channel, e.Region, e.Start, e.End, fmt.Sprintf(change, e.Value), e.Intervals, e.Before, e.After)
	}
	return t
}
