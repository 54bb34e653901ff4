package calendar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/schedule"
)

func TestFileNames(t *testing.T) {
	long := strings.Repeat("客服", 30) // 180 bytes
	hash := func(id string) string { return withHash("", id) }
	tests := []struct{ id, want string }{
		{"E001", "E001.ics"},
		{"FT8-001", "FT8-001.ics"},
		{"李伟", "李伟.ics"},
		{"a.b", "a.b.ics"},
		{"a/b", "a-b-" + hash("a/b") + ".ics"},
		{`a\b`, "a-b-" + hash(`a\b`) + ".ics"},
		{"..", "--" + "-" + hash("..") + ".ics"},
		{".hidden", "-hidden-" + hash(".hidden") + ".ics"},
		{"x.", "x--" + hash("x.") + ".ics"},
		{"CON", "CON-" + hash("CON") + ".ics"},
		{"con.txt", "con.txt-" + hash("con.txt") + ".ics"},
		{"LPT1", "LPT1-" + hash("LPT1") + ".ics"},
		{"COMx", "COMx.ics"},
		{"", hash("") + ".ics"},
		{"a:b*c?d", "a-b-c-d-" + hash("a:b*c?d") + ".ics"},
		{"I\u0302le", "Île-" + hash("I\u0302le") + ".ics"},            // decomposed Î
		{long, strings.Repeat("客服", 18) + "客-" + hash(long) + ".ics"}, // cut at 111 bytes
	}
	var ids []string
	for _, tt := range tests {
		ids = append(ids, tt.id)
	}
	names, err := FileNames(ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if names[i] != tt.want {
			t.Errorf("file name of %q = %q, want %q", tt.id, names[i], tt.want)
		}
		if len(names[i]) > MaxNameBytes+len(".ics") {
			t.Errorf("file name of %q is %d bytes", tt.id, len(names[i]))
		}
	}
}

func TestFileNamesApartInAnyCase(t *testing.T) {
	names, err := FileNames([]string{"AB", "ab", "cd"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"AB-" + withHash("", "AB") + ".ics", "ab-" + withHash("", "ab") + ".ics", "cd.ics"}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("names = %q, want %q", names, want)
			break
		}
	}
	if _, err := FileNames([]string{"x", "x"}); err == nil || !strings.Contains(err.Error(), "rename one") {
		t.Errorf("an id given twice: err = %v, want a clash", err)
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	r := schedule.Roster{
		Shifts: []schedule.Shift{
			{AgentID: "E002", Template: "FT8", Span: span("2026-03-03 08:00", "2026-03-03 16:00")},
			{AgentID: "a/b", Template: "FT8", Span: span("2026-03-03 09:00", "2026-03-03 17:00")},
			{AgentID: "E002", Template: "FT8", Span: span("2026-03-04 08:00", "2026-03-04 16:00")},
		},
		TimeOff: []schedule.TimeOff{
			{AgentID: "E009", Kind: schedule.Leave, Span: span("2026-03-02 00:00", "2026-03-09 00:00")},
			{AgentID: "a/b", Kind: "meeting", Span: span("2026-03-03 10:00", "2026-03-03 11:00")},
		},
	}
	var b outfile.Batch
	defer b.Discard()
	paths, err := WriteAll(&b, dir, r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	wantFiles := map[string]int{"E002.ics": 2, "E009.ics": 1, "a-b-" + withHash("", "a/b") + ".ics": 1}
	if len(paths) != len(wantFiles) {
		t.Fatalf("paths = %q, want %d files", paths, len(wantFiles))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(wantFiles) {
		t.Errorf("%d files in the folder, want %d", len(entries), len(wantFiles))
	}
	for name, n := range wantFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		evs := events(t, parse(t, data))
		if len(evs) != n {
			t.Errorf("%s: %d events, want %d", name, len(evs), n)
		}
		// One DTSTAMP for the whole roster: its first day.
		if !strings.Contains(string(data), "DTSTAMP:20260302T000000Z\r\n") {
			t.Errorf("%s: DTSTAMP is not the roster's first day:\n%s", name, data)
		}
	}
}

func TestWriteAllEmpty(t *testing.T) {
	var b outfile.Batch
	paths, err := WriteAll(&b, t.TempDir(), schedule.Roster{}, Options{Location: time.UTC})
	if err != nil || len(paths) != 0 {
		t.Errorf("WriteAll of an empty roster = %q, %v; want nothing", paths, err)
	}
}
