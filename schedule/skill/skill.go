// Package skill staffs and rosters two channels that share cross-trained
// agents, and checks such rosters by simulation (schedule/sim).
//
// Pair.Staff staffs one interval: the fewest dedicated and cross-trained
// agents meeting both targets, the cross-trained serving both channels
// contact by contact (blended), searched on simulated service levels drawn
// from one seed. Build rosters a share of one channel's agents with the
// other's skill too: every interval staffed so, the requirements rostered,
// the roster simulated, and staff added where a channel misses its service
// level, after the method of Cezik and L'Ecuyer (Management Science, 2008)
// of rostering against requirements and correcting by simulation.
package skill

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/wfm-dev/wfm/schedule/sim"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Load is one channel's offer in one interval.
type Load struct{ Contacts, AHT float64 }

// Mix is the on-seat agents of one interval: dedicated to channel 0, to
// channel 1, and skilled in both.
type Mix struct {
	Dedicated [2]int
	Cross     int
}

// Total is the mix's agents.
func (m Mix) Total() int { return m.Dedicated[0] + m.Dedicated[1] + m.Cross }

// Pair is two immediate channels of one region and how they are simulated.
type Pair struct {
	Targets  [2]staff.Target
	Interval time.Duration
	// Replications of each simulated interval, at least
	// sim.MinReplications; Seed the random numbers they share.
	Replications int
	Seed         uint64
}

// Check returns whether a target's goals hold for simulated stats: the
// service level at least the target's, and the ASA and the occupancy at
// most their caps. The occupancy is the channel's (see sim.Stats): of the
// agents skilled in it, the cross-trained included, as a planner reads it
// in reports.
func Check(t staff.Target, s sim.Stats) bool {
	return s.ServiceLevel.Mean >= t.ServiceLevel && (t.ASASeconds <= 0 || s.ASA.Mean <= t.ASASeconds) &&
		(t.MaxOccupancy <= 0 || s.Occupancy.Mean <= t.MaxOccupancy)
}

// warm is the intervals simulated before the measured ones, so that they
// start in steady state rather than empty.
const warm = 1

// measured is the intervals of steady load a staffing is measured over.
const measured = 2

// Simulate returns the stats of both channels when mix m serves loads held
// steady, measured after a warm-up. Staffings simulated with one seed
// start from one random stream: their first contacts are the same, and
// their difference is less noisy than with independent streams.
func (p Pair) Simulate(ctx context.Context, loads [2]Load, m Mix, seed uint64) ([2]sim.Stats, error) {
	model := sim.Model{Interval: p.Interval.Seconds(), WarmUp: warm * p.Interval.Seconds()}
	for c, t := range p.Targets {
		offered := make([]float64, warm+measured)
		for i := range offered {
			offered[i] = loads[c].Contacts
		}
		aht := loads[c].AHT
		if !(aht > 0) {
			aht = t.AHTSeconds
		}
		if !(aht > 0) {
			aht = 1 // no contacts, no handle time: anything valid
		}
		model.Queues = append(model.Queues, Queue(t, offered, aht))
	}
	overflowDelay(model.Queues, m.Dedicated)
	always := []sim.Period{{Start: 0, End: math.Inf(1)}}
	add := func(n int, skills ...int) {
		for range n {
			model.Agents = append(model.Agents, sim.Agent{Skills: skills, Duty: always})
		}
	}
	add(m.Dedicated[0], 0)
	add(m.Dedicated[1], 1)
	add(m.Cross, 0, 1)
	res, err := sim.Run(ctx, model, p.Replications, seed)
	if err != nil {
		return [2]sim.Stats{}, err
	}
	return [2]sim.Stats{res.Queues[0].Summary, res.Queues[1].Summary}, nil
}

// Queue is the simulated queue of a target's channel offered the given
// contacts per interval with one mean handle time: exponential handle and
// patience times, as Erlang assumes. An agent skilled in several queues
// takes the waiting contact with the shortest answer time first: served by
// longest wait, the channel whose customers wait longer (chat) would take
// every agent and miss the tighter target of the other.
func Queue(t staff.Target, offered []float64, aht float64) sim.Queue {
	return sim.Queue{Name: t.Channel, Offered: offered, AHT: aht, Patience: t.PatienceSeconds,
		Concurrency: int(math.Max(1, t.Concurrency)), Answer: t.AnswerSeconds,
		Priority: -int(math.Min(t.AnswerSeconds, math.MaxInt32))}
}

