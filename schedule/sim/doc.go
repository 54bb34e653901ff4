// Package sim is a discrete-event simulation of a contact centre: contacts
// arriving on queues, agents with skills and duty periods, routing,
// abandonment and chat concurrency, replicated with independent seeds to
// give each figure a 95% confidence interval.
//
// The model (see Model) is the one of schedule/erlang, made dynamic:
// Poisson arrivals at a rate constant within each interval, handle times
// exponential or lognormal, an exponential patience per contact (Erlang A)
// when the queue has one. With concurrency k an agent holds up to k
// contacts of the queue at once, each taking the per-contact handle time:
// each of its k slots is a server, as Erlang C and A are applied to
// agents × k slots. An agent skilled in queues of different concurrency
// holds any mix whose shares 1/k sum to at most 1.
//
// Routing: a new contact goes to an agent on duty with room for it,
// specialists first (fewest skills), then the least loaded, then the one
// idle longest (since it last finished a contact or came on duty); agents
// skilled in queues of different concurrency pack instead, the most loaded
// with room first, so that chats leave agents free for calls. An agent
// with room takes the waiting contact of its queues with the highest
// priority, then the longest wait. A queue with an overflow delay is served
// at first by its specialists alone (agents skilled in it only): agents
// with other skills too take its contacts once they have waited the delay.
// An agent whose duty period ends (a break
// or the end of its shift) finishes the contacts in hand, and takes none
// until its next period starts.
//
// A contact counts in the interval it arrives in: answered within the
// queue's answer time, answered later, or abandoned. Contacts still waiting
// when no agent is left to take them count as abandoned. Occupancy counts
// time in the interval it is spent.
//
// Runs are reproducible: replication r draws every random number from a
// PCG stream of (seed, r), and the result does not depend on the number of
// cores. The engine allocates nothing per event: events live in a 4-ary
// heap of values, waiting contacts in ring buffers, and abandonment is
// settled when an agent reaches the contact rather than by an event of its
// own (a contact whose patience has run out is skipped, counted abandoned).
package sim
