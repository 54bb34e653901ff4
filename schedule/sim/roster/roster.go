// Package roster simulates a roster against the forecast it was built for:
// it turns shifts, demands and targets into a sim.Model, runs it and lays
// the figures out per interval, channel and region, per series and for the
// whole centre, beside the service level Erlang expects from the same
// coverage.
//
// The model has one queue per series of the demands and one agent per
// shift. An agent serves its shift's channel and region; with Options.Agents
// it also serves, in that region, the other channels its agent lists, so a
// multi-skilled person takes contacts of every queue it can. It is on duty
// over the shift less its breaks and activities (a roster of whole weeks
// repeats: the part of a shift past the last week's end covers the first
// week's start, as in the roster's coverage), and less its target's
// shrinkage, taken as one stretch of time off the queue per shift, placed
// at a phase of its own (wrapping round to the shift's start) so that at
// any moment about that share of a queue's agents is off. This is the mean
// capacity Erlang's figures assume (scheduled × (1 − shrinkage)), without
// the lumps of whole absent days; one stretch rather than many short ones,
// because an agent going off the queue first finishes the contact in hand,
// which would eat into short stretches.
//
// Contacts arrive as a Poisson process at the point forecast's rate, with
// the interval's AHT (exponential handle times unless Options.CV is set),
// the target's patience and concurrency (rounded to whole contacts), and
// the target's answer time, or for deferred work its response time. The
// forecast's own error is drawn only with Options.P10 and P90: each
// replication then draws each series' level once per day (24 hours from
// the forecast's start), independently between series, as a split normal
// through the day's P10, point forecast and P90. Without them the
// confidence intervals are those of a week that goes as forecast, and the
// spread is what staffing to a quantile covers.
package roster

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Options say how to simulate.
type Options struct {
	Replications int // at least sim.MinReplications
	Seed         uint64
	// CV is the handle times' coefficient of variation: 0 draws them
	// exponential, as Erlang assumes, above 0 lognormal.
	CV float64
	// Agents give each agent's channels, by AgentID; nil: every shift
	// serves its own channel only.
	Agents []schedule.Agent
	// P10 and P90, when not nil, are the forecast's 10% and 90% quantiles,
	// series by series as the demands (Contacts alone is read; NaN where
	// unknown): each replication draws each day's level between them.
	P10, P90 []staff.Demand
}

// Figures are the simulated statistics of one series (or the centre) over
// one interval or the whole horizon.
type Figures struct {
	Start           time.Time // the interval's; zero for the whole horizon
	Channel, Region string    // both "" for the whole centre
	sim.Stats
	// Scheduled is the mean number of agents on duty in the interval,
	// breaks and activities excluded, before shrinkage; 0 for the horizon.
	Scheduled float64
	// Erlang is the service level Erlang C (A with a patience) expects
	// from Scheduled, Target.ServiceLevelWith; over the horizon, its mean
	// weighted by contacts, NaN when none is offered.
	Erlang float64
}

// Result holds the figures of every interval of every series, series by
// series in the demands' order, and of each series and then the centre
// over the horizon.
type Result struct {
	Intervals    []Figures
	Series       []Figures
	Replications int
	Events       int // events simulated over all replications
	// Warnings name shifts left out: those of a series the demands lack.
	Warnings []string
}

// Simulate builds the model of shifts serving demands under targets and
// runs it. Every demand must have the same interval, and starts on one
// grid of it. The error names a series without a target (wrapping
// staff.ErrNoTarget), an interval with contacts but no handle time
// (staff.ErrNoAHT), an invalid target or an interval beyond Erlang's reach
// (*staff.FieldError), or the simulation's (sim.ErrModel, ctx.Err()).
// Cost: that of sim.Run, about two events per contact and two per duty
// period per replication.
func Simulate(ctx context.Context, shifts []schedule.Shift, demands []staff.Demand, targets []staff.Target, opt Options) (*Result, error) {
	c, err := build(shifts, demands, targets, opt)
	if err != nil {
		return nil, err
	}
	res, err := sim.Run(ctx, c.model, opt.Replications, opt.Seed)
	if err != nil {
		return nil, err
	}
	out := &Result{Replications: res.Replications, Events: res.Events, Warnings: c.warnings}
	var total slMean
	for q, d := range demands {
		var sl slMean
		for i := range d.Contacts {
			j := c.offset[q] + i
			f := Figures{Start: d.Start.Add(time.Duration(i) * c.interval), Channel: d.Channel, Region: d.Region,
				Stats: res.Queues[q].Intervals[j], Scheduled: c.scheduled[q][j], Erlang: c.erlang[q][j]}
			sl.add(d.Contacts[i], f.Erlang)
			total.add(d.Contacts[i], f.Erlang)
			out.Intervals = append(out.Intervals, f)
		}
		out.Series = append(out.Series, Figures{Channel: d.Channel, Region: d.Region, Stats: res.Queues[q].Summary, Erlang: sl.value()})
	}
	out.Series = append(out.Series, Figures{Stats: res.Total.Summary, Erlang: total.value()})
	return out, nil
}

