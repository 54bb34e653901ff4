package staff

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wfm-dev/wfm/schedule/erlang"
)

var staffMonday = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

func TestStaffImmediate(t *testing.T) {
	const half = 30 * time.Minute
	targets := []Target{
		{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, Shrinkage: 0.3, AHTSeconds: 180},
		{Channel: "phone", Region: "south", ServiceLevel: 0.9, AnswerSeconds: 20, Shrinkage: 0.3, AHTSeconds: 180, MinAgents: 2},
		{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 20, Concurrency: 3},
	}
	demands := []Demand{
		{Channel: "phone", Region: "north", Start: staffMonday, Interval: half,
			Contacts: []float64{100, 0, 100, 100}, AHT: []float64{180, 180, math.NaN(), 0}},
		{Channel: "phone", Region: "south", Start: staffMonday, Interval: half, Contacts: []float64{100, 0}},
		{Channel: "chat", Region: "east", Start: staffMonday.Add(time.Hour), Interval: half, Contacts: []float64{100}, AHT: []float64{180}},
	}
	got, err := Staff(context.Background(), demands, targets)
	if err != nil {
		t.Fatal(err)
	}
	// References: Call Centre Helper's worked example (100 calls of 180 s
	// in 30 minutes: 14 agents for 80/20 at 88.8%, 20 staff with 30%
	// shrinkage) and Erlang C at 10 Erlangs computed at 40 digits
	// independently: SL(15) = 0.94145284286902, so 90/20 needs 15 agents.
	row := func(start time.Time, ch, reg string, c, aht float64, agents, staff int, sl, occ float64) Requirement {
		r := Requirement{Start: start, Channel: ch, Region: reg, Contacts: c, AHT: aht, Agents: agents, Staff: staff, ServiceLevel: sl, Occupancy: occ}
		if c > 0 {
			r.ASA = math.NaN() // checked separately
		}
		return r
	}
	want := []Requirement{
		row(staffMonday, "phone", "north", 100, 180, 14, 20, 0.88835, 10.0/14),
		row(staffMonday.Add(half), "phone", "north", 0, 180, 0, 0, 1, 0),
		row(staffMonday.Add(2*half), "phone", "north", 100, 180, 14, 20, 0.88835, 10.0/14),
		row(staffMonday.Add(3*half), "phone", "north", 100, 180, 14, 20, 0.88835, 10.0/14),
		row(staffMonday, "phone", "south", 100, 180, 15, 22, 0.94145284286902, 10.0/15),
		row(staffMonday.Add(half), "phone", "south", 0, 180, 2, 3, 1, 0),
		// 14 slots at 3 chats per agent: 5 agents, whose 15 slots give SL(15).
		row(staffMonday.Add(time.Hour), "chat", "east", 100, 180, 5, 5, 0.94145284286902, 10.0/15),
	}
	opts := cmp.Options{
		cmpopts.EquateApprox(0, 0.00005),
		cmpopts.IgnoreFields(Requirement{}, "ASA"),
	}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("Staff (-want +got):\n%s", diff)
	}
	for i, r := range got {
		if r.Contacts == 0 && r.ASA != 0 {
			t.Errorf("row %d: ASA %v without contacts", i, r.ASA)
		}
		// ASA = C·h/(N-A) with the published 17.41% waiting at 14 agents.
		if r.Agents == 14 && math.Abs(r.ASA-0.1741*180/4) > 0.01 {
			t.Errorf("row %d: ASA %v, want %.3f", i, r.ASA, 0.1741*180/4)
		}
	}
}

func TestStaffErlangA(t *testing.T) {
	targets := []Target{{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 30, PatienceSeconds: 90, AHTSeconds: 300, MaxOccupancy: 0.9}}
	demands := []Demand{{Channel: "chat", Start: staffMonday, Interval: 15 * time.Minute, Contacts: []float64{12, 180, 45.5, 0, 60, 61, 300, 2, 150}}}
	got, err := Staff(context.Background(), demands, targets)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		if r.Contacts == 0 {
			if r.Agents != 0 {
				t.Errorf("interval %d: %d agents without contacts", i, r.Agents)
			}
			continue
		}
		q := erlang.Queue{Load: demands[0].Contacts[i] * 300 / 900, AHT: 300, Patience: 90}
		m := q.Evaluate(r.Agents, 30)
		if m.ServiceLevel < 0.8 || m.Occupancy > 0.9 {
			t.Errorf("interval %d: %d agents give SL %v occupancy %v", i, r.Agents, m.ServiceLevel, m.Occupancy)
		}
		fewer := q.Evaluate(r.Agents-1, 30)
		if fewer.ServiceLevel >= 0.8 && fewer.Occupancy <= 0.9 {
			t.Errorf("interval %d: %d agents would do", i, r.Agents-1)
		}
		if r.ServiceLevel != m.ServiceLevel || r.ASA != m.ASA {
			t.Errorf("interval %d: reported %+v, Erlang A gives %+v", i, r, m)
		}
	}
}

