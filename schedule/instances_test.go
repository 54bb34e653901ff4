package schedule

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
)

// Instances for tests and benchmarks, generated in code so that they need
// no files: requirements come from a small Erlang C written here, apart
// from the erlang package, with interval profiles shaped like the operation
// (daytime plateau, evening live-stream peaks, busier weekends).

// erlangCStaff is the fewest agents answering share sl of contacts within
// answer seconds (Erlang C), grossed up for shrinkage and rounded up.
func erlangCStaff(contacts, aht, interval, sl, answer, shrinkage float64) int {
	a := contacts * aht / interval
	if a <= 0 {
		return 0
	}
	for n := int(math.Floor(a)) + 1; ; n++ {
		// Erlang B by the stable recursion, then C from B
		b := 1.0
		for k := 1; k <= n; k++ {
			b = a * b / (float64(k) + a*b)
		}
		c := b / (1 - a/float64(n)*(1-b))
		if 1-c*math.Exp(-(float64(n)-a)*answer/aht) >= sl {
			return int(math.Ceil(float64(n)/(1-shrinkage) - 1e-9))
		}
	}
}

// monday is the first day of the generated weeks.
var monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// profile is the shape of contacts over the day (peak about 1): a daytime
// plateau and two evening peaks, at 19:30 and 22:00.
func profile(hour float64) float64 {
	base := 0.35 + 0.25*math.Exp(-sq2((hour-11)/2.5)) + 0.2*math.Exp(-sq2((hour-15)/2))
	peaks := 0.55*math.Exp(-sq2((hour-19.5)/1.2)) + 0.45*math.Exp(-sq2((hour-22)/0.9))
	return base + peaks
}

func sq2(x float64) float64 { return x * x }

// weekRequirements builds a week of requirements for one series, intervals
// of step, open from open to close (hours; close 24 means midnight), with
// peak contacts per interval at the busiest time.
func weekRequirements(channel, region string, step time.Duration, open, close, peak float64, aht float64, rng *rand.Rand) []staff.Requirement {
	var reqs []staff.Requirement
	for d := 0; d < 7; d++ {
		dayFactor := 1.0
		if d >= 5 {
			dayFactor = 1.15
		}
		for at := time.Duration(0); at < 24*time.Hour; at += step {
			h := at.Hours()
			if h < open || h >= close {
				continue
			}
			c := peak * dayFactor * profile(h+step.Hours()/2) * (0.95 + 0.1*rng.Float64()) * step.Hours() / 0.5
			c = math.Round(c)
			n := erlangCStaff(c, aht, step.Seconds(), 0.8, 20, 0.3)
			reqs = append(reqs, staff.Requirement{Start: monday.AddDate(0, 0, d).Add(at), Channel: channel, Region: region,
				Contacts: c, AHT: aht, Staff: n, Agents: n})
		}
	}
	return reqs
}

// instanceA is the benchmark instance (a): a week of 30-minute intervals
// open 08:00-24:00 with two evening peaks; an 8-hour full-time template
// starting 08:00-16:00 and a 4-hour part-time one starting 08:00-20:00,
// every 30 minutes, 5 days with 2 consecutive days off, same start.
func instanceA(seed uint64, peak float64) ([]staff.Requirement, []Template) {
	rng := rand.New(rand.NewPCG(seed, 7))
	reqs := weekRequirements("chat", "east", 30*time.Minute, 8, 24, peak, 348, rng)
	tmpls := []Template{
		{Name: "FT8", Length: 8 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 16 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true},
		{Name: "PT4", Length: 4 * time.Hour, EarliestStart: 8 * time.Hour, LatestStart: 20 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true},
	}
	return reqs, tmpls
}

