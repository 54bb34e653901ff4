package examples_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/examples"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
)

// TestHistoryWorkbook checks that history.xlsx holds the CSV's rows, with
// interval_start as real date cells (numbers shown as dates).
func TestHistoryWorkbook(t *testing.T) {
	data, err := examples.Files.ReadFile("history.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) == 0 || sheets[0] != "History" {
		t.Fatalf("sheets %v, want History first", sheets)
	}
	rs, err := f.Rows("History")
	if err != nil {
		t.Fatal(err)
	}
	var raw [][]string
	for rs.Next() {
		cells, err := rs.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, cells)
	}
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, "history.csv")
	if len(raw) != len(rows)+1 {
		t.Fatalf("%d sheet rows, want %d", len(raw), len(rows)+1)
	}
	if diff := cmp.Diff(header, raw[0]); diff != "" {
		t.Errorf("header (-csv +xlsx):\n%s", diff)
	}
	// The dates show as dates; one style serves the whole column.
	for _, i := range []int{0, 1, len(rows) / 2, len(rows) - 1} {
		cell := fmt.Sprintf("A%d", i+2)
		shown, err := f.GetCellValue("History", cell)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Replace(rows[i][0], "T", " ", 1); shown != want {
			t.Errorf("%s shown as %q, want %q", cell, shown, want)
		}
	}
	for i, want := range rows {
		got := raw[i+1]
		serial, err := strconv.ParseFloat(got[0], 64)
		if err != nil {
			t.Fatalf("row %d: interval_start %q is not a date cell", i+2, got[0])
		}
		at, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			t.Fatal(err)
		}
		if s := at.Round(time.Minute).Format("2006-01-02T15:04"); s != want[0] {
			t.Fatalf("row %d: interval_start %s, want %s", i+2, s, want[0])
		}
		for len(got) < len(want) {
			got = append(got, "") // trailing empty cells are left out
		}
		for j := 1; j < len(want); j++ {
			if !sameCell(got[j], want[j]) {
				t.Fatalf("row %d, %s: %q in the workbook, %q in the CSV", i+2, header[j], got[j], want[j])
			}
		}
	}
}

// sameCell compares cells as numbers when both are numbers, else as text.
func sameCell(a, b string) bool {
	x, errX := strconv.ParseFloat(a, 64)
	y, errY := strconv.ParseFloat(b, 64)
	if errX == nil && errY == nil {
		return x == y
	}
	return a == b
}

// yamlMaps reads an embedded YAML list of mappings as one map of text per
// item, the way csvMaps reads a CSV: a list of breaks in the CSV's compact form.
func yamlMaps(t *testing.T, name string) []map[string]string {
	t.Helper()
	data, err := examples.Files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := yaml.Unmarshal(data, &list); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := make([]map[string]string, len(list))
	for i, m := range list {
		out[i] = map[string]string{}
		for k, v := range m {
			if l, ok := v.([]any); ok {
				if s := compactBreaks(l); s != "" {
					out[i][k] = s
				}
				continue
			}
			out[i][k] = fmt.Sprint(v)
		}
	}
	return out
}

// csvMaps reads an embedded CSV as one map per row, leaving out empty cells.
func csvMaps(t *testing.T, name string) []map[string]string {
	t.Helper()
	header, rows := readCSV(t, name)
	out := make([]map[string]string, len(rows))
	for i, r := range rows {
		out[i] = map[string]string{}
		for j, v := range r {
			if v != "" {
				out[i][header[j]] = v
			}
		}
	}
	return out
}

func TestCSVAndYAMLAgree(t *testing.T) {
	for _, name := range []string{"targets", "shifts"} {
		if diff := cmp.Diff(csvMaps(t, name+".csv"), yamlMaps(t, name+".yaml")); diff != "" {
			t.Errorf("%s (-csv +yaml):\n%s", name, diff)
		}
	}
}

