package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// wfm runs the command line in-process and returns what it printed and its
// exit code.
func wfm(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(t.Context(), args, &streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	return out.String(), errOut.String(), code
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

// example is the path of an example file from this package's folder.
func example(name string) string { return filepath.Join("..", "..", "examples", name) }

// tempWriter returns a function writing a test's input files into dir and
// returning their paths.
func tempWriter(t *testing.T, dir string) func(name, content string) string {
	return func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// testRequirements forecasts and staffs testdata's history into dir and
// returns the requirements file, for tests of the roster.
func testRequirements(t *testing.T, dir string) string {
	fc, req := filepath.Join(dir, "forecast.csv"), filepath.Join(dir, "requirements.csv")
	for _, args := range [][]string{
		{"forecast", "--history", filepath.Join("testdata", "history.csv"), "--model", "snaive", "-o", fc},
		{"staff", "--forecast", fc, "--targets", filepath.Join("testdata", "targets.csv"), "-o", req},
	} {
		if _, stderr, code := wfm(t, args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
	return req
}
