//go:build !unix

package outfile

import (
	"os"
	"sync"
)

// Without advisory file locks, folders are locked within this process only.
var held sync.Map

func tryLock(f *os.File) (bool, error) {
	_, taken := held.LoadOrStore(f.Name(), true)
	return !taken, nil
}

func unlockFile(f *os.File) { held.Delete(f.Name()) }
