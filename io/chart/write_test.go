package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/schedule"
	"gonum.org/v1/plot/vg"
)

func TestFileName(t *testing.T) {
	long := strings.Repeat("客服", 150) // 300 characters, 900 bytes
	tests := []struct{ kind, channel, region, want string }{
		{"forecast", "chat", "east", "forecast-chat-east"},
		{"coverage", "Chat", "East Coast", "coverage-chat-east-coast"},
		{"forecast", "e-mail", "", "forecast-e-mail"},
		{"forecast", "voix/vente", "Île-de-France", "forecast-voix-vente-île-de-france"},
		{"forecast", "voix", "I\u0302le", "forecast-voix-île"}, // decomposed Î
		{"forecast", "../x", "a.b", "forecast----x-a-b"},
		{"forecast", "电话", "华东", "forecast-电话-华东"},
		{"forecast", "在线", "", "forecast-在线"},
		{"forecast", "a:b*c?d\"e<f>g|h", "", "forecast-a-b-c-d-e-f-g-h"},
		{"forecast", "", "", "forecast-"},
		{"forecast", long, "", "forecast-" + strings.Repeat("客服", 17) + "-" + shortHash("forecast-"+long)},
	}
	for _, tt := range tests {
		got, _ := fileName(tt.kind, tt.channel, tt.region)
		if got != tt.want {
			t.Errorf("fileName(%q, %q, %q) = %q, want %q", tt.kind, tt.channel, tt.region, got, tt.want)
		}
		if len(got) > MaxNameBytes {
			t.Errorf("fileName(%q, %q, %q) is %d bytes long, want at most %d", tt.kind, tt.channel, tt.region, len(got), MaxNameBytes)
		}
	}
}

// TestWriteAllNamesEverySeries writes the charts of series whose names
// would all fold alike with ASCII-only names, or differ only in case, or
// are too long for a file name: each must get a file of its own.
func TestWriteAllNamesEverySeries(t *testing.T) {
	long := strings.Repeat("x", 300)
	var fs []forecast.Forecast
	for _, ch := range []string{"电话", "在线", "Chat", "chat", long, long + "y"} {
		_, f := sample(ch, "east")
		fs = append(fs, f)
	}
	dir := t.TempDir()
	paths, err := writeAll(dir, nil, fs, schedule.Roster{}, small)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paths {
		got = append(got, filepath.Base(p))
	}
	want := []string{
		"forecast-chat-east-" + shortHash("forecast-chat-east") + ".png",
		"forecast-chat-east.png",
		"forecast-x" + strings.Repeat("x", MaxNameBytes-len("forecast-x")-9) + "-" + shortHash("forecast-"+long+"-east") + ".png",
		"forecast-x" + strings.Repeat("x", MaxNameBytes-len("forecast-x")-9) + "-" + shortHash("forecast-"+long+"y-east") + ".png",
		"forecast-在线-east.png",
		"forecast-电话-east.png",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("file names (-want +got):\n%s", diff)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(want) {
		t.Errorf("%d files in the folder, want %d", len(entries), len(want))
	}
}

// TestWriteAllKeepsTheTotalsName writes charts of a channel called
// "total": the chart of all series keeps coverage-total.png.
func TestWriteAllKeepsTheTotalsName(t *testing.T) {
	dir := t.TempDir()
	paths, err := writeAll(dir, nil, nil, schedule.Roster{Coverage: sampleCoverage("total", "")}, small)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "coverage-total-"+shortHash("coverage-total")+".png"), filepath.Join(dir, "coverage-total.png")}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

var small = Options{Width: 12 * vg.Centimeter, Height: 6 * vg.Centimeter, DPI: 60}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	h1, f1 := sample("Chat", "East Coast")
	h2, f2 := sample("e-mail", "")
	_, f3 := sample("voice", "west") // no history: forecast drawn alone
	cov := append(sampleCoverage("Chat", "East Coast"), sampleCoverage("e-mail", "")...)
	// an existing chart is replaced
	old := filepath.Join(dir, "coverage-total.png")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths, err := writeAll(dir, []forecast.Series{h2, h1}, []forecast.Forecast{f1, f2, f3}, schedule.Roster{Coverage: cov}, small)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, n := range []string{"coverage-chat-east-coast.png", "coverage-e-mail.png", "coverage-total.png",
		"forecast-chat-east-coast.png", "forecast-e-mail.png", "forecast-voice-west.png"} {
		want = append(want, filepath.Join(dir, n))
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		t.Errorf("%d files in the folder, want %d (no temporary files)", len(entries), len(want))
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := decode(t, b, small); len(n) < 8 {
			t.Errorf("%s: %d colours", p, len(n))
		}
	}

	// the file holds what Forecast draws with the matching history
	var direct bytes.Buffer
	if err := Forecast(&direct, h1, f1, small); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "forecast-chat-east-coast.png")); !bytes.Equal(b, direct.Bytes()) {
		t.Error("forecast-chat-east-coast.png differs from Forecast with the Chat / East Coast history")
	}
}

func TestWriteAllNoCoverage(t *testing.T) {
	dir := t.TempDir()
	_, f := sample("chat", "east")
	paths, err := writeAll(dir, nil, []forecast.Forecast{f}, schedule.Roster{}, small)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, "forecast-chat-east.png")}, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

func TestWriteAllErrors(t *testing.T) {
	_, a := sample("Chat", "east")
	dir := t.TempDir()
	// an empty forecast with no history names its file, and the charts
	// drawn before it are not written either
	empty := forecast.Forecast{Channel: "sms", Region: "north", Start: a.Start, Interval: time.Hour}
	if _, err := writeAll(dir, nil, []forecast.Forecast{a, empty}, schedule.Roster{}, small); err == nil || !strings.Contains(err.Error(), "forecast-sms-north.png") {
		t.Errorf("err = %v, want one naming forecast-sms-north.png", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files written despite the failure", len(entries))
	}

	if _, err := writeAll(filepath.Join(dir, "missing"), nil, []forecast.Forecast{a}, schedule.Roster{}, small); err == nil {
		t.Error("no error for a missing folder")
	}
}

// writeAll writes the charts at once, as one batch.
func writeAll(dir string, history []forecast.Series, fs []forecast.Forecast, r schedule.Roster, opt Options) ([]string, error) {
	var b outfile.Batch
	defer b.Discard()
	paths, err := WriteAll(&b, dir, history, fs, r, opt)
	if err != nil {
		return nil, err
	}
	return paths, b.Commit()
}
