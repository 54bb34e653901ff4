package main

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// workPattern is a kind of working week an agent can have.
type workPattern struct {
	count               int // agents with it
	shift               string
	minHours, maxHours  float64
	days                []string // available_days, one picked per agent
	earliest, latestEnd string
	channels            []string // channel sets, one picked per agent
	cost                float64  // in-house CNY per hour; outsourced pay about 30% less
}

// workPatterns of the 60 agents of the east region: full-timers on days,
// flexible staff who work part- or full-time, evening part-timers for live
// commerce, day part-timers, night staff and full-timers with a fixed
// daytime window.
var workPatterns = []workPattern{
	{20, "FT8", 40, 40, []string{"Mon-Fri", "Mon-Sun", "Tue-Sat", "Wed-Sun"}, "", "",
		[]string{"chat", "chat", "chat;phone", "phone", "chat;social", "social", "chat;self-service"}, 60},
	{9, "PT4;FT8", 20, 40, []string{"Mon-Sun"}, "", "",
		[]string{"chat;phone", "chat;phone;social", "chat"}, 60},
	{9, "PT4", 20, 20, []string{"Mon-Sun", "Wed-Sun", "Mon;Tue;Fri;Sat;Sun"}, "18:00", "",
		[]string{"chat", "chat;social", "social"}, 55},
	{6, "NIGHT", 40, 40, []string{"Mon-Sun"}, "22:00", "",
		[]string{"chat", "chat;phone"}, 72},
	{6, "PT4", 20, 20, []string{"Mon;Wed;Fri;Sat;Sun", "Mon-Fri"}, "09:00", "18:00",
		[]string{"chat", "phone", "phone;self-service"}, 55},
	{10, "FT8", 36, 40, []string{"Mon-Fri", "Mon-Sat"}, "08:00", "19:00",
		[]string{"phone", "chat;phone", "chat"}, 60},
}

// Chinese names are drawn from common surnames and given names.
var (
	surnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"}
	givenNames = []string{"芳", "娜", "敏", "静", "伟", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
		"秀英", "丽", "霞", "平", "刚", "桂英", "浩", "宇", "欣", "婷", "晨", "雪", "佳", "琳"}
)

const outsourcedShare = 0.4

// agentsTable lists the example agents of the east region, 40% of them
// outsourced at about 30% lower cost, in the order of their ids.
func agentsTable() table {
	r := newRand(streamAgents)
	var kinds []int
	for k, p := range workPatterns {
		for range p.count {
			kinds = append(kinds, k)
		}
	}
	n := len(kinds)
	r.Shuffle(n, func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	outsourced := make([]bool, n)
	for i := range int(math.Round(outsourcedShare * float64(n))) {
		outsourced[i] = true
	}
	r.Shuffle(n, func(i, j int) { outsourced[i], outsourced[j] = outsourced[j], outsourced[i] })

	t := table{header: []string{"agent_id", "name", "region", "channels", "shift", "min_hours", "max_hours",
		"available_days", "earliest_start", "latest_end", "cost_per_hour", "contract"}}
	used := make(map[string]bool)
	for i, k := range kinds {
		p := workPatterns[k]
		name := uniqueName(r, used)
		cost, contract := p.cost+2*float64(r.IntN(5)), "in-house" // seniority
		if outsourced[i] {
			cost, contract = math.Round(cost*0.7), "outsourced"
		}
		t.rows = append(t.rows, []string{
			fmt.Sprintf("E%03d", i+1), name, "east", pick(r, p.channels), p.shift,
			num(p.minHours), num(p.maxHours), pick(r, p.days), p.earliest, p.latestEnd,
			num(cost), contract,
		})
	}
	return t
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

func uniqueName(r *rand.Rand, used map[string]bool) string {
	for {
		name := pick(r, surnames) + pick(r, givenNames)
		if !used[name] {
			used[name] = true
			return name
		}
	}
}
