package plan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestSimulateKey: simulate: true adds a stage, writes simulation.csv
// beside the other outputs and gives the Summary, printed and in the
// workbook, the simulated service level and occupancy per series and in
// total, as percentages; without it there are none.
func TestSimulateKey(t *testing.T) {
	for _, simulate := range []bool{false, true} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"history.csv": weekdayHistory(3), "targets.csv": phoneTarget, "shifts.yaml": shiftsYAML})
		text := "history: history.csv\n" + validPlanInputs + "model: snaive\neffort: 0.1\n"
		if simulate {
			text += "simulate: true\n"
		}
		cfg, err := ReadConfig(strings.NewReader(text), "plan.yaml")
		if err != nil {
			t.Fatal(err)
		}
		var stages []string
		res, err := Run(context.Background(), cfg, Source{Dir: dir}, dir, func(s Stage) { stages = append(stages, s.Name) })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := res.Write(cfg, dir); err != nil {
			t.Fatal(err)
		}
		sum := res.Summary()
		got := slices.Contains(sum.Columns, "simulated_service_level") && slices.Contains(sum.Columns, "simulated_occupancy")
		_, statErr := os.Stat(filepath.Join(dir, "simulation.csv"))
		if got != simulate || (statErr == nil) != simulate || slices.Contains(stages, "simulating the roster, 20 runs") != simulate {
			t.Fatalf("simulate %v: summary columns %v, simulation.csv %v, stages %q", simulate, sum.Columns, statErr, stages)
		}
		f, err := excelize.OpenFile(filepath.Join(dir, "plan.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Summary")
		if err != nil {
			t.Fatal(err)
		}
		header := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Channel" })
		if header < 0 {
			t.Fatalf("no table header in %q", rows)
		}
		col := slices.Index(rows[header], "Simulated service level")
		if (col >= 0) != simulate || simulate && slices.Index(rows[header], "Simulated occupancy") != col+1 {
			t.Errorf("simulate %v: Summary header %q", simulate, rows[header])
		}
		if !simulate {
			continue
		}
		// The phone series, then the total: a percentage, as the Summary
		// shows its shares.
		for _, r := range rows[header+1 : header+3] {
			if len(r) <= col+1 || !strings.HasSuffix(r[col], "%") || !strings.HasSuffix(r[col+1], "%") {
				t.Errorf("Summary row %q: want simulated percentages", r)
			}
		}
		if d := cmp.Diff([]string{"phone", "total"}, []string{rows[header+1][0], rows[header+2][0]}); d != "" {
			t.Errorf("rows (-want +got)\n%s", d)
		}
		f.Close()
	}
}
