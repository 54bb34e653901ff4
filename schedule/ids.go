package schedule

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// namer gives anonymous tours their ids. The same person works on from
// week to week: week by week, each template's tours of a series are matched
// to the ids of the weeks before (at least cost: rest honoured across the
// week boundary, weekend work shared evenly, time off respected), new ids
// numbered after the largest taking what is left. Ids of a template are
// numbered series after series, so rosters of series built apart share one
// numbering.
type namer struct {
	count    map[string]int // per template (lower case): ids handed out
	off      map[idKey][]TimeOff
	seen     map[idKey]bool // ids with time off that some series has numbered
	honoured []TimeOff
	warnings []string
}

type idKey struct {
	tmpl string // lower case
	num  int
}

// newNamer sorts the time off by the template ids it names; entries naming
// no template id are kept for a warning.
func newNamer(templates []Template, timeOff []TimeOff) *namer {
	nm := &namer{count: map[string]int{}, off: map[idKey][]TimeOff{}, seen: map[idKey]bool{}}
	names := map[string]bool{}
	for _, t := range templates {
		names[strings.ToLower(t.Name)] = true
	}
	for _, e := range timeOff {
		k, ok := parseID(e.AgentID)
		if !ok || !names[k.tmpl] {
			k = idKey{strings.ToLower(e.AgentID), 0}
		}
		nm.off[k] = append(nm.off[k], e)
	}
	return nm
}

// NamesTour reports whether id names a tour of one of templates, as
// rosters without named agents call them: FT8-007.
func NamesTour(id string, templates []Template) bool {
	k, ok := parseID(id)
	return ok && slices.ContainsFunc(templates, func(t Template) bool { return strings.ToLower(t.Name) == k.tmpl })
}

// parseID reads a template id such as FT8-007.
func parseID(id string) (idKey, bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return idKey{}, false
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n <= 0 || strings.ContainsAny(id[i+1:], "+-") {
		return idKey{}, false
	}
	return idKey{strings.ToLower(id[:i]), n}, true
}

// id is the name of tour number num of template tmpl: zero-padded to the
// width of the template's largest number, at least three digits, so that
// ids sort in number order.
func (nm *namer) id(tmpl string, num int) string {
	w := max(3, len(strconv.Itoa(nm.count[strings.ToLower(tmpl)])))
	return fmt.Sprintf("%s-%0*d", tmpl, w, num)
}

// finish warns of time off naming no id of the roster and hands over the
// time off honoured.
func (nm *namer) finish(r *Roster) {
	var lost []string
	for k, es := range nm.off {
		if !nm.seen[k] {
			for _, e := range es {
				lost = append(lost, fmt.Sprintf("time off of %s on %s: the roster has no tour of that id", e.AgentID, e.Start.Format("2006-01-02")))
			}
		}
	}
	sort.Strings(lost)
	r.Warnings = append(r.Warnings, nm.warnings...)
	r.Warnings = append(r.Warnings, lost...)
	sort.SliceStable(nm.honoured, func(i, j int) bool {
		a, b := nm.honoured[i], nm.honoured[j]
		if a.AgentID != b.AgentID {
			return a.AgentID < b.AgentID
		}
		return a.Start.Before(b.Start)
	})
	r.TimeOff = append(r.TimeOff, nm.honoured...)
}

// Costs of matching a tour to an id: a new id costs more than any weekend
// imbalance, ignoring time off more than a new id, and too little rest
// more than anything (a new id always avoids it).
const (
	costTooLittleRest = 1e9
	costTimeOff       = 1e6
	costNewID         = 1e4
	costNumber        = 1e-6 // per id number: lower numbers first
)

// minRest is the least rest, in minutes, between two shifts of one agent
// of template tm; without one, shifts must still not overlap.
func (tm *ptmpl) minRest() int { return int(tm.MinRest / time.Minute) }

// person is one id of a series and template as the weeks are matched.
type person struct {
	num      int // number within the template
	lastEnd  int // minute the last shift ends; math.MinInt before any
	weekends int
	lastSat  int // day of the Saturday of the last weekend worked
	tours    []*tour
	off      []offTime
}

// offTime is a TimeOff in minutes from the grid's origin.
type offTime struct {
	TimeOff
	a, b int
}

// wholeDays reports whether an activity takes whole days, midnight to
// midnight: the agent then spends those working days on it.
func (o offTime) wholeDays() bool { return o.a%(24*60) == 0 && o.b%(24*60) == 0 }

