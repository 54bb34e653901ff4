// Package shareddata finds the real call-centre data that tests and
// benchmarks read from the shared/data folder beside the module, and skips
// them cleanly where it is absent: the data is never part of the module.
package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Path returns the path of shared/data/name beside the module's folder,
// skipping tb when the file is not there.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "..", "shared", "data", name)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("%s absent (%v): these checks need ../shared/data/%s", name, err, name)
	}
	return path
}

// Open opens shared/data/name as Path finds it.
func Open(tb testing.TB, name string) *os.File {
	tb.Helper()
	f, err := os.Open(Path(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	return f
}
