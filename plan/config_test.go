package plan

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
	if cfg.History.Path != "history.csv" || time.Duration(cfg.Interval) != 30*time.Minute ||
		time.Duration(cfg.Horizon) != 7*24*time.Hour || cfg.Outputs.Workbook != "roster.xlsx" || cfg.Costs.Outsourced != 42 ||
		cfg.TimeZone != "Asia/Shanghai" {
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

// TestReadConfigInputs: an input is a path, or a mapping saying how to read it.
func TestReadConfigInputs(t *testing.T) {
	cfg, err := ReadConfig(strings.NewReader(`history:
  path: ../exports/calls.xlsx
  sheet: Calls
  columns: {Contacts: IncomingContactVolume, interval_start: TimeStamp}
targets: {path: targets.csv, encoding: gbk}
shifts: /etc/wfm/shifts.yaml
quantile: p90
scenarios: ["aht=+10%", "outsource=40%"]
costs: {outsourced: 42}
`), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		History: Input{Path: "../exports/calls.xlsx", Sheet: "Calls",
			Columns: map[string]string{"contacts": "IncomingContactVolume", "interval_start": "TimeStamp"}},
		Targets:  Input{Path: "targets.csv", Encoding: "gbk"},
		Shifts:   Input{Path: "/etc/wfm/shifts.yaml"},
		Quantile: P90,
	}
	got := Config{History: cfg.History, Targets: cfg.Targets, Shifts: cfg.Shifts, Quantile: cfg.Quantile}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if names := []string{cfg.Scenarios[0].Name, cfg.Scenarios[1].Name}; !slices.Equal(names, []string{"aht=+10%", "outsource=40%"}) ||
		cfg.Scenarios[1].OutsourceShare != 0.4 {
		t.Errorf("scenarios %+v", cfg.Scenarios)
	}
}

func TestBadConfig(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"unknown key", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nhorizn: 7d\n", "line 4: field horizn not found"},
		{"wrong type", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\noutputs: [a, b]\n", "line 4"},
		{"bad duration", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nhorizon: soon\n", `line 4: key horizon: want a duration like 30m, 7d or 2w, got "soon"`},
		{"missing history", "targets: t.csv\nshifts: s.yaml\n", "key history: required"},
		{"bad quantile", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nquantile: p50\n", `line 4: key quantile "p50": want p10 or p90`},
		{"negative cost", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\ncosts: {in-house: -1}\n", "key costs"},
		{"negative seed", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nseed: -1\n", "line 4"},
		{"quoted currency", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\ncurrency: 'C\"NY'\n", `key currency: want a currency code or symbol`},
		{"negative effort", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\neffort: -1\n", "key effort"},
		{"bad scenario", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nscenarios: [aht=+10%, sl=90]\n", "line 4: key scenarios: sl:"},
		{"not yaml", "history: [h.csv\n", "p.yaml"},
		{"NaN effort", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\neffort: .nan\n", "key effort: want a number > 0 and at most 100"},
		{"infinite effort", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\neffort: .inf\n", "key effort: want a number > 0 and at most 100"},
		{"huge effort", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\neffort: 1e9\n", "key effort: want a number > 0 and at most 100 (or 0 for the default, 1), got 1e+09"},
		{"seed overflows", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nseed: 18446744073709551616\n", `line 4: key seed: want a whole number from 0 to 18446744073709551615, got "18446744073709551616"`},
		{"fractional seed", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nseed: 1.5\n", "line 4: key seed: want a whole number"},
		{"text effort", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\neffort: lots\n", "line 4: key effort: cannot unmarshal"},
		{"BOM on GBK output", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\noutputs: {encoding: gbk, bom: true}\n", "p.yaml: key outputs.encoding: a byte-order mark is for UTF-8, not gbk"},
		{"unknown output encoding", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\noutputs: {encoding: latin1}\n", `key outputs.encoding: unknown encoding "latin1"`},
		{"horizon too long", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nhorizon: 400d\n", "key horizon 400d: want more than 0 and at most 366d"},
		{"unknown model", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nmodel: crystal-ball\n", `key model "crystal-ball": want one of auto,`},
		{"outsourcing without its cost", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\nscenarios: [outsource=40%]\n", `key scenarios: "outsource=40%" outsources, which needs the cost of an outsourced hour`},
		{"input without path", "history: {encoding: gbk}\ntargets: t.csv\nshifts: s.yaml\n", "line 1: key path: required"},
		{"unknown input key", "history: {path: h.csv, sheets: Calls}\ntargets: t.csv\nshifts: s.yaml\n", "line 1: field sheets not found in an input, want path, encoding, sheet, header_row, date_format or columns"},
		{"header row below 1", "history: {path: h.csv, header_row: 0}\ntargets: t.csv\nshifts: s.yaml\n", "line 1: key header_row: want a row number from 1, got 0"},
		{"header row not a number", "history: {path: h.csv, header_row: two}\ntargets: t.csv\nshifts: s.yaml\n", "line 1: key header_row: want a row number"},
		{"unknown date directive", "history: {path: h.csv, date_format: '%m/%d/%Y %q'}\ntargets: t.csv\nshifts: s.yaml\n", "line 1: key date_format: date format \"%m/%d/%Y %q\": unknown directive %q"},
		{"input columns not a mapping", "history: {path: h.csv, columns: [a]}\ntargets: t.csv\nshifts: s.yaml\n", "line 1: key columns: want a mapping"},
		{"unknown time zone", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\ntime_zone: Mars/Olympus\n", `key time_zone: unknown time zone "Mars/Olympus": want an IANA name`},
		{"machine's time zone", "history: h.csv\ntargets: t.csv\nshifts: s.yaml\ntime_zone: Local\n", `key time_zone: unknown time zone "Local"`},
		{"input a list", "history: [h.csv]\ntargets: t.csv\nshifts: s.yaml\n", "line 1: key history: want a file path"},
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

// FuzzReadConfig: any plan file is read or rejected as a *table.Error
// naming it; one read validates.
func FuzzReadConfig(f *testing.F) {
	example, err := examples.Files.ReadFile("plan.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(example))
	f.Add("history: {path: ../h.csv, sheet: Calls, columns: {contacts: Volume}}\ntargets: t.csv\nshifts: s.yaml\nquantile: p90\n")
	f.Add("history: h.csv\ntargets: t.csv\nshifts: s.yaml\nscenarios: [aht=+10%, \"volume=+20%;pool=regions\", outsource=40%]\ncosts: {outsourced: 42}\n")
	f.Add("history: h.csv\ntargets: t.csv\nshifts: s.yaml\nseed: 18446744073709551616\neffort: .nan\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := ReadConfig(strings.NewReader(text), "p.yaml")
		if err != nil {
			var te *table.Error
			if !errors.As(err, &te) || te.File != "p.yaml" {
				t.Errorf("ReadConfig error %v is not a *table.Error naming p.yaml", err)
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("ReadConfig accepted a plan that does not validate: %v", err)
		}
	})
}