// OverflowShare is the share of its answer time a contact of the queue
// with the longer answer time (chat) waits for its specialists before
// cross-trained agents take it: taken at once, chats would fill them and
// leave none for the calls of the tighter target.
var OverflowShare = 0.5

// overflowDelay sets the overflow delay of the queue with the longer
// answer time when it has specialists (dedicated[q] > 0).
func overflowDelay(qs []sim.Queue, dedicated [2]int) {
	late := 0
	if qs[1].Answer > qs[0].Answer {
		late = 1
	}
	if qs[late].Answer > qs[1-late].Answer && dedicated[late] > 0 {
		qs[late].Overflow = OverflowShare * qs[late].Answer
	}
}

// meets reports whether mix m meets both targets at loads.
func (p Pair) meets(ctx context.Context, loads [2]Load, m Mix, seed uint64) (bool, error) {
	s, err := p.Simulate(ctx, loads, m, seed)
	if err != nil {
		return false, err
	}
	return Check(p.Targets[0], s[0]) && Check(p.Targets[1], s[1]), nil
}

// Staff returns the smallest mix meeting both targets at loads, starting
// from start, which should meet them (the separate Erlang staffing does):
// it takes agents away while the simulated service holds, first those
// dedicated to channel 0, then to channel 1, then the cross-trained, and
// adds cross-trained agents (dedicated ones when cross is 0) while it does
// not hold at start, and keeps each target's MinAgents skilled in its
// channel. Each step is one simulation of the interval with the
// same seed. Since the three kinds are searched one after the other, the
// mix is the smallest in that order, not over all mixes.
func (p Pair) Staff(ctx context.Context, loads [2]Load, start Mix, seed uint64) (Mix, error) {
	if p.Replications < sim.MinReplications {
		return Mix{}, fmt.Errorf("%d replications, want at least %d", p.Replications, sim.MinReplications)
	}
	m := start
	for {
		ok, err := p.meets(ctx, loads, m, seed)
		if err != nil {
			return Mix{}, err
		}
		if ok {
			break
		}
		switch {
		case m.Cross > 0:
			m.Cross++
		default:
			m.Dedicated[0]++
			m.Dedicated[1]++
		}
	}
	for _, n := range []*int{&m.Dedicated[0], &m.Dedicated[1], &m.Cross} {
		if err := p.shrink(ctx, loads, &m, n, seed); err != nil {
			return Mix{}, err
		}
	}
	// Each channel keeps its target's floor of agents skilled in it.
	for c, t := range p.Targets {
		m.Dedicated[c] += max(0, t.MinAgents-m.Dedicated[c]-m.Cross)
	}
	return m, nil
}

// shrink lowers *n, one of m's counts, to the smallest value keeping both
// targets met, by bisection between 0 and its value (met). It assumes
// service grows with agents, which the shared seed keeps true but for
// noise.
func (p Pair) shrink(ctx context.Context, loads [2]Load, m *Mix, n *int, seed uint64) error {
	lo, hi := -1, *n // lo fails (or is below 0), hi meets
	// Gallop down first: the answer is usually a few agents below.
	for step := 1; hi-step > lo; step *= 2 {
		*n = hi - step
		ok, err := p.meets(ctx, loads, *m, seed)
		if err != nil {
			return err
		}
		if !ok {
			lo = *n
			break
		}
		hi = *n
	}
	for hi-lo > 1 {
		*n = (lo + hi) / 2
		ok, err := p.meets(ctx, loads, *m, seed)
		if err != nil {
			return err
		}
		if ok {
			hi = *n
		} else {
			lo = *n
		}
	}
	*n = hi
	return nil
}

// CrossTrain returns mix d with share (in [0,1]) of its agents dedicated to
// channel 1 given channel 0's skill too, rounded to whole agents.
func CrossTrain(d Mix, share float64) Mix {
	x := int(math.Round(share * float64(d.Dedicated[1])))
	d.Dedicated[1] -= x
	d.Cross += x
	return d
}

// Pool returns mix d with every agent skilled in both channels.
func Pool(d Mix) Mix { return Mix{Cross: d.Total()} }
