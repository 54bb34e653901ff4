package staff

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/schedule/erlang"
)

// Targets is the service targets of a centre: at most one row per channel
// and region, a row with an empty region applying to every region of its
// channel without a row of its own.
type Targets []Target

// For returns the target of a channel and region: the row of exactly that
// channel and region, else the channel's row with an empty region. Channels
// and regions compare case-insensitively and trimmed, as agents' skills do,
// so "CHAT" finds the row of "chat". It costs O(len(ts)).
func (ts Targets) For(channel, region string) (Target, bool) {
	channel, region = fold(channel), fold(region)
	fallback := -1
	for i := range ts {
		t := &ts[i]
		if fold(t.Channel) != channel {
			continue
		}
		r := fold(t.Region)
		if r == region {
			return *t, true
		}
		if r == "" && fallback < 0 {
			fallback = i
		}
	}
	if fallback < 0 {
		return Target{}, false
	}
	return ts[fallback], true
}

// check validates every row and rejects two rows For cannot tell apart.
func (ts Targets) check() error {
	seen := make(map[[2]string]bool, len(ts))
	for _, t := range ts {
		if err := t.Validate(); err != nil {
			return fmt.Errorf("target for channel %q region %q: %w", t.Channel, t.Region, err)
		}
		k := [2]string{fold(t.Channel), fold(t.Region)}
		if seen[k] {
			return fmt.Errorf("two targets for channel %q region %q", t.Channel, t.Region)
		}
		seen[k] = true
	}
	return nil
}

// fold is the form in which channels and regions compare.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Summary states the target's goals as a planner writes them: "80/20",
// "80/20, asa 15s, occupancy 85%", "within 24h".
func (t Target) Summary() string {
	var goals []string
	if t.kind() == Deferred {
		goals = append(goals, "within "+dur.Text(time.Duration(t.ResponseHours*float64(time.Hour))))
	}
	if t.ServiceLevel > 0 {
		goals = append(goals, fmt.Sprintf("%g/%g", t.ServiceLevel*100, t.AnswerSeconds))
	}
	if t.ASASeconds > 0 {
		goals = append(goals, "asa "+dur.Text(time.Duration(t.ASASeconds*float64(time.Second))))
	}
	if t.MaxOccupancy > 0 && t.MaxOccupancy < 1 {
		goals = append(goals, fmt.Sprintf("occupancy %g%%", t.MaxOccupancy*100))
	}
	if len(goals) == 0 {
		return "no goal"
	}
	return strings.Join(goals, ", ")
}

// kind returns the target's kind with the default applied.
func (t Target) kind() Kind {
	if t.Kind == "" {
		return Immediate
	}
	return t.Kind
}

// concurrency returns the contacts one agent handles at once, default 1.
func (t Target) concurrency() float64 {
	if t.Concurrency == 0 {
		return 1
	}
	return t.Concurrency
}

// occupancyCap returns MaxOccupancy, 1 when unset.
func (t Target) occupancyCap() float64 {
	if t.MaxOccupancy == 0 {
		return 1
	}
	return t.MaxOccupancy
}

