package schedule

import (
	"cmp"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/schedule/staff"
)

const day = 24 * time.Hour

// Span is how long one of the template's shifts lasts from start to end:
// the paid length plus its unpaid breaks.
func (t Template) Span() time.Duration {
	s := t.Length
	for _, b := range t.Breaks {
		if !b.Paid {
			s += b.Length
		}
	}
	return s
}

// Starts lists the allowed daily start times, from EarliestStart to
// LatestStart every StartStep. A zero StartStep allows EarliestStart only.
func (t Template) Starts() []time.Duration {
	if t.StartStep <= 0 {
		return []time.Duration{t.EarliestStart}
	}
	var s []time.Duration
	for at := t.EarliestStart; at <= t.LatestStart; at += t.StartStep {
		s = append(s, at)
	}
	return s
}

func (t Template) costPerHour() float64 {
	if t.CostPerHour == 0 {
		return 1
	}
	return t.CostPerHour
}

// MinStartStep is the finest Template.StartStep: starts lie on whole
// minutes, and a finer step multiplies the tours searched for no coverage a
// planner could use.
const MinStartStep = 5 * time.Minute

// Validate checks that the template describes tours that can exist. The
// error is a *staff.FieldError naming the offending field as shift files
// spell it.
func (t Template) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &staff.FieldError{Field: field, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case strings.TrimSpace(t.Name) == "":
		return bad("name", "a template needs a name")
	case t.Length <= 0:
		return bad("length", "must be positive, got %s", dur.Text(t.Length))
	case t.EarliestStart < 0 || t.EarliestStart >= day:
		return bad("earliest_start", "must be a time of day, got %s", dur.Text(t.EarliestStart))
	case t.LatestStart < 0 || t.LatestStart >= day:
		return bad("latest_start", "must be a time of day, got %s", dur.Text(t.LatestStart))
	case t.LatestStart < t.EarliestStart:
		return bad("latest_start", "%s is before earliest_start %s", clock(t.LatestStart), clock(t.EarliestStart))
	case t.StartStep < 0:
		return bad("start_step", "must not be negative, got %s", dur.Text(t.StartStep))
	case t.StartStep != 0 && (t.StartStep < MinStartStep || t.StartStep%time.Minute != 0):
		return bad("start_step", "must be whole minutes, at least %s, got %s", dur.Text(MinStartStep), dur.Text(t.StartStep))
	case t.StartStep == 0 && t.LatestStart != t.EarliestStart:
		return bad("start_step", "needed when latest_start differs from earliest_start")
	case t.DaysPerWeek < 1 || t.DaysPerWeek > 7:
		return bad("days_per_week", "must be 1 to 7, got %d", t.DaysPerWeek)
	case t.DaysOff != "" && t.DaysOff != Consecutive && t.DaysOff != AnyDaysOff:
		return bad("days_off", "must be %q or %q, got %q", Consecutive, AnyDaysOff, t.DaysOff)
	case t.CostPerHour < 0:
		return bad("cost_per_hour", "must not be negative, got %g", t.CostPerHour)
	case t.MaxTours < 0:
		return bad("max_tours", "must not be negative, got %d", t.MaxTours)
	case t.Span() > day:
		return bad("length", "a shift with its unpaid breaks lasts %s, longer than a day", dur.Text(t.Span()))
	case t.MinBreakGap < 0:
		return bad("min_break_gap", "must not be negative, got %s", dur.Text(t.MinBreakGap))
	case t.MinRest < 0:
		return bad("min_rest", "must not be negative, got %s", dur.Text(t.MinRest))
	case t.Span()+t.MinRest > day:
		// so the rest between days off apart and between same-start
		// shifts is always enough, and only next-day starts are checked
		return bad("min_rest", "%s of rest after a %s shift leaves no start the next day", dur.Text(t.MinRest), dur.Text(t.Span()))
	}
	if n := countDays(t.workdays()); n < t.DaysPerWeek {
		return bad("days_per_week", "%d days a week, but days allows only %d", t.DaysPerWeek, n)
	}
	if len(t.patterns(time.Sunday, 7)) == 0 {
		return bad("days_off", "%d working days with %s days off do not fit on the allowed days", t.DaysPerWeek, t.DaysOff)
	}
	span := t.Span()
	next := time.Duration(0) // breaks are placed in order, each after the previous one
	for i, b := range t.Breaks {
		switch {
		case b.Length <= 0:
			return bad("breaks", "break %d: length must be positive", i+1)
		case b.EarliestAfter < 0 || b.LatestAfter < b.EarliestAfter:
			return bad("breaks", "break %d: latest_after %s is before earliest_after %s", i+1, dur.Text(b.LatestAfter), dur.Text(b.EarliestAfter))
		case b.EarliestAfter+b.Length > span:
			return bad("breaks", "break %d does not fit in the %s shift", i+1, dur.Text(span))
		}
		at := max(next, b.EarliestAfter)
		if at > b.LatestAfter || at+b.Length > span {
			if t.MinBreakGap > 0 {
				return bad("breaks", "break %d cannot be placed %s after the breaks before it (min_break_gap)", i+1, dur.Text(t.MinBreakGap))
			}
			return bad("breaks", "break %d cannot be placed after the breaks before it", i+1)
		}
		next = at + b.Length + t.MinBreakGap
	}
	return nil
}

