package staff

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/internal/workers"
	"github.com/wfm-dev/wfm/schedule/erlang"
)

// Staff returns the staffing requirement of every interval of every demand:
// one Requirement per interval, grouped by demand in input order, time
// ascending within a demand.
//
// Each demand takes its target as Targets.For finds it: the row of its
// channel and region, or else the channel's row with an empty region,
// compared without regard to case; the most specific row wins whole (no
// field is inherited). A demand without a target is an error naming its
// channel and region and wrapping ErrNoTarget. The handle time of an
// interval is the demand's AHT where it is positive, else the target's
// AHTSeconds; contacts without either are an error wrapping ErrNoAHT. An
// interval beyond MaxContacts, erlang.MaxLoad or MaxAgents staff is a
// *FieldError on contacts.
//
// Immediate contacts (phone, chat) queue. With concurrency c the queue is of
// chat slots: Erlang C (Erlang A with a patience) on the slots with the
// per-chat handle time gives the fewest slots S meeting every target at
// once (service level, ASA, occupancy of the slots), and
// Agents = ⌈S / c⌉. An interval without contacts needs no agents.
// ServiceLevel, ASA and Occupancy are those of the ⌊Agents·c⌋ slots on seat.
//
// Deferred work (email, social) is staffed by workload in a fluid model: the
// work arriving in an interval, contacts × AHT, is spread evenly over that
// interval and the next ones up to the response time, W = ⌊response_hours /
// interval⌋ intervals (at least one), so each contact is worked, as a fluid,
// within response_hours of its arrival. Interval j then carries the mean workload
// of the W intervals ending at j, and needs Agents = ⌈that load /
// (max_occupancy × c)⌉: a smooth requirement, no Erlang peak, which stays
// positive while work that arrived within the window remains. Work arriving
// before the first interval is taken as none, and the part of the last
// intervals' work that falls after the horizon is not shown. ServiceLevel is 1 (every
// contact answered within the response time), ASA the fluid model's mean
// time to answer, W × interval / 2, and Occupancy the load over the slots.
//
// MinAgents then floors Agents in every interval, and Staff adds shrinkage
// (Target.WithShrinkage). Series are solved in parallel on GOMAXPROCS
// workers; the result does not depend on their number. Cost: one
// fewest-agents search per interval with contacts, O(√A + N - A) each under
// Erlang C. A cancelled ctx stops the work within a chunk of intervals
// per core and returns ctx.Err().
func Staff(ctx context.Context, demands []Demand, targets []Target) ([]Requirement, error) {
	plans, total, err := planAll(demands, targets)
	if err != nil {
		return nil, err
	}
	out := make([]Requirement, total)
	if err := solveAll(ctx, plans, out); err != nil {
		return nil, err
	}
	return out, nil
}

// plan is a demand with its target resolved.
type plan struct {
	d      *Demand
	t      Target
	offset int       // index of its first requirement in the output
	work   []float64 // deferred: prefix sums of contacts × AHT, len(Contacts)+1
	window int       // deferred: W
}

// planAll resolves the target of every demand and checks the demands.
func planAll(demands []Demand, targets Targets) ([]plan, int, error) {
	if err := targets.check(); err != nil {
		return nil, 0, err
	}
	plans := make([]plan, len(demands))
	total := 0
	for i := range demands {
		d := &demands[i]
		t, ok := targets.For(d.Channel, d.Region)
		if !ok {
			return nil, 0, fmt.Errorf("channel %q region %q: %w", d.Channel, d.Region, ErrNoTarget)
		}
		if d.Interval <= 0 {
			return nil, 0, fmt.Errorf("channel %q region %q: interval %s is not positive", d.Channel, d.Region, dur.Text(d.Interval))
		}
		if d.AHT != nil && len(d.AHT) != len(d.Contacts) {
			return nil, 0, fmt.Errorf("channel %q region %q: %d AHT values for %d intervals", d.Channel, d.Region, len(d.AHT), len(d.Contacts))
		}
		p := plan{d: d, t: t, offset: total}
		if p.t.kind() == Deferred {
			if err := p.prepareDeferred(); err != nil {
				return nil, 0, err
			}
		}
		plans[i] = p
		total += len(d.Contacts)
	}
	return plans, total, nil
}

// where names interval i of the plan's demand in errors.
func (p *plan) where(i int) string {
	return fmt.Sprintf("channel %q region %q interval %s", p.d.Channel, p.d.Region,
		p.d.Start.Add(time.Duration(i)*p.d.Interval).Format("2006-01-02T15:04"))
}