// Validate checks that the target can be staffed. The error is a
// *FieldError naming the offending field as target files spell it
// (service_level, shrinkage, ...).
//
// Every target is reachable once valid: under Erlang C and Erlang A the
// service level tends to 1 and the ASA to 0 as agents are added, so the only
// unreachable service goals are those outside their ranges: a service level
// of 1 or more, or a negative ASA (a zero ASA means no ASA target). Goals of
// the other kind are rejected rather than ignored: deferred work is staffed
// by response_hours and has no service level, ASA or patience; immediate
// contacts have no response_hours.
func (t Target) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
	}
	finite := []struct {
		field string
		v     float64
	}{
		{"service_level", t.ServiceLevel}, {"answer_seconds", t.AnswerSeconds},
		{"asa_seconds", t.ASASeconds}, {"max_occupancy", t.MaxOccupancy},
		{"shrinkage", t.Shrinkage}, {"concurrency", t.Concurrency},
		{"patience_seconds", t.PatienceSeconds}, {"response_hours", t.ResponseHours},
		{"aht_seconds", t.AHTSeconds},
	}
	for _, f := range finite {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return bad(f.field, "must be a finite number, got %v", f.v)
		}
	}
	k := t.kind()
	switch {
	case strings.TrimSpace(t.Channel) == "":
		return bad("channel", "a target needs a channel")
	case k != Immediate && k != Deferred:
		return bad("kind", "must be %q or %q, got %q", Immediate, Deferred, t.Kind)
	case t.ServiceLevel != 0 && (t.ServiceLevel <= 0 || t.ServiceLevel >= 1):
		return bad("service_level", "must be between 0 and 1 (exclusive), got %g", t.ServiceLevel)
	case t.AnswerSeconds < 0:
		return bad("answer_seconds", "must not be negative, got %g", t.AnswerSeconds)
	case t.ASASeconds < 0:
		return bad("asa_seconds", "must be positive (0: no ASA target), got %g", t.ASASeconds)
	case t.MaxOccupancy != 0 && (t.MaxOccupancy <= 0 || t.MaxOccupancy > 1):
		return bad("max_occupancy", "must be in (0, 1], got %g", t.MaxOccupancy)
	case t.Shrinkage < 0 || t.Shrinkage >= 1:
		return bad("shrinkage", "must be in [0, 1), got %g", t.Shrinkage)
	case t.Concurrency != 0 && (t.Concurrency < 1 || t.Concurrency > MaxConcurrency):
		return bad("concurrency", "must be between 1 and %d contacts per agent, got %g", MaxConcurrency, t.Concurrency)
	case t.PatienceSeconds < 0:
		return bad("patience_seconds", "must not be negative, got %g", t.PatienceSeconds)
	case t.ResponseHours < 0:
		return bad("response_hours", "must not be negative, got %g", t.ResponseHours)
	case t.AHTSeconds < 0:
		return bad("aht_seconds", "must not be negative, got %g", t.AHTSeconds)
	case t.MinAgents < 0 || t.MinAgents > MaxAgents:
		return bad("min_agents", "must be between 0 and %d, got %d", MaxAgents, t.MinAgents)
	}
	if k == Deferred {
		switch {
		case t.ResponseHours == 0:
			return bad("response_hours", "deferred work needs a response time in hours")
		case t.ServiceLevel != 0:
			return bad("service_level", "deferred work is staffed by response_hours, not a service level")
		case t.ASASeconds != 0:
			return bad("asa_seconds", "deferred work is staffed by response_hours, not an ASA")
		case t.PatienceSeconds != 0:
			return bad("patience_seconds", "deferred work does not abandon; leave patience_seconds empty")
		}
	} else if t.ResponseHours != 0 {
		return bad("response_hours", "applies to deferred work only; set kind to deferred or use service_level")
	}
	return nil
}

// goals returns the targets of the Erlang search, for one chat slot.
func (t Target) goals() erlang.Targets {
	return erlang.Targets{
		ServiceLevel: t.ServiceLevel,
		Answer:       t.AnswerSeconds,
		ASA:          t.ASASeconds,
		MaxOccupancy: t.MaxOccupancy,
	}
}

