package plan

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wfm-dev/wfm/examples"
	"github.com/wfm-dev/wfm/schedule/sim/roster"
)

// demoConfig is the example plan wfm demo runs.
func demoConfig(b *testing.B) Config {
	b.Helper()
	data, err := examples.Files.ReadFile("plan.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := ReadConfig(bytes.NewReader(data), "plan.yaml")
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// BenchmarkDemo plans the example week, as wfm demo does.
func BenchmarkDemo(b *testing.B) {
	cfg := demoConfig(b)
	for b.Loop() {
		if _, err := Run(context.Background(), cfg, Source{FS: examples.Files, Dir: "examples"}, b.TempDir(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYear plans six weeks ahead from a year of 15-minute history for
// 4 channels x 8 regions, scaled so a week's roster holds about 800 people.
func BenchmarkYear(b *testing.B) {
	files := yearOfHistory(b)
	cfg := Config{History: Input{Path: "history.csv"}, Horizon: Duration(42 * 24 * time.Hour), Model: "auto",
		Targets: Input{Path: "targets.yaml"}, Shifts: Input{Path: "shifts.yaml"}}
	for b.Loop() {
		res, err := Run(context.Background(), cfg, Source{FS: files, Dir: "year"}, b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		tours := map[string]bool{}
		for _, s := range res.Roster.Shifts {
			tours[s.AgentID] = true
		}
		b.ReportMetric(float64(len(tours))/6, "tours/week")
	}
}

// yearOfHistory generates the year's history (Poisson counts with daily
// and weekly shapes) and takes targets and shifts from the examples.
func yearOfHistory(b *testing.B) fs.FS {
	b.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	var csv bytes.Buffer
	csv.WriteString("interval_start,channel,region,contacts,aht_seconds\n")
	start := time.Date(2025, 11, 24, 0, 0, 0, 0, time.UTC)
	channels := []struct {
		name        string
		perInterval float64
		aht         int
	}{{"chat", 6, 400}, {"phone", 2.5, 340}, {"social", 1, 320}, {"self-service", 0.5, 250}}
	for i := range 364 * 96 {
		at := start.Add(time.Duration(i) * 15 * time.Minute)
		hour := float64(at.Hour()) + float64(at.Minute())/60
		day := 0.15 + math.Max(0, math.Sin((hour-7)/17*math.Pi))
		if at.Weekday() == time.Saturday || at.Weekday() == time.Sunday {
			day *= 0.85
		}
		for _, c := range channels {
			for region := range 8 {
				mean := c.perInterval * day * (0.6 + 0.1*float64(region))
				fmt.Fprintf(&csv, "%s,%s,r%d,%d,%d\n", at.Format("2006-01-02T15:04"), c.name, region, poisson(r, mean), c.aht)
			}
		}
	}
	files := fstest.MapFS{"history.csv": {Data: csv.Bytes()}}
	for _, name := range []string{"targets.yaml", "shifts.yaml"} {
		data, err := examples.Files.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	return files
}

func poisson(r *rand.Rand, mean float64) int {
	k, p := 0, math.Exp(-mean)
	for u, c := r.Float64(), p; u > c; c += p {
		k++
		p *= mean / float64(k)
	}
	return k
}

// BenchmarkDemoSimulation simulates the demo week's roster, as simulate:
// true does, and reports the events simulated per second of CPU time and
// the CPU seconds per simulation (the wall time depends on the cores free).
func BenchmarkDemoSimulation(b *testing.B) {
	cfg := demoConfig(b)
	src := Source{FS: examples.Files, Dir: "examples"}
	res, err := Run(context.Background(), cfg, src, b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	targets, err := src.Targets(cfg.Targets)
	if err != nil {
		b.Fatal(err)
	}
	demands := Demands(res.Forecasts, Point)
	cpu := func() time.Duration {
		var u syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
			b.Fatal(err)
		}
		return time.Duration(u.Utime.Nano() + u.Stime.Nano())
	}
	events, start := 0, cpu()
	for b.Loop() {
		sim, err := Simulate(context.Background(), res.Roster.Shifts, demands, targets,
			roster.Options{Replications: Replications}, "targets.yaml", "forecast")
		if err != nil {
			b.Fatal(err)
		}
		events += sim.Events
	}
	used := cpu() - start
	b.ReportMetric(float64(events)/used.Seconds(), "events/cpu-s")
	b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(res.Roster.Shifts)), "shifts")
}
