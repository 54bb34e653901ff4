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

// Efficiency is required agent-hours per paid hour.
func (s Summary) Efficiency() float64 {
	if s.PaidHours == 0 {
		return 0
	}
	return s.RequiredHours / s.PaidHours
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
	Warnings  []string
}
