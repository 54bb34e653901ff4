package skill

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/workers"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/sim"
	simroster "github.com/wfm-dev/wfm/schedule/sim/roster"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Training says which agents of two channels carry both skills.
type Training struct {
	// Channels are the two channels; agents of Channels[1] are the ones
	// given Channels[0]'s skill (phone agents learning chat).
	Channels [2]string
	// Share of Channels[1]'s staff cross-trained, in [0,1].
	Share float64
	// Pool gives every agent of both channels both skills.
	Pool bool
}

// Group is the channel of the cross-trained agents' series, the two
// channels joined by "+", as in "chat+phone".
func (tr Training) Group() string { return tr.Channels[0] + "+" + tr.Channels[1] }

// Validate checks the channels are two and distinct and the share in
// [0,1].
func (tr Training) Validate() error {
	switch {
	case strings.TrimSpace(tr.Channels[0]) == "" || strings.TrimSpace(tr.Channels[1]) == "":
		return fmt.Errorf("want two channels, got %q and %q", tr.Channels[0], tr.Channels[1])
	case strings.EqualFold(tr.Channels[0], tr.Channels[1]):
		return fmt.Errorf("want two different channels, got %q twice", tr.Channels[0])
	case !(tr.Share >= 0 && tr.Share <= 1):
		return fmt.Errorf("want a share in [0, 1], got %v", tr.Share)
	}
	return nil
}

// Options tune Build's check by simulation.
type Options struct {
	Replications int    // of the week's simulation, at least sim.MinReplications
	Seed         uint64 // of the simulation
	// Rounds bounds how often staff is added where the simulation misses
	// a target and the roster rebuilt.
	Rounds int
}

// region is the rows of one region's pair: row[c][i] is the input row of
// channel c in interval i, the intervals of both channels being the same.
type region struct {
	name     string
	rows     [2][]int
	interval time.Duration
	targets  [2]staff.Target
	// dedicated and shared are the rows of the series rostered, by
	// interval: agents dedicated to a channel, and agents of whom some are
	// cross-trained (cross: the staff they must give per interval;
	// trained: what they give), the others dedicated to channel 0; nil
	// where there is no such series.
	dedicated [2][]int
	shared    []int
	cross     []float64
	trained   []float64
}

// pairs finds the regions where both channels of tr have requirements on
// the same intervals.
func pairs(reqs []staff.Requirement, targets []staff.Target, tr Training) ([]*region, error) {
	byRegion := map[string]*region{}
	var out []*region
	for i, q := range reqs {
		c := slices.IndexFunc(tr.Channels[:], func(ch string) bool { return strings.EqualFold(ch, q.Channel) })
		if c < 0 {
			continue
		}
		r := byRegion[q.Region]
		if r == nil {
			r = &region{name: q.Region}
			byRegion[q.Region] = r
			out = append(out, r)
		}
		r.rows[c] = append(r.rows[c], i)
	}
	kept := out[:0]
	for _, r := range out {
		if len(r.rows[0]) == 0 || len(r.rows[1]) == 0 {
			continue // one channel only: nothing to share
		}
		if len(r.rows[0]) != len(r.rows[1]) {
			return nil, fmt.Errorf("region %q: %d intervals of %s and %d of %s, want the same", r.name, len(r.rows[0]), tr.Channels[0], len(r.rows[1]), tr.Channels[1])
		}
		for i := range r.rows[0] {
			a, b := reqs[r.rows[0][i]].Start, reqs[r.rows[1][i]].Start
			if !a.Equal(b) {
				return nil, fmt.Errorf("region %q: interval %d starts at %s for %s and %s for %s, want the same", r.name, i, a, tr.Channels[0], b, tr.Channels[1])
			}
			if i > 0 {
				gap := a.Sub(reqs[r.rows[0][i-1]].Start)
				if gap <= 0 || r.interval > 0 && gap != r.interval {
					return nil, fmt.Errorf("region %q: intervals not evenly spaced at %s", r.name, a)
				}
				r.interval = gap
			}
		}
		if r.interval == 0 {
			r.interval = 30 * time.Minute // one interval: its length is not known, nor needed beyond the simulation's clock
		}
		for c := range 2 {
			q := reqs[r.rows[c][0]]
			t, ok := staff.Targets(targets).For(q.Channel, q.Region)
			if !ok {
				return nil, fmt.Errorf("channel %q region %q: %w", q.Channel, q.Region, staff.ErrNoTarget)
			}
			if t.Kind == staff.Deferred {
				return nil, fmt.Errorf("channel %q is deferred work; cross-training shares agents between queues answered at once", q.Channel)
			}
			r.targets[c] = t
		}
		kept = append(kept, r)
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("no region has requirements of both %s and %s", tr.Channels[0], tr.Channels[1])
	}
	return kept, nil
}

