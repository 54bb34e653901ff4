package intraday

import (
	"fmt"
	"math"
	"time"

	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Kind is the kind of a proposed change.
type Kind string

const (
	Overtime    Kind = "overtime"
	VTO         Kind = "vto"
	MoveBreak   Kind = "move_break"
	MoveChannel Kind = "move_channel"
	CallIn      Kind = "call_in"
)

// Action is one proposed change to the roster.
type Action struct {
	AgentID, Name string
	Kind          Kind
	// Span is the overtime added, the time off given, the break's new
	// place, the time moved to Channel, or the shift called in.
	schedule.Span
	Channel, Region string
	Hours           float64 // paid hours added (overtime, call-in), released (vto) or moved
	Cost            float64 // added cost; negative for the cost vto saves
	Reason          string
}

// Coverage is one interval of one series before and after the re-plan.
type Coverage struct {
	Start              time.Time
	Channel, Region    string
	Contacts           float64
	Required           float64 // staff required
	Before, After      float64 // staff scheduled, breaks and activities excluded
	ServiceLevelBefore float64 // expected, as Target.ServiceLevelWith
	ServiceLevelAfter  float64
}

// Input is what Replan re-plans.
type Input struct {
	// Roster is the published roster, every day of it; only shifts
	// overlapping [Now, the next midnight) change.
	Roster []schedule.Shift
	// Requirements are the staff required per interval and series, from
	// Now on, as staff.Staff computes them from the updated forecast.
	Requirements []staff.Requirement
	Targets      []staff.Target
	// Templates give the break windows, paid breaks, costs, min_rest and
	// max_overtime of the shifts they name; without them breaks stay, and
	// nobody is called in.
	Templates []schedule.Template
	// Agents give channels (for moves), weekly hours, working days and
	// times, and costs; agents without a shift today may be called in.
	Agents []schedule.Agent
}

// Options are the re-plan's rules and prices.
type Options struct {
	Now      time.Time     // the first interval that may change
	Interval time.Duration // the requirements' interval
	// OvertimeRate multiplies the cost per hour of overtime.
	OvertimeRate float64
	// MaxOvertime caps one agent's overtime on one day (a template's
	// MaxOvertime caps its shifts further); 0 allows none.
	MaxOvertime time.Duration
}

// Result is the re-plan.
type Result struct {
	Roster   []schedule.Shift // the roster with the actions applied
	Actions  []Action
	Coverage []Coverage // per series, then interval, from Now to the next midnight
	Interval time.Duration
}

// Totals sums up a re-plan.
type Totals struct {
	UnderBefore, UnderAfter float64 // under-staffed agent-hours
	OverBefore, OverAfter   float64 // over-staffed agent-hours
	// ServiceLevelBefore and After are expected, weighted by contacts.
	ServiceLevelBefore, ServiceLevelAfter float64
	Cost                                  float64 // of the actions
	Actions                               map[Kind]int
}

// Totals sums up the re-plan's coverage and actions.
func (r Result) Totals() Totals {
	t := Totals{Actions: map[Kind]int{}}
	h := r.Interval.Hours()
	var w, slb, sla float64
	for _, c := range r.Coverage {
		t.UnderBefore += math.Max(0, c.Required-c.Before) * h
		t.UnderAfter += math.Max(0, c.Required-c.After) * h
		t.OverBefore += math.Max(0, c.Before-c.Required) * h
		t.OverAfter += math.Max(0, c.After-c.Required) * h
		if !math.IsNaN(c.ServiceLevelBefore) && !math.IsNaN(c.ServiceLevelAfter) {
			w += c.Contacts
			slb += c.Contacts * c.ServiceLevelBefore
			sla += c.Contacts * c.ServiceLevelAfter
		}
	}
	if w > 0 {
		t.ServiceLevelBefore, t.ServiceLevelAfter = slb/w, sla/w
	}
	for _, a := range r.Actions {
		t.Cost += a.Cost
		t.Actions[a.Kind]++
	}
	return t
}

// ShiftError is a shift of the roster that Replan cannot take: Field is
// the roster column at fault.
type ShiftError struct {
	Shift int // index in Input.Roster
	Field string
	Err   error
}

func (e *ShiftError) Error() string { return fmt.Sprintf("shift %d: %s: %v", e.Shift, e.Field, e.Err) }
func (e *ShiftError) Unwrap() error { return e.Err }

// eps is the least change in agent-hours worth an action.
const eps = 1e-6

// Replan proposes the changes to in.Roster described in the package
// comment, and applies them.
//
// Each rule holds for every action: nothing changes before opt.Now; a break
// moves only inside its template's window (measured from the shift's
// published start), clear of the other breaks by the template's
// MinBreakGap and of activities; overtime per agent and day is at most
// opt.MaxOvertime and the template's MaxOvertime; an agent's paid hours in
// the roster's week stay within max_hours (and, after vto, at or above
// min_hours); two shifts of one agent on different days keep the longer
// min_rest of their templates between them; overtime and call-ins keep
// inside the agent's earliest_start and latest_end; a call-in works a
// template the agent may work, on a day both allow, at one of its starts,
// for an agent without a shift that day. A week is seven days from the
// roster's first date. Overtime costs the agent's cost per hour (else the
// template's, else 1) times OvertimeRate; a call-in and vto the plain cost.
//
// A shift of a series without requirements, overlapping the re-planned
// stretch, is a *ShiftError.
func Replan(in Input, opt Options) (Result, error) {
	p, err := newPlanner(in, opt)
	if err != nil {
		return Result{}, err
	}
	before := p.snapshot()
	p.run(p.bestFix, fixBetter)
	p.run(p.bestVTO, vtoBetter)
	return Result{Roster: p.roster(), Actions: p.actions, Coverage: p.coverage(before), Interval: opt.Interval}, nil
}
