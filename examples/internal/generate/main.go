package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "", "directory to write into (default: the examples directory of the module)")
	flag.Parse()
	dir := *out
	if dir == "" {
		var err error
		if dir, err = examplesDir(); err != nil {
			fmt.Fprintln(os.Stderr, "generate:", err)
			os.Exit(1)
		}
	}
	if err := write(dir); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

// examplesDir finds the examples directory of the module containing the
// working directory, so the command works from the root and from
// examples/ (as go generate runs it).
func examplesDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "examples"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: give -out")
		}
		dir = parent
	}
}

// file is one generated file.
type file struct {
	name string
	data []byte
}

// files builds every example file, in a fixed order.
func files() ([]file, error) {
	recs := history()
	xlsx, err := historyXLSX(recs)
	if err != nil {
		return nil, fmt.Errorf("history.xlsx: %w", err)
	}
	targets := targetsTable()
	shifts := shiftsTable()
	return []file{
		{"history.csv", historyTable(recs).csvBytes()},
		{"history.xlsx", xlsx},
		{"targets.csv", targets.csvBytes()},
		{"targets.yaml", yamlList("# Service targets of the example operation; a row with a region overrides the channel's.\n"+generated, targets)},
		{"shifts.csv", shifts.csvBytes()},
		{"shifts.yaml", shiftsYAML()},
		{"agents.csv", agentsTable().csvBytes()},
		{"holidays.csv", holidaysTable().csvBytes()},
	}, nil
}

// write writes every example file into dir.
func write(dir string) error {
	fs, err := files()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range fs {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