// Agents returns the fewest on-seat agents meeting the target in one
// interval offered contacts with mean handle time ahtSeconds (<= 0 or NaN:
// the target's AHTSeconds), and the service they give: the Erlang C (with a
// patience, Erlang A) metrics of their ⌊agents × concurrency⌋ chat slots,
// Agents in the metrics counting slots. MinAgents floors the count; no
// contacts need no agents. This is Staff for a single interval, except that
// deferred work is staffed for the interval's own workload at the occupancy
// cap (Staff spreads it over the response window). The error is a
// *FieldError: the field Validate finds wrong, aht_seconds when contacts
// have no handle time (wrapping ErrNoAHT), contacts beyond MaxContacts or
// erlang.MaxLoad, service_level or asa_seconds for targets beyond float64
// reach (wrapping erlang.ErrUnreachable). Cost: one fewest-agents search.
func (t Target) Agents(contacts, ahtSeconds float64, interval time.Duration) (int, erlang.Metrics, error) {
	if err := t.Validate(); err != nil {
		return 0, erlang.Metrics{}, err
	}
	aht, err := t.handleTime(contacts, ahtSeconds, interval)
	if err != nil {
		return 0, erlang.Metrics{}, err
	}
	if t.kind() == Deferred {
		n, m := t.deferred(erlang.Load(contacts, aht, interval.Seconds()))
		return n, m, nil
	}
	return t.immediate(contacts, aht, interval.Seconds(), nil)
}

// handleTime checks one interval's offer and resolves its AHT.
func (t *Target) handleTime(contacts, ahtSeconds float64, interval time.Duration) (float64, error) {
	if !(contacts >= 0) || math.IsInf(contacts, 1) || interval <= 0 {
		return 0, fmt.Errorf("contacts %v in an interval of %s: want a non-negative number and a positive interval", contacts, dur.Text(interval))
	}
	aht := ahtSeconds
	if !(aht > 0) || math.IsInf(aht, 1) {
		aht = t.AHTSeconds
	}
	if contacts > 0 && !(aht > 0) {
		return 0, &FieldError{Field: "aht_seconds", Err: ErrNoAHT}
	}
	return aht, checkLoad(contacts, aht, interval)
}

// checkLoad bounds one interval's offer: contacts at most MaxContacts and a
// load the Erlang search takes. The error is a *FieldError on contacts.
func checkLoad(contacts, aht float64, interval time.Duration) error {
	if err := checkContacts(contacts); err != nil {
		return err
	}
	if a := erlang.Load(contacts, aht, interval.Seconds()); a > erlang.MaxLoad {
		return &FieldError{Field: "contacts", Err: fmt.Errorf("%g contacts of %gs in %s: %w", contacts, aht, dur.Text(interval), erlang.ErrLoad)}
	}
	return nil
}

// Evaluate returns the service a given number of on-seat agents gives in one
// interval, as Agents measures it: the Erlang C (with a patience, Erlang A)
// metrics of their ⌊agents × concurrency⌋ slots, for the neighbouring
// counts an analyst compares. Deferred work reports the capacity at the
// occupancy cap: ServiceLevel is the share of the interval's workload it
// covers (at most 1), Occupancy the load over the slots (at most 1).
// Errors as for Agents; it costs one Erlang evaluation and panics on a
// negative agents.
func (t Target) Evaluate(agents int, contacts, ahtSeconds float64, interval time.Duration) (erlang.Metrics, error) {
	if agents < 0 {
		panic(fmt.Sprintf("staff: negative agents %d", agents))
	}
	if err := t.Validate(); err != nil {
		return erlang.Metrics{}, err
	}
	aht, err := t.handleTime(contacts, ahtSeconds, interval)
	if err != nil {
		return erlang.Metrics{}, err
	}
	slots := int(math.Floor(float64(agents) * t.concurrency()))
	if contacts == 0 {
		return erlang.Metrics{Agents: slots, ServiceLevel: 1, Stable: true}, nil
	}
	load := erlang.Load(contacts, aht, interval.Seconds())
	if t.kind() == Deferred {
		m := erlang.Metrics{Agents: slots, Load: load, Stable: true, Occupancy: 1}
		m.ServiceLevel = math.Min(1, float64(agents)*t.concurrency()*t.occupancyCap()/load)
		if agents > 0 {
			m.Occupancy = math.Min(1, load/(float64(agents)*t.concurrency()))
		}
		return m, nil
	}
	return erlang.Queue{Load: load, AHT: aht, Patience: t.PatienceSeconds}.Evaluate(slots, t.AnswerSeconds), nil
}

