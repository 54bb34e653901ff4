package sheet

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
	"github.com/xuri/excelize/v2"
)

// Sheets of the roster workbook, in order.
const (
	RosterSheet   = "Roster"
	ShiftsSheet   = "Shifts"
	CoverageSheet = "Coverage"
	SummarySheet  = "Summary"
)

// templateColours tell templates apart in the Roster grid; pale enough to
// print and to read black text on.
var templateColours = []string{"DDEBF7", "E2EFDA", "FFF2CC", "FCE4D6", "EDE2F6", "D9E1F2", "F2F2F2", "DDF3F1"}

// AddRoster adds the roster's sheets to f, replacing older ones: Summary
// (see AddSummary; reqs are the requirements the roster covers), Roster
// (agents by day, coloured by template), Shifts (the roster file's rows),
// Coverage (required against scheduled per interval, with a chart of the
// totals) and the hidden sheet of the chart's data.
func AddRoster(f *excelize.File, r schedule.Roster, reqs []staff.Requirement, about About) error {
	if err := AddSummary(f, r, reqs, about); err != nil {
		return err
	}
	if err := AddRosterDetail(f, r); err != nil {
		return err
	}
	if err := addChartData(f, layout(coverageBlock(r))); err != nil {
		return err
	}
	return MoveFirst(f, SummarySheet)
}

// AddRosterDetail adds AddRoster's sheets but Summary and the chart data,
// for callers that write other sheets between them and a Dashboard of
// their own: replacing a sheet that is already there costs a pass over
// every sheet of the workbook.
func AddRosterDetail(f *excelize.File, r schedule.Roster) error {
	if err := addGrid(f, r); err != nil {
		return err
	}
	if err := AddTable(f, records.Shifts(r)); err != nil {
		return err
	}
	return addCoverage(f, r)
}

