package chart

import (
	"time"

	"gonum.org/v1/plot"
)

// dayTicks marks a time axis of Unix seconds at local midnights. Days are
// labelled ("Mon 2 Jan") every day, every other day or every Monday,
// whichever keeps the labels at most maxLabels; unlabelled days get a minor
// tick. Ranges of two days or less are marked by the hour instead.
type dayTicks struct {
	loc       *time.Location
	maxLabels int
}

const day = 24 * time.Hour

func (d dayTicks) Ticks(min, max float64) []plot.Tick {
	lo := time.Unix(int64(min), 0).In(d.loc)
	hi := time.Unix(int64(max), 0).In(d.loc)
	first := time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, d.loc)
	if hi.Sub(lo) <= 2*day {
		return d.hourTicks(first, lo, hi)
	}
	labels := max2(d.maxLabels, 2)
	days := int(hi.Sub(first)/day) + 1
	every := 1
	switch {
	case days <= labels:
	case (days+1)/2 <= labels:
		every = 2
	default:
		every = 7
	}
	var ticks []plot.Tick
	for i, t := 0, first; !t.After(hi); i, t = i+1, first.AddDate(0, 0, i+1) {
		if t.Before(lo) {
			continue
		}
		tk := plot.Tick{Value: float64(t.Unix())}
		if (every == 7 && t.Weekday() == time.Monday) || (every < 7 && i%every == 0) {
			tk.Label = t.Format("Mon 2 Jan")
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// hourTicks marks every hour and labels every third, with the date at
// midnight.
func (d dayTicks) hourTicks(first, lo, hi time.Time) []plot.Tick {
	var ticks []plot.Tick
	for t := first; !t.After(hi); t = t.Add(time.Hour) {
		if t.Before(lo) {
			continue
		}
		tk := plot.Tick{Value: float64(t.Unix())}
		switch {
		case t.Hour() == 0:
			tk.Label = t.Format("Mon 2 Jan")
		case t.Hour()%3 == 0:
			tk.Label = t.Format("15:04")
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}
