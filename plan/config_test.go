package plan

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/examples"
	"github.com/wfm-dev/wfm/io/table"
)

func TestReadConfigExample(t *testing.T) {
	f, err := examples.Files.Open("plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := ReadConfig(f, "plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.History != "history.csv" || time.Duration(cfg.Interval) != 30*time.Minute ||
		time.Duration(cfg.Horizon) != 7*24*time.Hour || cfg.Outputs.Workbook != "roster.xlsx" || cfg.Costs.Outsourced != 42 {
		t.Errorf("got %+v", cfg)
	}
}

func TestReadConfigDefaults(t *testing.T) {
	cfg, err := ReadConfig(strings.NewReader("history: h.csv\ntargets: t.csv\nshifts: s.yaml\nhorizon: 2w\nseed: 7\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Model != "auto" || time.Duration(cfg.Horizon) != 14*24*time.Hour || cfg.Outputs.Forecast != "forecast.csv" ||
		cfg.Outputs.Workbook != "plan.xlsx" || cfg.Seed != 7 {
		t.Errorf("got %+v", cfg)
	}
}

func TestBadConfig(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"unknown key", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nhorizn: 7d\n", "line 4: field horizn not found"},
		{"wrong type", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\noutputs: [a, b]\n", "line 4"},
		{"bad duration", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nhorizon: soon\n", `line 4: want a duration like 30m, 7d or 2w, got "soon"`},
		{"missing history", "targets: t.csv\nshifts: s.yaml\n", "key history: required"},
		{"bad quantile", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nquantile: p50\n", `want p10 or p90, got "p50"`},
		{"negative cost", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\ncosts: {in-house: -1}\n", "key costs"},
		{"negative seed", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nseed: -1\n", "line 4"},
		{"negative effort", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\neffort: -1\n", "key effort"},
		{"bad scenario", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nscenarios: [aht=+10%, sl=90]\n", "key scenarios, item 2: sl:"},
		{"not yaml", "history: [h.csv\n", "p.yaml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadConfig(strings.NewReader(c.yaml), "p.yaml")
			var te *table.Error
			if !errors.As(err, &te) || !strings.Contains(err.Error(), c.want) || te.File != "p.yaml" {
				t.Errorf("got %v, want a *table.Error for p.yaml mentioning %q", err, c.want)
			}
		})
	}
}
