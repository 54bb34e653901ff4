package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Queue is one stream of contacts. Times are in seconds.
type Queue struct {
	Name string
	// Offered holds the expected contacts arriving in each interval of the
	// model: Poisson arrivals at a constant rate within an interval.
	Offered []float64
	AHT     float64 // mean handle time, > 0
	// HandleTimes, when not nil, is the mean handle time of the contacts
	// arriving in each interval, each > 0, in place of AHT.
	HandleTimes []float64
	// Low and High, when not nil, are the 10% and 90% quantiles of the
	// contacts expected in each interval, Offered being the median: the
	// forecast's own error. Each replication then draws the queue's level
	// z ~ N(0, 1) once per Model.LevelSpan, and expects in each interval
	// the quantile z stands for, interpolated through Low, Offered and
	// High (a split normal), at least 0.
	Low, High []float64
	// CV is the handle time's coefficient of variation: 0 draws exponential
	// handle times (CV 1, as Erlang C assumes), above 0 lognormal ones.
	CV float64
	// Patience is the mean of a waiting customer's exponential patience; 0
	// means nobody abandons.
	Patience float64
	// Concurrency is the contacts of this queue an agent holds at once; 0
	// means 1.
	Concurrency int
	// Priority orders the queues an agent serves: the waiting contact of
	// the highest priority goes first, the longest wait breaking ties.
	Priority int
	Answer   float64 // service-level threshold, >= 0
	// Overflow is how long, in seconds, a contact waits for an agent
	// skilled in this queue alone before agents with other skills too may
	// take it; 0 lets them at once. A chat that a multi-skilled agent takes
	// at once blocks it for calls until it ends: an overflow delay keeps
	// such agents for the other queues while the specialists keep up.
	Overflow float64
}

// Period is a span of time in seconds from the start of the model:
// [Start, End). End may be +Inf.
type Period struct{ Start, End float64 }

// Agent is one person: the queues it serves and when it is on duty. The
// gaps between its periods are breaks.
type Agent struct {
	Skills []int    // indices into Model.Queues
	Duty   []Period // in order, not overlapping
}

// Model is the centre to simulate over len(Offered) intervals of each queue.
type Model struct {
	Interval float64 // seconds, > 0
	Queues   []Queue
	Agents   []Agent
	// WarmUp leaves the intervals starting before it out of the summary,
	// for steady-state runs that start empty.
	WarmUp float64
	// LevelSpan is the time, in whole intervals from the start, over which
	// a queue's drawn level holds (a day); 0 draws one for the whole run.
	LevelSpan float64
}

// MaxConcurrency bounds the contacts an agent holds at once.
const MaxConcurrency = 100