// weeklyHours is the paid hours of a full week's tour.
func (t Template) weeklyHours() float64 { return float64(t.DaysPerWeek) * t.Length.Hours() }

// allowed reports whether agent a may work tours of template t: the name is
// allowed, the weekly hours fit and some start fits the agent's day.
func (a Agent) allowed(t Template) bool {
	if len(a.Templates) > 0 && !nameIn(t.Name, a.Templates) {
		return false
	}
	h := t.weeklyHours()
	if h < a.MinHours-1e-9 || (a.MaxHours > 0 && h > a.MaxHours+1e-9) {
		return false
	}
	if !a.fitsDays(t) {
		return false
	}
	for _, s := range t.Starts() {
		if a.startFits(t, s) {
			return true
		}
	}
	return false
}

// startFits reports whether a shift of t starting at s respects the agent's
// earliest start and latest end.
func (a Agent) startFits(t Template, s time.Duration) bool {
	return s >= a.EarliestStart && (a.LatestEnd == 0 || s+t.Span() <= a.LatestEnd)
}

// fitsDays reports whether some working week of t (its days-off pattern)
// falls on days the agent is available.
func (a Agent) fitsDays(t Template) bool {
	var avail uint8
	for w, ok := range a.Days {
		if ok {
			avail |= 1 << w
		}
	}
	for _, m := range t.patterns(time.Sunday, 7) { // bit w: weekday w
		if m&avail == m {
			return true
		}
	}
	return false
}

func countDays(d [7]bool) int {
	n := 0
	for _, ok := range d {
		if ok {
			n++
		}
	}
	return n
}

// Validate checks that the agent can be given a tour of one of templates.
// The error is a *FieldError naming the offending column of agent files.
func (a Agent) Validate(templates []Template) error {
	bad := func(field, format string, args ...any) error {
		return &staff.FieldError{Field: field, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case strings.TrimSpace(a.ID) == "":
		return bad("agent_id", "an agent needs an id")
	case a.MinHours < 0:
		return bad("min_hours", "must not be negative, got %g", a.MinHours)
	case a.MaxHours < 0:
		return bad("max_hours", "must not be negative, got %g", a.MaxHours)
	case a.MaxHours > 0 && a.MaxHours < a.MinHours:
		return bad("max_hours", "%g is below min_hours %g", a.MaxHours, a.MinHours)
	case a.EarliestStart < 0 || a.EarliestStart >= day:
		return bad("earliest_start", "must be a time of day, got %s", dur.Text(a.EarliestStart))
	case a.LatestEnd < 0 || a.LatestEnd > day:
		return bad("latest_end", "must be a time of day, got %s", dur.Text(a.LatestEnd))
	case a.CostPerHour < 0:
		return bad("cost_per_hour", "must not be negative, got %g", a.CostPerHour)
	}
	for _, n := range a.Templates {
		found := false
		for _, t := range templates {
			found = found || strings.EqualFold(strings.TrimSpace(n), t.Name)
		}
		if !found {
			return bad("shift", "no shift template is called %q", n)
		}
	}
	if a.MinHours == 0 && countDays(a.Days) == 0 {
		return nil // never available: rostered with no tour
	}
	var reasons []string
	for _, t := range templates {
		if a.allowed(t) {
			return nil
		}
		if len(a.Templates) > 0 && !nameIn(t.Name, a.Templates) {
			continue
		}
		h := t.weeklyHours()
		switch {
		case h < a.MinHours-1e-9 || (a.MaxHours > 0 && h > a.MaxHours+1e-9):
			reasons = append(reasons, fmt.Sprintf("%s gives %g h a week", t.Name, h))
		case !a.fitsDays(t):
			reasons = append(reasons, fmt.Sprintf("%s needs %d days with %s days off", t.Name, t.DaysPerWeek, cmp.Or(t.DaysOff, Consecutive)))
		default:
			reasons = append(reasons, fmt.Sprintf("no %s start fits %s-%s", t.Name, clock(a.EarliestStart), clock(a.LatestEnd)))
		}
	}
	field := "shift"
	switch {
	case len(reasons) == 0:
		return bad(field, "no shift template is allowed")
	case strings.Contains(reasons[0], "h a week"):
		field = "min_hours"
		if a.MaxHours > 0 {
			field = "max_hours"
		}
		return bad(field, "no allowed tour gives between %g and %s hours a week (%s)", a.MinHours, maxHoursText(a.MaxHours), strings.Join(reasons, "; "))
	case strings.Contains(reasons[0], "days"):
		return bad("available_days", "too few available days for any allowed tour (%s)", strings.Join(reasons, "; "))
	default:
		return bad("earliest_start", "no allowed shift fits the agent's hours (%s)", strings.Join(reasons, "; "))
	}
}

func nameIn(name string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(strings.TrimSpace(n), name) {
			return true
		}
	}
	return false
}

