package staff

import (
	"fmt"
	"math"
	"time"
)

// Limits on the numbers of one interval of one series. They are generous
// for a centre taking two million contacts a day in a single queue (a peak
// half hour of some 80,000 contacts needs about 20,000 staff) and keep run
// times bounded: rostering time grows faster than linearly with staff.
const (
	// MaxAgents bounds agents and staff per interval, and a target's
	// min_agents.
	MaxAgents = 25_000
	// MaxContacts bounds the contacts offered in one interval.
	MaxContacts = 10_000_000
	// MaxConcurrency bounds the contacts one agent handles at once.
	MaxConcurrency = 100
)

// Demand is the forecast workload of one channel and region on a regular grid.
type Demand struct {
	Channel, Region string
	Start           time.Time
	Interval        time.Duration
	Contacts        []float64 // offered contacts per interval
	AHT             []float64 // seconds per interval; nil or NaN: use the target's default
}

// Kind says how a channel's contacts are staffed.
type Kind string

const (
	// Immediate contacts queue for an agent (phone, chat): staffed with Erlang C or A.
	Immediate Kind = "immediate"
	// Deferred contacts are answered within hours (email, social): staffed by workload.
	Deferred Kind = "deferred"
)

// Target is the service a channel (optionally one region of it) must give.
// Zero values mean "no such target" except where noted.
type Target struct {
	Channel string
	Region  string // "" applies to every region of the channel
	Kind    Kind   // "" means Immediate

	ServiceLevel    float64 // share answered within AnswerSeconds, in (0,1)
	AnswerSeconds   float64
	ASASeconds      float64 // maximum average speed of answer
	MaxOccupancy    float64 // in (0,1]
	Shrinkage       float64 // in [0,1)
	Concurrency     float64 // contacts one agent handles at once; 0 means 1
	PatienceSeconds float64 // mean patience: model abandonment (Erlang A)
	ResponseHours   float64 // deferred work: answered within this many hours
	AHTSeconds      float64 // default handle time where the demand has none
	MinAgents       int     // floor on agents in every interval
}

// Requirement is the staffing needed in one interval for one channel and region.
type Requirement struct {
	Start           time.Time
	Channel, Region string
	Contacts        float64
	AHT             float64 // seconds
	Agents          int     // on-seat agents needed
	Staff           int     // agents to schedule, shrinkage included
	ServiceLevel    float64 // expected with Agents on seat
	ASA             float64 // seconds
	Occupancy       float64
}

// Validate checks one requirement as read from a file: every number finite,
// none negative, contacts at most MaxContacts, agents and staff at most
// MaxAgents. The error is a *FieldError naming the column as requirement
// files spell it (contacts, staff, ...). It costs O(1).
func (r Requirement) Validate() error {
	for _, f := range []struct {
		field string
		v     float64
	}{
		{"contacts", r.Contacts}, {"aht_seconds", r.AHT}, {"service_level", r.ServiceLevel},
		{"asa_seconds", r.ASA}, {"occupancy", r.Occupancy},
	} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			return &FieldError{Field: f.field, Err: fmt.Errorf("must be a finite non-negative number, got %v", f.v)}
		}
	}
	if err := checkContacts(r.Contacts); err != nil {
		return err
	}
	for _, f := range []struct {
		field string
		v     int
	}{{"agents", r.Agents}, {"staff", r.Staff}} {
		if f.v < 0 || f.v > MaxAgents {
			return &FieldError{Field: f.field, Err: fmt.Errorf("must be between 0 and %d per interval, got %d", MaxAgents, f.v)}
		}
	}
	return nil
}

// checkContacts bounds the contacts of one interval by MaxContacts. The
// error is a *FieldError on contacts.
func checkContacts(contacts float64) error {
	if contacts > MaxContacts {
		return &FieldError{Field: "contacts", Err: fmt.Errorf("%g is above the limit of %d per interval", contacts, MaxContacts)}
	}
	return nil
}
