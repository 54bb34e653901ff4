package sim

// Kinds of event besides a completion, whose what is the contact's queue.
const (
	arrival = -1 // the next contact of queue who arrives
	duty    = -2 // agent who starts or ends a duty period
	// overflow: a contact of queue who has waited its Overflow, and agents
	// of other skills too may take it
	overflow = -3
)

// event is a value in the calendar: no pointer, nothing to allocate.
type event struct {
	t    float64
	who  int32 // the queue of an arrival or overflow, else the agent
	what int32 // the queue of a completion, or arrival, duty or overflow
}

// calendar is a 4-ary min-heap of events by time: shallower than a binary
// heap, and a node's children share a cache line or two.
type calendar []event

func (h *calendar) push(e event) {
	*h = append(*h, e)
	h.rise(len(*h)-1, e)
}

// rise puts e at the hole i or, moving later parents down into the hole,
// above it.
func (h calendar) rise(i int, e event) {
	for i > 0 {
		p := (i - 1) / 4
		if h[p].t <= e.t {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

// pop removes the earliest event. The hole left at the root sinks to a
// leaf along the earliest children, and the last event rises from there:
// it nearly always belongs near the bottom, so this saves the comparison
// with it at every level.
func (h *calendar) pop() event {
	s := *h
	top, last := s[0], s[len(s)-1]
	s = s[:len(s)-1]
	*h = s
	n := len(s)
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		if c+3 < n {
			// A tournament of two pairs: fewer dependent branches.
			a, b := c, c+2
			if s[c+1].t < s[a].t {
				a = c + 1
			}
			if s[c+3].t < s[b].t {
				b = c + 3
			}
			if m = a; s[b].t < s[a].t {
				m = b
			}
		} else {
			for k := c + 1; k < n; k++ {
				if s[k].t < s[m].t {
					m = k
				}
			}
		}
		s[i] = s[m]
		i = m
	}
	s.rise(i, last)
	return top
}

// ring is a FIFO of waiting contacts that grows by doubling.
type ring struct {
	buf     []contact
	head, n int
}

type contact struct{ arrive, deadline float64 }

func (r *ring) push(c contact) {
	if r.n == len(r.buf) {
		buf := make([]contact, max(16, 2*len(r.buf)))
		for i := range r.n {
			buf[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = buf, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = c
	r.n++
}

func (r *ring) front() *contact { return &r.buf[r.head] }

func (r *ring) pop() contact {
	c := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	return c
}

// idle is a heap of the agents of one group with room for a contact, best
// first (see engine.before; the most loaded first when pack is set); each
// agent records its position.
type idle struct {
	at   []int32
	e    *engine
	pack bool
}

func (h *idle) less(a, b int32) bool {
	if x, y := h.e.agents[a].load, h.e.agents[b].load; h.pack && x != y {
		return x > y
	}
	return h.e.before(a, b)
}

func (h *idle) swap(i, j int) {
	h.at[i], h.at[j] = h.at[j], h.at[i]
	h.e.agents[h.at[i]].pos = int32(i)
	h.e.agents[h.at[j]].pos = int32(j)
}

func (h *idle) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(h.at[i], h.at[p]) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h *idle) down(i int) {
	n := len(h.at)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && h.less(h.at[c+1], h.at[c]) {
			c++
		}
		if !h.less(h.at[c], h.at[i]) {
			return
		}
		h.swap(i, c)
		i = c
	}
}

func (h *idle) push(a int32) {
	h.e.agents[a].pos = int32(len(h.at))
	h.at = append(h.at, a)
	h.up(len(h.at) - 1)
}

func (h *idle) remove(a int32) {
	i := int(h.e.agents[a].pos)
	last := len(h.at) - 1
	if i != last {
		h.swap(i, last)
	}
	h.at = h.at[:last]
	h.e.agents[a].pos = -1
	if i != last {
		h.fix(i)
	}
}

func (h *idle) fix(i int) {
	h.up(i)
	h.down(i)
}
