package outfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockName is the lock file a run holds in its output folder.
const LockName = ".wfm.lock"

// ErrLocked reports an output folder another run is writing to.
var ErrLocked = errors.New("another wfm run is writing to this folder")

// Lock takes the output folder dir for this process, so that two runs
// never interleave their files there. It waits up to wait for a run holding
// it to finish, then fails with ErrLocked. The returned function releases
// the folder.
func Lock(dir string, wait time.Duration) (unlock func(), err error) {
	path := filepath.Join(dir, LockName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
		if ok {
			return func() { unlockFile(f); f.Close() }, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%s: %w (it holds %s); try again later or wait longer", dir, ErrLocked, path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