// searchHint carries the last answer of a series to the next interval's
// search: slots needed at a load.
type searchHint struct {
	slots int
	load  float64
}

// guess returns the slots to start the search at for load a: the last
// answer moved by the change in load, which staffing follows about one for
// one. 0 means no guess.
func (h *searchHint) guess(a float64) int {
	if h == nil || h.slots == 0 {
		return 0
	}
	return max(1, h.slots+int(math.Round(a-h.load)))
}

// immediate solves one interval of a queue on chat slots, as Agents,
// starting the search from the hint, which it updates; hint may be nil.
func (t *Target) immediate(contacts, aht, seconds float64, hint *searchHint) (int, erlang.Metrics, error) {
	c := t.concurrency()
	if contacts == 0 {
		n := t.MinAgents
		return n, erlang.Metrics{Agents: int(float64(n) * c), ServiceLevel: 1, Stable: true}, nil
	}
	q := erlang.Queue{Load: erlang.Load(contacts, aht, seconds), AHT: aht, Patience: t.PatienceSeconds}
	m, err := q.AgentsNear(t.goals(), hint.guess(q.Load))
	if err != nil {
		field := "service_level"
		if t.ASASeconds > 0 {
			field = "asa_seconds"
		}
		return 0, m, &FieldError{Field: field, Err: err}
	}
	if hint != nil {
		*hint = searchHint{slots: m.Agents, load: q.Load}
	}
	// The fewest agents whose slots hold m.Agents.
	n := int(math.Ceil(float64(m.Agents) / c))
	for n > 0 && float64(n-1)*c >= float64(m.Agents) {
		n--
	}
	n = max(n, t.MinAgents)
	if slots := int(math.Floor(float64(n) * c)); slots != m.Agents {
		m = q.Evaluate(slots, t.AnswerSeconds)
	}
	return n, m, nil
}

// deferred returns the agents that handle a load of deferred work at the
// occupancy cap, floored by MinAgents, and their metrics: everything
// answered in time, the load's share of the slots as occupancy.
func (t *Target) deferred(load float64) (int, erlang.Metrics) {
	c := t.concurrency()
	load = math.Max(load, 0)
	// The slack keeps a load that fills agents exactly from rounding up.
	n := max(int(math.Ceil(load/(t.occupancyCap()*c)*(1-1e-12))), t.MinAgents)
	m := erlang.Metrics{Agents: int(float64(n) * c), Load: load, ServiceLevel: 1, Stable: true}
	if n > 0 {
		m.Occupancy = load / (float64(n) * c)
	}
	return n, m
}

// WithShrinkage returns the staff to schedule so that agents are on seat after
// shrinkage: ⌈agents / (1 - shrinkage)⌉. A relative slack of 1e-9 keeps
// decimal shrinkages exact (14 agents at 30% give 20, not 21, although
// 14/(1-0.3) is a hair above 20 in floating point). It costs O(1).
func (t Target) WithShrinkage(agents int) int {
	if agents <= 0 {
		return 0
	}
	s := float64(agents) / (1 - t.Shrinkage)
	return int(math.Ceil(s * (1 - 1e-9)))
}