// Deferred work: 40 e-mails of 6 minutes arrive at 08:00 and must be
// answered within 2 hours of 30-minute intervals, so the 4 hours of work
// spread over 4 intervals: 2 Erlangs, 3 agents at an 80% cap, in the
// interval of arrival and the three after it, then none.
func TestStaffDeferred(t *testing.T) {
	targets := []Target{{Channel: "email", Kind: Deferred, ResponseHours: 2, MaxOccupancy: 0.8, AHTSeconds: 360, Shrinkage: 0.25}}
	demands := []Demand{{Channel: "email", Region: "all", Start: staffMonday, Interval: 30 * time.Minute, Contacts: []float64{40, 0, 0, 0, 0, 20}}}
	got, err := Staff(context.Background(), demands, targets)
	if err != nil {
		t.Fatal(err)
	}
	// Interval 5: 20 × 360 s spread over 4 × 1800 s is 1 Erlang, ⌈1/0.8⌉ = 2.
	wantAgents := []int{3, 3, 3, 3, 0, 2}
	for i, r := range got {
		if r.Agents != wantAgents[i] {
			t.Errorf("interval %d: %d agents, want %d", i, r.Agents, wantAgents[i])
		}
		if want := (Target{Shrinkage: 0.25}).WithShrinkage(wantAgents[i]); r.Staff != want {
			t.Errorf("interval %d: staff %d, want %d", i, r.Staff, want)
		}
		if r.ServiceLevel != 1 || r.ASA != 3600 {
			t.Errorf("interval %d: SL %v ASA %v, want 1 and 3600 s", i, r.ServiceLevel, r.ASA)
		}
	}
	// The agents on seat cover all the work at the occupancy cap.
	capacity := 0.0
	for _, r := range got[:4] {
		capacity += float64(r.Agents) * 1800 * 0.8
	}
	if capacity < 40*360 {
		t.Errorf("capacity %v agent-seconds for %v of work", capacity, 40*360)
	}
}

func TestStaffErrors(t *testing.T) {
	ok := Target{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 180}
	d := Demand{Channel: "phone", Region: "west", Start: staffMonday, Interval: 15 * time.Minute, Contacts: []float64{10, 20}}
	hour := func(contacts ...float64) Demand {
		return Demand{Channel: "phone", Start: staffMonday, Interval: time.Hour, Contacts: contacts}
	}
	for _, c := range []struct {
		name    string
		demand  Demand
		targets []Target
		want    string
		field   string
		is      error
	}{
		{"no target", Demand{Channel: "email", Region: "west", Start: staffMonday, Interval: time.Hour, Contacts: []float64{1}},
			[]Target{ok}, `channel "email" region "west": no target`, "", ErrNoTarget},
		{"no AHT", d, []Target{{Channel: "phone", ServiceLevel: 0.8}}, "no handle time", "", ErrNoAHT},
		{"negative contacts", hour(3, -1), []Target{ok}, "contacts -1", "", nil},
		{"NaN contacts", hour(math.NaN()), []Target{ok}, "contacts NaN", "", nil},
		{"contacts 1e30", hour(1e30), []Target{ok}, "above the limit", "contacts", nil},
		{"load above erlang.MaxLoad", hour(MaxContacts), []Target{{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 600}}, "offered load above the limit", "contacts", erlang.ErrLoad},
		{"staff above MaxAgents", hour(2e6), []Target{ok}, "above the limit of 25000", "contacts", nil},
		{"bad target", d, []Target{{Channel: "phone", ServiceLevel: 1.2}}, "service_level: must be between 0 and 1", "service_level", nil},
		{"bad concurrency", d, []Target{{Channel: "phone", Concurrency: 0.5, AHTSeconds: 60}}, "concurrency", "concurrency", nil},
		{"AHT length", Demand{Channel: "phone", Start: staffMonday, Interval: time.Hour, Contacts: []float64{1, 2}, AHT: []float64{1}},
			[]Target{ok}, "1 AHT values for 2 intervals", "", nil},
		{"zero interval", Demand{Channel: "phone", Start: staffMonday, Contacts: []float64{1}}, []Target{ok}, "interval 0s", "", nil},
		{"duplicate target", d, []Target{ok, ok}, "two targets", "", nil},
		{"duplicate target in another case", d, []Target{ok, {Channel: "PHONE ", ServiceLevel: 0.9, AHTSeconds: 60}}, "two targets", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := Staff(context.Background(), []Demand{c.demand}, c.targets)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			var fe *FieldError
			if c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field) {
				t.Errorf("error %v does not name field %q", err, c.field)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %v does not wrap %v", err, c.is)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v to fail", d)
			}
		})
	}
}

