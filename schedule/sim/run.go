package sim

import (
	"context"
	"math"

	"github.com/wfm-dev/wfm/internal/workers"
	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a mean over replications and the half-width of its 95%
// confidence interval (Student t with replications - 1 degrees of freedom).
type Estimate struct{ Mean, HalfWidth float64 }

// Stats describe one queue over one interval or the summary. Counts are
// means per replication. The rates are ratio estimators, pooled over the
// replications (all contacts answered in time over all offered, and so on),
// with the delta method's half-width; without any contact (or agent time,
// for Occupancy) they are those of an idle queue: ServiceLevel 1, the rest
// 0, with a half-width of 0.
type Stats struct {
	Offered, Answered, Abandoned, AnsweredInTime Estimate
	ServiceLevel                                 Estimate // answered within the answer time / offered
	ASA                                          Estimate // mean wait of answered contacts, seconds
	AbandonRate                                  Estimate // abandoned / offered
	ProbWait                                     Estimate // share of contacts that found no agent with room
	// Occupancy is the busy time over the time present of the agents
	// skilled in the queue, whatever queue they handled: a contact of
	// concurrency k keeps 1/k of an agent busy, and an agent is present
	// while on duty or finishing a contact after. A multi-skilled agent
	// counts in each of its queues.
	Occupancy Estimate
}

// QueueResult holds a queue's Stats in every interval and over the
// intervals starting at or after the model's warm-up.
type QueueResult struct {
	Name      string
	Intervals []Stats
	Summary   Stats
}

// Result is the outcome of Run, queue by queue in the model's order.
type Result struct {
	Replications int
	Queues       []QueueResult
	// Total is the whole centre: every queue's contacts, and the busy and
	// present time of every agent counted once.
	Total QueueResult
	// Events is the number of events simulated over all replications.
	Events int
}

// MinReplications is the fewest replications that give a confidence
// interval.
const MinReplications = 2

// Run simulates m replications times, replication r drawing from the
// random stream (seed, r), on all cores; the result does not depend on
// their number. Cost: about two events per contact, each O(log of the
// agents), plus a scan of the skill groups serving a queue per arrival. The
// error wraps ErrModel for an invalid model or fewer than MinReplications;
// a cancelled ctx stops the work within some 65,000 events per core and
// returns ctx.Err().
func Run(ctx context.Context, m Model, replications int, seed uint64) (*Result, error) {
	nIv, err := m.intervals()
	if err != nil {
		return nil, err
	}
	if replications < MinReplications {
		return nil, bad("%d replications, want at least %d for a confidence interval", replications, MinReplications)
	}
	reps := make([][]tally, replications)
	events := make([]int, replications)
	workers.Each(replications, func(r int) {
		e := newEngine(&m, nIv, seed, r)
		reps[r] = e.run(ctx)
		events[r] = e.events
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Replications: replications, Queues: make([]QueueResult, len(m.Queues))}
	for _, n := range events {
		res.Events += n
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(replications - 1)}.Quantile(0.975)
	first := min(int(math.Ceil(m.WarmUp/m.Interval*(1-1e-12))), nIv)
	sample := make([]tally, replications)
	// block summarises the tallies of block q: a queue, or the centre after
	// the last queue.
	block := func(q int) QueueResult {
		qr := QueueResult{Intervals: make([]Stats, nIv)}
		for i := range nIv {
			for r := range reps {
				sample[r] = reps[r][q*nIv+i]
			}
			qr.Intervals[i] = stats(sample, t)
		}
		for r := range reps {
			sample[r] = tally{}
			for _, x := range reps[r][q*nIv+first : (q+1)*nIv] {
				for f := range x {
					sample[r][f] += x[f]
				}
			}
		}
		qr.Summary = stats(sample, t)
		return qr
	}
	for q := range m.Queues {
		res.Queues[q] = block(q)
		res.Queues[q].Name = m.Queues[q].Name
	}
	res.Total = block(len(m.Queues))
	return res, nil
}

// stats estimates from one tally per replication, with t the Student
// quantile.
func stats(sample []tally, t float64) Stats {
	n := float64(len(sample))
	mean := func(f int) Estimate {
		var s, ss float64
		for _, x := range sample {
			s += x[f]
		}
		mu := s / n
		for _, x := range sample {
			ss += (x[f] - mu) * (x[f] - mu)
		}
		return Estimate{mu, t * math.Sqrt(ss/(n-1)/n)}
	}
	// ratio is Σnum / Σden; its variance by the delta method is that of the
	// residuals num - R·den over n·mean(den)².
	ratio := func(num, den int, idle float64) Estimate {
		var sn, sd, ss float64
		for _, x := range sample {
			sn += x[num]
			sd += x[den]
		}
		if sd == 0 {
			return Estimate{idle, 0}
		}
		r := sn / sd
		for _, x := range sample {
			d := x[num] - r*x[den]
			ss += d * d
		}
		return Estimate{r, t * math.Sqrt(ss/(n-1)/n) / (sd / n)}
	}
	return Stats{
		Offered: mean(offered), Answered: mean(answered), Abandoned: mean(abandoned), AnsweredInTime: mean(inTime),
		ServiceLevel: ratio(inTime, offered, 1),
		ASA:          ratio(waitSum, answered, 0),
		AbandonRate:  ratio(abandoned, offered, 0),
		ProbWait:     ratio(waited, offered, 0),
		Occupancy:    ratio(busy, present, 0),
	}
}
