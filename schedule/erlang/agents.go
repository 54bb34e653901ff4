package erlang

import (
	"errors"
	"fmt"
	"math"
)

// ErrUnreachable reports targets that no number of agents meets within the
// search limit of Queue.Agents.
var ErrUnreachable = errors.New("targets unreachable")

// MaxLoad is the largest offered load, in Erlangs, Queue.Agents searches:
// a hundred times the peak of one queue of a centre taking two million
// contacts a day, and small enough that the search ends in milliseconds.
const MaxLoad = 1e6

// ErrLoad reports an offered load above MaxLoad.
var ErrLoad = errors.New("offered load above the limit")

// Queue is the traffic offered to one pool of agents in one interval.
type Queue struct {
	Load float64 // offered load A = arrival rate × AHT, Erlangs, >= 0
	AHT  float64 // mean handle time in seconds, > 0
	// Patience is the mean time in seconds a waiting customer stays before
	// abandoning, exponentially distributed (Erlang A); 0 or +Inf means
	// nobody abandons (Erlang C).
	Patience float64
}

// Targets are the service goals a number of agents must meet at once. A zero
// field sets no goal.
type Targets struct {
	ServiceLevel float64 // share of contacts answered within Answer seconds, in (0,1)
	Answer       float64 // seconds, >= 0
	ASA          float64 // maximum average speed of answer in seconds, > 0
	MaxOccupancy float64 // maximum occupancy, in (0,1]
}

// Metrics describe the service n agents give to a Queue.
type Metrics struct {
	Agents       int
	Load         float64 // offered load, Erlangs
	ProbWait     float64 // probability that a contact waits at all
	ServiceLevel float64 // share of contacts answered within the answer time
	// ASA is the mean wait of answered contacts in seconds; +Inf when the
	// queue is unstable.
	ASA float64
	// Occupancy is the share of agents' time spent handling contacts: the
	// answered load over the agents, at most 1.
	Occupancy   float64
	AbandonRate float64 // share of contacts that abandon; 0 under Erlang C
	// Stable is false when the queue grows without bound: no abandonment and
	// Agents <= Load, with Load > 0.
	Stable bool
}

func (q Queue) check() {
	checkLoad(0, q.Load)
	checkTimes(q.AHT, 0)
	if !(q.Patience >= 0) {
		panic(fmt.Sprintf("erlang: patience %v is not a non-negative number", q.Patience))
	}
}

// abandons tells whether the queue follows Erlang A rather than Erlang C.
func (q Queue) abandons() bool { return q.Patience > 0 && !math.IsInf(q.Patience, 1) }

// Evaluate returns the service n agents give to q, with the service level
// measured against answer seconds.
//
// Without patience it uses Erlang C and costs O(min(n, √A) + max(0, n-A)).
// An unstable queue (n <= A) gives ProbWait 1, ServiceLevel 0, ASA +Inf,
// Occupancy 1 and Stable false.
//
// With patience it uses Erlang A (formulas in abandon.go), which is always
// stable: the service level counts a contact as answered in time when an
// agent takes it within answer seconds, so abandoned contacts count against
// it whenever they hang up; ASA is the mean wait of answered contacts
// (those answered at once included); AbandonRate is the share of all
// contacts that abandon; Occupancy is the answered load over n. It costs
// O(min(n, √A) + max(0, A-n)·p/h + √(n·p/h)) plus, for long answer times,
// the terms of a negative binomial of mean about n·T/h. With n = 0 nothing
// is answered: ServiceLevel 0, ASA +Inf, AbandonRate 1.
//
// Without load every field but Agents is 0, except ServiceLevel 1 and Stable
// true. It panics on a negative n, a load that is negative, infinite or NaN,
// a non-positive AHT, or a negative answer time or patience.
func (q Queue) Evaluate(n int, answer float64) Metrics {
	q.check()
	checkLoad(n, q.Load)
	checkTimes(q.AHT, answer)
	if q.abandons() {
		return q.evaluateA(n, answer)
	}
	a := q.Load
	m := Metrics{Agents: n, Load: a, Stable: true, ServiceLevel: 1}
	switch {
	case a == 0:
	case float64(n) <= a:
		m.ProbWait, m.ServiceLevel, m.ASA, m.Occupancy, m.Stable = 1, 0, math.Inf(1), 1, false
	default:
		in, m1 := inv(n, a)
		c, qc := cFrom(n, a, in, m1)
		m.ProbWait = c
		m.ServiceLevel = slFrom(n, a, c, qc, q.AHT, answer)
		m.ASA = c * q.AHT / (float64(n) - a)
		m.Occupancy = a / float64(n)
	}
	return m
}

