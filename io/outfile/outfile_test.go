package outfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteReplacesWholeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	for _, content := range []string{"first version, longer\n", "second\n"} {
		if err := Write(path, func(w io.Writer) error {
			_, err := io.WriteString(w, content)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Errorf("file holds %q, want %q", got, content)
		}
	}
}

func TestFailedWriteKeepsOldFileAndLeavesNoTemporary(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "roster.csv")
	if err := os.WriteFile(path, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half a fi")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write returned %v, want the writer's error", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "precious" {
		t.Errorf("existing file damaged: %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries after a failed write, want only the original", len(entries))
	}
}

func TestFailedWriteCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	err := Write(filepath.Join(dir, "new.xlsx"), func(io.Writer) error { return errors.New("no") })
	if err == nil {
		t.Fatal("want an error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed write left %d files", len(entries))
	}
}

func TestWriteRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, func(io.Writer) error { return nil }); err == nil {
		t.Error("writing over a directory succeeded")
	}
}

func TestWriteIntoMissingFolderNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "roster.csv")
	err := Write(path, func(io.Writer) error { return nil })
	if err == nil || err.Error() != "cannot write "+path+": no such file or directory" {
		t.Errorf("got %v", err)
	}
}

func TestLockExcludesASecondRun(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Lock(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A second process is simulated by a second open file description,
	// which flock treats as a separate holder.
	if _, err := Lock(dir, 150*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: got %v, want ErrLocked", err)
	}
	unlock()
	again, err := Lock(dir, 0)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again()
}

func TestLockWaitsForTheHolder(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Lock(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(200*time.Millisecond, unlock)
	start := time.Now()
	second, err := Lock(dir, 5*time.Second)
	if err != nil {
		t.Fatalf("waiting lock: %v", err)
	}
	second()
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Errorf("got the lock after %v, before the holder released it", waited)
	}
}

// TestUnlockRemovesTheLockFile: a run leaves no lock file behind, and a run
// that waited on the removed file still excludes a third one.
func TestUnlockRemovesTheLockFile(t *testing.T) {
	dir := t.TempDir()
	lockFile := filepath.Join(dir, LockName)
	first, err := Lock(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(200*time.Millisecond, first)
	second, err := Lock(dir, 5*time.Second)
	if err != nil {
		t.Fatalf("waiting lock: %v", err)
	}
	if _, err := os.Stat(lockFile); err != nil {
		t.Fatalf("lock file of the waiting run: %v", err)
	}
	if _, err := Lock(dir, 0); !errors.Is(err, ErrLocked) {
		t.Fatalf("third lock while the second holds the folder: got %v, want ErrLocked", err)
	}
	second()
	if _, err := os.Stat(lockFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file after the run: got %v, want it removed", err)
	}
}