// addGrid writes the Roster sheet: one row per agent (name, contract,
// templates, channels, regions), one column per planned day, a working day
// showing the shift's hours in its template's colour (marked * with a
// comment naming any activity in it), a day off "Off" or the kind of the
// whole-day time off; then paid hours per planned week and the weekends
// worked, and at the bottom the agents working and paid hours per day.
func addGrid(f *excelize.File, r schedule.Roster) error {
	if _, err := Replace(f, RosterSheet); err != nil {
		return err
	}
	g := newGrid(r)
	st, err := newGridStyles(f, r.Shifts)
	if err != nil {
		return err
	}
	titles := []any{"agent", "name", "contract", "template", "channel", "region"}
	const dayCol = 7 // first day's column
	for _, d := range g.days {
		titles = append(titles, d.Format("Mon 01-02"))
	}
	for w := range g.weeks() {
		y, n := g.days[7*w].AddDate(0, 0, 3).ISOWeek() // the ISO week holding most of the planned week
		titles = append(titles, fmt.Sprintf("hours %d-W%02d", y, n))
	}
	if g.weeks() > 1 {
		titles = append(titles, "hours total")
	}
	titles = append(titles, "weekends")
	if err := setRow(f, 1, titles, st.header); err != nil {
		return err
	}

	weekends := schedule.Weekends(r.Shifts)
	working := make([]int, len(g.days))
	paidPerDay := make([]time.Duration, len(g.days))
	for i, a := range g.agents {
		rowNum := i + 2
		row := []any{a.id, a.name, a.contract, strings.Join(a.templates, ";"), strings.Join(a.channels, ";"), strings.Join(a.regions, ";")}
		paid := make([]time.Duration, g.weeks())
		var styles []int
		for j, d := range g.days {
			s, ok := a.shifts[d]
			if !ok {
				if kind := a.off[d]; kind != "" {
					row, styles = append(row, strings.ToUpper(kind[:1])+kind[1:]), append(styles, st.timeOff)
				} else {
					row, styles = append(row, "Off"), append(styles, st.off)
				}
				continue
			}
			working[j]++
			paidPerDay[j] += s.Paid
			paid[j/7] += s.Paid
			text := fmt.Sprintf("%s-%s", s.Start.Format("15:04"), s.End.Format("15:04"))
			if len(s.Activities) > 0 {
				text += " *"
				if err := comment(f, dayCol+j, rowNum, s.Activities); err != nil {
					return err
				}
			}
			row, styles = append(row, text), append(styles, st.templates[s.Template])
		}
		row = append(append(row, weekHours(paid)...), weekends[a.id])
		if err := setRow(f, rowNum, row, 0); err != nil {
			return err
		}
		for j, style := range styles {
			cell, _ := excelize.CoordinatesToCellName(dayCol+j, rowNum)
			if err := f.SetCellStyle(RosterSheet, cell, cell, style); err != nil {
				return err
			}
		}
	}

	agentsRow := []any{"agents working", nil, nil, nil, nil, nil}
	for _, n := range working {
		agentsRow = append(agentsRow, n)
	}
	hoursRow := append([]any{"paid hours", nil, nil, nil, nil, nil}, hoursOf(paidPerDay)...)
	perWeek := make([]time.Duration, g.weeks())
	for j, h := range paidPerDay {
		perWeek[j/7] += h
	}
	hoursRow = append(hoursRow, weekHours(perWeek)...)
	totals := len(g.agents) + 2
	if err := setRow(f, totals, agentsRow, st.total); err != nil {
		return err
	}
	if err := setRow(f, totals+1, hoursRow, st.total); err != nil {
		return err
	}

	if err := f.SetColWidth(RosterSheet, "A", "F", 12); err != nil {
		return err
	}
	first, _ := excelize.ColumnNumberToName(dayCol)
	last, _ := excelize.ColumnNumberToName(len(titles))
	if err := f.SetColWidth(RosterSheet, first, last, 14); err != nil {
		return err
	}
	return f.SetPanes(RosterSheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"})
}

// grid is the Roster sheet's content: the planned days and one row per
// agent.
type grid struct {
	days   []time.Time // midnights, UTC, from the first planned day to the last
	agents []*gridRow
}

// gridRow is one agent's row: the agent's templates, channels and regions
// (each distinct one, in order of shifts), shifts and whole days of time off
// by day.
type gridRow struct {
	id, name, contract           string
	templates, channels, regions []string
	shifts                       map[time.Time]schedule.Shift
	off                          map[time.Time]string
}

// dayOf is the midnight starting t's calendar day, as a map key.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func newGrid(r schedule.Roster) *grid {
	g := &grid{}
	byID := map[string]*gridRow{}
	row := func(id string) *gridRow {
		a, ok := byID[id]
		if !ok {
			a = &gridRow{id: id, shifts: map[time.Time]schedule.Shift{}, off: map[time.Time]string{}}
			byID[id] = a
			g.agents = append(g.agents, a)
		}
		return a
	}
	var first, last time.Time
	span := func(d time.Time) {
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	for _, s := range r.Shifts {
		a := row(s.AgentID)
		a.name, a.contract = cmp.Or(a.name, s.Name), cmp.Or(a.contract, s.Contract)
		a.templates, a.channels, a.regions = addNew(a.templates, s.Template), addNew(a.channels, s.Channel), addNew(a.regions, s.Region)
		d := dayOf(s.Start)
		a.shifts[d] = s
		span(d)
	}
	// Every day the requirements cover gets a column, so the grid runs from
	// the first planned day to the last even where no one works.
	for _, c := range r.Coverage {
		span(dayOf(c.Start))
	}
	for d := first; !first.IsZero() && !d.After(last); d = d.AddDate(0, 0, 1) {
		g.days = append(g.days, d)
	}
	for _, t := range r.TimeOff {
		for _, d := range g.days {
			y, m, n := d.Date()
			from := time.Date(y, m, n, 0, 0, 0, 0, t.Start.Location())
			if !t.Start.After(from) && !t.End.Before(from.AddDate(0, 0, 1)) {
				row(t.AgentID).off[d] = t.Kind
			}
		}
	}
	// Agents on time off all the planned days have no shift: they come last.
	works := func(a *gridRow) int { return min(1, len(a.shifts)) }
	slices.SortStableFunc(g.agents, func(a, b *gridRow) int {
		return cmp.Or(cmp.Compare(works(b), works(a)), slices.Compare(a.channels, b.channels),
			slices.Compare(a.regions, b.regions), cmp.Compare(a.id, b.id))
	})
	return g
}

// weeks is the number of planned weeks, the last maybe short.
func (g *grid) weeks() int { return (len(g.days) + 6) / 7 }

func addNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// hoursOf gives durations as hours, rounded to the hundredth.
func hoursOf(ds []time.Duration) []any {
	h := make([]any, len(ds))
	for i, d := range ds {
		h[i] = table.Round(d.Hours(), 2)
	}
	return h
}

// weekHours gives paid time per week as hours and, with several weeks, the
// total too.
func weekHours(perWeek []time.Duration) []any {
	if len(perWeek) > 1 {
		var total time.Duration
		for _, d := range perWeek {
			total += d
		}
		perWeek = append(slices.Clip(perWeek), total)
	}
	return hoursOf(perWeek)
}

// gridStyles are the Roster sheet's cell styles.
type gridStyles struct {
	header, off, timeOff, total int
	templates                   map[string]int // working days, by template
}

func newGridStyles(f *excelize.File, shifts []schedule.Shift) (gridStyles, error) {
	center := &excelize.Alignment{Horizontal: "center"}
	fill := func(colour string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
	}
	var st gridStyles
	var err error
	for _, s := range []struct {
		to    *int
		style *excelize.Style
	}{
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: center, Fill: fill("BDD7EE")}},
		{&st.off, &excelize.Style{Font: &excelize.Font{Color: "808080"}, Alignment: center}},
		// time off: pale rose, in no template's colour, italic
		{&st.timeOff, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "7F3F3F"}, Alignment: center, Fill: fill("FBE3EC")}},
		{&st.total, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}},
	} {
		if *s.to, err = f.NewStyle(s.style); err != nil {
			return st, err
		}
	}
	st.templates = map[string]int{}
	for _, s := range shifts {
		if _, ok := st.templates[s.Template]; ok {
			continue
		}
		colour := templateColours[len(st.templates)%len(templateColours)]
		if st.templates[s.Template], err = f.NewStyle(&excelize.Style{Alignment: center, Fill: fill(colour),
			Border: []excelize.Border{{Type: "left", Color: "FFFFFF", Style: 1}, {Type: "right", Color: "FFFFFF", Style: 1}},
		}); err != nil {
			return st, err
		}
	}
	return st, nil
}