// name numbers the tours of each series and template of st, and applies
// the time off of the ids numbered: activities leave the queue.
func (nm *namer) name(st *state) {
	p := st.p
	type group struct{ ser, tmpl int }
	groups := map[group][][]*tour{}
	for _, t := range st.tours {
		g := group{t.ser, t.tmpl}
		if groups[g] == nil {
			groups[g] = make([][]*tour, p.weeks)
		}
		groups[g][t.week] = append(groups[g][t.week], t)
	}
	for s := range p.series {
		for k := range p.tmpls {
			weeks := groups[group{s, k}]
			if weeks == nil {
				continue
			}
			key := strings.ToLower(p.tmpls[k].Name)
			people := nm.match(p, &p.tmpls[k], key, weeks)
			nm.count[key] += len(people)
			for _, ps := range people {
				nm.timeOff(st, &p.tmpls[k], ps)
			}
		}
	}
}

// match assigns the tours of one series and template, week by week, to
// ids numbered after the template's ids so far; it returns the ids.
func (nm *namer) match(p *problem, tm *ptmpl, key string, weeks [][]*tour) []*person {
	base := nm.count[key]
	var people []*person
	newPerson := func() *person {
		ps := &person{num: base + len(people) + 1, lastEnd: math.MinInt, lastSat: math.MinInt}
		for _, e := range nm.off[idKey{key, ps.num}] {
			ps.off = append(ps.off, offTime{e, p.g.minute(e.Start), p.g.minute(e.End)})
		}
		people = append(people, ps)
		return ps
	}
	for w, tours := range weeks {
		sort.SliceStable(tours, func(i, j int) bool { return tourLess(tours[i], tours[j]) })
		n := len(tours)
		old := len(people)
		// enough new ids for every tour, besides those whose time off
		// might keep them resting
		for free := 0; free < n; {
			if len(newPerson().off) == 0 {
				free++
			}
		}
		sats := make([][]int, n)
		for i, t := range tours {
			sats[i] = p.saturdays(t.week, t.mask)
		}
		cols := len(people)
		cost := make([]float64, n*cols)
		for i, t := range tours {
			first, _ := p.tourSpan(t)
			for c, ps := range people {
				x := 0
				for _, d := range sats[i] {
					if d > ps.lastSat {
						x++
					}
				}
				v := float64(x*(2*ps.weekends+x)) + costNumber*float64(ps.num)
				if c >= old {
					v += costNewID
				}
				if ps.lastEnd != math.MinInt && first-ps.lastEnd < tm.minRest() {
					v += costTooLittleRest
				}
				if len(ps.off) > 0 && !fitsAll(p, ps.off, []*tour{t}, w) {
					v += costTimeOff
				}
				// An id with an activity this week must work: resting it
				// ignores the activity as surely as a tour that misses it.
				if needsWork(p, ps.off, w) {
					v -= costTimeOff
				}
				cost[i*cols+c] = v
			}
		}
		col := make([]int, n)
		for i := range col {
			col[i] = old + i
		}
		// With only new ids and no time off any assignment is as good.
		if old > 0 || slices.ContainsFunc(people, func(ps *person) bool { return len(ps.off) > 0 }) {
			col = assign(n, cols, cost)
		}
		// New ids without time off are interchangeable: number them in the
		// tours' order.
		var free []int
		for _, c := range col {
			if c >= old && len(people[c].off) == 0 {
				free = append(free, c)
			}
		}
		sort.Ints(free)
		for i, c := range col {
			if c >= old && len(people[c].off) == 0 {
				col[i], free = free[0], free[1:]
			}
		}
		for i, t := range tours {
			ps := people[col[i]]
			_, ps.lastEnd = p.tourSpan(t)
			for _, d := range sats[i] {
				if d > ps.lastSat {
					ps.weekends++
					ps.lastSat = d
				}
			}
			ps.tours = append(ps.tours, t)
			t.num = ps.num
		}
		// Keep the new ids up to the largest used: one skipped for its
		// time off stays, resting.
		last := old
		for c := old; c < len(people); c++ {
			if len(people[c].tours) > 0 {
				last = c + 1
			}
		}
		people = people[:last]
	}
	return people
}

// tourSpan is the minute tour t's first shift starts and the minute its
// last shift ends.
func (p *problem) tourSpan(t *tour) (first, last int) {
	first, last = math.MaxInt, math.MinInt
	tm := &p.tmpls[t.tmpl]
	for j := 0; j < 7; j++ {
		if t.mask&(1<<j) != 0 {
			a := (7*t.week+j)*24*60 + int(t.start[j])
			first, last = min(first, a), max(last, a+tm.span)
		}
	}
	return first, last
}