func TestTargetColumns(t *testing.T) {
	header, _ := readCSV(t, "targets.csv")
	want := []string{"channel", "region", "service_level", "answer_seconds", "asa_seconds", "max_occupancy",
		"shrinkage", "concurrency", "patience_seconds", "kind", "response_hours", "min_agents"}
	if diff := cmp.Diff(want, header); diff != "" {
		t.Errorf("targets.csv columns (-want +got):\n%s", diff)
	}
}

func TestTargetsAreSensible(t *testing.T) {
	general := map[string]bool{}
	overrides := 0
	for i, row := range csvMaps(t, "targets.csv") {
		num := func(k string) float64 {
			v, err := strconv.ParseFloat(row[k], 64)
			if row[k] != "" && err != nil {
				t.Errorf("row %d: %s = %q", i+2, k, row[k])
			}
			return v
		}
		c := row["channel"]
		if !slices.Contains(channels, c) {
			t.Errorf("row %d: channel %q not in the history", i+2, c)
		}
		if g := row["region"]; g == "" {
			general[c] = true
		} else if !slices.Contains(regions, g) {
			t.Errorf("row %d: region %q not in the history", i+2, g)
		} else {
			overrides++
		}
		if o := num("max_occupancy"); o < 0.85 || o > 0.9 {
			t.Errorf("row %d: max_occupancy %v, want 0.85-0.9", i+2, o)
		}
		if s := num("shrinkage"); s < 0.25 || s > 0.35 {
			t.Errorf("row %d: shrinkage %v, want 0.25-0.35", i+2, s)
		}
		switch row["kind"] {
		case "deferred":
			if num("response_hours") <= 0 || row["service_level"] != "" {
				t.Errorf("row %d: deferred work wants response_hours and no service level: %v", i+2, row)
			}
		case "immediate":
			if sl := num("service_level"); sl <= 0 || sl >= 1 || num("answer_seconds") <= 0 {
				t.Errorf("row %d: immediate work wants a service level in (0,1) and answer_seconds: %v", i+2, row)
			}
		default:
			t.Errorf("row %d: kind %q", i+2, row["kind"])
		}
	}
	for _, c := range channels {
		if !general[c] {
			t.Errorf("no target for channel %s in every region", c)
		}
	}
	if overrides == 0 {
		t.Error("no regional override row")
	}
}

// shift is a template as the tests need it.
type shift struct {
	name             string
	length           time.Duration
	earliest, latest time.Duration
	step             time.Duration
	daysPerWeek      int
	unpaid           time.Duration // unpaid breaks, which lengthen the day
}

