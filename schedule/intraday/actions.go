package intraday

import (
	"fmt"
	"time"

	"github.com/wfm-dev/wfm/schedule"
)

var (
	plusOne   = []float64{1}
	minusPlus = []float64{-1, 1}
)

// breakStep is how finely a break moves inside its window.
const breakStep = 15 * time.Minute

// bestFix returns unit u's best action against under-staffing, or nil.
func (p *planner) bestFix(u int) *cand {
	un := p.units[u]
	if un.work < 0 {
		return p.bestCallIn(u)
	}
	w := p.works[un.work]
	if !p.changeable(w) || w.vto {
		return nil
	}
	var best *cand
	try := func(kind Kind, nw work, span schedule.Span, channel string, hours, cost float64, why string, spans []schedule.Span, signs []float64) {
		var under float64
		var most int
		if spans != nil {
			under, _, most = p.evalSpans(p.index[fold(channel, w.sh.Region)], spans, signs)
		} else {
			under, _, most = p.eval(w, &nw)
		}
		if under <= eps {
			return
		}
		if best != nil && !fixBetter(&cand{value: under, cost: cost}, best) {
			return
		}
		act := Action{AgentID: w.sh.AgentID, Name: w.sh.Name, Kind: kind, Span: span, Channel: channel, Region: w.sh.Region, Hours: hours, Cost: cost}
		best = keep(best, &cand{unit: u, w: nw, value: under, cost: cost, act: act, why: why, most: most}, fixBetter)
	}
	p.breakMoves(w, try)
	p.channelMoves(w, try)
	p.overtimes(un.work, w, try)
	return best
}

// tryFunc weighs the action turning a shift into nw; spans and signs,
// when not nil, are all it changes: signs[i] agents over spans[i] of
// channel.
type tryFunc func(kind Kind, nw work, span schedule.Span, channel string, hours, cost float64, why string, spans []schedule.Span, signs []float64)

// breakMoves tries every break not yet begun at every start its window
// allows from now on.
func (p *planner) breakMoves(w *work, try tryFunc) {
	t := w.tmpl
	if t == nil || len(t.Breaks) != len(w.sh.Breaks) {
		return
	}
	for b, old := range w.sh.Breaks {
		if old.Start.Before(p.start) || old.End.After(p.end) || overlaps(spansOf(w.sh.Activities), old) {
			continue
		}
		length := old.End.Sub(old.Start)
		for at := t.Breaks[b].EarliestAfter; at <= t.Breaks[b].LatestAfter; at += breakStep {
			s := schedule.Span{Start: w.base.Add(at), End: w.base.Add(at + length)}
			if s.Start.Equal(old.Start) || s.Start.Before(p.start) || s.End.After(p.end) || s.Start.Before(w.sh.Start) || s.End.After(w.sh.End) || !p.clear(w, b, s) {
				continue
			}
			nw := w.clone()
			nw.sh.Breaks[b] = s
			var spans []schedule.Span
			if w.channelAt(s.Start) == w.channelAt(old.Start) {
				spans = []schedule.Span{s, old}
			}
			try(MoveBreak, nw, s, w.channelAt(s.Start), length.Hours(), 0, fmt.Sprintf("break %s-%s moved: ", hhmm(old.Start), hhmm(old.End)), spans, minusPlus)
		}
	}
}

// clear reports whether break b of w may lie at s: the template's
// MinBreakGap from the other breaks, and clear of activities.
func (p *planner) clear(w *work, b int, s schedule.Span) bool {
	gap := w.tmpl.MinBreakGap
	for o, x := range w.sh.Breaks {
		if o != b && s.Start.Before(x.End.Add(gap)) && x.Start.Before(s.End.Add(gap)) {
			return false
		}
	}
	return !overlaps(spansOf(w.sh.Activities), s)
}

// channelMoves tries moving the rest of the shift, from each interval on
// from now, to each other channel of a multi-skilled agent.
func (p *planner) channelMoves(w *work, try tryFunc) {
	if w.agent == nil || len(w.agent.Channels) < 2 || w.moved {
		return
	}
	for _, c := range w.agent.Channels {
		if _, ok := p.index[fold(c, w.sh.Region)]; !ok || fold(c, "") == fold(w.sh.Channel, "") {
			continue
		}
		for at := p.firstStep(w.sh.Start); at.Before(w.sh.End); at = at.Add(p.opt.Interval) {
			if cuts(w.sh.Breaks, at) || cuts(spansOf(w.sh.Activities), at) {
				continue // the two rows would split it
			}
			nw := w.clone()
			nw.moved = true
			if at.Compare(w.sh.Start) <= 0 {
				at = w.sh.Start
				nw.sh.Channel = c
			} else {
				nw.switchAt, nw.switchTo = at, c
			}
			try(MoveChannel, nw, schedule.Span{Start: at, End: w.sh.End}, c, w.sh.End.Sub(at).Hours(), 0, "from "+w.channelAt(at)+": ", nil, nil)
		}
	}
}

