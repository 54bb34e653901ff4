package outfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// LockName is the lock file a run holds in its output folder.
const LockName = ".wfm.lock"

// ErrLocked reports an output folder another run is writing to.
var ErrLocked = errors.New("another wfm run is writing to this folder")

// Lock takes the output folder dir for this process, so that two runs
// never interleave their files there. It waits up to wait for a run holding
// it to finish, then fails with ErrLocked. Once it holds the folder, it
// removes the temporary files a killed run left there: no other run can
// be writing them. The returned function releases the folder and removes
// the lock file, so that a run leaves only its outputs behind.
//
// The lock is an advisory file lock the system drops when the process
// ends, so a crashed run never leaves the folder locked (only the file).
func Lock(dir string, wait time.Duration) (unlock func(), err error) {
	path := filepath.Join(dir, LockName)
	deadline := time.Now().Add(wait)
	for {
		l := flock.New(path, flock.SetPermissions(0o644))
		ok, err := l.TryLock()
		if err != nil {
			return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
		if ok && holds(l) {
			removeTemporaries(dir)
			return func() {
				// Removed while still held: a run waiting on this file
				// then finds it gone from the folder and opens a new one.
				if holds(l) {
					os.Remove(path)
				}
				l.Unlock()
			}, nil
		}
		if ok {
			// The holder before us removed the file we waited on: the
			// lock on it guards nothing, take the one on the new file.
			l.Unlock()
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s: %w (it holds %s); try again later or wait longer", dir, ErrLocked, path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// holds reports whether the locked l is still the folder's lock file: the
// file at its path is the one it locked.
func holds(l *flock.Flock) bool {
	locked, err1 := l.Stat()
	named, err2 := os.Stat(l.Path())
	return err1 == nil && err2 == nil && os.SameFile(locked, named)
}

// removeTemporaries removes the temporary files in dir. It is best effort:
// a temporary it cannot remove is hidden and harmless, and must not stop
// the run.
func removeTemporaries(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if isTemporary(e.Name()) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