// TestStaffFoldsCase: targets match demands whatever the case of their
// channel and region, as agents' skills do.
func TestStaffFoldsCase(t *testing.T) {
	targets := []Target{
		{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 180},
		{Channel: "Chat", Region: "EAST", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 180, MinAgents: 7},
	}
	demands := []Demand{
		{Channel: "CHAT", Region: "east", Start: staffMonday, Interval: time.Hour, Contacts: []float64{0}},
		{Channel: "CHAT", Region: "west", Start: staffMonday, Interval: time.Hour, Contacts: []float64{0}},
	}
	got, err := Staff(context.Background(), demands, targets)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{7, 0}, []int{got[0].Agents, got[1].Agents}); diff != "" {
		t.Errorf("agents (-want +got):\n%s", diff)
	}
}

// TestStaffCancelled: a cancelled context stops the run with its error.
func TestStaffCancelled(t *testing.T) {
	ds, ts := syntheticDemands(2, 2, 20000, 15*time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Staff(ctx, ds, ts); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if _, err := PoolRegions(ctx, ds, ts); !errors.Is(err, context.Canceled) {
		t.Errorf("PoolRegions: error %v, want context.Canceled", err)
	}
}

// syntheticDemands builds channels × regions series of n intervals with a
// daily profile, fractional contacts and a forecast AHT.
func syntheticDemands(channels, regions, n int, interval time.Duration) ([]Demand, []Target) {
	names := []string{"phone", "chat", "social", "email", "video", "sms"}
	var ds []Demand
	var ts []Target
	perDay := int(24 * time.Hour / interval)
	for c := 0; c < channels; c++ {
		ch := names[c%len(names)]
		t := Target{Channel: ch, ServiceLevel: 0.8, AnswerSeconds: 20, MaxOccupancy: 0.9, Shrinkage: 0.3, AHTSeconds: 348}
		switch c % 4 {
		case 1:
			t.Concurrency, t.AnswerSeconds = 2, 60
		case 3:
			t = Target{Channel: ch, Kind: Deferred, ResponseHours: 4, MaxOccupancy: 0.85, Shrinkage: 0.3, AHTSeconds: 600}
		}
		ts = append(ts, t)
		for r := 0; r < regions; r++ {
			d := Demand{Channel: ch, Region: string(rune('a' + r)), Start: staffMonday, Interval: interval,
				Contacts: make([]float64, n), AHT: make([]float64, n)}
			for i := range d.Contacts {
				hour := float64(i%perDay) / float64(perDay) * 24
				shape := math.Max(0, math.Sin((hour-7)/16*math.Pi))
				d.Contacts[i] = math.Round(shape*float64(40+15*r+10*c)*(1+0.1*math.Sin(float64(i)*0.37))*100) / 100
				d.AHT[i] = 300 + 60*math.Sin(float64(i)*0.11)
			}
			ds = append(ds, d)
		}
	}
	return ds, ts
}

// The result must not depend on the number of workers.
func TestStaffParallelDeterministic(t *testing.T) {
	ds, ts := syntheticDemands(4, 3, 3*chunkLen+17, 15*time.Minute)
	prev := runtime.GOMAXPROCS(1)
	one, err := Staff(context.Background(), ds, ts)
	runtime.GOMAXPROCS(4)
	many, err2 := Staff(context.Background(), ds, ts)
	runtime.GOMAXPROCS(prev)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if len(one) != len(many) {
		t.Fatalf("%d requirements with 1 worker, %d with 4", len(one), len(many))
	}
	for i := range one {
		if !reflect.DeepEqual(one[i], many[i]) {
			t.Fatalf("requirement %d: %+v with 1 worker, %+v with 4", i, one[i], many[i])
		}
	}
	// Spot-check against the search directly.
	for _, k := range []int{0, 500, 4000} {
		for _, i := range []int{0, 7} {
			d, r := ds[i], one[i*len(ds[0].Contacts)+k]
			if d.Channel != "phone" {
				continue
			}
			m, _ := erlang.Queue{Load: d.Contacts[k] * d.AHT[k] / 900, AHT: d.AHT[k]}.Agents(erlang.Targets{ServiceLevel: 0.8, Answer: 20, MaxOccupancy: 0.9})
			if r.Agents != m.Agents || !r.Start.Equal(d.Start.Add(time.Duration(k)*d.Interval)) {
				t.Errorf("series %d interval %d: %+v, search gives %d agents", i, k, r, m.Agents)
			}
		}
	}
}

func TestPoolRegions(t *testing.T) {
	const half = 30 * time.Minute
	targets := []Target{{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20}}
	// North: 100 calls of 180 s, 10 Erlangs, 14 agents (the published
	// example). South: 50 calls of 360 s, 10 Erlangs, 14 agents as
	// SL(14) = 0.8606 and SL(13) = 0.7585 at h = 360. Pooled: 150 calls at
	// the contact-weighted AHT of 240 s, 20 Erlangs, 25 agents as
	// SL(25) = 0.8622 and SL(24) = 0.7864 (Erlang C at 40 digits).
	demands := []Demand{
		{Channel: "phone", Region: "north", Start: staffMonday, Interval: half, Contacts: []float64{100, 100}, AHT: []float64{180, 180}},
		{Channel: "phone", Region: "south", Start: staffMonday.Add(half), Interval: half, Contacts: []float64{50}, AHT: []float64{360}},
	}
	got, err := PoolRegions(context.Background(), demands, targets)
	if err != nil {
		t.Fatal(err)
	}
	want := []PoolSaving{{Channel: "phone", Regions: 2, SeparateHours: 3 * 14 * 0.5, PooledHours: (14 + 25) * 0.5, SavedHours: 1.5, Target: "80/20"}}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("PoolRegions (-want +got):\n%s", diff)
	}

	// A region's looser target of its own staffs it with fewer agents when
	// separate; the pool keeps the channel's: the saving turns negative,
	// and the saving says why. North at 30/20 needs 11 agents, the fewest its 10 Erlangs allow.
	looser := append([]Target{{Channel: "phone", Region: "north", ServiceLevel: 0.3, AnswerSeconds: 20}}, targets...)
	got, err = PoolRegions(context.Background(), demands, looser)
	if err != nil {
		t.Fatal(err)
	}
	if g := got[0]; g.Target != "80/20" || !slices.Equal(g.OwnTargets, []string{"north 30/20"}) || g.SavedHours >= 0 {
		t.Errorf("with a regional target: %+v, want the channel's 80/20 used, north's own listed, a negative saving", g)
	}

	// Pooling needs the channel's own target.
	regional := []Target{{Channel: "phone", Region: "north", ServiceLevel: 0.8, AnswerSeconds: 20}, {Channel: "phone", Region: "south", ServiceLevel: 0.8, AnswerSeconds: 20}}
	if _, err := PoolRegions(context.Background(), demands, regional); err == nil || !strings.Contains(err.Error(), "whole channel") {
		t.Errorf("error %v, want one asking for a channel target", err)
	}
	// Regions on different interval lengths cannot be pooled.
	odd := append([]Demand(nil), demands...)
	odd[1].Interval = 15 * time.Minute
	if _, err := PoolRegions(context.Background(), odd, targets); err == nil || !strings.Contains(err.Error(), "intervals") {
		t.Errorf("error %v, want one about interval lengths", err)
	}
}