// firstStep is the first interval start of the stretch at or after t.
func (p *planner) firstStep(t time.Time) time.Time {
	if !t.After(p.start) {
		return p.start
	}
	k := (t.Sub(p.start) + p.opt.Interval - 1) / p.opt.Interval
	return p.start.Add(k * p.opt.Interval)
}

// overtimes tries every whole number of intervals of overtime before and
// after shift i that the caps allow.
func (p *planner) overtimes(i int, w *work, try tryFunc) {
	left := p.opt.MaxOvertime
	if w.tmpl != nil && w.tmpl.MaxOvertime > 0 {
		left = min(left, w.tmpl.MaxOvertime)
	}
	left -= p.otUsed[w.sh.AgentID]
	rate := costPerHour(w.agent, w.tmpl) * p.opt.OvertimeRate
	day := midnight(w.base)
	for k := 1; time.Duration(k)*p.opt.Interval <= left; k++ {
		d := time.Duration(k) * p.opt.Interval
		for _, after := range []bool{false, true} {
			nw := *w // overtime leaves the breaks as they are
			nw.overtime = true
			span := schedule.Span{Start: w.sh.Start.Add(-d), End: w.sh.Start}
			if after {
				span = schedule.Span{Start: w.sh.End, End: w.sh.End.Add(d)}
				nw.sh.End = span.End
			} else {
				nw.sh.Start = span.Start
			}
			nw.sh.Paid += d
			if span.Start.Before(p.start) || span.End.After(p.end) || !inDay(w.agent, day, nw.sh.Start, nw.sh.End) || !p.fits(i, &nw) {
				continue
			}
			try(Overtime, nw, span, w.channelAt(span.Start), d.Hours(), d.Hours()*rate, "", []schedule.Span{span}, plusOne)
		}
	}
}

// bestCallIn returns the best call-in of unit u's agent, or nil: a shift
// of a template they may work, on a channel of theirs, at a start from
// now on, on a day they are free and allowed to work.
func (p *planner) bestCallIn(u int) *cand {
	a := p.units[u].agent
	day := midnight(p.start)
	if !a.Days[day.Weekday()] {
		return nil
	}
	for _, i := range p.byAgent[a.ID] {
		if w := p.works[i]; !w.gone && midnight(w.base).Equal(day) {
			return nil
		}
	}
	var best *cand
	for ti := range p.in.Templates {
		t := &p.in.Templates[ti]
		if len(a.Templates) > 0 && !containsFold(a.Templates, t.Name) || !workday(t, day.Weekday()) {
			continue
		}
		for _, at := range t.Starts() {
			start := day.Add(at)
			if start.Before(p.start) {
				continue
			}
			for _, c := range p.channelsOf(a) {
				if _, ok := p.index[fold(c, a.Region)]; !ok {
					continue
				}
				w := work{orig: -1, base: start, agent: a, tmpl: t, sh: schedule.Shift{AgentID: a.ID, Name: a.Name, Contract: a.Contract,
					Template: t.Name, Span: schedule.Span{Start: start, End: start.Add(t.Span())}, Channel: c, Region: a.Region, Paid: t.Length}}
				if w.sh.End.After(p.end) || !inDay(a, day, w.sh.Start, w.sh.End) || !p.fits(-1, &w) {
					continue
				}
				p.placeBreaks(&w)
				under, _, most := p.eval(nil, &w)
				cost := t.Length.Hours() * costPerHour(a, t)
				act := Action{AgentID: a.ID, Name: a.Name, Kind: CallIn, Span: w.sh.Span, Channel: c, Region: a.Region, Hours: t.Length.Hours(), Cost: cost}
				best = keep(best, &cand{unit: u, w: w, value: under, cost: cost, act: act, why: t.Name + " shift: ", most: most}, fixBetter)
			}
		}
	}
	return best
}

// placeBreaks places the breaks of a called-in shift, each where its
// series is most over-staffed inside its window, in order.
func (p *planner) placeBreaks(w *work) {
	s := p.index[fold(w.sh.Channel, w.sh.Region)]
	for _, b := range w.tmpl.Breaks {
		var best schedule.Span
		score := -1e18
		for at := b.EarliestAfter; at <= b.LatestAfter; at += breakStep {
			x := schedule.Span{Start: w.base.Add(at), End: w.base.Add(at + b.Length)}
			if n := len(w.sh.Breaks); n > 0 && x.Start.Before(w.sh.Breaks[n-1].End.Add(w.tmpl.MinBreakGap)) {
				continue
			}
			if v := p.cov[s][p.indexOf(x.Start)] - p.series[s].req[p.indexOf(x.Start)]; v > score {
				best, score = x, v
			}
		}
		if score > -1e18 {
			w.sh.Breaks = append(w.sh.Breaks, best)
			w.paid = append(w.paid, b.Paid)
		}
	}
}

