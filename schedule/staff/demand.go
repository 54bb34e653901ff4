package staff

import "time"

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