// ChannelService is one channel's service over the week in one region: the
// simulated service level and occupancy beside Erlang's estimate.
type ChannelService struct {
	Channel, Region string
	Target          float64 // the service level to reach
	Simulated       sim.Estimate
	Erlang          float64 // contact-weighted, of the effective coverage
	Occupancy       sim.Estimate
	Contacts        float64 // offered per replication
}

// Outcome is a roster of cross-trained and dedicated agents.
type Outcome struct {
	// Requirements are the series rostered: the input's, less the pair's;
	// then for each region with both channels, channel 1's dedicated
	// agents (none with Pool) and the shared series of channel tr.Group(),
	// after the staff added by simulation.
	Requirements []staff.Requirement
	// Roster covers Requirements: its Coverage and Summaries are of those
	// series. Shifts of the shared series' agents who are not
	// cross-trained serve channel 0 and say so.
	Roster schedule.Roster
	// Effective is the coverage of each input requirement, in its order,
	// with the cross-trained staff of each interval split between the two
	// channels; ServiceLevel is Erlang's estimate of it.
	Effective []schedule.Coverage
	// Simulated is the pair's service per region and channel.
	Simulated []ChannelService
	// Trained and Channel1 count the cross-trained agents (tours) and all
	// agents serving channel 1, the cross-trained included.
	Trained, Channel1 int
	// Added is the staff-intervals added where the simulation missed.
	Added int
}