func containsFold(names []string, name string) bool {
	for _, n := range names {
		if fold(n, "") == fold(name, "") {
			return true
		}
	}
	return false
}

// workday reports whether template t may work on weekday d.
func workday(t *schedule.Template, d time.Weekday) bool {
	for _, ok := range t.Days {
		if ok {
			return t.Days[d]
		}
	}
	return true
}

// bestVTO returns the longest time off unit u's shift can give from an
// interval start on without leaving any interval short, or nil.
func (p *planner) bestVTO(u int) *cand {
	un := p.units[u]
	if un.work < 0 {
		return nil
	}
	w := p.works[un.work]
	if !p.changeable(w) || w.overtime || w.vto || w.orig < 0 {
		return nil
	}
	// Activities stay whole, and no interval may fall short: time off
	// starts after the last interval the shift is needed in.
	last := p.start.Add(time.Duration(p.lastNeeded(w)+1) * p.opt.Interval)
	for _, a := range w.sh.Activities {
		last = maxTime(last, a.End)
	}
	for at := p.firstStep(maxTime(w.sh.Start, last)); at.Before(w.sh.End); at = at.Add(p.opt.Interval) {
		if cuts(w.sh.Breaks, at) {
			continue
		}
		nw := w.clone()
		nw.vto = true
		if at.Compare(w.sh.Start) <= 0 {
			at, nw.gone = w.sh.Start, true
		} else {
			nw.sh.End = at
			for b := len(nw.sh.Breaks) - 1; b >= 0; b-- {
				if !nw.sh.Breaks[b].Start.Before(at) {
					nw.sh.Breaks = append(nw.sh.Breaks[:b], nw.sh.Breaks[b+1:]...)
					nw.paid = append(nw.paid[:b], nw.paid[b+1:]...)
				}
			}
			nw.sh.Paid = nw.paidTime()
			if nw.switchTo != "" && !nw.switchAt.Before(at) {
				nw.switchAt, nw.switchTo = time.Time{}, ""
			}
		}
		released := w.sh.Paid - nw.sh.Paid
		if nw.gone {
			released = w.sh.Paid
		}
		if a := w.agent; a != nil && a.MinHours > 0 && p.weekHours(w.sh.AgentID, -1)-released.Hours() < a.MinHours-1e-9 {
			continue
		}
		under, over, most := p.eval(w, &nw)
		if under < -eps {
			continue
		}
		cost := -released.Hours() * costPerHour(w.agent, w.tmpl)
		act := Action{AgentID: w.sh.AgentID, Name: w.sh.Name, Kind: VTO, Span: schedule.Span{Start: at, End: w.sh.End}, Channel: w.channelAt(at), Region: w.sh.Region,
			Hours: released.Hours(), Cost: cost}
		// Time off leaving no interval short releases only over-staffed
		// time, so the earliest start allowed releases the most.
		return keep(nil, &cand{unit: u, w: nw, value: over, cost: cost, act: act, most: most}, vtoBetter)
	}
	return nil
}

// cuts reports whether t falls strictly inside one of spans.
// lastNeeded is the last interval in which the stretch would fall short
// without w's time on the queue there; -1 for none.
func (p *planner) lastNeeded(w *work) int {
	p.gen++
	p.touched = p.touched[:0]
	p.add(w, 1, p.delta, true)
	last := -1
	for _, c := range p.touched {
		s, i := c[0], c[1]
		if p.cov[s][i]-p.delta[s][i] < p.series[s].req[i]-eps && i > last {
			last = i
		}
	}
	return last
}

func cuts(spans []schedule.Span, t time.Time) bool {
	for _, x := range spans {
		if x.Start.Before(t) && t.Before(x.End) {
			return true
		}
	}
	return false
}

// overlaps reports whether s overlaps one of spans.
func overlaps(spans []schedule.Span, s schedule.Span) bool {
	for _, x := range spans {
		if x.Start.Before(s.End) && s.Start.Before(x.End) {
			return true
		}
	}
	return false
}

// spansOf is the times of activities as.
func spansOf(as []schedule.Activity) []schedule.Span {
	out := make([]schedule.Span, len(as))
	for i, a := range as {
		out[i] = a.Span
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
