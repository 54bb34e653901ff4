package outfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// folder returns the names and contents of the files in dir.
func folder(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got[e.Name()] = string(b)
	}
	return got
}

// TestBatchIsAllOrNothing fails the last file of a run: the files written
// before it must not replace last run's, and no temporary may remain.
func TestBatchIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	old := map[string]string{"forecast.csv": "last week's forecast", "roster.csv": "last week's roster"}
	for name, content := range old {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	full := errors.New("no space left on device")
	var b Batch
	if err := b.Add(filepath.Join(dir, "forecast.csv"), text("this week's forecast")); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(filepath.Join(dir, "requirements.csv"), text("new file")); err != nil {
		t.Fatal(err)
	}
	err := b.Add(filepath.Join(dir, "roster.csv"), func(w io.Writer) error {
		io.WriteString(w, "half a ros")
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("Add returned %v, want the writer's error", err)
	}
	b.Discard()
	if diff := cmp.Diff(old, folder(t, dir)); diff != "" {
		t.Errorf("folder after a failed run (-want +got):\n%s", diff)
	}
	if err := b.Commit(); err != nil {
		t.Errorf("Commit after Discard: %v", err)
	}
	if diff := cmp.Diff(old, folder(t, dir)); diff != "" {
		t.Errorf("Commit after Discard changed the folder (-want +got):\n%s", diff)
	}

	var ok Batch
	for name, content := range map[string]string{"forecast.csv": "new forecast", "roster.csv": "new roster"} {
		if err := ok.Add(filepath.Join(dir, name), text(content)); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(old, folder(t, dir)); !strings.Contains(diff, ".wfm-") {
		t.Errorf("staged files are not temporaries next to their destinations:\n%s", diff)
	}
	if err := ok.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"forecast.csv": "new forecast", "roster.csv": "new roster"}
	if diff := cmp.Diff(want, folder(t, dir)); diff != "" {
		t.Errorf("folder after a good run (-want +got):\n%s", diff)
	}
}

func TestBatchRefusesOneFileTwice(t *testing.T) {
	dir := t.TempDir()
	var b Batch
	defer b.Discard()
	path := filepath.Join(dir, "a.csv")
	if err := b.Add(path, text("1")); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(path, text("2")); err == nil || !strings.Contains(err.Error(), "written twice") {
		t.Errorf("second Add of %s: %v, want an error", path, err)
	}
}

// TestWriteKeepsPermissions replaces files of several modes; a new file is
// 0644 whatever mode the temporary was created with.
func TestWriteKeepsPermissions(t *testing.T) {
	for _, mode := range []os.FileMode{0o600, 0o640, 0o664, 0o444} {
		t.Run(mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "roster.csv")
			if err := os.WriteFile(path, []byte("old"), mode); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, mode) // WriteFile's mode is masked by the umask
			if err := Write(path, text("new")); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != mode {
				t.Errorf("mode %v after replacing, want %v", got, mode)
			}
		})
	}
	path := filepath.Join(t.TempDir(), "new.csv")
	if err := Write(path, text("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
	}
}

// TestWriteThroughSymlink replaces the file a link points to, so that a
// planner's link to a shared workbook stays a link.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	if err := os.Mkdir(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(shared, "plan.xlsx")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "plan.xlsx")
	if err := os.Symlink(filepath.Join("shared", "plan.xlsx"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	dangling := filepath.Join(dir, "next.xlsx")
	if err := os.Symlink(filepath.Join("shared", "next.xlsx"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, dangling} {
		if err := Write(p, text("new")); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link (%v)", p, err)
		}
	}
	want := map[string]string{"plan.xlsx": "new", "next.xlsx": "new"}
	if diff := cmp.Diff(want, folder(t, shared)); diff != "" {
		t.Errorf("files the links point to (-want +got):\n%s", diff)
	}
}

// TestLockRemovesTemporariesOfAKilledRun leaves what a run killed between
// writing and renaming leaves, and the user's own files that look alike.
func TestLockRemovesTemporariesOfAKilledRun(t *testing.T) {
	dir := t.TempDir()
	var killed Batch
	if err := killed.Add(filepath.Join(dir, "plan.xlsx"), text("never renamed")); err != nil {
		t.Fatal(err)
	}
	mine := map[string]string{"plan.xlsx.tmp": "user", ".wfm-notes": "user", "notes.tmp": "user"}
	for name, content := range mine {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	unlock, err := Lock(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	want := map[string]string{LockName: ""}
	for name, content := range mine {
		want[name] = content
	}
	if diff := cmp.Diff(want, folder(t, dir)); diff != "" {
		t.Errorf("folder after Lock (-want +got):\n%s", diff)
	}
}

// TestWriteLongName writes a file whose name is near the usual 255-byte
// limit: the temporary's name must stay within it.
func TestWriteLongName(t *testing.T) {
	dir := t.TempDir()
	name := strings.Repeat("预", 80) + ".csv" // 244 bytes
	if err := Write(filepath.Join(dir, name), text("x")); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{name: "x"}, folder(t, dir)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
}
