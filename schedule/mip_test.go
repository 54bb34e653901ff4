package schedule

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/schedule/staff"
)

var mipCheck = flag.Bool("mip", false, "check instance (a) rosters against an exact MIP solver (cbc or glpsol) when one is installed")

// writeMIP writes the exact integer program of a same-start, no-break
// instance whose templates have consecutive days off, as CPLEX LP text:
// one integer variable per template, start and days-off pattern, one
// covering row per requirement interval, cost = paid hours x cost per hour.
// The enumeration is written here, apart from the optimiser's.
func writeMIP(path string, reqs []staff.Requirement, tmpls []Template) error {
	type col struct {
		cost  float64
		cover map[time.Time]bool
	}
	var cols []col
	for _, t := range tmpls {
		if !t.SameStart || len(t.Breaks) > 0 || t.DaysOff == AnyDaysOff {
			return fmt.Errorf("template %s is outside what the MIP writer models", t.Name)
		}
		for s := t.EarliestStart; s <= t.LatestStart; s += t.StartStep {
			for off := 0; off < 7; off++ {
				c := col{cost: float64(t.DaysPerWeek) * t.Length.Hours() * t.costPerHour(), cover: map[time.Time]bool{}}
				for d := 0; d < 7; d++ {
					if (d-off+7)%7 < 7-t.DaysPerWeek {
						continue
					}
					start := monday.AddDate(0, 0, d).Add(s)
					for m := time.Duration(0); m < t.Length; m += 30 * time.Minute {
						c.cover[start.Add(m)] = true
					}
				}
				cols = append(cols, c)
			}
		}
	}
	var b strings.Builder
	b.WriteString("Minimize\n obj:")
	for j, c := range cols {
		fmt.Fprintf(&b, " + %g x%d", c.cost, j)
	}
	b.WriteString("\nSubject To\n")
	for i, r := range reqs {
		if r.Staff == 0 {
			continue
		}
		fmt.Fprintf(&b, " r%d:", i)
		for j, c := range cols {
			if c.cover[r.Start] {
				fmt.Fprintf(&b, " + x%d", j)
			}
		}
		fmt.Fprintf(&b, " >= %d\n", r.Staff)
	}
	b.WriteString("General\n")
	for j := range cols {
		fmt.Fprintf(&b, " x%d", j)
	}
	b.WriteString("\nEnd\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// solveMIP runs cbc or glpsol on the LP file and returns the optimum.
func solveMIP(t *testing.T, lp string) float64 {
	dir := filepath.Dir(lp)
	if cbc, err := exec.LookPath("cbc"); err == nil {
		sol := filepath.Join(dir, "sol.txt")
		out, err := exec.Command(cbc, lp, "solve", "solution", sol).CombinedOutput()
		if err != nil {
			t.Fatalf("cbc: %v\n%s", err, out)
		}
		f, err := os.Open(sol)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		line, _ := bufio.NewReader(f).ReadString('\n')
		m := regexp.MustCompile(`Optimal - objective value\s+([0-9.eE+-]+)`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("cbc did not prove optimality: %s", line)
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		return v
	}
	if glpsol, err := exec.LookPath("glpsol"); err == nil {
		sol := filepath.Join(dir, "sol.txt")
		out, err := exec.Command(glpsol, "--lp", lp, "-o", sol).CombinedOutput()
		if err != nil {
			t.Fatalf("glpsol: %v\n%s", err, out)
		}
		text, _ := os.ReadFile(sol)
		if !strings.Contains(string(text), "INTEGER OPTIMAL") {
			t.Fatalf("glpsol did not prove optimality")
		}
		m := regexp.MustCompile(`Objective:\s+obj = ([0-9.eE+-]+)`).FindStringSubmatch(string(text))
		v, _ := strconv.ParseFloat(m[1], 64)
		return v
	}
	t.Skip("neither cbc (coinor-cbc) nor glpsol (glpk-utils) is installed")
	return 0
}

// TestAgainstMIP compares the paid hours of instance (a) rosters with the
// optimum an exact MIP solver proves, for several generated weeks. It runs
// with -mip only (see testdata/mipcheck.sh), and skips where no solver is
// installed: the solver is a check, never a dependency.
func TestAgainstMIP(t *testing.T) {
	if !*mipCheck {
		t.Skip("run with -mip to check against an exact MIP solver")
	}
	// weeks the solver proves optimal within seconds; others take minutes
	for _, c := range []struct {
		seed uint64
		peak float64
	}{{1, 120}, {1, 300}, {2, 300}, {3, 120}} {
		seed, peak := c.seed, c.peak
		t.Run(fmt.Sprintf("seed%d-peak%g", seed, peak), func(t *testing.T) {
			reqs, tmpls := instanceA(seed, peak)
			lp := filepath.Join(t.TempDir(), "a.lp")
			if err := writeMIP(lp, reqs, tmpls); err != nil {
				t.Fatal(err)
			}
			opt := solveMIP(t, lp)
			start := time.Now()
			r, err := Build(context.Background(), reqs, tmpls, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			el := time.Since(start)
			tot := r.Summaries[len(r.Summaries)-1]
			if tot.UnderHours > 0 {
				t.Errorf("under-covered %g agent-hours", tot.UnderHours)
			}
			gap := (tot.PaidHours - opt) / opt
			t.Logf("paid %g h, MIP optimum %g h: %.2f%% above, bound %g (%.2f%% gap), %v", tot.PaidHours, opt, 100*gap, tot.LowerBound, 100*tot.Gap(), el)
			if gap > 0.01 {
				t.Errorf("paid hours %g are %.2f%% above the optimum %g", tot.PaidHours, 100*gap, opt)
			}
			if tot.LowerBound > opt+1e-6 {
				t.Errorf("lower bound %g above the proven optimum %g", tot.LowerBound, opt)
			}
		})
	}
}
