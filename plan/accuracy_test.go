package plan

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/xuri/excelize/v2"
)

// hourlyPhone is two days of hourly phone/east history, 10 contacts an
// hour from 08:00 to 17:00 and none at night.
func hourlyPhone() string {
	var b strings.Builder
	b.WriteString("interval_start,channel,region,contacts\n")
	for d := 2; d <= 3; d++ {
		for h := range 24 {
			n := 0
			if h >= 8 && h < 18 {
				n = 10
			}
			fmt.Fprintf(&b, "2026-03-%02dT%02d:00,phone,east,%d\n", d, h, n)
		}
	}
	return b.String()
}

// TestRunOverridesAndScoresThePreviousForecast: the plan keys overrides
// and previous_forecast change the forecast and score the one published
// before, and both show on the Accuracy sheet, which --update rewrites.
func TestRunOverridesAndScoresThePreviousForecast(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"history.csv": hourlyPhone(),
		"targets.csv": phoneTarget,
		"shifts.yaml": shiftsYAML,
		// Wednesday (the plan's first week starts on Monday 9 March) doubled 09:00-12:00.
		"overrides.csv": "start,end,channel,region,factor,note\n2026-03-11T09:00,2026-03-11T12:00,phone,*,2,Mailing\n",
		// Published for Tuesday 09:00 and 10:00 (actual 10 each) and Wednesday (no actual yet).
		"previous.csv": "interval_start,channel,region,contacts,contacts_p10,contacts_p90\n" +
			"2026-03-03T09:00,phone,east,12,9,15\n2026-03-03T10:00,phone,east,6,4,8\n2026-03-04T09:00,phone,east,12,9,15\n",
	})
	cfg, err := ReadConfig(strings.NewReader("history: history.csv\nmodel: snaive-day\noverrides: overrides.csv\n"+
		"previous_forecast: previous.csv\n"+validPlanInputs+"outputs: {dir: out, workbook: plan.xlsx}\n"), filepath.Join(dir, "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), cfg, Source{Dir: dir}, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Overrides) != 1 || res.Overrides[0].Intervals != 3 || res.Overrides[0].Before != 30 || res.Overrides[0].After != 60 {
		t.Errorf("override effect %+v, want 3 intervals from 30 to 60 contacts", res.Overrides)
	}
	// |12-10| + |6-10| over 20 actual; 10 inside [9, 15], outside [4, 8].
	p := res.Published
	if p == nil || p.Unmatched != 1 || len(p.Scores) != 3 {
		t.Fatalf("published %+v, want two rows for phone/east, the total and 1 unmatched interval", p)
	}
	if total := p.Scores[2]; total.Intervals != 2 || total.WAPE != 0.3 || total.Bias != -0.1 || total.Coverage != 0.5 {
		t.Errorf("total %+v, want 2 intervals, WAPE 0.3, bias -0.1, coverage 0.5", total)
	}

	workbook := filepath.Join(dir, "out", "plan.xlsx")
	for _, update := range []bool{false, true} {
		cfg.Outputs.Update = update
		if _, err := res.Write(cfg, dir); err != nil {
			t.Fatalf("update %v: %v", update, err)
		}
		f, err := excelize.OpenFile(workbook)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(sheet.AccuracySheet)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		// The named model has no backtest: the overrides first, then the scores beside them.
		header := rows[0]
		at := slices.Index(header, "date")
		if header[0] != "override" || at < 0 || header[at-3] != "" || rows[1][0] != "Mailing" || len(rows) != 4 {
			t.Fatalf("update %v: Accuracy sheet %q, want the overrides, an empty column and the published accuracy", update, rows)
		}
		if got := rows[3][at-2]; got != "total" {
			t.Errorf("update %v: last row's channel %q, want total", update, got)
		}
	}
}