func TestPoolDemands(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	demands := []Demand{
		{Channel: "phone", Region: "east", Start: start, Interval: 30 * time.Minute, Contacts: []float64{10, 0}, AHT: []float64{300, math.NaN()}},
		{Channel: "chat", Region: "east", Start: start, Interval: 30 * time.Minute, Contacts: []float64{5}},
		{Channel: "phone", Region: "south", Start: start.Add(30 * time.Minute), Interval: 30 * time.Minute, Contacts: []float64{30, 10}, AHT: []float64{200, math.NaN()}},
	}
	targets := []Target{{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 400}, {Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 60, AHTSeconds: 500}}
	got, err := PoolDemands(demands, targets)
	if err != nil {
		t.Fatal(err)
	}
	want := []Demand{
		// 08:00 east 10 at 300 s; 08:30 east 0 and south 30 at 200 s; 09:00 south 10 at the default 400 s
		{Channel: "phone", Start: start, Interval: 30 * time.Minute, Contacts: []float64{10, 30, 10}, AHT: []float64{300, 200, 400}},
		demands[1],
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	regional := []Target{targets[1], {Channel: "phone", Region: "east", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 400},
		{Channel: "phone", Region: "south", ServiceLevel: 0.8, AnswerSeconds: 20, AHTSeconds: 400}}
	if _, err := PoolDemands(demands, regional); err == nil || !strings.Contains(err.Error(), "needs a target for the whole channel") {
		t.Errorf("pooling without a channel target: %v", err)
	}
}