// setRow writes cells into row n of the Roster sheet from column A, in
// style if it is not 0.
func setRow(f *excelize.File, n int, cells []any, style int) error {
	first, _ := excelize.CoordinatesToCellName(1, n)
	if err := f.SetSheetRow(RosterSheet, first, &cells); err != nil {
		return err
	}
	if style == 0 {
		return nil
	}
	last, _ := excelize.CoordinatesToCellName(len(cells), n)
	return f.SetCellStyle(RosterSheet, first, last, style)
}

// comment names a shift's activities in a comment on its grid cell.
func comment(f *excelize.File, col, row int, activities []schedule.Activity) error {
	lines := make([]string, len(activities))
	for i, a := range activities {
		lines[i] = fmt.Sprintf("%s %s-%s", a.Kind, a.Start.Format("15:04"), a.End.Format("15:04"))
	}
	cell, _ := excelize.CoordinatesToCellName(col, row)
	return f.AddComment(RosterSheet, excelize.Comment{Author: "wfm", Cell: cell, Text: strings.Join(lines, "\n")})
}

// addCoverage writes the Coverage sheet: the coverage rows, and beside
// them a chart of the totals over all channels and regions per interval,
// which reads the chart data sheet's first block (see AddDashboard).
func addCoverage(f *excelize.File, r schedule.Roster) error {
	t := records.Coverage(r)
	var charts []chartAt
	if b := coverageBlock(r); b != nil {
		layout(b)
		anchor, _ := excelize.CoordinatesToCellName(len(t.Columns)+2, 2)
		charts = append(charts, chartAt{cell: anchor, chart: b.coverageChart()})
	}
	return addTable(f, t, charts, shadeNet(f, slices.Index(t.Columns, "net")+1))
}

// shadeNet colours the coverage's net column (number col) on each of its
// sheets: red where staff is short, amber where a whole agent or more is
// over the requirement.
func shadeNet(f *excelize.File, col int) func(sheet string, rows int) error {
	return func(sheet string, rows int) error {
		if rows == 0 {
			return nil
		}
		short, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
		if err != nil {
			return err
		}
		over, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C5700"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}})
		if err != nil {
			return err
		}
		from, _ := excelize.CoordinatesToCellName(col, 2)
		to, _ := excelize.CoordinatesToCellName(col, rows+1)
		return f.SetConditionalFormat(sheet, from+":"+to, []excelize.ConditionalFormatOptions{
			{Type: "cell", Criteria: "<", Format: &short, Value: "0"},
			{Type: "cell", Criteria: ">=", Format: &over, Value: "1"},
		})
	}
}
