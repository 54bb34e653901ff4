package sim

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/google/go-cmp/cmp"
)

var always = []Period{{0, math.Inf(1)}}

// manual returns an engine for m, whose queues are offered nothing so that
// the test makes the arrivals, with the agents' first duty scheduled. The
// model has one interval, or as many as the first queue's handle times.
func manual(t *testing.T, m Model) *engine {
	t.Helper()
	for i := range m.Queues {
		m.Queues[i].Offered = make([]float64, max(1, len(m.Queues[0].HandleTimes)))
	}
	nIv, err := m.intervals()
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(&m, nIv, 1, 0)
	e.start()
	return e
}

// until handles the events up to time t.
func until(e *engine, t float64) {
	for len(e.cal) > 0 && e.cal[0].t <= t {
		e.step()
	}
}

// loads returns each agent's load.
func loads(e *engine) []float64 {
	var l []float64
	for _, a := range e.agents {
		l = append(l, a.load)
	}
	return l
}

// TestRoutingOrder: a new contact goes to the specialist before the
// generalist, then to the least loaded, then to the one idle longest, and
// waits when nobody has room.
func TestRoutingOrder(t *testing.T) {
	for _, c := range []struct {
		name        string
		concurrency int
		agents      []Agent
		want        []int // the agent taking each contact, -1 for none
	}{
		{"specialists first, idle longest", 1, []Agent{
			{Skills: []int{0, 1}, Duty: always},
			{Skills: []int{0}, Duty: []Period{{10, math.Inf(1)}}},
			{Skills: []int{0}, Duty: []Period{{5, math.Inf(1)}}},
			{Skills: []int{1, 0}, Duty: always},
			{Skills: []int{0}, Duty: []Period{{30, math.Inf(1)}}}, // not yet on duty
		}, []int{2, 1, 0, 3, -1}},
		{"chats to the least loaded", 2, []Agent{
			{Skills: []int{0}, Duty: always},
			{Skills: []int{0}, Duty: []Period{{5, math.Inf(1)}}},
		}, []int{0, 1, 0, 1, -1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := manual(t, Model{Interval: 3600, Agents: c.agents, Queues: []Queue{
				{AHT: 1e9, Concurrency: c.concurrency}, {AHT: 1e9}}})
			until(e, 20)
			for i, want := range c.want {
				before := loads(e)
				e.arrive(0, 20+float64(i))
				got := -1
				for a, l := range loads(e) {
					if l != before[a] {
						got = a
					}
				}
				if got != want {
					t.Errorf("contact %d went to agent %d, want %d", i, got, want)
				}
			}
			if e.queues[0].wait.n != 1 {
				t.Errorf("%d contacts wait, want 1", e.queues[0].wait.n)
			}
		})
	}
}

// TestMixedConcurrency: an agent holding a chat of concurrency 2 has room
// for another chat, not for a call.
func TestMixedConcurrency(t *testing.T) {
	e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 1e9}, {AHT: 1e9, Concurrency: 2}},
		Agents: []Agent{{Skills: []int{0, 1}, Duty: always}}})
	until(e, 0)
	e.arrive(1, 1)
	e.arrive(0, 2)
	if e.agents[0].load != 0.5 || e.queues[0].wait.n != 1 {
		t.Fatalf("a call reached an agent with a chat in hand: load %v", e.agents[0].load)
	}
	e.arrive(1, 3)
	if e.agents[0].load != 1 || e.queues[1].wait.n != 0 {
		t.Errorf("the second chat waits: load %v", e.agents[0].load)
	}
}