// slMean is a mean of service levels weighted by contacts.
type slMean struct{ sum, w float64 }

func (m *slMean) add(contacts, sl float64) {
	m.sum += contacts * sl
	m.w += contacts
}

func (m slMean) value() float64 {
	if m.w == 0 {
		return math.NaN()
	}
	return m.sum / m.w
}

// centre is a built model and what the figures need besides.
type centre struct {
	model    sim.Model
	interval time.Duration
	origin   time.Time
	offset   []int          // each demand's first interval in the model
	targets  []staff.Target // each queue's
	// scheduled and erlang are per queue and model interval.
	scheduled, erlang [][]float64
	warnings          []string
}

// key is the form in which series compare, as targets and skills do.
type key struct{ channel, region string }

func keyOf(channel, region string) key {
	return key{strings.ToLower(strings.TrimSpace(channel)), strings.ToLower(strings.TrimSpace(region))}
}

// golden spreads the phases of the agents' time off the queue evenly over
// their shifts.
const golden = 0.6180339887498949

func build(shifts []schedule.Shift, demands []staff.Demand, targets []staff.Target, opt Options) (*centre, error) {
	if len(demands) == 0 {
		return nil, fmt.Errorf("no forecast to simulate")
	}
	c := &centre{interval: demands[0].Interval, origin: demands[0].Start}
	if c.interval <= 0 {
		return nil, fmt.Errorf("channel %q region %q: interval %s is not positive", demands[0].Channel, demands[0].Region, dur.Text(c.interval))
	}
	end := c.origin
	for _, d := range demands {
		if d.Interval != c.interval {
			return nil, fmt.Errorf("channel %q region %q: interval %s, but channel %q region %q has %s; simulate series of one interval",
				d.Channel, d.Region, dur.Text(d.Interval), demands[0].Channel, demands[0].Region, dur.Text(c.interval))
		}
		if d.Start.Sub(c.origin)%c.interval != 0 {
			return nil, fmt.Errorf("channel %q region %q: starts at %s, off the %s grid of the other series",
				d.Channel, d.Region, d.Start.Format("2006-01-02T15:04"), dur.Text(c.interval))
		}
		if d.Start.Before(c.origin) {
			c.origin = d.Start
		}
		if e := d.Start.Add(time.Duration(len(d.Contacts)) * c.interval); e.After(end) {
			end = e
		}
	}
	n := int(end.Sub(c.origin) / c.interval)
	iv := c.interval.Seconds()
	c.model = sim.Model{Interval: iv}
	if opt.P10 != nil {
		if len(opt.P10) != len(demands) || len(opt.P90) != len(demands) {
			return nil, fmt.Errorf("%d series of P10 and %d of P90 for %d series", len(opt.P10), len(opt.P90), len(demands))
		}
		if day := 24 * time.Hour; day%c.interval == 0 {
			c.model.LevelSpan = day.Seconds()
		}
	}
	queueOf := map[key]int{}
	for q, d := range demands {
		k := keyOf(d.Channel, d.Region)
		if _, dup := queueOf[k]; dup {
			return nil, fmt.Errorf("channel %q region %q: two series", d.Channel, d.Region)
		}
		queueOf[k] = q
		t, ok := staff.Targets(targets).For(d.Channel, d.Region)
		if !ok {
			return nil, fmt.Errorf("channel %q region %q: %w", d.Channel, d.Region, staff.ErrNoTarget)
		}
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("target for channel %q region %q: %w", t.Channel, t.Region, err)
		}
		off := int(d.Start.Sub(c.origin) / c.interval)
		queue, err := newQueue(d, t, off, n)
		if err != nil {
			return nil, err
		}
		if opt.P10 != nil {
			if keyOf(opt.P10[q].Channel, opt.P10[q].Region) != k || keyOf(opt.P90[q].Channel, opt.P90[q].Region) != k {
				return nil, fmt.Errorf("channel %q region %q: the quantiles' series %d is another", d.Channel, d.Region, q)
			}
			queue.Low, queue.High = quantile(queue.Offered, opt.P10[q], d, off), quantile(queue.Offered, opt.P90[q], d, off)
		}
		c.offset = append(c.offset, off)
		c.targets = append(c.targets, t)
		c.model.Queues = append(c.model.Queues, queue)
		c.scheduled = append(c.scheduled, make([]float64, n))
	}
	c.addAgents(shifts, queueOf, opt.Agents, n)
	c.expect()
	return c, nil
}

