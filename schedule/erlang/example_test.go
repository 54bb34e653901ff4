package erlang_test

import (
	"fmt"

	"github.com/wfm-dev/wfm/schedule/erlang"
)

// Call Centre Helper's worked example: 100 calls in 30 minutes with a
// 3-minute handle time, 80% to be answered within 20 seconds.
func ExampleQueue_Agents() {
	q := erlang.Queue{Load: erlang.Load(100, 180, 1800), AHT: 180}
	m, err := q.Agents(erlang.Targets{ServiceLevel: 0.8, Answer: 20})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.0f Erlangs: %d agents, %.1f%% wait, %.1f%% within 20 s, occupancy %.1f%%\n",
		m.Load, m.Agents, 100*m.ProbWait, 100*m.ServiceLevel, 100*m.Occupancy)
	// Output: 10 Erlangs: 14 agents, 17.4% wait, 88.8% within 20 s, occupancy 71.4%
}

// Mitan's Erlang-C worked example: 360 calls per half hour of 4 minutes
// each, 55 agents, a 15-second answer time.
func ExampleServiceLevel() {
	a := erlang.Load(360, 240, 1800)
	fmt.Printf("P(wait) %.2f%%, ASA %.2f s, service level %.1f%%\n",
		100*erlang.C(55, a), erlang.ASA(55, a, 240), 100*erlang.ServiceLevel(55, a, 240, 15))
	// Output: P(wait) 23.87%, ASA 8.18 s, service level 84.6%
}

// An unstable queue is reported, not computed into NaN.
func ExampleQueue_Evaluate() {
	m := erlang.Queue{Load: 12, AHT: 300}.Evaluate(12, 20)
	fmt.Println(m.Stable, m.ServiceLevel, m.ASA)
	// Output: false 0 +Inf
}
