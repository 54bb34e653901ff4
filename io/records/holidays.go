package records

import (
	"fmt"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/io/table"

	"github.com/wfm-dev/wfm/forecast"
)

type holiday = forecast.Holiday

var holidayFields = []table.Field[holiday]{
	{Name: "date", Required: true}, // read by ReadHolidays, in the grid's date system
	{Name: "name", Required: false, Set: text(func(h *holiday) *string { return &h.Name })},
	{Name: "effect", Required: false, Set: func(h *holiday, s string) error {
		low := strings.ToLower(s)
		if low == "closed" {
			h.Closed = true
			return nil
		}
		if day, ok := strings.CutPrefix(low, "like "); ok {
			d, err := ParseDays(day)
			n := 0
			for w, on := range d {
				if on {
					h.Like, n = time.Weekday(w), n+1
				}
			}
			if err != nil || n != 1 {
				return fmt.Errorf("want \"like\" and one day, e.g. \"like Sunday\", got %q", s)
			}
			h.LikeSet = true
			return nil
		}
		v, err := table.ParseNumber(strings.TrimSuffix(low, "x"))
		if err != nil || v <= 0 {
			return fmt.Errorf("want closed, a volume factor > 0 such as 1.8, or \"like Sunday\", got %q", s)
		}
		h.Factor = v
		return nil
	}},
}

// ReadHolidays reads the days that do not behave like ordinary ones:
// columns date, name and effect (closed, a volume factor, or "like Sunday").
// An empty effect marks a recurring event whose effect the forecast learns
// from the history's past dates of the same name.
func ReadHolidays(g *table.Grid) ([]forecast.Holiday, error) {
	hs, err := table.ReadRecords(g, holidayFields, false)
	if err != nil {
		return nil, err
	}
	c := g.Column("date")
	for i := range hs {
		d, err := g.Time(i, c)
		if err == nil && d.Truncate(24*time.Hour) != d {
			err = fmt.Errorf("want a date like 2026-11-11, got %q", g.Cell(i, c))
		}
		if err != nil {
			return nil, g.Errorf(i, c, "%v", err)
		}
		hs[i].Date = d
	}
	return hs, nil
}