// contactsAHT returns the contacts and handle time of interval i, checked.
// The AHT is 0 when there are no contacts and no AHT is known.
func (p *plan) contactsAHT(i int) (float64, float64, error) {
	c := p.d.Contacts[i]
	if !(c >= 0) || math.IsInf(c, 1) {
		return 0, 0, fmt.Errorf("%s: contacts %v is not a non-negative number", p.where(i), c)
	}
	aht := math.NaN()
	if p.d.AHT != nil {
		aht = p.d.AHT[i]
	}
	if !(aht > 0) || math.IsInf(aht, 1) {
		aht = p.t.AHTSeconds
	}
	if c > 0 && !(aht > 0) {
		return 0, 0, fmt.Errorf("%s: %w", p.where(i), ErrNoAHT)
	}
	if err := checkLoad(c, aht, p.d.Interval); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", p.where(i), err)
	}
	return c, aht, nil
}

func (p *plan) prepareDeferred() error {
	dt := p.d.Interval.Seconds()
	p.window = max(1, int(math.Floor(p.t.ResponseHours*3600/dt+1e-9)))
	p.work = make([]float64, len(p.d.Contacts)+1)
	for i := range p.d.Contacts {
		c, aht, err := p.contactsAHT(i)
		if err != nil {
			return err
		}
		p.work[i+1] = p.work[i] + c*aht
	}
	return nil
}

// chunk is a run of intervals of one plan, the unit of parallel work.
type chunk struct{ plan, lo, hi int }

const chunkLen = 2048