// newQueue returns demand d's queue under target t, its intervals placed
// from off in a model of n.
func newQueue(d staff.Demand, t staff.Target, off, n int) (sim.Queue, error) {
	q := sim.Queue{Name: d.Channel + " " + d.Region, Offered: make([]float64, n), HandleTimes: make([]float64, n),
		Patience: t.PatienceSeconds, Concurrency: max(1, int(math.Round(t.Concurrency))), Answer: t.AnswerSeconds}
	if t.Kind == staff.Deferred {
		q.Answer = t.ResponseHours * 3600
	}
	var work, contacts float64
	for i, v := range d.Contacts {
		aht := math.NaN()
		if d.AHT != nil {
			aht = d.AHT[i]
		}
		if !(aht > 0) || math.IsInf(aht, 1) {
			aht = t.AHTSeconds
		}
		if v > 0 {
			// Erlang's check of the interval: a handle time, a load it takes.
			if _, err := t.Evaluate(0, v, aht, d.Interval); err != nil {
				return q, fmt.Errorf("channel %q region %q interval %s: %w", d.Channel, d.Region,
					d.Start.Add(time.Duration(i)*d.Interval).Format("2006-01-02T15:04"), err)
			}
		}
		q.Offered[off+i], q.HandleTimes[off+i] = v, aht
		work += v * aht
		contacts += v
	}
	// Intervals without a handle time of their own take the series' mean,
	// which no contact of theirs uses.
	q.AHT = cmpOr(work/contacts, t.AHTSeconds, 1)
	for i, h := range q.HandleTimes {
		if !(h > 0) {
			q.HandleTimes[i] = q.AHT
		}
	}
	return q, nil
}

// quantile lays out the quantile demand qd of series d as the model's
// intervals from off: the point forecast where it has no value.
func quantile(point []float64, qd, d staff.Demand, off int) []float64 {
	out := slices.Clone(point)
	for i, v := range qd.Contacts {
		if j := off + int(qd.Start.Sub(d.Start)/d.Interval) + i; j >= 0 && j < len(out) && v >= 0 {
			out[j] = v
		}
	}
	return out
}

// cmpOr is the first of vs that is a positive number.
func cmpOr(vs ...float64) float64 {
	for _, v := range vs {
		if v > 0 && !math.IsInf(v, 1) {
			return v
		}
	}
	return 0
}

// addAgents adds an agent per shift whose series is a queue, counting the
// others in a warning, and each queue's scheduled agents per interval.
func (c *centre) addAgents(shifts []schedule.Shift, queueOf map[key]int, agents []schedule.Agent, n int) {
	channels := map[string][]string{}
	for _, a := range agents {
		channels[a.ID] = a.Channels
	}
	iv := c.model.Interval
	horizon := float64(n) * iv
	const week = 7 * 24 * 3600
	wrap := math.Mod(horizon, week) == 0
	phase := make([]int, len(c.model.Queues)) // agents given a phase, per queue
	left := map[key]int{}
	var leftOrder []key
	for _, sh := range shifts {
		k := keyOf(sh.Channel, sh.Region)
		q, ok := queueOf[k]
		if !ok {
			if left[k] == 0 {
				leftOrder = append(leftOrder, k)
			}
			left[k]++
			continue
		}
		on := OnSeat(sh, c.origin, horizon, wrap)
		if len(on) == 0 {
			continue
		}
		for _, p := range on {
			Spread(c.scheduled[q], p, iv)
		}
		if s := c.targets[q].Shrinkage; s > 0 {
			phi := math.Mod(float64(phase[q])*golden, 1)
			phase[q]++
			on = offQueue(on, phi, s)
		}
		skills := []int{q}
		for _, ch := range channels[sh.AgentID] {
			if o, ok := queueOf[keyOf(ch, sh.Region)]; ok && o != q {
				skills = append(skills, o)
			}
		}
		c.model.Agents = append(c.model.Agents, sim.Agent{Skills: skills, Duty: on})
	}
	for _, k := range leftOrder {
		c.warnings = append(c.warnings, fmt.Sprintf("%d shifts of channel %q region %q are left out: the forecast has no such series",
			left[k], k.channel, k.region))
	}
}

