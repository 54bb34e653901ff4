package table

import (
	"bytes"
	"encoding/csv"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestWriteCSVRoundTrips(t *testing.T) {
	tricky := []string{"plain", "a,b", `say "hi"`, "two\nlines", " leading space", "", "电话", "cr\r"}
	tbl := &Table{Columns: []string{"text", "n", "x", "when", "nothing"}}
	for i, s := range tricky {
		tbl.Rows = append(tbl.Rows, []any{s, i, 0.25 * float64(i), time.Date(2026, 3, 2, 8, 30, i, 0, time.UTC), nil})
	}
	tbl.Rows = append(tbl.Rows, []any{"inf", -1, math.Inf(1), time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC), nil})
	var b bytes.Buffer
	if err := tbl.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{tbl.Columns}
	for i, s := range tricky {
		when := "2026-03-02T08:30"
		if i > 0 {
			when = "2026-03-02T08:30:0" + string(rune('0'+i))
		}
		x := []string{"0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75"}[i]
		want = append(want, []string{s, string(rune('0' + i)), x, when, ""})
	}
	want = append(want, []string{"inf", "-1", "", "2026-03-02T08:30", ""})
	if diff := cmp.Diff(want, records); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestWriteJSON(t *testing.T) {
	tbl := &Table{Columns: []string{"b", "a"}, Rows: [][]any{{"x\"y", math.NaN()}, {nil, 2}}}
	var b bytes.Buffer
	if err := tbl.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	want := "[\n  {\"b\": \"x\\\"y\", \"a\": null},\n  {\"b\": null, \"a\": 2}\n]\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	tbl := &Table{Columns: []string{"interval_start", "channel", "region", "contacts", "agents"}}
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	tbl.Grow(100000)
	for i := range 100000 {
		tbl.Add(start.Add(time.Duration(i)*15*time.Minute), "chat", "east", Round(float64(i)*0.37, 2), i%50)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := tbl.WriteCSV(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPer(t *testing.T) {
	for d, want := range map[time.Duration]string{
		15 * time.Minute: "15 min", time.Hour: "hour", 2 * time.Hour: "2 h", 24 * time.Hour: "day", 90 * time.Second: "interval",
	} {
		if got := Per(d); got != want {
			t.Errorf("Per(%v) = %q, want %q", d, got, want)
		}
	}
}
