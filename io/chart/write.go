package chart

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/schedule"
	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes caps the length of a chart's file name before ".png", in
// bytes: file systems allow 255, and a long channel name in Chinese takes
// three bytes a character.
const MaxNameBytes = 120

// WriteAll adds to b, for the existing folder dir, one forecast chart per
// forecast, forecast-CHANNEL-REGION.png, drawn with the history of the same
// channel and region (none when history has no such series); one coverage
// chart per channel and region in r.Coverage, coverage-CHANNEL-REGION.png;
// and coverage-total.png over all of them. With no coverage rows it writes
// no coverage chart. It returns the paths added, sorted; it stops at the
// first error, which names the file. Each picture is rendered in full
// before its file is opened.
//
// File names keep the letters and digits of every script, lower-cased, and
// replace every other character with '-'; the region part is left out when
// the region is empty. A name longer than MaxNameBytes is cut and ends in
// a short hash of the whole name, and a name another chart already has
// (two series that differ only in case or punctuation) gets the hash too,
// so the same series always get the same names.
func WriteAll(b *outfile.Batch, dir string, history []forecast.Series, fs []forecast.Forecast, r schedule.Roster, opt Options) ([]string, error) {
	type job struct {
		name string
		draw func(w io.Writer) error
	}
	var jobs []job
	names := map[string]bool{}
	// add names the chart of kind for the series, each name once.
	add := func(kind, channel, region string, draw func(w io.Writer) error) error {
		name, key := fileName(kind, channel, region)
		if names[name] {
			name = name + "-" + shortHash(key)
			if names[name] {
				return fmt.Errorf("two charts would both be written to %s.png: rename a channel or region", name)
			}
		}
		names[name] = true
		jobs = append(jobs, job{name + ".png", draw})
		return nil
	}
	// The chart of all series comes first, so that it keeps its name
	// whatever the channels are called.
	if len(r.Coverage) > 0 {
		if err := add("coverage", "total", "", func(w io.Writer) error {
			return Coverage(w, r.Coverage, "all series: coverage", opt)
		}); err != nil {
			return nil, err
		}
	}
	hist := make(map[[2]string]forecast.Series, len(history))
	for _, h := range history {
		hist[[2]string{h.Channel, h.Region}] = h
	}
	for _, f := range fs {
		h := hist[[2]string{f.Channel, f.Region}]
		if err := add("forecast", f.Channel, f.Region, func(w io.Writer) error {
			return Forecast(w, h, f, opt)
		}); err != nil {
			return nil, err
		}
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
		if err := add("coverage", k[0], k[1], func(w io.Writer) error {
			return Coverage(w, rows, title(k[0], k[1], "coverage"), opt)
		}); err != nil {
			return nil, err
		}
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

// fileName returns the file name, without ".png", of the chart of kind
// for a series, and the unfolded key it comes from.
func fileName(kind, channel, region string) (name, key string) {
	key = kind + "-" + channel
	if region != "" {
		key += "-" + region
	}
	// One form of each accented letter, so that names typed on different
	// systems fold alike.
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_':
			return unicode.ToLower(r)
		}
		return '-'
	}, norm.NFC.String(key))
	if len(name) > MaxNameBytes {
		hash := shortHash(key)
		cut := MaxNameBytes - len(hash) - 1
		for !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut] + "-" + hash
	}
	return name, key
}

// shortHash is 8 hex digits that tell apart names folded alike.
func shortHash(key string) string {
	h := fnv.New32a()
	h.Write([]byte(key))
	return fmt.Sprintf("%08x", h.Sum32())
}
