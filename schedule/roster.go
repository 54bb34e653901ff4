package schedule

import "time"

// DaysOff says how a tour's days off lie in the week.
type DaysOff string

const (
	Consecutive DaysOff = "consecutive" // days off adjoin; Sunday-Monday counts
	AnyDaysOff  DaysOff = "any"
)

// Break is a pause inside a shift during which the agent covers no contacts.
type Break struct {
	Length        time.Duration
	Paid          bool
	EarliestAfter time.Duration // earliest start, measured from the shift start
	LatestAfter   time.Duration // latest start, measured from the shift start
}

// Template describes one kind of tour: the shifts of a working week.
type Template struct {
	Name          string
	Length        time.Duration // paid length of one shift
	EarliestStart time.Duration // time of day, from midnight
	LatestStart   time.Duration
	StartStep     time.Duration
	DaysPerWeek   int
	DaysOff       DaysOff
	SameStart     bool // the same start time every working day
	Breaks        []Break
	CostPerHour   float64 // 0 means 1
	MaxTours      int     // 0 means no cap
	// Days are the weekdays the template may work, indexed by time.Weekday;
	// all false means every day.
	Days [7]bool
	// MinRest is the least rest between the end of one shift and the start
	// of the next day's; 0 means none beyond not overlapping.
	MinRest time.Duration
	// MinBreakGap is the least time on the floor between the end of one
	// break and the start of the next, so that a short break and lunch do
	// not run together into one long absence; 0 allows them back to back.
	MinBreakGap time.Duration
	// MaxOvertime caps the overtime an intraday re-plan may add to one of
	// the template's shifts; 0 sets no cap of the template's own.
	MaxOvertime time.Duration
}

// Agent is a named person to roster.
type Agent struct {
	ID, Name      string
	Region        string
	Channels      []string
	Templates     []string // allowed template names; empty: any
	MinHours      float64  // weekly
	MaxHours      float64  // weekly; 0 means no cap
	Days          [7]bool  // indexed by time.Weekday: may work that day
	EarliestStart time.Duration
	LatestEnd     time.Duration // time of day; 0 means end of day
	CostPerHour   float64       // 0: the template's
	Contract      string        // e.g. in-house, outsourced; shown, not priced
}

// Span is a half-open stretch of time [Start, End).
type Span struct{ Start, End time.Time }

// Shift is one agent's working day in a roster.
type Shift struct {
	AgentID         string
	Template        string
	Span                   // start to end of the working day, breaks included
	Breaks          []Span // inside the shift
	Channel, Region string
	Name, Contract  string     // the agent's, when rostering named agents
	Activities      []Activity // paid time inside the shift, off the queue
	// Paid is the shift's paid time: its span less its unpaid breaks. The
	// summaries' paid hours and the grid's weekly hours both add it up.
	Paid time.Duration
}

// Leave is the TimeOff kind during which an agent works no shift; every
// other kind is an activity, paid and inside the shift.
const Leave = "leave"

// Activity is paid time inside a shift spent off the queue: training, a
// team meeting, coaching.
type Activity struct {
	Kind string
	Span
}

// TimeOff sets a stretch of one agent's time aside: leave (no shift may
// overlap it) or an activity of another kind (the agent works a shift that
// holds it). A whole day runs from midnight to midnight.
type TimeOff struct {
	AgentID, Kind string
	Span
}

// ActivityRule asks for a flexible activity: Length of Kind once per agent
// and week, between From and To (times of day) on a working day, placed
// where it costs coverage least.
type ActivityRule struct {
	Kind     string
	Length   time.Duration
	From, To time.Duration
	Agents   []string // agent ids; empty means everyone
}

// Coverage compares scheduled agents with the requirement in one interval.
type Coverage struct {
	Start           time.Time
	Channel, Region string
	Required        float64 // staff required
	Scheduled       float64 // agents scheduled, breaks excluded
	ServiceLevel    float64 // expected from the scheduled staff
}

// Net is scheduled minus required agents.
func (c Coverage) Net() float64 { return c.Scheduled - c.Required }

// Summary totals a roster for one channel and region ("" for all).
type Summary struct {
	Channel, Region string
	PaidHours       float64
	RequiredHours   float64 // required agent-hours
	UnderHours      float64 // agent-hours below requirement
	OverHours       float64 // agent-hours above requirement
	ServiceLevel    float64 // expected, contact-weighted
	Cost            float64
	LowerBound      float64 // lower bound on cost; 0 when not computed
}

// Efficiency is the share of paid hours that covers the requirement:
// required agent-hours covered (required less under-staffed) per paid hour.
// Counting only covered hours keeps a short roster from reading above 100%,
// as required hours over the few paid hours would.
func (s Summary) Efficiency() float64 {
	if s.PaidHours == 0 {
		return 0
	}
	return min(1, max(0, s.RequiredHours-s.UnderHours)/s.PaidHours)
}

// Gap is the relative distance of Cost above LowerBound.
func (s Summary) Gap() float64 {
	if s.LowerBound <= 0 {
		return 0
	}
	return (s.Cost - s.LowerBound) / s.LowerBound
}

// Roster is the result of scheduling.
type Roster struct {
	Shifts    []Shift
	Coverage  []Coverage
	Summaries []Summary // per channel and region, then the total ("", "")
	// TimeOff is the time off the roster honoured, for the grid and calendars.
	TimeOff  []TimeOff
	Warnings []string
}