// offQueue takes the share s of the duty time of periods ps off, in one
// stretch that starts at the share phi of it and wraps around to the
// start: an agent is on the queue for its duty less s, and agents of
// phases spread over [0, 1) are off in turns, about the share s of them at
// any time of their shifts.
func offQueue(ps []sim.Period, phi, s float64) []sim.Period {
	total := 0.0
	for _, p := range ps {
		total += p.End - p.Start
	}
	from, to := phi*total, (phi+s)*total
	if to > total {
		return cut(cut(ps, from, total), 0, to-total)
	}
	return cut(ps, from, to)
}

// cut removes from ps the duty time between from and to seconds of duty
// after its start.
func cut(ps []sim.Period, from, to float64) []sim.Period {
	done := 0.0 // duty time before p
	out := ps
	for _, p := range ps {
		length := p.End - p.Start
		if done < to && from < done+length {
			out = minus(out, p.Start+math.Max(0, from-done), p.Start+math.Min(length, to-done))
		}
		done += length
	}
	return out
}

// inHorizon clips the ordered duty periods ps to [0, horizon). With wrap
// (a roster of whole weeks, which repeats week after week) the time past
// the end comes round to the start, as the same shift of the week before
// covers it, and the time before the start to the end.
func inHorizon(ps []sim.Period, horizon float64, wrap bool) []sim.Period {
	var early, late []sim.Period
	for _, p := range ps {
		if wrap && p.End > horizon {
			early = append(early, sim.Period{Start: math.Max(p.Start, horizon) - horizon, End: p.End - horizon})
		}
		if wrap && p.Start < 0 {
			late = append(late, sim.Period{Start: p.Start + horizon, End: math.Min(p.End, 0) + horizon})
		}
	}
	out := append(early, minus(minus(ps, math.Inf(-1), 0), horizon, math.Inf(1))...)
	return append(out, late...)
}

// OnSeat returns the periods shift sh is on seat, between its breaks and
// activities, in seconds from origin and inside [0, horizon): with wrap (a
// roster of whole weeks, which repeats week after week) the time past the
// end comes round to the start and the time before the start to the end,
// as inHorizon does.
func OnSeat(sh schedule.Shift, origin time.Time, horizon float64, wrap bool) []sim.Period {
	at := func(t time.Time) float64 { return t.Sub(origin).Seconds() }
	on := []sim.Period{{Start: at(sh.Start), End: at(sh.End)}}
	for _, b := range sh.Breaks {
		on = minus(on, at(b.Start), at(b.End))
	}
	for _, a := range sh.Activities {
		on = minus(on, at(a.Start), at(a.End))
	}
	return inHorizon(on, horizon, wrap)
}

// minus removes [a, b) from the ordered periods ps.
func minus(ps []sim.Period, a, b float64) []sim.Period {
	if !(b > a) {
		return ps
	}
	out := ps[:0:0]
	for _, p := range ps {
		if b <= p.Start || p.End <= a {
			out = append(out, p)
			continue
		}
		if p.Start < a {
			out = append(out, sim.Period{Start: p.Start, End: a})
		}
		if b < p.End {
			out = append(out, sim.Period{Start: b, End: p.End})
		}
	}
	return out
}

// Spread adds period p's share of each interval of length iv to sums.
func Spread(sums []float64, p sim.Period, iv float64) {
	for i := int(p.Start / iv); i < len(sums) && float64(i)*iv < p.End; i++ {
		lo, hi := math.Max(p.Start, float64(i)*iv), math.Min(p.End, float64(i+1)*iv)
		sums[i] += (hi - lo) / iv
	}
}

// expect fills erlang: each interval's service level expected from its
// scheduled agents.
func (c *centre) expect() {
	for q, queue := range c.model.Queues {
		sl := make([]float64, len(queue.Offered))
		for i, v := range queue.Offered {
			// Rounding noise of the sums of duty must not read as a
			// fraction of an agent.
			staffed := math.Round(c.scheduled[q][i]*1e6) / 1e6
			c.scheduled[q][i] = staffed
			sl[i] = c.targets[q].ServiceLevelWith(staffed, v, queue.HandleTimes[i], c.interval)
		}
		c.erlang = append(c.erlang, sl)
	}
}
