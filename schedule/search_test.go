package schedule

import (
	"math/rand/v2"
	"testing"
	"time"
)

// searchState is a week of the demo's shape after the dive, breaks
// placed: a roster the local search still improves.
func searchState(t *testing.T) (*state, *search) {
	t.Helper()
	reqs := weekRequirements("chat", "east", 30*time.Minute, 0, 24, 60, 348, rand.New(rand.NewPCG(5, 7)))
	p, err := prepare(reqs, demoTemplates(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st := newState(p, 1)
	st.concSign = -1
	// a few pivots: a rough roster, quick to make, with much to improve
	budget := 2000
	st.dive(0, p.relax(0, p.req[0], nil, &budget), &budget)
	st.placeBreaks()
	if len(st.tours) < 20 {
		t.Fatalf("the dive left %d tours, want a roster to search", len(st.tours))
	}
	return st, newSearch(st, 1)
}

// TestFingerprintIdentifiesShifts: the fingerprint depends on the shifts
// applied, not on their order, is restored when a move is undone, and
// changes when a break moves.
func TestFingerprintIdentifiesShifts(t *testing.T) {
	st, _ := searchState(t)
	start := st.fingerprint
	first := st.tours[0]
	st.apply(first, -1)
	if st.fingerprint == start {
		t.Fatal("removing a tour left the fingerprint as it was")
	}
	st.apply(first, 1)
	if st.fingerprint != start {
		t.Fatalf("fingerprint %x after removing and adding back a tour, want %x", st.fingerprint, start)
	}

	reversed := newState(st.p, 1)
	for i := len(st.tours) - 1; i >= 0; i-- {
		reversed.apply(st.tours[i], 1)
	}
	if reversed.fingerprint != start {
		t.Errorf("the same tours applied in reverse order: fingerprint %x, want %x", reversed.fingerprint, start)
	}

	var moved *tour
	for _, tr := range st.tours {
		if len(tr.brk) > 0 {
			moved = tr
			break
		}
	}
	if moved == nil {
		t.Fatal("no tour with breaks")
	}
	st.apply(moved, -1)
	j := 0
	for moved.mask&(1<<j) == 0 {
		j++
	}
	nb := len(moved.brk) / 7
	moved.brk[j*nb] += int32(st.p.bstep)
	st.apply(moved, 1)
	if st.fingerprint == start {
		t.Error("moving a break left the fingerprint as it was")
	}
}

// TestImproveTourMemoryChangesNoDecision: the search that skips tours
// which failed on the same roster makes every decision a search without
// that memory makes, and ends with the same roster.
func TestImproveTourMemoryChangesNoDecision(t *testing.T) {
	st, sr := searchState(t)
	plain, _ := searchState(t)
	skipped, improved := 0, 0
	for pass := 0; pass < 4; pass++ {
		for i, tr := range st.tours {
			if sr.failed[tr.key()] == (attempt{st.fingerprint, st.penalty, st.concSign}) {
				skipped++
			}
			got, want := sr.improveTour(i), newSearch(plain, 1).improveTour(i)
			if got != want {
				t.Fatalf("pass %d, tour %d: improved %v, without memory %v", pass, i, got, want)
			}
			if got {
				improved++
			}
		}
		st.compact()
		plain.compact()
	}
	if skipped == 0 || improved == 0 {
		t.Errorf("%d moves skipped and %d improving: want some of each to compare", skipped, improved)
	}
	if st.fingerprint != plain.fingerprint || st.score() != plain.score() {
		t.Errorf("roster %x scoring %v, without memory %x scoring %v", st.fingerprint, st.score(), plain.fingerprint, plain.score())
	}
}