// TestBlendedAgentsPackChats: agents taking both chats and calls take a
// second chat before a free agent takes a first, so that a call arriving
// next still finds a free agent; chat specialists spread their chats.
func TestBlendedAgentsPackChats(t *testing.T) {
	for _, c := range []struct {
		name      string
		skills    []int
		wantChat  []float64 // loads after two chats
		callWaits bool
	}{
		{"blended pack", []int{0, 1}, []float64{1, 0}, false},
		{"specialists spread", []int{1}, []float64{0.5, 0.5}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 1e9}, {AHT: 1e9, Concurrency: 2}},
				Agents: []Agent{{Skills: c.skills, Duty: always}, {Skills: c.skills, Duty: []Period{{1, math.Inf(1)}}}}})
			until(e, 1)
			e.arrive(1, 2)
			e.arrive(1, 3)
			if got := loads(e); !cmp.Equal(got, c.wantChat) {
				t.Fatalf("loads after two chats %v, want %v", got, c.wantChat)
			}
			if slices.Contains(c.skills, 0) {
				e.arrive(0, 4)
				if e.queues[0].wait.n != 0 {
					t.Errorf("the call waits with loads %v", loads(e))
				}
			}
		})
	}
}

// TestOverflowWaitsForSpecialists: a chat with an overflow delay waits for
// its specialist; once it has waited the delay, a multi-skilled agent takes
// it, and one freed before then leaves it waiting.
func TestOverflowWaitsForSpecialists(t *testing.T) {
	e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 1e9}, {AHT: 1e9, Concurrency: 2, Overflow: 30}},
		Agents: []Agent{{Skills: []int{0, 1}, Duty: always}}})
	until(e, 0)
	e.arrive(1, 1)
	if e.agents[0].load != 0 || e.queues[1].wait.n != 1 {
		t.Fatalf("a chat reached the multi-skilled agent on arrival: load %v", e.agents[0].load)
	}
	e.serve(0, 20)
	if e.queues[1].wait.n != 1 {
		t.Fatalf("the agent took a chat that had waited 19 s of 30")
	}
	e.arrive(0, 25)
	until(e, 30)
	if e.agents[0].load != 1 || e.queues[1].wait.n != 1 {
		t.Fatalf("the call did not go first: load %v", e.agents[0].load)
	}
	e = manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 1e9}, {AHT: 1e9, Concurrency: 2, Overflow: 30}},
		Agents: []Agent{{Skills: []int{0, 1}, Duty: always}}})
	until(e, 0)
	e.arrive(1, 1)
	until(e, 30)
	if e.agents[0].load != 0 {
		t.Fatalf("taken before the delay")
	}
	until(e, 31)
	if e.agents[0].load != 0.5 || e.queues[1].wait.n != 0 {
		t.Errorf("a chat that waited the delay is still waiting: load %v", e.agents[0].load)
	}
}

// TestFreedAgentTakesPriorityThenLongestWait: an agent finishing a contact
// takes the waiting contact of the higher priority, else the one waiting
// longest.
func TestFreedAgentTakesPriorityThenLongestWait(t *testing.T) {
	for _, c := range []struct {
		priorities [2]int
		want       int // the queue served
	}{
		{[2]int{0, 0}, 0},
		{[2]int{0, 1}, 1},
		{[2]int{2, 1}, 0},
	} {
		e := manual(t, Model{Interval: 3600, Agents: []Agent{{Skills: []int{0, 1}, Duty: always}},
			Queues: []Queue{{AHT: 100, Priority: c.priorities[0]}, {AHT: 100, Priority: c.priorities[1]}}})
		until(e, 0)
		e.arrive(0, 1) // answered at once
		e.arrive(0, 2)
		e.arrive(1, 3)
		e.step() // the first completion
		other := 1 - c.want
		if e.queues[c.want].wait.n != 0 || e.queues[other].wait.n != 1 {
			t.Errorf("priorities %v: %d and %d waiting after the first completion, want queue %d served", c.priorities, e.queues[0].wait.n, e.queues[1].wait.n, c.want)
		}
	}
}

