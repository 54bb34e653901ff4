package erlang

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

const tol = 1e-9 // relative error allowed against high-precision references

// Published worked examples. Their figures are rounded, so the tolerance is
// half a unit of the last published digit.
func TestPublishedExamples(t *testing.T) {
	// Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked
	// Example" (callcentrehelper.com): 100 calls in 30 minutes, AHT 180 s,
	// target 80% answered in 20 s. Traffic 10 Erlangs; 14 agents give a
	// probability of waiting of 17.41%, a service level of 88.8% and 71.4%
	// occupancy (13 agents give 79.6%); with 30% shrinkage, 20 staff.
	a := Load(100, 180, 1800)
	if a != 10 {
		t.Fatalf("Load(100, 180, 1800) = %v, want 10", a)
	}
	m, err := Queue{Load: a, AHT: 180}.Agents(Targets{ServiceLevel: 0.8, Answer: 20})
	if err != nil {
		t.Fatal(err)
	}
	if m.Agents != 14 {
		t.Errorf("agents = %d, want 14", m.Agents)
	}
	checkAbs(t, "P(wait) N=14", m.ProbWait, 0.1741, 0.00005)
	checkAbs(t, "SL N=14", m.ServiceLevel, 0.888, 0.0005)
	checkAbs(t, "occupancy N=14", m.Occupancy, 0.714, 0.0005)
	checkAbs(t, "SL N=13", ServiceLevel(13, a, 180, 20), 0.796, 0.0005)
	if staff := math.Ceil(14 / (1 - 0.3)); staff != 20 {
		t.Errorf("staff = %v, want 20", staff)
	}

	// Mitan Ltd, "The Erlang-C Formula" (mitan.co.uk/erlang/elgcmath.htm):
	// 360 calls per half hour, 4-minute calls, 55 agents, 15 s answer time.
	// Traffic 48 Erlangs, occupancy 87.3%, probability of waiting 23.87%,
	// ASA 8.18 s, service level 84.6%.
	a = Load(360, 240, 1800)
	checkAbs(t, "mitan load", a, 48, 1e-12)
	checkAbs(t, "mitan occupancy", Occupancy(55, a), 0.873, 0.0005)
	checkAbs(t, "mitan C", C(55, a), 0.2387, 0.00005)
	checkAbs(t, "mitan ASA", ASA(55, a, 240), 8.18, 0.005)
	checkAbs(t, "mitan SL", ServiceLevel(55, a, 240, 15), 0.846, 0.0005)
}

func checkAbs(t *testing.T, what string, got, want, abs float64) {
	t.Helper()
	if !scalar.EqualWithinAbs(got, want, abs) {
		t.Errorf("%s = %.6g, want %.6g ± %g", what, got, want, abs)
	}
}

func checkRel(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.IsNaN(got) || !scalar.EqualWithinAbsOrRel(got, want, 0, tol) {
		t.Errorf("%s = %.17g, want %.17g (relative error %.2g)", what, got, want, relErr(got, want))
	}
}

// Closed forms: B(1,A) = A/(1+A), C(1,A) = A, SL = 1 - A·e^{-(1-A)t/h},
// ASA = A·h/(1-A); B(2,A) = (A²/2)/(1+A+A²/2), C(2,A) = A²/(2+A).
func TestClosedForms(t *testing.T) {
	const h, ans = 300.0, 20.0
	for _, a := range []float64{1e-3, 0.01, 0.1, 0.37, 0.5, 0.9, 0.999} {
		checkRel(t, fmt.Sprintf("B(1,%g)", a), B(1, a), a/(1+a))
		checkRel(t, fmt.Sprintf("C(1,%g)", a), C(1, a), a)
		checkRel(t, fmt.Sprintf("SL(1,%g)", a), ServiceLevel(1, a, h, ans), 1-a*math.Exp(-(1-a)*ans/h))
		checkRel(t, fmt.Sprintf("ASA(1,%g)", a), ASA(1, a, h), a*h/(1-a))
	}
	for _, a := range []float64{1e-3, 0.05, 0.5, 1, 1.5, 1.9, 1.999} {
		checkRel(t, fmt.Sprintf("B(2,%g)", a), B(2, a), a*a/2/(1+a+a*a/2))
		checkRel(t, fmt.Sprintf("C(2,%g)", a), C(2, a), a*a/(2+a))
		checkRel(t, fmt.Sprintf("SL(2,%g)", a), ServiceLevel(2, a, h, ans), 1-a*a/(2+a)*math.Exp(-(2-a)*ans/h))
	}
}

