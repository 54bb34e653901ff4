package calendar

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/schedule"
	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes caps a calendar's file name before ".ics", in bytes: file
// systems allow 255, and an id in Chinese takes three bytes a character.
const MaxNameBytes = 120

// WriteAll adds to b, for the existing folder dir, one calendar per agent
// with a shift or leave in r, named by FileNames, and returns the paths
// added, sorted by agent id. Every file has the same DTSTAMP: Options.Stamp
// or else midnight UTC of the roster's earliest day.
func WriteAll(b *outfile.Batch, dir string, r schedule.Roster, opt Options) ([]string, error) {
	byAgent := map[string][]schedule.Shift{}
	leave := map[string][]schedule.TimeOff{}
	var spans []schedule.Span
	for _, s := range r.Shifts {
		byAgent[s.AgentID] = append(byAgent[s.AgentID], s)
		spans = append(spans, s.Span)
	}
	for _, t := range r.TimeOff {
		if t.Kind == schedule.Leave {
			leave[t.AgentID] = append(leave[t.AgentID], t)
			spans = append(spans, t.Span)
		}
	}
	if len(spans) == 0 {
		return nil, nil
	}
	if opt.Stamp.IsZero() {
		opt.Stamp = day(slices.MinFunc(spans, func(a, b schedule.Span) int { return a.Start.Compare(b.Start) }).Start)
	}
	ids := make([]string, 0, len(byAgent))
	for id := range byAgent {
		ids = append(ids, id)
	}
	for id := range leave {
		if _, ok := byAgent[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	names, err := FileNames(ids)
	if err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(ids))
	for i, id := range ids {
		path := filepath.Join(dir, names[i])
		if err := b.Add(path, func(w io.Writer) error {
			if err := Write(w, id, byAgent[id], leave[id], opt); err != nil {
				return fmt.Errorf("calendar %s: %w", path, err)
			}
			return nil
		}); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// FileNames returns the file name of each agent's calendar, ID.ics, made
// safe on every common file system. Letters and digits of every script,
// '-' and '_' stay, and '.' between them; every other character becomes
// '-'. A name that had to change, that Windows reserves (CON, NUL, COM1,
// ...), that is longer than MaxNameBytes or that differs from another only
// in case ends in a short hash of the id, so that each id keeps its own
// file whatever the others are. Two ids given twice, or a clash no hash
// resolves, are an error.
func FileNames(ids []string) ([]string, error) {
	names := make([]string, len(ids))
	folded := map[string]int{}
	for i, id := range ids {
		names[i] = safeName(id)
		folded[strings.ToLower(names[i])]++
	}
	seen := map[string]string{}
	for i, id := range ids {
		if folded[strings.ToLower(names[i])] > 1 && names[i] == id {
			names[i] = withHash(names[i], id)
		}
		names[i] += ".ics"
		key := strings.ToLower(names[i])
		if other, ok := seen[key]; ok {
			return nil, fmt.Errorf("agents %q and %q would both have the calendar %s: rename one", other, id, names[i])
		}
		seen[key] = id
	}
	return names, nil
}

// safeName is id as a file name without extension: as it is when that is
// safe, else cleaned up and ending in a hash of id.
func safeName(id string) string {
	nfc := norm.NFC.String(id)
	name := []rune(nfc)
	for i, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_':
		case r == '.' && i > 0 && i < len(name)-1:
		default:
			name[i] = '-'
		}
	}
	s := string(name)
	if s != id || s == "" || reserved(s) || len(s) > MaxNameBytes {
		return withHash(s, id)
	}
	return s
}

// withHash cuts name so that, with "-" and 8 hex digits of id's hash
// appended, it fits in MaxNameBytes.
func withHash(name, id string) string {
	sum := sha256.Sum256([]byte(id))
	hash := hex.EncodeToString(sum[:4])
	if cut := MaxNameBytes - len(hash) - 1; len(name) > cut {
		for !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	if name == "" {
		return hash
	}
	return name + "-" + hash
}

// reserved reports whether Windows reserves name for a device, whatever
// its case and extension.
func reserved(name string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(name), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		return base[3] >= '0' && base[3] <= '9'
	}
	return false
}
