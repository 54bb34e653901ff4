package sheet

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
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

// AddRoster adds the roster's sheets to f, replacing older ones: Roster
// (agents by day, coloured by template), Shifts (the roster file's rows),
// Coverage (required against scheduled per interval, with a chart of the
// totals) and Summary.
func AddRoster(f *excelize.File, r schedule.Roster) error {
	if err := AddRosterDetail(f, r); err != nil {
		return err
	}
	return AddTable(f, records.Summary(r))
}

// AddRosterDetail adds AddRoster's sheets but Summary, for callers that
// write a summary of their own: replacing a sheet that is already there
// costs a pass over every sheet of the workbook.
func AddRosterDetail(f *excelize.File, r schedule.Roster) error {
	if err := addGrid(f, r); err != nil {
		return err
	}
	if err := AddTable(f, records.Shifts(r)); err != nil {
		return err
	}
	return addCoverage(f, r)
}

// addGrid writes the Roster sheet: one row per agent, one column per day,
// each working day showing the shift's hours in its template's colour,
// and the week's hours on seat (breaks excluded).
func addGrid(f *excelize.File, r schedule.Roster) error {
	if _, err := Replace(f, RosterSheet); err != nil {
		return err
	}
	type agentRow struct {
		id, template, channel, region string
		shifts                        map[string]schedule.Shift
	}
	var agents []*agentRow
	byID := map[string]*agentRow{}
	var days []string
	for _, s := range r.Shifts {
		a, ok := byID[s.AgentID]
		if !ok {
			a = &agentRow{id: s.AgentID, template: s.Template, channel: s.Channel, region: s.Region, shifts: map[string]schedule.Shift{}}
			byID[s.AgentID] = a
			agents = append(agents, a)
		}
		day := s.Start.Format(table.DateLayout)
		a.shifts[day] = s
		if !slices.Contains(days, day) {
			days = append(days, day)
		}
	}
	// Every day the requirements cover gets a column, so the grid runs from
	// the first planned day to the last even where no one works.
	seen := map[time.Time]bool{}
	for _, c := range r.Coverage {
		y, m, d := c.Start.Date()
		if mid := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); !seen[mid] {
			seen[mid] = true
			if day := mid.Format(table.DateLayout); !slices.Contains(days, day) {
				days = append(days, day)
			}
		}
	}
	slices.Sort(days)
	slices.SortStableFunc(agents, func(a, b *agentRow) int {
		return cmp.Or(cmp.Compare(a.channel, b.channel), cmp.Compare(a.region, b.region), cmp.Compare(a.id, b.id))
	})

	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"BDD7EE"}}})
	if err != nil {
		return err
	}
	styles := map[string]int{}
	for _, a := range agents {
		if _, ok := styles[a.template]; ok {
			continue
		}
		colour := templateColours[len(styles)%len(templateColours)]
		if styles[a.template], err = f.NewStyle(&excelize.Style{
			Alignment: &excelize.Alignment{Horizontal: "center"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Border:    []excelize.Border{{Type: "left", Color: "FFFFFF", Style: 1}, {Type: "right", Color: "FFFFFF", Style: 1}},
		}); err != nil {
			return err
		}
	}

	titles := []any{"agent", "template", "channel", "region"}
	for _, d := range days {
		t, _ := time.Parse(table.DateLayout, d)
		titles = append(titles, t.Format("Mon 01-02"))
	}
	titles = append(titles, "hours_on_seat")
	if err := f.SetSheetRow(RosterSheet, "A1", &titles); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(titles), 1)
	if err := f.SetCellStyle(RosterSheet, "A1", last, header); err != nil {
		return err
	}
	for i, a := range agents {
		row := []any{a.id, a.template, a.channel, a.region}
		var onSeat time.Duration
		for _, d := range days {
			s, ok := a.shifts[d]
			if !ok {
				row = append(row, nil)
				continue
			}
			onSeat += s.End.Sub(s.Start)
			for _, b := range s.Breaks {
				onSeat -= b.End.Sub(b.Start)
			}
			row = append(row, fmt.Sprintf("%s-%s", s.Start.Format("15:04"), s.End.Format("15:04")))
		}
		row = append(row, table.Round(onSeat.Hours(), 2))
		first, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(RosterSheet, first, &row); err != nil {
			return err
		}
		for j, d := range days {
			if _, ok := a.shifts[d]; ok {
				cell, _ := excelize.CoordinatesToCellName(5+j, i+2)
				if err := f.SetCellStyle(RosterSheet, cell, cell, styles[a.template]); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetColWidth(RosterSheet, "A", "D", 12); err != nil {
		return err
	}
	lastDay, _ := excelize.ColumnNumberToName(4 + len(days) + 1)
	if err := f.SetColWidth(RosterSheet, "E", lastDay, 13); err != nil {
		return err
	}
	return f.SetPanes(RosterSheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}

// addCoverage writes the Coverage sheet: the coverage rows, and beside them
// the totals over all channels and regions per interval, which the chart
// draws.
func addCoverage(f *excelize.File, r schedule.Roster) error {
	t := records.Coverage(r)
	type total struct{ required, scheduled float64 }
	var starts []time.Time
	totals := map[time.Time]*total{}
	for _, c := range r.Coverage {
		tt, ok := totals[c.Start]
		if !ok {
			tt = &total{}
			totals[c.Start] = tt
			starts = append(starts, c.Start)
		}
		tt.required += c.Required
		tt.scheduled += c.Scheduled
	}
	slices.SortFunc(starts, time.Time.Compare)
	rows := make([][]any, len(starts))
	for i, s := range starts {
		rows[i] = []any{s, table.Round(totals[s].required, 2), table.Round(totals[s].scheduled, 2)}
	}
	col := beside(t, []string{"total_interval", "total_required", "total_scheduled"}, rows)
	var charts []chartAt
	if n := len(starts); n > 0 {
		anchor, _ := excelize.CoordinatesToCellName(col+4, 2)
		charts = append(charts, chartAt{cell: anchor, chart: lineChart("Required and scheduled staff, all channels and regions",
			[]excelize.ChartSeries{seriesOf(CoverageSheet, col, col+1, n), seriesOf(CoverageSheet, col, col+2, n)})})
	}
	return addTable(f, t, charts)
}
