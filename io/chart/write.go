package chart

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/schedule"
)

// WriteAll adds to b, for the existing folder dir, one forecast chart per
// forecast, forecast-CHANNEL-REGION.png, drawn with the history of the same
// channel and region (none when history has no such series); one coverage
// chart per channel and region in r.Coverage, coverage-CHANNEL-REGION.png;
// and coverage-total.png over all of them. With no coverage rows it writes no
// coverage chart. Names are lower-case, with every character outside
// [a-z0-9-] replaced by '-', and the region part left out when the region is
// empty. It returns the paths added, sorted; it stops at the first error,
// which names the file. Two series whose names fold to the same file name
// are an error, reported before anything is drawn. Each picture is
// rendered in full before its file is opened.
func WriteAll(b *outfile.Batch, dir string, history []forecast.Series, fs []forecast.Forecast, r schedule.Roster, opt Options) ([]string, error) {
	type job struct {
		name string
		draw func(w io.Writer) error
	}
	var jobs []job
	hist := make(map[[2]string]forecast.Series, len(history))
	for _, h := range history {
		hist[[2]string{h.Channel, h.Region}] = h
	}
	for _, f := range fs {
		h := hist[[2]string{f.Channel, f.Region}]
		jobs = append(jobs, job{fileName("forecast", f.Channel, f.Region), func(w io.Writer) error {
			return Forecast(w, h, f, opt)
		}})
	}
	bySeries := map[[2]string][]schedule.Coverage{}
	var keys [][2]string
	for _, c := range r.Coverage {
		k := [2]string{c.Channel, c.Region}
		if _, ok := bySeries[k]; !ok {
			keys = append(keys, k)
		}
		bySeries[k] = append(bySeries[k], c)
	}
	for _, k := range keys {
		rows := bySeries[k]
		jobs = append(jobs, job{fileName("coverage", k[0], k[1]), func(w io.Writer) error {
			return Coverage(w, rows, title(k[0], k[1], "coverage"), opt)
		}})
	}
	if len(r.Coverage) > 0 {
		jobs = append(jobs, job{"coverage-total.png", func(w io.Writer) error {
			return Coverage(w, r.Coverage, "all series: coverage", opt)
		}})
	}

	seen := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		if seen[j.name] {
			return nil, fmt.Errorf("two charts would both be written to %s: rename a channel or region", j.name)
		}
		seen[j.name] = true
	}
	var paths []string
	for _, j := range jobs {
		path := filepath.Join(dir, j.name)
		var buf bytes.Buffer
		if err := j.draw(&buf); err != nil {
			return nil, fmt.Errorf("chart %s: %w", path, err)
		}
		if err := b.Add(path, func(w io.Writer) error {
			_, err := buf.WriteTo(w)
			return err
		}); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	slices.Sort(paths)
	return paths, nil
}

// fileName is KIND-CHANNEL-REGION.png folded to [a-z0-9-].
func fileName(kind, channel, region string) string {
	name := kind + "-" + channel
	if region != "" {
		name += "-" + region
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, name) + ".png"
}
