package skill

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/sim"
	simroster "github.com/wfm-dev/wfm/schedule/sim/roster"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Simulate returns the simulated service of tr's two channels, region by
// region, under a roster of reqs in which each channel has its own series
// (as schedule.Build makes it without cross-training), as simulate does.
func Simulate(ctx context.Context, reqs []staff.Requirement, targets []staff.Target, roster schedule.Roster, tr Training,
	replications int, seed uint64) ([]ChannelService, error) {
	regions, err := pairs(reqs, targets, tr)
	if err != nil {
		return nil, err
	}
	var out []ChannelService
	for k, r := range regions {
		r.dedicated = r.rows
		res, err := simulate(ctx, reqs, r, roster, tr, replications, seed+uint64(k))
		if err != nil {
			return nil, err
		}
		out = append(out, res.service...)
	}
	return out, nil
}

// simulated is a region's simulation: per channel the stats of each
// interval and the week's service.
type simulated struct {
	stats   [2][]sim.Stats
	service []ChannelService
}

// simulate runs the week of region r under a roster (r.dedicated and
// r.shared index its coverage), its cross-trained agents picked.
//
// Every shift of the region's series is on seat between its breaks and
// activities; a shift running past the week's end covers its start, as the
// roster repeats. Shrinkage takes agents off: in each interval, of the n
// shifts of a series on seat at its middle, round(n × (1 - shrinkage))
// stay, which ones turning from interval to interval (the cross-trained
// take the mean of the two channels' shrinkage). The cross-trained who stay
// serve both channels contact by contact, as Pair.Simulate has them.
// Contacts arrive as the input requirements' (handle times at each
// channel's contact-weighted mean), patience and concurrency as the
// targets say.
func simulate(ctx context.Context, reqs []staff.Requirement, r *region, roster schedule.Roster,
	tr Training, replications int, seed uint64) (simulated, error) {
	n := len(r.rows[0])
	iv := r.interval.Seconds()
	t0 := reqs[r.rows[0][0]].Start
	horizon := float64(n) * iv
	m := sim.Model{Interval: iv}
	for c := range 2 {
		offered := make([]float64, n)
		var work, contacts float64
		for i, row := range r.rows[c] {
			offered[i] = reqs[row].Contacts
			work += reqs[row].Contacts * reqs[row].AHT
			contacts += reqs[row].Contacts
		}
		aht := r.targets[c].AHTSeconds
		if contacts > 0 {
			aht = work / contacts
		}
		m.Queues = append(m.Queues, Queue(r.targets[c], offered, math.Max(aht, 1)))
	}

	// The region's shifts by series: dedicated to channel 0 or 1, or
	// cross-trained.
	var duty [3][][]sim.Period
	for _, sh := range roster.Shifts {
		if sh.Region != r.name {
			continue
		}
		k := slices.IndexFunc([]string{tr.Channels[0], tr.Channels[1], tr.Group()}, func(ch string) bool { return strings.EqualFold(ch, sh.Channel) })
		if k < 0 {
			continue
		}
		duty[k] = append(duty[k], simroster.OnSeat(sh, t0, horizon, true))
	}
	overflowDelay(m.Queues, [2]int{len(duty[0]), len(duty[1])})
	shrink := [3]float64{r.targets[0].Shrinkage, r.targets[1].Shrinkage, r.crossShrinkage()}
	// periods[k][j] are the periods shift j of series k serves.
	periods := make([][][]sim.Period, 3)
	for k := range 3 {
		periods[k] = make([][]sim.Period, len(duty[k]))
	}
	var present []int
	for i := range n {
		lo, hi := float64(i)*iv, float64(i+1)*iv
		mid := (lo + hi) / 2
		for k := range 3 {
			present = present[:0]
			for j, ps := range duty[k] {
				if covers(ps, mid) {
					present = append(present, j)
				}
			}
			stay := int(math.Round(float64(len(present)) * (1 - shrink[k])))
			for p, j := range present {
				if (p+i)%len(present) >= stay {
					continue
				}
				for _, d := range duty[k][j] {
					if s, e := math.Max(d.Start, lo), math.Min(d.End, hi); s < e {
						periods[k][j] = appendPeriod(periods[k][j], sim.Period{Start: s, End: e})
					}
				}
			}
		}
	}
	skills := [3][]int{{0}, {1}, {0, 1}}
	for k := range 3 {
		for _, ps := range periods[k] {
			if len(ps) > 0 {
				m.Agents = append(m.Agents, sim.Agent{Skills: skills[k], Duty: ps})
			}
		}
	}
	res, err := sim.Run(ctx, m, replications, seed)
	if err != nil {
		return simulated{}, err
	}
	var out simulated
	for c := range 2 {
		q := res.Queues[c]
		out.stats[c] = q.Intervals
		cs := ChannelService{Channel: reqs[r.rows[c][0]].Channel, Region: r.name, Target: r.targets[c].ServiceLevel,
			Simulated: q.Summary.ServiceLevel, Occupancy: q.Summary.Occupancy, Contacts: q.Summary.Offered.Mean}
		var sl, w float64
		for i, row := range r.rows[c] {
			q := reqs[row]
			sl += q.Contacts * r.targets[c].ServiceLevelWith(r.scheduled(reqs, roster.Coverage, i)[c], q.Contacts, q.AHT, r.interval)
			w += q.Contacts
		}
		if w > 0 {
			cs.Erlang = sl / w
		}
		out.service = append(out.service, cs)
	}
	return out, nil
}

func covers(ps []sim.Period, t float64) bool {
	for _, p := range ps {
		if p.Start <= t && t < p.End {
			return true
		}
	}
	return false
}

// appendPeriod appends p, joining it to the last period when they touch.
func appendPeriod(ps []sim.Period, p sim.Period) []sim.Period {
	if k := len(ps) - 1; k >= 0 && ps[k].End >= p.Start {
		ps[k].End = math.Max(ps[k].End, p.End)
		return ps
	}
	return append(ps, p)
}