// solveAll fills out, spreading chunks over all cores. On errors
// it returns the one of the earliest chunk, so the error does not depend on
// scheduling, or ctx.Err() once ctx is done.
func solveAll(ctx context.Context, plans []plan, out []Requirement) error {
	var chunks []chunk
	for i := range plans {
		n := len(plans[i].d.Contacts)
		for lo := 0; lo < n; lo += chunkLen {
			chunks = append(chunks, chunk{i, lo, min(lo+chunkLen, n)})
		}
	}
	errs := make([]error, len(chunks))
	workers.Each(len(chunks), func(k int) {
		if ctx.Err() != nil {
			return
		}
		c := chunks[k]
		p := &plans[c.plan]
		var hint searchHint // per chunk, so results do not depend on workers
		for i := c.lo; i < c.hi; i++ {
			if err := p.solve(i, &out[p.offset+i], &hint); err != nil {
				errs[k] = err
				break
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	return firstError(errs)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// solve fills the requirement of interval i, starting the search from the
// series' hint.
func (p *plan) solve(i int, r *Requirement, hint *searchHint) error {
	c, aht, err := p.contactsAHT(i)
	if err != nil {
		return err
	}
	d, t := p.d, &p.t
	*r = Requirement{
		Start: d.Start.Add(time.Duration(i) * d.Interval), Channel: d.Channel, Region: d.Region,
		Contacts: c, AHT: aht,
	}
	var m erlang.Metrics
	if t.kind() == Deferred {
		dt := d.Interval.Seconds()
		lo := max(0, i+1-p.window)
		r.Agents, m = t.deferred((p.work[i+1] - p.work[lo]) / (float64(p.window) * dt))
		m.ASA = float64(p.window) * dt / 2
	} else if r.Agents, m, err = t.immediate(c, aht, d.Interval.Seconds(), hint); err != nil {
		fe := err.(*FieldError)
		return &FieldError{Field: fe.Field, Err: fmt.Errorf("%s: %w", p.where(i), fe.Err)}
	}
	r.ServiceLevel, r.ASA, r.Occupancy = m.ServiceLevel, m.ASA, m.Occupancy
	r.Staff = t.WithShrinkage(r.Agents)
	if r.Staff > MaxAgents {
		return &FieldError{Field: "contacts", Err: fmt.Errorf("%s: %g contacts need %d staff, above the limit of %d per interval", p.where(i), c, r.Staff, MaxAgents)}
	}
	return nil
}

// PoolSaving compares the agent-hours one channel needs with each region a
// queue of its own and with all its regions pooled into one queue.
type PoolSaving struct {
	Channel       string
	Regions       int     // regions of the channel
	SeparateHours float64 // on-seat agent-hours, each region staffed on its own
	PooledHours   float64 // on-seat agent-hours, the regions as one queue
	SavedHours    float64 // SeparateHours - PooledHours
	// Target is the channel's target, which the pooled queue is staffed
	// to (Target.Summary).
	Target string
	// OwnTargets are the regions whose own target's goals differ from
	// the channel's, as "east 90/20": staffed to them when separate, not
	// in the pool. A stricter channel target explains a saving smaller
	// than pooling alone gives, or negative.
	OwnTargets []string
}

// PoolRegions returns, per channel in order of first appearance, the
// on-seat agent-hours of Staff with the channel's regions separate and
// pooled. The pooled queue offers, in every interval, the regions' contacts
// summed, with their contact-weighted mean AHT (each region's AHT resolved
// as Staff does), against the channel's target with an empty region, which
// must exist. The regions of a channel must share one interval length and
// a grid (starts a whole number of intervals apart). It costs two Staff
// runs; a cancelled ctx stops them as it stops Staff.
func PoolRegions(ctx context.Context, demands []Demand, targets []Target) ([]PoolSaving, error) {
	reqs, err := Staff(ctx, demands, targets)
	if err != nil {
		return nil, err
	}
	plans, _, err := planAll(demands, targets)
	if err != nil {
		return nil, err
	}
	var order []string
	byChannel := map[string][]int{}
	for i, d := range demands {
		if _, ok := byChannel[d.Channel]; !ok {
			order = append(order, d.Channel)
		}
		byChannel[d.Channel] = append(byChannel[d.Channel], i)
	}
	var out []PoolSaving
	for _, ch := range order {
		channelTarget, ok := Targets(targets).For(ch, "")
		if !ok {
			return nil, fmt.Errorf("channel %q: pooling its regions needs a target for the whole channel (empty region)", ch)
		}
		s := PoolSaving{Channel: ch, Regions: len(byChannel[ch]), Target: channelTarget.Summary()}
		for _, i := range byChannel[ch] {
			p := &plans[i]
			if own := p.t.Summary(); own != s.Target {
				s.OwnTargets = append(s.OwnTargets, p.d.Region+" "+own)
			}
			h := p.d.Interval.Hours()
			for k := range p.d.Contacts {
				s.SeparateHours += float64(reqs[p.offset+k].Agents) * h
			}
		}
		pooled, err := pool(ch, plans, byChannel[ch])
		if err != nil {
			return nil, err
		}
		pr, err := Staff(ctx, []Demand{pooled}, []Target{channelTarget})
		if err != nil {
			return nil, err
		}
		for _, r := range pr {
			s.PooledHours += float64(r.Agents) * pooled.Interval.Hours()
		}
		s.SavedHours = s.SeparateHours - s.PooledHours
		out = append(out, s)
	}
	return out, nil
}

// PoolDemands merges the demands of each channel with more than one region
// into one demand of region "", at the place of the channel's first
// demand; other demands are kept as they are. Contacts are summed per
// interval and the handle time is their contact-weighted mean, each
// region's AHT resolved as Staff resolves it. A pooled channel needs a
// target with an empty region, and its regions one interval length and
// grid.
func PoolDemands(demands []Demand, targets []Target) ([]Demand, error) {
	plans, _, err := planAll(demands, targets)
	if err != nil {
		return nil, err
	}
	members := map[string][]int{}
	for i, d := range demands {
		members[d.Channel] = append(members[d.Channel], i)
	}
	var out []Demand
	for i, d := range demands {
		m := members[d.Channel]
		switch {
		case len(m) == 1:
			out = append(out, d)
		case m[0] == i:
			if _, ok := Targets(targets).For(d.Channel, ""); !ok {
				return nil, fmt.Errorf("channel %q: pooling its regions needs a target for the whole channel (empty region)", d.Channel)
			}
			pooled, err := pool(d.Channel, plans, m)
			if err != nil {
				return nil, err
			}
			out = append(out, pooled)
		}
	}
	return out, nil
}

// pool merges the demands of one channel's regions into one demand.
func pool(channel string, plans []plan, members []int) (Demand, error) {
	first := plans[members[0]].d
	step := first.Interval
	start, end := first.Start, first.Start
	for _, i := range members {
		d := plans[i].d
		if d.Interval != step {
			return Demand{}, fmt.Errorf("channel %q: regions %q and %q have intervals %s and %s; pooling needs one", channel, first.Region, d.Region, dur.Text(step), dur.Text(d.Interval))
		}
		if d.Start.Sub(first.Start)%step != 0 {
			return Demand{}, fmt.Errorf("channel %q: region %q starts off the interval grid of region %q", channel, d.Region, first.Region)
		}
		if d.Start.Before(start) {
			start = d.Start
		}
		if e := d.Start.Add(time.Duration(len(d.Contacts)) * step); e.After(end) {
			end = e
		}
	}
	n := int(end.Sub(start) / step)
	out := Demand{Channel: channel, Start: start, Interval: step, Contacts: make([]float64, n), AHT: make([]float64, n)}
	work := make([]float64, n) // contacts × AHT, for the weighted mean
	for _, i := range members {
		p := &plans[i]
		off := int(p.d.Start.Sub(start) / step)
		for k := range p.d.Contacts {
			c, aht, err := p.contactsAHT(k)
			if err != nil {
				return Demand{}, err
			}
			out.Contacts[off+k] += c
			work[off+k] += c * aht
		}
	}
	for k, c := range out.Contacts {
		if c > 0 {
			out.AHT[k] = work[k] / c
		}
	}
	return out, nil
}