// shiftSpan is the minutes [a, b) of tour t's shift on day j.
func (p *problem) shiftSpan(t *tour, j int) (a, b int) {
	a = (7*t.week+j)*24*60 + int(t.start[j])
	return a, a + p.tmpls[t.tmpl].span
}

// needsWork reports whether an activity of offs falls in week w.
func needsWork(p *problem, offs []offTime, w int) bool {
	for _, o := range offs {
		if o.Kind != Leave && o.a < (7*w+7)*24*60 && o.b > 7*w*24*60 {
			return true
		}
	}
	return false
}

// fitsAll reports whether tours honour every time off of offs, as far as
// it concerns week w (w < 0: every week): no shift overlaps leave, a shift
// holds each activity (each of its days, for whole days).
func fitsAll(p *problem, offs []offTime, tours []*tour, w int) bool {
	for _, o := range offs {
		if !fits(p, o, tours, w) {
			return false
		}
	}
	return true
}

func fits(p *problem, o offTime, tours []*tour, w int) bool {
	from, to := 0, p.g.days
	if w >= 0 {
		from, to = 7*w, 7*w+7
	}
	if o.Kind == Leave {
		for _, t := range tours {
			for j := 0; j < 7; j++ {
				if a, b := p.shiftSpan(t, j); t.mask&(1<<j) != 0 && a < o.b && b > o.a {
					return false
				}
			}
		}
		return true
	}
	holds := func(d int, whole bool) bool {
		for _, t := range tours {
			j := d - 7*t.week
			if j < 0 || j >= 7 || t.mask&(1<<j) == 0 {
				continue
			}
			if a, b := p.shiftSpan(t, j); whole || a <= o.a && o.b <= b {
				return true
			}
		}
		return false
	}
	if o.wholeDays() {
		for d := max(from, o.a/(24*60)); d < min(to, o.b/(24*60)); d++ {
			if !holds(d, true) {
				return false
			}
		}
		return true
	}
	d := int(math.Floor(float64(o.a) / (24 * 60)))
	if d < from || d >= to {
		return true
	}
	// A shift starting the day before may hold it too.
	return holds(d, false) || holds(d-1, false)
}

// timeOff checks the time off of one id against its tours: honoured time
// off is kept, activities placed in the shifts holding them and taken off
// the queue; the rest is warned about.
func (nm *namer) timeOff(st *state, tm *ptmpl, ps *person) {
	p := st.p
	if len(ps.off) > 0 {
		nm.seen[idKey{strings.ToLower(tm.Name), ps.num}] = true
	}
	for _, o := range ps.off {
		if !fits(p, o, ps.tours, -1) {
			nm.warnings = append(nm.warnings, fmt.Sprintf("time off of %s on %s (%s): no tour of the roster fits it", o.AgentID, o.Start.Format("2006-01-02"), o.Kind))
			continue
		}
		nm.honoured = append(nm.honoured, o.TimeOff)
		if o.Kind == Leave {
			continue
		}
		for _, t := range ps.tours {
			for j := 0; j < 7; j++ {
				if t.mask&(1<<j) == 0 {
					continue
				}
				a, b := p.shiftSpan(t, j)
				x, y := max(a, o.a), min(b, o.b)
				if x >= y {
					continue
				}
				st.applyDay(t, j, -1)
				t.act = append(t.act, act{day: int8(j), kind: p.kind(o.Kind), at: int32(x), length: int32(y - x)})
				st.applyDay(t, j, 1)
			}
		}
	}
}

// assign solves the assignment problem: for each of n rows, a distinct one
// of m >= n columns, at least total cost (cost row by row). It is the
// shortest augmenting path method with potentials, O(n^2 m).
func assign(n, m int, cost []float64) []int {
	u := make([]float64, n+1)
	v := make([]float64, m+1)
	row := make([]int, m+1) // row+1 assigned to column j-1; 0 none
	way := make([]int, m+1)
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		row[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = math.Inf(1), false
		}
		for {
			used[j0] = true
			i0, delta, j1 := row[j0], math.Inf(1), 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if c := cost[(i0-1)*m+j-1] - u[i0] - v[j]; c < minv[j] {
					minv[j], way[j] = c, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[row[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if row[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			row[j0] = row[j1]
			j0 = j1
		}
	}
	col := make([]int, n)
	for j := 1; j <= m; j++ {
		if row[j] != 0 {
			col[row[j]-1] = j - 1
		}
	}
	return col
}