// instanceB is the benchmark instance (b): a 24/7 week of 15-minute
// intervals, 3 channels x 2 regions, four templates with unpaid 30-minute
// breaks and 1-hour lunches placed in windows. volume scales the contacts:
// 0.55 takes some 300 tours, 1 some 440 and 2.4 some 800.
func instanceB(seed uint64, volume float64) ([]staff.Requirement, []Template) {
	rng := rand.New(rand.NewPCG(seed, 11))
	var reqs []staff.Requirement
	for _, ch := range []struct {
		name      string
		peak, aht float64
	}{{"chat", 90, 348}, {"phone", 50, 300}, {"social", 25, 420}} {
		for _, region := range []struct {
			name  string
			scale float64
		}{{"east", 1}, {"west", 0.6}} {
			reqs = append(reqs, weekRequirements(ch.name, region.name, 15*time.Minute, 0, 24, volume*ch.peak*region.scale, ch.aht, rng)...)
		}
	}
	lunch := Break{Length: time.Hour, EarliestAfter: 3 * time.Hour, LatestAfter: 5 * time.Hour}
	rest := Break{Length: 30 * time.Minute, EarliestAfter: 90 * time.Minute, LatestAfter: 3 * time.Hour}
	rest2 := Break{Length: 30 * time.Minute, EarliestAfter: 6 * time.Hour, LatestAfter: 7*time.Hour + 30*time.Minute}
	tmpls := []Template{
		{Name: "DAY8", Length: 8 * time.Hour, EarliestStart: 6 * time.Hour, LatestStart: 14 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true, Breaks: []Break{rest, lunch, rest2}},
		{Name: "EVE8", Length: 8 * time.Hour, EarliestStart: 14 * time.Hour, LatestStart: 18 * time.Hour, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true, Breaks: []Break{rest, lunch}},
		{Name: "NIGHT8", Length: 8 * time.Hour, EarliestStart: 21 * time.Hour, LatestStart: 23*time.Hour + 30*time.Minute, StartStep: 30 * time.Minute,
			DaysPerWeek: 5, DaysOff: Consecutive, SameStart: true, Breaks: []Break{lunch}, CostPerHour: 1.2},
		{Name: "PT4", Length: 4 * time.Hour, EarliestStart: 0, LatestStart: 20 * time.Hour, StartStep: 15 * time.Minute,
			DaysPerWeek: 5, DaysOff: AnyDaysOff, Breaks: []Break{{Length: 15 * time.Minute, Paid: true, EarliestAfter: time.Hour, LatestAfter: 3 * time.Hour}}},
	}
	return reqs, tmpls
}

// instanceC is instance (b)'s demand and templates with n named agents of
// mixed skills, contracts and availability.
func instanceC(seed uint64, n int) ([]staff.Requirement, []Template, []Agent) {
	reqs, tmpls := instanceB(seed, 1)
	rng := rand.New(rand.NewPCG(seed, 13))
	channels := [][]string{{"chat"}, {"phone"}, {"social"}, {"chat", "phone"}, {"chat", "social"}, {"chat", "phone", "social"}}
	var agents []Agent
	for i := 0; i < n; i++ {
		a := Agent{ID: fmt.Sprintf("A%04d", i+1), Name: fmt.Sprintf("Agent %d", i+1),
			Region: []string{"east", "west"}[rng.IntN(2)], Channels: channels[rng.IntN(len(channels))]}
		for d := range a.Days {
			a.Days[d] = true
		}
		switch rng.IntN(6) {
		case 0: // part-time, weekdays only, days
			a.Templates = []string{"PT4"}
			a.MinHours, a.MaxHours = 20, 20
			a.Days[time.Saturday], a.Days[time.Sunday] = false, false
		case 1: // part-time, optional
			a.Templates = []string{"PT4"}
			a.MaxHours = 24
			a.EarliestStart = 10 * time.Hour
		case 2: // full-time days, ends by 21:00
			a.Templates = []string{"DAY8"}
			a.MinHours, a.MaxHours = 40, 40
			a.LatestEnd = 21 * time.Hour
		case 3: // full-time, days or evenings, from 09:00
			a.Templates = []string{"DAY8", "EVE8"}
			a.MinHours, a.MaxHours = 35, 40
			a.EarliestStart = 9 * time.Hour
		case 4: // nights
			a.Templates = []string{"NIGHT8", "EVE8"}
			a.MinHours = 40
		default: // anything, never on Wednesdays
			a.MinHours, a.MaxHours = 0, 40
			a.Days[time.Wednesday] = false
			a.CostPerHour = 0.9
		}
		agents = append(agents, a)
	}
	return reqs, tmpls, agents
}