func maxHoursText(h float64) string {
	if h == 0 {
		return "any"
	}
	return fmt.Sprint(h)
}

// clock formats a time of day as HH:MM.
func clock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// workdays are the weekdays the template may work: Days, or every day.
func (t Template) workdays() [7]bool {
	if countDays(t.Days) == 0 {
		return [7]bool{true, true, true, true, true, true, true}
	}
	return t.Days
}

// patterns returns the day masks of the template's working weeks over a
// week of n days (n <= 7) whose day j falls on weekday first+j. Bit j set
// means the tour works day j. Days beyond n are dropped, so a partial week
// yields shorter tours. Only the template's workdays are worked. The
// result is sorted and free of duplicates.
func (t Template) patterns(first time.Weekday, n int) []uint8 {
	var allowed uint8
	for w, ok := range t.workdays() {
		if ok {
			allowed |= 1 << w
		}
	}
	off := 7 - t.DaysPerWeek
	var byWeekday []uint8 // bit w: works weekday w
	full := uint8(1<<7 - 1)
	if off == 0 {
		byWeekday = []uint8{full}
	} else if t.DaysOff == AnyDaysOff {
		for m := 0; m < 1<<7; m++ {
			if bits.OnesCount8(uint8(m)) == t.DaysPerWeek {
				byWeekday = append(byWeekday, uint8(m))
			}
		}
	} else {
		for s := 0; s < 7; s++ {
			m := full
			for k := 0; k < off; k++ {
				m &^= 1 << ((s + k) % 7)
			}
			byWeekday = append(byWeekday, m)
		}
	}
	seen := map[uint8]bool{}
	var out []uint8
	for _, wm := range byWeekday {
		if wm&^allowed != 0 {
			continue
		}
		var m uint8
		for j := 0; j < n; j++ {
			if wm&(1<<((int(first)+j)%7)) != 0 {
				m |= 1 << j
			}
		}
		if m != 0 && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// grid is the time frame of a set of requirements: whole days of equal
// intervals from the midnight starting the first day.
type grid struct {
	origin   time.Time // midnight of the first day
	interval int       // minutes
	// phase is where intervals start past the hour, in minutes: 15 for
	// half-hours at :15 and :45. A day's last interval runs past midnight.
	phase  int
	perDay int // intervals per day
	days   int
}

func (g grid) minutes() int { return g.days * 24 * 60 }
func (g grid) n() int       { return g.days * g.perDay }

// spread calls f for each interval the minutes [a, b) of a shift touch,
// with the share of the interval they cover. Minutes past the horizon's end
// wrap to its start: a roster repeats week after week, so the last night's
// shifts cover the first morning, as the same shifts of the week before do.
func (g grid) spread(a, b int, f func(i int, share float64)) {
	H := g.minutes()
	a, b = a-g.phase, b-g.phase
	if a < 0 {
		// The minutes before the first interval's start belong to the last
		// interval of the horizon, which runs past its final midnight.
		a, b = a+H, b+H
	}
	if a >= H {
		a, b = a-H, b-H
	}
	if b > H {
		g.spreadWithin(0, b-H, f)
		b = H
	}
	g.spreadWithin(a, b, f)
}

// spreadWithin is spread for 0 <= a <= b <= H, counted from the first
// interval's start.
func (g grid) spreadWithin(a, b int, f func(i int, share float64)) {
	L := g.interval
	for i := a / L; a < b; i++ {
		hi := min(b, (i+1)*L)
		f(i, float64(hi-a)/float64(L))
		a = hi
	}
}

// newGrid checks that the requirements' intervals are of one length that
// divides the day and lie on the grid of that length through the first
// interval's start, and returns the whole days they span.
func newGrid(reqs []staff.Requirement) (grid, error) {
	bad := func(format string, args ...any) error {
		return &staff.FieldError{Field: "interval_start", Err: fmt.Errorf(format, args...)}
	}
	if len(reqs) == 0 {
		return grid{}, errors.New("no requirements to schedule")
	}
	loc := reqs[0].Start.Location()
	first, last := reqs[0].Start, reqs[0].Start
	starts := make([]time.Time, len(reqs))
	for i, r := range reqs {
		starts[i] = r.Start.In(loc)
		if starts[i].Before(first) {
			first = starts[i]
		}
		if starts[i].After(last) {
			last = starts[i]
		}
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	step := time.Duration(0)
	for i := 1; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-1]); d > 0 && (step == 0 || d < step) {
			step = d
		}
	}
	if step == 0 {
		step = 24 * time.Hour
		if len(starts) > 0 && (starts[0].Hour() != 0 || starts[0].Minute() != 0) {
			return grid{}, bad("a single interval starting %s does not form a whole day", starts[0].Format("2006-01-02T15:04"))
		}
	}
	if step%time.Minute != 0 || day%step != 0 {
		return grid{}, bad("intervals of %s do not divide a day into whole intervals", dur.Text(step))
	}
	y, m, d := first.Date()
	origin := time.Date(y, m, d, 0, 0, 0, 0, loc)
	phase := first.Sub(origin) % step
	for _, s := range starts {
		y, m, d := s.Date()
		mid := time.Date(y, m, d, 0, 0, 0, 0, loc)
		if (s.Sub(mid)-phase)%step != 0 {
			return grid{}, bad("interval %s is off the %s grid of the first interval, %s", s.Format("2006-01-02T15:04"), dur.Text(step), first.Format("2006-01-02T15:04"))
		}
	}
	ly, lm, ld := last.Date()
	lastMid := time.Date(ly, lm, ld, 0, 0, 0, 0, loc)
	days := int(lastMid.Sub(origin).Round(time.Hour)/day) + 1
	return grid{origin: origin, interval: int(step / time.Minute), phase: int(phase / time.Minute), perDay: int(day / step), days: days}, nil
}

// index returns the interval of t on the grid, ignoring daylight-saving
// shifts: every day has the same number of intervals.
func (g grid) index(t time.Time) int {
	d, m := g.dayMinute(t)
	return d*g.perDay + (m-g.phase)/g.interval
}

// dayMinute returns t's day on the grid, counting whole calendar days from
// the origin, and its minute in that day.
func (g grid) dayMinute(t time.Time) (int, int) {
	t = t.In(g.origin.Location())
	y, m, d := t.Date()
	mid := time.Date(y, m, d, 0, 0, 0, 0, g.origin.Location())
	return int(mid.Sub(g.origin).Round(time.Hour) / day), int(t.Sub(mid) / time.Minute)
}

// at returns the date-time minute m minutes after the origin, counting whole
// calendar days so that shifts keep their clock times across DST changes.
func (g grid) at(m int) time.Time {
	d := m / (24 * 60)
	y, mo, dd := g.origin.Date()
	return time.Date(y, mo, dd+d, 0, 0, 0, 0, g.origin.Location()).Add(time.Duration(m%(24*60)) * time.Minute)
}
