package plan

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// writeFiles writes name -> content under dir, creating folders.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	twoSeries = "interval_start,channel,region,contacts\n" +
		"2026-03-02T08:00,phone,east,4\n2026-03-02T09:00,phone,east,5\n" +
		"2026-03-02T08:00,chat,east,4\n2026-03-02T09:00,chat,east,5\n"
	phoneTarget     = "channel,service_level,answer_seconds,aht_seconds\nphone,0.8,20,300\n"
	bothTargets     = phoneTarget + "chat,0.8,60,300\n"
	noAHTTargets    = "channel,service_level,answer_seconds\nphone,0.8,20\nchat,0.8,60\n"
	shiftsYAML      = "- {name: DAY, length: 8h, earliest_start: \"08:00\", latest_start: \"10:00\", start_step: 1h, days_per_week: 5, days_off: any}\n"
	validPlanInputs = "targets: targets.csv\nshifts: shifts.yaml\n"
)

// TestRunRejectsBeforeComputing: inputs that cannot be planned fail while
// reading, naming the file to fix, before the forecast begins.
func TestRunRejectsBeforeComputing(t *testing.T) {
	for _, c := range []struct {
		name    string
		files   map[string]string
		plan    string
		want    table.Error // Err compared by text
		wantErr string
	}{
		{"series without target",
			map[string]string{"history.csv": twoSeries, "targets.csv": phoneTarget},
			"history: history.csv\n" + validPlanInputs,
			table.Error{File: "targets.csv", Column: "channel"}, `no target for channel "chat" region "east"`},
		{"no handle time anywhere",
			map[string]string{"history.csv": twoSeries, "targets.csv": noAHTTargets},
			"history: history.csv\n" + validPlanInputs,
			table.Error{File: "history.csv", Column: "aht_seconds"}, `channel "chat" region "east" has contacts without a handle time`},
		{"output overwrites the history",
			map[string]string{"history.csv": twoSeries, "targets.csv": bothTargets},
			"history: history.csv\n" + validPlanInputs + "outputs: {dir: out, forecast: ../history.csv}\n",
			table.Error{File: "plan.yaml"}, "would overwrite the history input"},
		{"pooling without a channel target",
			map[string]string{"history.csv": twoSeries + "2026-03-02T08:00,phone,west,4\n2026-03-02T09:00,phone,west,5\n",
				"targets.csv": "channel,region,service_level,answer_seconds,aht_seconds\nchat,,0.8,60,300\nphone,east,0.8,20,300\nphone,west,0.8,20,300\n"},
			"history: history.csv\n" + validPlanInputs + "scenarios: [aht=+10%, pool=regions]\n",
			table.Error{File: "targets.csv", Column: "region"}, `scenario "pool=regions" pools channel "phone"'s regions`},
		{"override without a change",
			map[string]string{"history.csv": twoSeries, "targets.csv": bothTargets, "overrides.csv": "start,end,factor,set\n2026-03-09,2026-03-09,,\n"},
			"history: history.csv\noverrides: overrides.csv\n" + validPlanInputs,
			table.Error{File: "overrides.csv", Row: 2, Column: "factor"}, "want one of factor, add and set filled"},
		{"mapped column absent",
			map[string]string{"history.csv": twoSeries, "targets.csv": bothTargets},
			"history: history.csv\ntargets: {path: targets.csv, columns: {channel: queue}}\nshifts: shifts.yaml\n",
			table.Error{File: "targets.csv", Row: 1, Column: "queue"}, "not found (mapped to channel)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.files["shifts.yaml"] = shiftsYAML
			writeFiles(t, dir, c.files)
			cfg, err := ReadConfig(strings.NewReader(c.plan), "plan.yaml")
			if err != nil {
				t.Fatal(err)
			}
			var stages []string
			_, err = Run(context.Background(), cfg, Source{Dir: dir}, dir, func(s Stage) { stages = append(stages, s.Name) })
			var te *table.Error
			if !errors.As(err, &te) || !strings.Contains(te.Err.Error(), c.wantErr) {
				t.Fatalf("got %v, want a *table.Error saying %q", err, c.wantErr)
			}
			// Files read are named with the plan's folder; the plan itself as given.
			if c.want.File != "plan.yaml" {
				c.want.File = filepath.Join(dir, c.want.File)
			}
			te.Err = nil
			if diff := cmp.Diff(c.want, *te); diff != "" {
				t.Errorf("error location (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"reading the inputs"}, stages); diff != "" {
				t.Errorf("stages begun (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunReadsInputsAnywhere: absolute input paths and paths above the
// plan's folder are read from the operating system and named as written.
func TestRunReadsInputsAnywhere(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"exports/history.csv": twoSeries,
		"shared/targets.csv":  phoneTarget, // no chat target: Run stops after reading every input
		"plans/shifts.yaml":   shiftsYAML,
	})
	history := filepath.Join(root, "exports", "history.csv")
	cfg, err := ReadConfig(strings.NewReader("history: "+history+"\ntargets: ../shared/targets.csv\nshifts: shifts.yaml\n"), "plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plans := filepath.Join(root, "plans")
	_, err = Run(context.Background(), cfg, Source{Dir: plans}, plans, nil)
	want := plans + string(filepath.Separator) + "../shared/targets.csv: column channel: no target for channel \"chat\" region \"east\" of " + history
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v\nwant %s...", err, want)
	}

	cfg.History.Path = filepath.Join(root, "exports", "none.csv")
	_, err = Run(context.Background(), cfg, Source{Dir: plans}, plans, nil)
	if want := cfg.History.Path + ": cannot open: no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestRunOnEmbeddedFiles: relative paths come from Source.FS, others from
// the operating system.
func TestRunOnEmbeddedFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"targets.csv": phoneTarget})
	src := Source{FS: fstest.MapFS{}, Dir: "examples"}
	_, err := src.Targets(Input{Path: filepath.Join(dir, "targets.csv")})
	if err != nil {
		t.Errorf("absolute path beside an FS: %v", err)
	}
	_, err = src.History(Input{Path: "history.csv"}, 0)
	if want := filepath.Join("examples", "history.csv") + ": cannot open: file does not exist"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg := Config{File: "plan.yaml", History: Input{Path: "h.csv"}, Targets: Input{Path: "t.csv"}, Shifts: Input{Path: "s.yaml"},
		Horizon: Duration(24 * time.Hour), Model: "auto"}
	called := false
	if _, err := Run(ctx, cfg, Source{Dir: t.TempDir()}, "", func(Stage) { called = true }); !errors.Is(err, context.Canceled) || called {
		t.Errorf("got %v (a stage begun: %v), want context.Canceled before any stage", err, called)
	}
}

func TestSourceName(t *testing.T) {
	sep := string(filepath.Separator)
	abs := filepath.Join(sep+"srv", "exports", "calls.csv")
	for _, c := range []struct{ dir, path, want string }{
		{"", "calls.csv", "calls.csv"},
		{".", "calls.csv", "calls.csv"},
		{"plans", "calls.csv", filepath.Join("plans", "calls.csv")},
		{"plans", "../exports/calls.csv", "plans" + sep + "../exports/calls.csv"},
		{"plans", abs, abs},
	} {
		if got := (Source{Dir: c.dir}).Name(c.path); got != c.want {
			t.Errorf("Source{Dir: %q}.Name(%q) = %q, want %q", c.dir, c.path, got, c.want)
		}
	}
}

func TestSameFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.csv": "x", "b.csv": "x"})
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(filepath.Join(dir, "a.csv"), link); err != nil {
		t.Skip(err)
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{filepath.Join(dir, "a.csv"), filepath.Join(dir, "sub", "..", "a.csv"), true},
		{filepath.Join(dir, "a.csv"), link, true},
		{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), false},
		{filepath.Join(dir, "new.csv"), filepath.Join(dir, ".", "new.csv"), true},
		{filepath.Join(dir, "new.csv"), filepath.Join(dir, "a.csv"), false},
	} {
		if got := SameFile(c.a, c.b); got != c.want {
			t.Errorf("SameFile(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestQuantile(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   Quantile
		column string
	}{{"", Point, "contacts"}, {"p10", P10, "contacts_p10"}, {"P90", P90, "contacts_p90"}} {
		q, err := ParseQuantile(c.in)
		if err != nil || q != c.want || q.Column() != c.column {
			t.Errorf("ParseQuantile(%q) = %v (%q), %v; want %v (%q)", c.in, q, q.Column(), err, c.want, c.column)
		}
	}
	if _, err := ParseQuantile("p50"); err == nil || err.Error() != `"p50": want p10 or p90` {
		t.Errorf("ParseQuantile(p50) = %v", err)
	}
}

// TestStaffNamesTheFileToFix: what staffing rejects is located in the
// targets file or in the data file, by what is wrong.
func TestStaffNamesTheFileToFix(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	demand := func(contacts, aht float64) []staff.Demand {
		return []staff.Demand{{Channel: "chat", Region: "east", Start: start, Interval: 30 * time.Minute,
			Contacts: []float64{contacts}, AHT: []float64{aht}}}
	}
	chat := []staff.Target{{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 20}}
	for _, c := range []struct {
		name    string
		demands []staff.Demand
		targets []staff.Target
		file    string
		column  string
	}{
		{"no target", demand(10, 300), []staff.Target{{Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20}}, "targets.csv", "channel"},
		{"no handle time", demand(10, math.NaN()), chat, "forecast.csv", "aht_seconds"},
		{"contacts beyond the limit", demand(2*staff.MaxContacts, 300), chat, "forecast.csv", "contacts"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Staff(context.Background(), c.demands, c.targets, "targets.csv", "forecast.csv")
			var te *table.Error
			if !errors.As(err, &te) || te.File != c.file || te.Column != c.column {
				t.Errorf("error %v, want one about %s, column %s", err, c.file, c.column)
			}
		})
	}
}