func clockOf(t *testing.T, s string) time.Duration {
	t.Helper()
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(s) != 5 {
		t.Fatalf("time of day %q, want HH:MM", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
}

func durOf(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// compactBreaks writes YAML breaks in the CSV's compact form.
func compactBreaks(list []any) string {
	var parts []string
	for _, b := range list {
		m := b.(map[string]any)
		pay := "unpaid"
		if m["paid"] == true {
			pay = "paid"
		}
		parts = append(parts, fmt.Sprintf("%v %s %v-%v", m["length"], pay, m["earliest_after"], m["latest_after"]))
	}
	return strings.Join(parts, "; ")
}

func readShifts(t *testing.T) []shift {
	var out []shift
	for _, row := range csvMaps(t, "shifts.csv") {
		s := shift{name: row["name"], length: durOf(t, row["length"]),
			earliest: clockOf(t, row["earliest_start"]), latest: clockOf(t, row["latest_start"]),
			step: durOf(t, row["start_step"])}
		s.daysPerWeek, _ = strconv.Atoi(row["days_per_week"])
		type brk struct{ length, earliest, latest time.Duration }
		var breaks []brk
		if row["breaks"] != "" {
			for _, b := range strings.Split(row["breaks"], ";") {
				f := strings.Fields(b)
				if len(f) != 3 || f[1] != "paid" && f[1] != "unpaid" {
					t.Fatalf("%s: break %q, want LENGTH paid|unpaid EARLIEST-LATEST", s.name, b)
				}
				from, to, _ := strings.Cut(f[2], "-")
				breaks = append(breaks, brk{durOf(t, f[0]), durOf(t, from), durOf(t, to)})
				if f[1] == "unpaid" {
					s.unpaid += durOf(t, f[0])
				}
			}
		}
		for _, b := range breaks {
			if b.earliest > b.latest || b.latest+b.length > s.length+s.unpaid {
				t.Errorf("%s: break %+v does not fit the shift", s.name, b)
			}
		}
		out = append(out, s)
	}
	return out
}

// TestShiftsCoverEveryHour checks that some template can staff each
// interval of the day, so a 24/7 operation can be covered.
func TestShiftsCoverEveryHour(t *testing.T) {
	var covered [48]bool
	for _, s := range readShifts(t) {
		if s.daysPerWeek < 1 || s.daysPerWeek > 7 || s.step <= 0 || s.latest < s.earliest {
			t.Errorf("%s: bad template %+v", s.name, s)
			continue
		}
		for start := s.earliest; start <= s.latest; start += s.step {
			for at := start; at < start+s.length+s.unpaid; at += 30 * time.Minute {
				covered[int(at/(30*time.Minute))%48] = true
			}
		}
	}
	for i, ok := range covered {
		if !ok {
			t.Errorf("no shift covers %02d:%02d", i/2, i%2*30)
		}
	}
}

// days reads available_days: ranges and lists of day abbreviations.
func days(t *testing.T, s string) [7]bool {
	t.Helper()
	names := []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	var out [7]bool
	for _, part := range strings.Split(s, ";") {
		from, to, isRange := strings.Cut(part, "-")
		if !isRange {
			to = from
		}
		a, b := slices.Index(names, from), slices.Index(names, to)
		if a < 0 || b < 0 {
			t.Fatalf("available_days %q", s)
		}
		for d := a; ; d = (d + 1) % 7 {
			out[d] = true
			if d == b {
				break
			}
		}
	}
	return out
}

func TestAgentsAreFeasible(t *testing.T) {
	header, _ := readCSV(t, "agents.csv")
	want := []string{"agent_id", "name", "region", "channels", "shift", "min_hours", "max_hours",
		"available_days", "earliest_start", "latest_end", "cost_per_hour"}
	if !slices.Equal(header[:len(want)], want) {
		t.Errorf("agents.csv columns %v, want %v first", header, want)
	}
	shifts := map[string]shift{}
	for _, s := range readShifts(t) {
		shifts[s.name] = s
	}
	agents := csvMaps(t, "agents.csv")
	if len(agents) < 50 || len(agents) > 70 {
		t.Errorf("%d agents, want about 60", len(agents))
	}
	ids := map[string]bool{}
	cost := map[string][]float64{}
	for i, a := range agents {
		where := fmt.Sprintf("row %d (%s)", i+2, a["agent_id"])
		if ids[a["agent_id"]] || a["name"] == "" {
			t.Errorf("%s: duplicate id or no name", where)
		}
		ids[a["agent_id"]] = true
		if a["region"] != "east" {
			t.Errorf("%s: region %q, want east", where, a["region"])
		}
		for _, c := range strings.Split(a["channels"], ";") {
			if !slices.Contains(channels, c) {
				t.Errorf("%s: channel %q", where, c)
			}
		}
		c, err := strconv.ParseFloat(a["cost_per_hour"], 64)
		if err != nil || c <= 0 {
			t.Errorf("%s: cost_per_hour %q", where, a["cost_per_hour"])
		}
		cost[a["contract"]] = append(cost[a["contract"]], c)
		minH, _ := strconv.ParseFloat(a["min_hours"], 64)
		maxH, _ := strconv.ParseFloat(a["max_hours"], 64)
		avail := 0
		for _, ok := range days(t, a["available_days"]) {
			if ok {
				avail++
			}
		}
		from, until := time.Duration(0), 24*time.Hour
		if a["earliest_start"] != "" {
			from = clockOf(t, a["earliest_start"])
		}
		if a["latest_end"] != "" {
			until = clockOf(t, a["latest_end"])
		}
		// Some allowed template must fit the agent's days, hours and times.
		fits := false
		for _, name := range strings.Split(a["shift"], ";") {
			s, ok := shifts[name]
			if !ok {
				t.Errorf("%s: unknown template %q", where, name)
				continue
			}
			hours := float64(s.daysPerWeek) * s.length.Hours()
			start := max(s.earliest, from)
			start = s.earliest + (start-s.earliest+s.step-1)/s.step*s.step // on the start grid
			if s.daysPerWeek <= avail && minH <= hours && hours <= maxH &&
				start <= s.latest && (a["latest_end"] == "" || start+s.length+s.unpaid <= until) {
				fits = true
			}
		}
		if !fits {
			t.Errorf("%s: no allowed template fits %v", where, a)
		}
	}
	inHouse, outsourced := cost["in-house"], cost["outsourced"]
	if share := float64(len(outsourced)) / float64(len(agents)); math.Abs(share-0.4) > 0.05 {
		t.Errorf("outsourced share %.2f, want 0.40 (contracts %v)", share, len(cost))
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	if r := mean(outsourced) / mean(inHouse); r < 0.6 || r > 0.8 {
		t.Errorf("outsourced cost %.2f of in-house, want about 0.7", r)
	}
}

func TestHolidays(t *testing.T) {
	rows := csvMaps(t, "holidays.csv")
	byDate := map[string]map[string]string{}
	for i, h := range rows {
		if _, err := time.Parse(time.DateOnly, h["date"]); err != nil {
			t.Errorf("row %d: date %q", i+2, h["date"])
		}
		e := h["effect"]
		if f, err := strconv.ParseFloat(e, 64); !(e == "closed" || strings.HasPrefix(e, "like ") || err == nil && f > 0) {
			t.Errorf("row %d: effect %q, want closed, a factor or like DAY", i+2, e)
		}
		byDate[h["date"]] = h
	}
	for _, d := range []string{"2026-06-18", "2027-06-18", "2026-11-11", "2027-11-11", "2026-02-17", "2027-02-06"} {
		if byDate[d] == nil {
			t.Errorf("no holiday on %s", d)
		}
	}
	// The listed Double 11 factors are what the history shows.
	totals := dailyTotals(loadHistory(t), all)
	for _, d := range []time.Time{double11.AddDate(0, 0, -1), double11, double11.AddDate(0, 0, 1)} {
		h := byDate[d.Format(time.DateOnly)]
		f, err := strconv.ParseFloat(h["effect"], 64)
		if err != nil {
			t.Errorf("%s: effect %q, want a factor", d.Format(time.DateOnly), h["effect"])
			continue
		}
		if got := festivalRatio(totals, d); math.Abs(got-f) > 0.1*f {
			t.Errorf("%s (%s): factor %v listed, %.2f in the history", d.Format(time.DateOnly), h["name"], f, got)
		}
	}
	// The Mid-Autumn Festival is listed as a Sunday and looks like one in the
	// history: its morning starts as late as a Sunday's.
	if e := byDate[midAutumn.Format(time.DateOnly)]["effect"]; e != "like Sunday" {
		t.Fatalf("Mid-Autumn Festival effect %q, want like Sunday", e)
	}
	morning := func(keep func(time.Time) bool) float64 {
		var in, total float64
		for _, r := range loadHistory(t) {
			if d := dayOf(r.start); keep(d) {
				total += float64(r.contacts)
				if h := r.start.Hour(); h >= 7 && h < 9 {
					in += float64(r.contacts)
				}
			}
		}
		return in / total
	}
	festival := morning(func(d time.Time) bool { return d.Equal(midAutumn) })
	sunday := morning(func(d time.Time) bool { return d.Weekday() == time.Sunday && ordinary(d) })
	friday := morning(func(d time.Time) bool { return d.Weekday() == time.Friday && ordinary(d) })
	if math.Abs(festival-sunday) >= math.Abs(festival-friday) {
		t.Errorf("Mid-Autumn morning share %.4f: Sundays %.4f, Fridays %.4f; want it like a Sunday", festival, sunday, friday)
	}
}