// TestAgainstBig compares B, C, service level and ASA with direct summation
// of the series at 320 bits, for loads from 0.001 to 100,000 Erlangs and
// agent counts below, at and well above the load.
func TestAgainstBig(t *testing.T) {
	loads := []float64{0.001, 0.02, 0.5, 1, 2.5, 7.3, 20, 48, 99.9, 143.5, 333.3, 1000, 4567.8, 10000.5, 54321.25, 100000}
	// And a sweep of 25 loads evenly spaced in log from 0.001 to 100,000.
	for i := range 25 {
		loads = append(loads, math.Pow(10, -3+8*float64(i)/24)*1.0137)
	}
	for _, a := range loads {
		s := math.Sqrt(a)
		set := map[int]bool{}
		for _, f := range []float64{a / 2, a - 3*s, a - 0.5, a + 0.5, a + 1, a + 0.3*s, a + s, a + 2*s, a + 4*s, a + 8*s + 10} {
			if n := int(math.Ceil(f)); n >= 1 {
				set[n] = true
			}
		}
		var ns []int
		for n := 1; n <= int(a+8*s+11); n++ {
			if set[n] {
				ns = append(ns, n)
			}
		}
		// Answer times short and long against the AHT, so the service level
		// ranges from near 0 to near 1.
		for _, r := range refErlangs(a, 240, 20, ns) {
			name := fmt.Sprintf("A=%g N=%d", a, r.n)
			checkRel(t, "B "+name, B(r.n, a), r.b)
			if float64(r.n) <= a {
				continue
			}
			checkRel(t, "C "+name, C(r.n, a), r.c)
			checkRel(t, "SL "+name, ServiceLevel(r.n, a, 240, 20), r.sl)
			checkRel(t, "ASA "+name, ASA(r.n, a, 240), r.asa)
			m := Queue{Load: a, AHT: 240}.Evaluate(r.n, 20)
			checkRel(t, "Evaluate SL "+name, m.ServiceLevel, r.sl)
			checkRel(t, "Evaluate ASA "+name, m.ASA, r.asa)
		}
	}
}

// Service levels close to 0 come from a subtraction in the textbook formula;
// here they must keep their relative precision too.
func TestSmallServiceLevel(t *testing.T) {
	for _, c := range []struct{ a, aht, ans float64 }{
		{99.999, 300, 0},
		{99.9999, 600, 1},
		{9.99999, 180, 0.5},
		{0.99999, 60, 0},
	} {
		n := int(math.Ceil(c.a))
		r := refErlangs(c.a, c.aht, c.ans, []int{n})[0]
		if r.sl > 1e-3 {
			t.Fatalf("case %+v: reference SL %g is not small", c, r.sl)
		}
		checkRel(t, fmt.Sprintf("SL %+v", c), ServiceLevel(n, c.a, c.aht, c.ans), r.sl)
	}
}

func TestUnstableAndDegenerate(t *testing.T) {
	for _, c := range []struct {
		n int
		a float64
	}{{0, 5}, {1, 1}, {5, 5}, {3, 7.5}, {99999, 100000}, {100000, 100000}} {
		name := fmt.Sprintf("N=%d A=%g", c.n, c.a)
		if got := C(c.n, c.a); got != 1 {
			t.Errorf("C %s = %v, want 1", name, got)
		}
		if got := ServiceLevel(c.n, c.a, 180, 20); got != 0 {
			t.Errorf("SL %s = %v, want 0", name, got)
		}
		if got := ASA(c.n, c.a, 180); !math.IsInf(got, 1) {
			t.Errorf("ASA %s = %v, want +Inf", name, got)
		}
		if got := Occupancy(c.n, c.a); got != 1 {
			t.Errorf("occupancy %s = %v, want 1", name, got)
		}
		m := Queue{Load: c.a, AHT: 180}.Evaluate(c.n, 20)
		want := Metrics{Agents: c.n, Load: c.a, ProbWait: 1, ServiceLevel: 0, ASA: math.Inf(1), Occupancy: 1}
		if m != want {
			t.Errorf("Evaluate %s = %+v, want %+v", name, m, want)
		}
	}
	// No load: nothing waits.
	if got, want := (Queue{AHT: 180}).Evaluate(0, 20), (Metrics{ServiceLevel: 1, Stable: true}); got != want {
		t.Errorf("Evaluate without load = %+v, want %+v", got, want)
	}
	if B(0, 0) != 1 || B(3, 0) != 0 || C(0, 0) != 0 || ServiceLevel(0, 0, 1, 0) != 1 || ASA(2, 0, 1) != 0 || Occupancy(0, 0) != 0 {
		t.Error("zero-load values wrong")
	}
	// Far more agents than load: B underflows, results stay exact limits.
	for _, c := range []struct {
		n int
		a float64
	}{{100000, 0.001}, {5000, 10}, {400, 1}} {
		if b, cc, sl, asa := B(c.n, c.a), C(c.n, c.a), ServiceLevel(c.n, c.a, 180, 20), ASA(c.n, c.a, 180); b != 0 || cc != 0 || sl != 1 || asa != 0 {
			t.Errorf("N=%d A=%g: B=%v C=%v SL=%v ASA=%v, want 0 0 1 0", c.n, c.a, b, cc, sl, asa)
		}
	}
}

func TestPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"negative n":       func() { B(-1, 1) },
		"negative load":    func() { C(1, -1) },
		"NaN load":         func() { C(1, math.NaN()) },
		"infinite load":    func() { B(1, math.Inf(1)) },
		"zero AHT":         func() { ServiceLevel(2, 1, 0, 20) },
		"negative answer":  func() { ServiceLevel(2, 1, 10, -1) },
		"zero interval":    func() { Load(1, 1, 0) },
		"SL target 1":      func() { _, _ = Queue{Load: 1, AHT: 1}.Agents(Targets{ServiceLevel: 1}) },
		"occupancy cap >1": func() { _, _ = Queue{Load: 1, AHT: 1}.Agents(Targets{MaxOccupancy: 1.5}) },
		"negative ASA":     func() { _, _ = Queue{Load: 1, AHT: 1}.Agents(Targets{ASA: -1}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		})
	}
}