// ErrModel is wrapped by every error of an invalid model.
var ErrModel = errors.New("invalid simulation model")

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrModel, fmt.Sprintf(format, args...))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// intervals returns the number of intervals, checking every field of m.
func (m *Model) intervals() (int, error) {
	if !(m.Interval > 0) || !finite(m.Interval) {
		return 0, bad("interval %v seconds, want a positive number", m.Interval)
	}
	if len(m.Queues) == 0 {
		return 0, bad("no queue")
	}
	if !(m.WarmUp >= 0) || !finite(m.WarmUp) {
		return 0, bad("warm-up %v seconds, want a non-negative number", m.WarmUp)
	}
	if !(m.LevelSpan >= 0) || !finite(m.LevelSpan) || math.Mod(m.LevelSpan, m.Interval) != 0 {
		return 0, bad("level span %v seconds, want whole intervals of %v seconds", m.LevelSpan, m.Interval)
	}
	n := len(m.Queues[0].Offered)
	for i, q := range m.Queues {
		if len(q.Offered) != n {
			return 0, bad("queue %d (%s): %d intervals, want %d as queue 0", i, q.Name, len(q.Offered), n)
		}
		for j, v := range q.Offered {
			if !(v >= 0) || !finite(v) {
				return 0, bad("queue %d (%s): %v contacts offered in interval %d, want a non-negative number", i, q.Name, v, j)
			}
		}
		if q.HandleTimes != nil && len(q.HandleTimes) != n {
			return 0, bad("queue %d (%s): %d handle times for %d intervals", i, q.Name, len(q.HandleTimes), n)
		}
		if (q.Low == nil) != (q.High == nil) || q.Low != nil && (len(q.Low) != n || len(q.High) != n) {
			return 0, bad("queue %d (%s): %d low and %d high quantiles for %d intervals, want both or neither", i, q.Name, len(q.Low), len(q.High), n)
		}
		for j := range q.Low {
			if !(q.Low[j] >= 0) || !finite(q.Low[j]) || !(q.High[j] >= 0) || !finite(q.High[j]) {
				return 0, bad("queue %d (%s): quantiles %v and %v in interval %d, want non-negative numbers", i, q.Name, q.Low[j], q.High[j], j)
			}
		}
		for j, v := range q.HandleTimes {
			if !(v > 0) || !finite(v) {
				return 0, bad("queue %d (%s): handle time %v in interval %d, want a positive number", i, q.Name, v, j)
			}
		}
		switch {
		case !(q.AHT > 0) || !finite(q.AHT):
			return 0, bad("queue %d (%s): handle time %v, want a positive number", i, q.Name, q.AHT)
		case !(q.CV >= 0) || !finite(q.CV):
			return 0, bad("queue %d (%s): coefficient of variation %v, want a non-negative number", i, q.Name, q.CV)
		case !(q.Patience >= 0) || !finite(q.Patience):
			return 0, bad("queue %d (%s): patience %v, want a non-negative number", i, q.Name, q.Patience)
		case q.Concurrency < 0 || q.Concurrency > MaxConcurrency:
			return 0, bad("queue %d (%s): concurrency %d, want 0 to %d", i, q.Name, q.Concurrency, MaxConcurrency)
		case !(q.Answer >= 0) || !finite(q.Answer):
			return 0, bad("queue %d (%s): answer time %v, want a non-negative number", i, q.Name, q.Answer)
		case !(q.Overflow >= 0) || !finite(q.Overflow):
			return 0, bad("queue %d (%s): overflow delay %v, want a non-negative number", i, q.Name, q.Overflow)
		}
	}
	for i, a := range m.Agents {
		if len(a.Skills) == 0 {
			return 0, bad("agent %d: no skill", i)
		}
		for _, s := range a.Skills {
			if s < 0 || s >= len(m.Queues) {
				return 0, bad("agent %d: skill %d, want a queue from 0 to %d", i, s, len(m.Queues)-1)
			}
		}
		end := math.Inf(-1)
		for _, p := range a.Duty {
			if !(p.Start >= end) || !(p.End > p.Start) || math.IsInf(p.Start, 0) || math.IsNaN(p.End) {
				return 0, bad("agent %d: duty period [%v, %v) after one ending at %v, want periods in order, not overlapping", i, p.Start, p.End, end)
			}
			end = p.End
		}
	}
	return n, nil
}

// skillKey returns the agent's skills sorted without repeats, which name
// its group.
func skillKey(skills []int) []int {
	s := slices.Clone(skills)
	slices.Sort(s)
	return slices.Compact(s)
}

// SteadyWarmUp is the intervals of warm-up before measured intervals of a
// steady queue of mean handle time aht: a tenth of the measured time, and
// at least twenty handle times, which settle a queue started empty.
func SteadyWarmUp(measured int, aht, interval float64) int {
	return int(math.Max(math.Ceil(float64(measured)/10), math.Ceil(20*aht/interval)))
}

// Steady is the model of queue q offered contacts in each of warm+measured
// intervals, measured after the warm ones, and served by agents always on
// duty. It sets q.Offered.
func Steady(q Queue, contacts, interval float64, warm, measured, agents int) Model {
	q.Offered = make([]float64, warm+measured)
	for i := range q.Offered {
		q.Offered[i] = contacts
	}
	m := Model{Interval: interval, WarmUp: float64(warm) * interval, Queues: []Queue{q}, Agents: make([]Agent, agents)}
	always := []Period{{Start: 0, End: math.Inf(1)}}
	for i := range m.Agents {
		m.Agents[i] = Agent{Skills: []int{0}, Duty: always}
	}
	return m
}