func (t Targets) check() {
	if t.ServiceLevel != 0 && !(t.ServiceLevel > 0 && t.ServiceLevel < 1) {
		panic(fmt.Sprintf("erlang: service level target %v outside (0,1)", t.ServiceLevel))
	}
	if !(t.Answer >= 0) || math.IsInf(t.Answer, 1) {
		panic(fmt.Sprintf("erlang: answer time %v is not a finite non-negative number", t.Answer))
	}
	if !(t.ASA >= 0) {
		panic(fmt.Sprintf("erlang: ASA target %v is negative or NaN", t.ASA))
	}
	if t.MaxOccupancy != 0 && !(t.MaxOccupancy > 0 && t.MaxOccupancy <= 1) {
		panic(fmt.Sprintf("erlang: occupancy cap %v outside (0,1]", t.MaxOccupancy))
	}
}

// meets tells whether m satisfies every target of t.
func (t Targets) meets(m Metrics) bool {
	return m.Stable &&
		(t.ServiceLevel == 0 || m.ServiceLevel >= t.ServiceLevel) &&
		(t.ASA == 0 || m.ASA <= t.ASA) &&
		(t.MaxOccupancy == 0 || m.Occupancy <= t.MaxOccupancy)
}

// minOccupancyAgents returns the fewest n >= 1 with a/n <= cap in float64,
// the same comparison meets makes.
func minOccupancyAgents(a, limit float64) int {
	n := int(math.Ceil(a / limit))
	for n > 1 && a/float64(n-1) <= limit {
		n--
	}
	for a/float64(n) > limit {
		n++
	}
	return max(n, 1)
}

// startC returns where the Erlang C search starts: the fewest agents that
// keep the queue stable and within the occupancy cap.
func startC(a float64, t Targets) int {
	n := int(math.Floor(a)) + 1
	if t.MaxOccupancy > 0 {
		n = max(n, minOccupancyAgents(a, t.MaxOccupancy))
	}
	return n
}

// searchLimit bounds the agents a search tries beyond its start: the service
// level and ASA of Erlang C and A improve faster than e^{-k²/(2A)} for k agents
// above the load, so targets not met within it are out of float64 reach.
func searchLimit(start int, a float64) int {
	return start + 1000 + int(64*math.Sqrt(a))
}

// Agents returns the fewest agents meeting every target of t at once, and
// the service they give; without load, 0 agents. Service level and ASA
// improve and occupancy falls as agents are added (under Erlang C exactly;
// under Erlang A the search assumes it too). Under Erlang C the search steps
// upward from max(⌊A⌋+1, ⌈A/MaxOccupancy⌉), one step of the recursion per
// agent: O(√A + N - A) in all. Under Erlang A it starts from the Erlang C
// answer, brackets the answer by doubling steps and bisects, each probe
// costing one Evaluate. It returns an error wrapping ErrUnreachable when the
// targets are not met within A + 1000 + 64√A agents, one wrapping ErrLoad
// for a load above MaxLoad, and panics on invalid
// queue or targets as Evaluate does, or on a service level outside (0,1), a
// negative ASA, or an occupancy cap outside (0,1].
func (q Queue) Agents(t Targets) (Metrics, error) { return q.AgentsNear(t, 0) }

// AgentsNear is Agents with a starting guess, such as the answer of the
// neighbouring interval; guess <= 0 means none. The result is the same; with
// patience, a guess within an agent or two of it halves the evaluations.
// Erlang C ignores the guess: its search from the load is as cheap.
func (q Queue) AgentsNear(t Targets, guess int) (Metrics, error) {
	q.check()
	t.check()
	a := q.Load
	if a > MaxLoad {
		return Metrics{}, fmt.Errorf("%w: %g Erlangs, at most %g", ErrLoad, a, float64(MaxLoad))
	}
	if a == 0 {
		return q.Evaluate(0, t.Answer), nil
	}
	if q.abandons() {
		return q.agentsA(t, guess)
	}
	n := startC(a, t)
	limit := searchLimit(n, a)
	in, _ := inv(n-1, a)
	for ; n <= limit; n++ {
		m1 := float64(n) / a * in
		in = 1 + m1
		c, qc := cFrom(n, a, in, m1)
		if t.ServiceLevel > 0 && slFrom(n, a, c, qc, q.AHT, t.Answer) < t.ServiceLevel {
			continue
		}
		asa := c * q.AHT / (float64(n) - a)
		if t.ASA > 0 && asa > t.ASA {
			continue
		}
		return Metrics{
			Agents: n, Load: a, ProbWait: c, Stable: true,
			ServiceLevel: slFrom(n, a, c, qc, q.AHT, t.Answer),
			ASA:          asa,
			Occupancy:    a / float64(n),
		}, nil
	}
	return Metrics{}, fmt.Errorf("%w: no count up to %d agents meets them at %g Erlangs", ErrUnreachable, limit, a)
}