// TestBreakFinishesContactInHand: an agent whose period ends mid-contact
// finishes it, present until then; it takes nothing more until its next
// period, nor while the contact is still in hand.
func TestBreakFinishesContactInHand(t *testing.T) {
	e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 1e6}},
		Agents: []Agent{{Skills: []int{0}, Duty: []Period{{0, 50}, {100, math.Inf(1)}}}}})
	until(e, 10)
	e.arrive(0, 10)
	until(e, 60)
	if a := e.agents[0]; a.onDuty || !a.present || a.load != 1 {
		t.Fatalf("on a break with a contact in hand: %+v", a)
	}
	e.arrive(0, 60)
	until(e, 100)
	if a := e.agents[0]; !a.onDuty || e.queues[0].wait.n != 1 {
		t.Fatalf("back from the break, busy: %+v, %d waiting", a, e.queues[0].wait.n)
	}
	done := e.cal[0].t
	e.step()
	tl := e.tallies[0]
	if tl[answered] != 2 || tl[waitSum] != done-60 || e.queues[0].wait.n != 0 {
		t.Errorf("answered %v with waits %v, want 2 and %v", tl[answered], tl[waitSum], done-60)
	}
	// Present throughout: on duty, or finishing the first contact.
	e.finish()
	if tl := e.tallies[0]; tl[present] != 3600 || tl[busy] != 3600-10 {
		t.Errorf("present %v s, busy %v s; want 3600 and 3590", tl[present], tl[busy])
	}
}

// TestBreaksAreNotPresent: an idle agent is present only on duty.
func TestBreaksAreNotPresent(t *testing.T) {
	e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 100}},
		Agents: []Agent{{Skills: []int{0}, Duty: []Period{{0, 50}, {100, 200}, {3000, 4000}}}}})
	until(e, math.Inf(1))
	if tl := e.finish()[0]; tl[present] != 50+100+600 || tl[busy] != 0 {
		t.Errorf("present %v s, busy %v s; want 750 and 0", tl[present], tl[busy])
	}
}

// TestMultiSkillOccupancy: a queue's occupancy counts the time of the
// agents skilled in it, whatever they handle.
func TestMultiSkillOccupancy(t *testing.T) {
	e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 1e9}, {AHT: 1e9}},
		Agents: []Agent{{Skills: []int{0}, Duty: always}, {Skills: []int{0, 1}, Duty: always}}})
	until(e, 600)
	e.arrive(1, 600)
	e.finish()
	q0, q1 := e.tallies[0], e.tallies[1]
	if q0[busy] != 3000 || q1[busy] != 3000 || q0[present] != 7200 || q1[present] != 3600 {
		t.Errorf("queue 0 busy %v of %v, queue 1 busy %v of %v; want 3000 of 7200, 3000 of 3600", q0[busy], q0[present], q1[busy], q1[present])
	}
}

// TestHandleTimesByInterval: a contact takes the handle time of the
// interval it arrived in, not of the one it is answered in.
func TestHandleTimesByInterval(t *testing.T) {
	e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 1, HandleTimes: []float64{1e9, 1e-6, 1e-6}}},
		Agents: []Agent{{Skills: []int{0}, Duty: always}, {Skills: []int{0}, Duty: always}}})
	until(e, 600)
	e.arrive(0, 600)
	until(e, 4000)
	e.answer(1, 0, 4000, 3599) // as if it waited from interval 0
	e.arrive(0, 7300)
	e.finish()
	busy := []float64{e.tallies[0][busy], e.tallies[1][busy], e.tallies[2][busy]}
	if busy[0] != 3000 || busy[1] != 3600+3200 || busy[2] != 2*3600 {
		t.Errorf("busy by interval %v, want 3000, 6800, 7200", busy)
	}
}