// Build rosters the requirements with the agents of tr's two channels
// cross-trained, by the templates and options of schedule.Build, and
// checks the roster by simulation.
//
// In each region with requirements of both channels, every interval is
// staffed by simulation (Pair.Staff, agents blended contact by contact):
// from the two channels' Erlang agents, tr.Share of channel 1's made
// cross-trained (all of both channels' with Pool), the fewest dedicated and
// cross-trained agents meeting both targets. Channel 1's dedicated agents
// are one series; channel 0's and the cross-trained another (channel
// tr.Group()), rostered as one: the sum is smoother than either, and one
// roster's over-coverage serves both. The fewest of its agents whose shifts
// give the cross-trained staff in every interval are picked, greedily, to
// be cross-trained; the others serve channel 0 only. Series of other
// channels are rostered as they are.
//
// The roster is then simulated over the week, region by region (as
// Simulate does); where an interval misses a channel's service level
// beyond its confidence interval, one staff is added to the series
// serving the channel (channel 1's dedicated one if any, else the shared
// one) and the roster rebuilt, at most so.Rounds times.
func Build(ctx context.Context, reqs []staff.Requirement, targets []staff.Target, templates []schedule.Template,
	opt schedule.Options, tr Training, so Options) (Outcome, error) {
	if err := tr.Validate(); err != nil {
		return Outcome{}, err
	}
	if so.Replications < sim.MinReplications {
		return Outcome{}, fmt.Errorf("%d replications, want at least %d", so.Replications, sim.MinReplications)
	}
	regions, err := pairs(reqs, targets, tr)
	if err != nil {
		return Outcome{}, err
	}
	mixes, err := staffPairs(ctx, reqs, regions, tr, so)
	if err != nil {
		return Outcome{}, err
	}
	var out Outcome
	inPair := make([]int, len(reqs)) // the row in out.Requirements of a row outside the pair, else -1
	for _, r := range regions {
		for c := range 2 {
			for _, i := range r.rows[c] {
				inPair[i] = -1
			}
		}
	}
	for i, q := range reqs {
		if inPair[i] == 0 {
			inPair[i] = len(out.Requirements)
			out.Requirements = append(out.Requirements, q)
		}
	}
	for k, r := range regions {
		for i, m := range mixes[k] {
			if !tr.Pool {
				q := reqs[r.rows[1][i]]
				q.Agents, q.Staff = m.Dedicated[1], r.targets[1].WithShrinkage(m.Dedicated[1])
				r.dedicated[1] = append(r.dedicated[1], len(out.Requirements))
				out.Requirements = append(out.Requirements, q)
			}
		}
		// The shared series' staff is rounded up once, not once per kind
		// of agent in it.
		r.cross = make([]float64, len(r.rows[0]))
		for i, m := range mixes[k] {
			r.cross[i] = float64(m.Cross) / (1 - r.crossShrinkage())
			s := float64(m.Dedicated[0])/(1-r.targets[0].Shrinkage) + r.cross[i]
			r.shared = append(r.shared, len(out.Requirements))
			out.Requirements = append(out.Requirements, staff.Requirement{Start: reqs[r.rows[0][i]].Start, Channel: tr.Group(), Region: r.name,
				Agents: m.Dedicated[0] + m.Cross, Staff: int(math.Ceil(s * (1 - 1e-9)))})
		}
	}
	rq := out.Requirements
	for round := 0; ; round++ {
		if out.Roster, err = schedule.Build(ctx, rq, templates, nil, opt); err != nil {
			return Outcome{}, err
		}
		out.Simulated, out.Trained, out.Channel1 = nil, 0, 0
		added := 0
		for k, r := range regions {
			out.Trained += r.train(out.Roster, tr)
			out.Channel1 += r.channel1(out.Roster, tr)
			res, err := simulate(ctx, reqs, r, out.Roster, tr, so.Replications, so.Seed+uint64(k))
			if err != nil {
				return Outcome{}, err
			}
			out.Simulated = append(out.Simulated, res.service...)
			if round == so.Rounds {
				continue
			}
			for c := range 2 {
				for i, st := range res.stats[c] {
					if reqs[r.rows[c][i]].Contacts > 0 && st.ServiceLevel.Mean+st.ServiceLevel.HalfWidth < r.targets[c].ServiceLevel {
						row := r.shared[i]
						if c == 1 && r.dedicated[1] != nil {
							row = r.dedicated[1][i]
						}
						rq[row].Staff++
						added++
					}
				}
			}
		}
		out.Added += added
		if added == 0 || round == so.Rounds {
			break
		}
	}
	out.Effective = effective(reqs, inPair, regions, out.Roster.Coverage)
	return out, nil
}

// staffPairs staffs every interval of every region by simulation: the
// mixes, by region and interval, that Pair.Staff finds from the Erlang
// agents with tr applied. Intervals are staffed in parallel.
func staffPairs(ctx context.Context, reqs []staff.Requirement, regions []*region, tr Training, so Options) ([][]Mix, error) {
	type job struct{ region, interval int }
	var jobs []job
	mixes := make([][]Mix, len(regions))
	for k, r := range regions {
		mixes[k] = make([]Mix, len(r.rows[0]))
		for i := range r.rows[0] {
			jobs = append(jobs, job{k, i})
		}
	}
	errs := make([]error, len(jobs))
	workers.Each(len(jobs), func(j int) {
		r, i := regions[jobs[j].region], jobs[j].interval
		p := Pair{Targets: r.targets, Interval: r.interval, Replications: so.Replications}
		var loads [2]Load
		var start Mix
		for c := range 2 {
			q := reqs[r.rows[c][i]]
			loads[c] = Load{q.Contacts, q.AHT}
			start.Dedicated[c] = q.Agents
		}
		if tr.Pool {
			start = Pool(start)
		} else {
			start = CrossTrain(start, tr.Share)
		}
		mixes[jobs[j].region][i], errs[j] = p.Staff(ctx, loads, start, so.Seed)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err // the first: a cancelled run fails every interval alike
		}
	}
	return mixes, nil
}

// crossShrinkage is the shrinkage of the cross-trained: the mean of their
// two channels'.
func (r *region) crossShrinkage() float64 {
	return (r.targets[0].Shrinkage + r.targets[1].Shrinkage) / 2
}

// gap is what channel 1's staff in interval i lacks of its requirement
// when dedicated staff are scheduled.
func (r *region) gap(reqs []staff.Requirement, i int, dedicated float64) float64 {
	return math.Max(0, float64(reqs[r.rows[1][i]].Staff)-dedicated)
}

