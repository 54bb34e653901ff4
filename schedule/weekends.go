package schedule

import "time"

// Weekends counts, per agent id, the weekends (a Saturday and the Sunday
// after it) on which the agent starts at least one shift.
func Weekends(shifts []Shift) map[string]int {
	type key struct {
		id  string
		sat time.Time
	}
	seen := map[key]bool{}
	n := map[string]int{}
	for _, s := range shifts {
		y, m, d := s.Start.Date()
		switch s.Start.Weekday() {
		case time.Sunday:
			d--
		case time.Saturday:
		default:
			continue
		}
		k := key{s.AgentID, time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
		if !seen[k] {
			seen[k] = true
			n[s.AgentID]++
		}
	}
	return n
}

// saturdays lists the weekends a tour of week w works on the days of mask,
// each as the day of its Saturday, in order.
func (p *problem) saturdays(w int, mask uint8) []int {
	var out []int
	for j := 0; j < 7; j++ {
		d := p.sat[7*w+j]
		if mask&(1<<j) != 0 && d >= 0 && (len(out) == 0 || out[len(out)-1] != d) {
			out = append(out, d)
		}
	}
	return out
}

// weekendsIn counts the weekends a tour of week w works on the days of
// mask.
func (p *problem) weekendsIn(w int, mask uint8) int {
	n, last := 0, -1
	for j := 0; j < 7; j++ {
		if d := p.sat[7*w+j]; mask&(1<<j) != 0 && d >= 0 && d != last {
			n, last = n+1, d
		}
	}
	return n
}

// rotation is what a tour of week w on the days of mask adds to the sum of
// squares of agent ag's weekends worked, ag.weekends before it: the
// tie-break that rotates weekends over the horizon.
func (p *problem) rotation(ag *pagent, w int, mask uint8) float64 {
	x := p.weekendsIn(w, mask)
	return float64(x * (2*ag.weekends + x))
}

// rotate adds (sign 1) or removes (-1) the weekends agent tour t works,
// keeping the sum of squares of the agents' weekends worked in the
// fairness term.
func (st *state) rotate(t *tour, sign float64) {
	x := st.p.weekendsIn(t.week, t.mask)
	if x == 0 {
		return
	}
	n := &st.weekends[t.agent]
	before := *n * *n
	*n += int(sign) * x
	st.fair += float64(*n**n - before)
}

// balanceWeekends swaps two agents' tours of a week where one who has
// worked more weekends hands a weekend tour to one who has worked fewer,
// when each may work the other's tour and the cost does not rise. The
// tours stay as they are, so coverage does too; only who works them
// changes, until no swap evens out the weekends further.
func (st *state) balanceWeekends(at [][]*tour) {
	p := st.p
	if p.weeks < 2 {
		return // one weekend each at most: nothing to rotate
	}
	for pass := 0; pass < 10; pass++ {
		swapped := false
		for w := 0; w < p.weeks; w++ {
			for a := range at {
				ta := at[a][w]
				if ta == nil || p.weekendsIn(w, ta.mask) == 0 {
					continue
				}
				for b := range at {
					tb := at[b][w]
					if tb == nil || b == a {
						continue
					}
					// handing over g weekends evens out the squares when
					// the gap is wider than g
					if g := p.weekendsIn(w, ta.mask) - p.weekendsIn(w, tb.mask); g <= 0 || st.weekends[a]-st.weekends[b] <= g {
						continue
					}
					if st.swapTours(at, a, b, w) {
						swapped = true
						ta = at[a][w]
						if p.weekendsIn(w, ta.mask) == 0 {
							break
						}
					}
				}
			}
		}
		if !swapped {
			return
		}
	}
}

// swapTours gives agent a the tour of agent b in week w and b a's, if both
// may work them and the cost does not rise; it reports whether it did.
func (st *state) swapTours(at [][]*tour, a, b, w int) bool {
	p := st.p
	ta, tb := at[a][w], at[b][w]
	if !p.mayWork(at, b, ta) || !p.mayWork(at, a, tb) {
		return false
	}
	costA := float64(popcount(tb.mask)) * p.agents[a].shiftCost(&p.tmpls[tb.tmpl])
	costB := float64(popcount(ta.mask)) * p.agents[b].shiftCost(&p.tmpls[ta.tmpl])
	if costA+costB > ta.cost+tb.cost+1e-9 {
		return false
	}
	st.apply(ta, -1)
	st.apply(tb, -1)
	ta.agent, tb.agent = b, a
	ta.cost, tb.cost = costB, costA
	st.apply(ta, 1)
	st.apply(tb, 1)
	at[a][w], at[b][w] = tb, ta
	return true
}