// TestHandleTimesHaveTheirMeanAndCV: exponential handle times (CV 1) and
// lognormal ones with the CV asked.
func TestHandleTimesHaveTheirMeanAndCV(t *testing.T) {
	for _, cv := range []float64{0, 0.3, 1.5} {
		e := manual(t, Model{Interval: 3600, Queues: []Queue{{AHT: 300, CV: cv}}})
		r := rand.New(rand.NewPCG(3, 4))
		const n = 200000
		var s, ss float64
		for range n {
			h := e.queues[0].handle(r, e.queues[0].aht)
			s += h
			ss += h * h
		}
		mean := s / n
		got := math.Sqrt(ss/n-mean*mean) / mean
		want := cv
		if cv == 0 {
			want = 1
		}
		if math.Abs(mean-300) > 0.02*300 || math.Abs(got-want) > 0.05*want {
			t.Errorf("CV %g: mean %.4g, CV %.4g; want 300 and %g", cv, mean, got, want)
		}
	}
}

// TestNobodyToAnswer: without agents every contact abandons, even without
// patience.
func TestNobodyToAnswer(t *testing.T) {
	res, err := Run(t.Context(), Model{Interval: 1800, Queues: []Queue{{Offered: []float64{50, 50}, AHT: 180}}}, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Queues[0].Summary
	if s.Offered.Mean == 0 || s.Abandoned != s.Offered || s.AbandonRate != (Estimate{1, 0}) ||
		s.ServiceLevel != (Estimate{0, 0}) || s.ProbWait != (Estimate{1, 0}) || s.Occupancy != (Estimate{0, 0}) {
		t.Errorf("summary %+v", s)
	}
}

// TestOfferedFollowsIntervals: arrivals follow each interval's rate, and an
// interval without contacts reports an idle queue.
func TestOfferedFollowsIntervals(t *testing.T) {
	offered := []float64{10, 50, 0, 200}
	m := Model{Interval: 900, Queues: []Queue{{Offered: offered, AHT: 60, Answer: 20}}}
	for range 30 {
		m.Agents = append(m.Agents, Agent{Skills: []int{0}, Duty: always})
	}
	res, err := Run(t.Context(), m, 40, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range res.Queues[0].Intervals {
		if d := math.Abs(st.Offered.Mean - offered[i]); d > 2*st.Offered.HalfWidth+1e-9 || st.Offered.HalfWidth > 0.25*offered[i] {
			t.Errorf("interval %d: %v offered, want %v", i, st.Offered, offered[i])
		}
	}
	if idle := res.Queues[0].Intervals[2]; idle.ServiceLevel != (Estimate{1, 0}) || idle.ASA != (Estimate{0, 0}) {
		t.Errorf("interval without contacts: %+v", idle)
	}
}

// TestReproducible: the same seed gives the same result on any number of
// cores; another seed another result.
func TestReproducible(t *testing.T) {
	m := Model{Interval: 1800, WarmUp: 1800, Queues: []Queue{
		{Name: "phone", Offered: []float64{100, 150, 120}, AHT: 240, Patience: 90, Answer: 20},
		{Name: "chat", Offered: []float64{60, 80, 40}, AHT: 400, CV: 0.8, Concurrency: 3, Priority: 1, Answer: 60}}}
	for i := range 16 {
		m.Agents = append(m.Agents, Agent{Skills: [][]int{{0}, {1}, {0, 1}}[i%3],
			Duty: []Period{{0, 2000}, {2600, math.Inf(1)}}})
	}
	run := func(procs int, seed uint64) *Result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		res, err := Run(t.Context(), m, 6, seed)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := run(1, 1)
	if diff := cmp.Diff(a, run(2, 1)); diff != "" {
		t.Errorf("1 core and 2 differ:\n%s", diff)
	}
	if cmp.Equal(a, run(2, 2)) {
		t.Error("seeds 1 and 2 give the same result")
	}
}

func TestStatsEstimates(t *testing.T) {
	sample := []tally{{offered: 1, inTime: 1}, {offered: 2, inTime: 1}, {offered: 3, inTime: 3}, {offered: 4, inTime: 3}}
	const t3 = 3.182446305284263 // Student t, 3 degrees of freedom, 97.5%
	s := stats(sample, t3)
	sd := math.Sqrt((1.5*1.5 + 0.5*0.5 + 0.5*0.5 + 1.5*1.5) / 3)
	if want := (Estimate{2.5, t3 * sd / 2}); math.Abs(s.Offered.Mean-want.Mean) > 1e-12 || math.Abs(s.Offered.HalfWidth-want.HalfWidth) > 1e-12 {
		t.Errorf("offered %+v, want %+v", s.Offered, want)
	}
	// Pooled: 8 of 10; residuals 1-0.8, 1-1.6, 3-2.4, 3-3.2 over the mean
	// of 2.5 offered.
	r := []float64{0.2, -0.6, 0.6, -0.2}
	var ss float64
	for _, d := range r {
		ss += d * d
	}
	if want := (Estimate{0.8, t3 * math.Sqrt(ss/3) / 2 / 2.5}); math.Abs(s.ServiceLevel.Mean-want.Mean) > 1e-12 || math.Abs(s.ServiceLevel.HalfWidth-want.HalfWidth) > 1e-12 {
		t.Errorf("service level %+v, want %+v", s.ServiceLevel, want)
	}
}

func TestInvalidModels(t *testing.T) {
	ok := func() Model {
		return Model{Interval: 1800, Queues: []Queue{{Offered: []float64{1, 2}, AHT: 100}},
			Agents: []Agent{{Skills: []int{0}, Duty: always}}}
	}
	for _, c := range []struct {
		name   string
		change func(*Model)
	}{
		{"no interval", func(m *Model) { m.Interval = 0 }},
		{"no queue", func(m *Model) { m.Queues = nil }},
		{"NaN offered", func(m *Model) { m.Queues[0].Offered[1] = math.NaN() }},
		{"negative offered", func(m *Model) { m.Queues[0].Offered[0] = -1 }},
		{"ragged intervals", func(m *Model) { m.Queues = append(m.Queues, Queue{Offered: []float64{1}, AHT: 1}) }},
		{"no AHT", func(m *Model) { m.Queues[0].AHT = 0 }},
		{"handle times too few", func(m *Model) { m.Queues[0].HandleTimes = []float64{1} }},
		{"handle time 0", func(m *Model) { m.Queues[0].HandleTimes = []float64{1, 0} }},
		{"low quantiles alone", func(m *Model) { m.Queues[0].Low = []float64{1, 1} }},
		{"NaN quantile", func(m *Model) { m.Queues[0].Low, m.Queues[0].High = []float64{1, 1}, []float64{math.NaN(), 3} }},
		{"level span not whole intervals", func(m *Model) { m.LevelSpan = 100 }},
		{"infinite patience", func(m *Model) { m.Queues[0].Patience = math.Inf(1) }},
		{"concurrency", func(m *Model) { m.Queues[0].Concurrency = MaxConcurrency + 1 }},
		{"negative overflow", func(m *Model) { m.Queues[0].Overflow = -1 }},
		{"unknown skill", func(m *Model) { m.Agents[0].Skills = []int{1} }},
		{"no skill", func(m *Model) { m.Agents[0].Skills = nil }},
		{"overlapping duty", func(m *Model) { m.Agents[0].Duty = []Period{{0, 100}, {50, 200}} }},
		{"empty period", func(m *Model) { m.Agents[0].Duty = []Period{{100, 100}} }},
	} {
		m := ok()
		c.change(&m)
		if _, err := Run(t.Context(), m, 2, 1); !errors.Is(err, ErrModel) {
			t.Errorf("%s: error %v, want ErrModel", c.name, err)
		}
	}
	if _, err := Run(t.Context(), ok(), 1, 1); !errors.Is(err, ErrModel) {
		t.Errorf("1 replication: error %v, want ErrModel", err)
	}
	if _, err := Run(t.Context(), ok(), 2, 1); err != nil {
		t.Errorf("valid model: %v", err)
	}
}

// TestCancelStops: a cancelled run stops and says why.
func TestCancelStops(t *testing.T) {
	m := steady(100, 180, 0, 1, 110, 1e7) // minutes of work
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if res, err := Run(ctx, m, 2, 1); res != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("Run after cancel: %v, %v", res, err)
	}
}

// TestTotalCountsEachAgentOnce: the centre's tallies add up the queues'
// contacts, and count the time of an agent skilled in two queues once,
// where each queue's occupancy counts it; Run reports them as Total.
func TestTotalCountsEachAgentOnce(t *testing.T) {
	m := Model{Interval: 3600, Queues: []Queue{{AHT: 1e9}, {AHT: 1e9}},
		Agents: []Agent{{Skills: []int{0, 1}, Duty: always}, {Skills: []int{1}, Duty: always}}}
	e := manual(t, m)
	until(e, 600)
	e.arrive(0, 600)
	e.arrive(1, 900)
	e.arrive(1, 1200) // nobody left with room: abandoned at the end
	e.finish()
	q0, q1, all := e.tallies[0], e.tallies[1], e.tallies[2]
	if q0[present] != 3600 || q1[present] != 7200 || all[present] != 7200 || all[busy] != 3000+2700 ||
		all[offered] != 3 || all[answered] != 2 || all[abandoned] != 1 {
		t.Errorf("queue 0 %v, queue 1 %v, total %v", q0, q1, all)
	}
	m.Queues = []Queue{{Offered: []float64{20}, AHT: 60}, {Offered: []float64{30}, AHT: 60}}
	res, err := Run(t.Context(), m, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, b, sum := res.Queues[0].Summary, res.Queues[1].Summary, res.Total.Summary
	if d := sum.Offered.Mean - a.Offered.Mean - b.Offered.Mean; math.Abs(d) > 1e-9 || sum.Offered.Mean < 10 ||
		len(res.Total.Intervals) != 1 || res.Events < 4*int(sum.Offered.Mean) {
		t.Errorf("total offered %v, queues %v and %v; %d events", sum.Offered.Mean, a.Offered.Mean, b.Offered.Mean, res.Events)
	}
}

// TestForecastLevels: with quantiles, each replication draws a level per
// span, shared by the span's intervals, and the offered contacts vary
// between replications as the split normal through the quantiles and
// Poisson arrivals together do.
func TestForecastLevels(t *testing.T) {
	q := Queue{Offered: []float64{100, 100, 100, 100}, Low: []float64{50, 50, 50, 50}, High: []float64{150, 150, 150, 150}, AHT: 60}
	m := Model{Interval: 1800, LevelSpan: 3600, Queues: []Queue{q}}
	r := newEngine(&m, 4, 1, 0).queues[0].rate
	if r[0] != r[1] || r[2] != r[3] || r[0] == r[2] || r[0] == 100.0/1800 {
		t.Errorf("rates %v: want two levels of two intervals each", r)
	}
	m.LevelSpan, m.Queues[0].Offered, m.Queues[0].Low, m.Queues[0].High = 0, []float64{100}, []float64{50}, []float64{150}
	const reps = 400
	res, err := Run(t.Context(), m, reps, 1)
	if err != nil {
		t.Fatal(err)
	}
	off := res.Queues[0].Summary.Offered
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: reps - 1}.Quantile(0.975)
	// Var = 100 (Poisson) + (50 / z90)² (the level): sd 40.3, 10 without.
	if sd := off.HalfWidth * math.Sqrt(reps) / tq; sd < 33 || sd > 48 || math.Abs(off.Mean-100) > 6 {
		t.Errorf("offered %v ± %v: sd %v, want about 40", off.Mean, off.HalfWidth, sd)
	}
}