// train picks the agents of r's shared series to cross-train, greedily:
// the one whose shifts cover most of the cross-trained staff left to give,
// until it is given or nobody gives more of it; with Pool, every one. It
// sets r.trained, relabels the shifts of the others as channel 0's, and
// returns the number picked.
func (r *region) train(ro schedule.Roster, tr Training) int {
	n := len(r.rows[0])
	t0 := ro.Coverage[r.shared[0]].Start
	iv := r.interval.Seconds()
	horizon := float64(n) * iv
	left := make([]float64, n)
	for i, c := range r.cross {
		left[i] = c
		if tr.Pool {
			left[i] = math.Inf(1)
		}
	}
	// Each shared agent's staff per interval, and its shifts.
	index := map[string]int{}
	var ids []string
	var cover [][]float64
	var shifts [][]int
	for s, sh := range ro.Shifts {
		if sh.Region != r.name || sh.Channel != tr.Group() {
			continue
		}
		a, ok := index[sh.AgentID]
		if !ok {
			a = len(ids)
			index[sh.AgentID] = a
			ids = append(ids, sh.AgentID)
			cover = append(cover, make([]float64, n))
			shifts = append(shifts, nil)
		}
		shifts[a] = append(shifts[a], s)
		for _, p := range simroster.OnSeat(sh, t0, horizon, true) {
			simroster.Spread(cover[a], p, iv)
		}
	}
	r.trained = make([]float64, n)
	picked := make([]bool, len(ids))
	count := 0
	for {
		best, most := -1, 1e-9
		for a := range ids {
			if picked[a] {
				continue
			}
			var got float64
			for i, v := range cover[a] {
				got += math.Min(v, left[i])
			}
			if got > most {
				best, most = a, got
			}
		}
		if best < 0 {
			break
		}
		picked[best] = true
		count++
		for i, v := range cover[best] {
			left[i] = math.Max(0, left[i]-v)
			r.trained[i] += v
		}
	}
	for a, p := range picked {
		if !p {
			for _, s := range shifts[a] {
				ro.Shifts[s].Channel = tr.Channels[0]
			}
		}
	}
	return count
}

// channel1 counts the agents of r serving channel 1: dedicated or
// cross-trained.
func (r *region) channel1(ro schedule.Roster, tr Training) int {
	ids := map[string]bool{}
	for _, sh := range ro.Shifts {
		if sh.Region == r.name && (sh.Channel == tr.Channels[1] || sh.Channel == tr.Group()) {
			ids[sh.AgentID] = true
		}
	}
	return len(ids)
}

// effective returns the coverage of each input requirement: its own
// series' where it is outside the pair, else the pair's split.
func effective(reqs []staff.Requirement, inPair []int, regions []*region, cov []schedule.Coverage) []schedule.Coverage {
	out := make([]schedule.Coverage, len(reqs))
	for i, row := range inPair {
		if row >= 0 {
			out[i] = cov[row]
		}
	}
	for _, r := range regions {
		for i := range r.rows[0] {
			got := r.scheduled(reqs, cov, i)
			for c := range 2 {
				q := reqs[r.rows[c][i]]
				out[r.rows[c][i]] = schedule.Coverage{Start: q.Start, Channel: q.Channel, Region: q.Region,
					Required: float64(q.Staff), Scheduled: got[c],
					ServiceLevel: r.targets[c].ServiceLevelWith(got[c], q.Contacts, q.AHT, r.interval)}
			}
		}
	}
	return out
}

// scheduled returns the staff serving each channel in interval i. Without
// a shared series, each channel's own; with one, channel 1 has its
// dedicated staff and as much of the cross-trained as fills its gap, and
// channel 0 the rest of the shared series.
func (r *region) scheduled(reqs []staff.Requirement, cov []schedule.Coverage, i int) [2]float64 {
	var got [2]float64
	for c := range 2 {
		if r.dedicated[c] != nil {
			got[c] = cov[r.dedicated[c][i]].Scheduled
		}
	}
	if r.shared != nil {
		to1 := math.Min(r.trained[i], r.gap(reqs, i, got[1]))
		got[1] += to1
		got[0] += cov[r.shared[i]].Scheduled - to1
	}
	return got
}