// ServiceLevelWith returns the service level that staff scheduled agents
// give in one interval of the given length offered contacts with mean
// handle time ahtSeconds (<= 0 or NaN: the target's AHTSeconds). It is what a
// roster scores against the target.
//
// On seat are staff × (1 - shrinkage) agents, each with Concurrency slots.
// The slot count is generally fractional: the service level is interpolated
// linearly between the two whole slot counts around it, which is the
// expected service level when the interval has either count on seat with the
// right mean. Immediate contacts use Erlang C on slots (Erlang A with a
// patience) and the answer time AnswerSeconds; with zero contacts the
// service level is 1 and with no one on seat 0. Deferred contacts have no
// queue within one interval: the result is the share of the interval's
// workload the on-seat agents can handle at the occupancy cap, at most 1.
//
// Cost: one or two Erlang evaluations, O(√A + N - A) under Erlang C. It
// panics when contacts are offered and neither AHT is positive, or on a
// negative staff or contacts or a non-positive interval.
func (t Target) ServiceLevelWith(staff, contacts, ahtSeconds float64, interval time.Duration) float64 {
	if !(staff >= 0) {
		panic(fmt.Sprintf("staff: ServiceLevelWith with staff %v", staff))
	}
	aht, err := t.handleTime(contacts, ahtSeconds, interval)
	if err != nil {
		panic(fmt.Sprintf("staff: ServiceLevelWith for channel %q region %q: %v", t.Channel, t.Region, err))
	}
	if contacts == 0 {
		return 1
	}
	slots := staff * (1 - t.Shrinkage) * t.concurrency()
	load := erlang.Load(contacts, aht, interval.Seconds())
	if t.kind() == Deferred {
		return math.Min(1, slots*t.occupancyCap()/load)
	}
	q := erlang.Queue{Load: load, AHT: aht, Patience: t.PatienceSeconds}
	n := math.Floor(slots)
	lo := q.Evaluate(int(n), t.AnswerSeconds).ServiceLevel
	f := slots - n
	if f == 0 {
		return lo
	}
	hi := q.Evaluate(int(n)+1, t.AnswerSeconds).ServiceLevel
	return lo + f*(hi-lo)
}

// ExpectedServiceLevel returns the service-level scorer of rosters
// (Options.ServiceLevel): for the interval of a channel and region starting
// at start, the expected service level with staff scheduled agents,
// Target.ServiceLevelWith on the requirement's contacts and AHT. Each series
// takes its target as Staff does; the interval length is the smallest gap
// between the starts of a series' requirements (of all series, for a series
// of one interval). The scorer returns NaN for an interval without a
// requirement, or with contacts but no AHT in requirement or target. It is
// safe for concurrent use and costs one ServiceLevelWith per call. The
// error names a series without a target (wrapping ErrNoTarget), or a
// target that is not valid.
func ExpectedServiceLevel(reqs []Requirement, targets []Target) (func(channel, region string, start time.Time, staff float64) float64, error) {
	type series struct {
		target   Target
		interval time.Duration
		rows     map[int64]int // start in Unix nanoseconds -> index in reqs
	}
	byKey := map[[2]string]*series{}
	if err := Targets(targets).check(); err != nil {
		return nil, err
	}
	var all time.Duration
	last := map[[2]string]time.Time{}
	for i, r := range reqs {
		k := [2]string{r.Channel, r.Region}
		s := byKey[k]
		if s == nil {
			t, ok := Targets(targets).For(r.Channel, r.Region)
			if !ok {
				return nil, fmt.Errorf("channel %q region %q: %w", r.Channel, r.Region, ErrNoTarget)
			}
			s = &series{target: t, rows: map[int64]int{}}
			byKey[k] = s
		} else if gap := r.Start.Sub(last[k]).Abs(); gap > 0 && (s.interval == 0 || gap < s.interval) {
			s.interval = gap
		}
		last[k] = r.Start
		s.rows[r.Start.UnixNano()] = i
	}
	for _, s := range byKey {
		if s.interval > 0 && (all == 0 || s.interval < all) {
			all = s.interval
		}
	}
	return func(channel, region string, start time.Time, staff float64) float64 {
		s := byKey[[2]string{channel, region}]
		if s == nil {
			return math.NaN()
		}
		i, ok := s.rows[start.UnixNano()]
		interval := s.interval
		if interval == 0 {
			interval = all
		}
		if !ok || interval == 0 {
			return math.NaN()
		}
		r := reqs[i]
		if r.Contacts > 0 && !(r.AHT > 0) && !(s.target.AHTSeconds > 0) {
			return math.NaN()
		}
		return s.target.ServiceLevelWith(math.Max(staff, 0), r.Contacts, r.AHT, interval)
	}, nil
}
