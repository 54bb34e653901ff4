package intraday

import (
	"math"
	"slices"
	"time"

	"github.com/wfm-dev/wfm/schedule"
)

// snapshot copies the staff scheduled per series and interval.
func (p *planner) snapshot() [][]float64 {
	out := make([][]float64, len(p.cov))
	for s := range p.cov {
		out[s] = slices.Clone(p.cov[s])
	}
	return out
}

// coverage compares the staff scheduled before with now, per series and
// interval.
func (p *planner) coverage(before [][]float64) []Coverage {
	out := make([]Coverage, 0, len(p.series)*p.n)
	for s, se := range p.series {
		for i := range p.n {
			c := Coverage{Start: p.start.Add(time.Duration(i) * p.opt.Interval), Channel: se.channel, Region: se.region,
				Contacts: se.contacts[i], Required: se.req[i], Before: clean(before[s][i]), After: clean(p.cov[s][i])}
			c.ServiceLevelBefore = p.serviceLevel(s, i, c.Before)
			c.ServiceLevelAfter = p.serviceLevel(s, i, c.After)
			out = append(out, c)
		}
	}
	return out
}

func (p *planner) serviceLevel(s, i int, staff float64) float64 {
	se := p.series[s]
	if se.contacts[i] > 0 && !(se.aht[i] > 0) && !(se.target.AHTSeconds > 0) {
		return math.NaN()
	}
	return se.target.ServiceLevelWith(staff, se.contacts[i], se.aht[i], p.opt.Interval)
}

// clean drops the float noise of adding and removing fractions.
func clean(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// roster lays the works out as shifts in the published order, a shift
// moved to another channel part way as two rows, and call-ins last.
func (p *planner) roster() []schedule.Shift {
	out := make([]schedule.Shift, 0, len(p.works))
	for _, w := range p.works {
		if w.gone {
			continue
		}
		sh := w.sh
		sh.Paid = w.paidTime()
		if w.switchTo == "" {
			out = append(out, sh)
			continue
		}
		first, second := sh, sh
		first.End, second.Start, second.Channel = w.switchAt, w.switchAt, w.switchTo
		first.Breaks, second.Breaks = nil, nil
		first.Activities, second.Activities = nil, nil
		var paidFirst time.Duration
		for b, x := range sh.Breaks {
			if x.Start.Before(w.switchAt) {
				first.Breaks = append(first.Breaks, x)
				if !w.paid[b] {
					paidFirst -= x.End.Sub(x.Start)
				}
			} else {
				second.Breaks = append(second.Breaks, x)
			}
		}
		for _, a := range sh.Activities {
			if a.Start.Before(w.switchAt) {
				first.Activities = append(first.Activities, a)
			} else {
				second.Activities = append(second.Activities, a)
			}
		}
		first.Paid = first.End.Sub(first.Start) + paidFirst
		second.Paid = sh.Paid - first.Paid
		out = append(out, first, second)
	}
	return out
}
