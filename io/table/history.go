package table

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/forecast"
)

// column is one of wfm's input columns with the names other tools use for it.
type column struct {
	name     string
	aliases  []string
	required bool
}

var historyColumns = []column{
	{"interval_start", []string{"timestamp", "datetime", "time", "ds"}, true},
	{"contacts", []string{"volume", "calls", "offered"}, true},
	{"channel", nil, false},
	{"region", nil, false},
	{"aht_seconds", nil, false},
}

// maxIntervals bounds a series' length: ten years of 5-minute intervals.
// Longer spans come from mistyped dates, and would exhaust memory.
const maxIntervals = 10 * 366 * 24 * 12

// DefaultSeries is the channel and region of rows that do not name one.
const DefaultSeries = "all"

// HistoryOptions say how to read a history table.
type HistoryOptions struct {
	// Interval to forecast at; 0 keeps the data's own. Finer data is summed
	// up to it.
	Interval time.Duration
	// Columns maps wfm's column names to the file's (contacts=IncomingContactVolume).
	Columns map[string]string
}

// History is a history table turned into regular series.
type History struct {
	Series       []forecast.Series // sorted by channel, then region
	Interval     time.Duration     // of Series
	DataInterval time.Duration     // of the rows as read
	Gaps         []Gap             // series with intervals missing where the centre is usually open
	// Partial lists intervals left out because only some of the finer
	// intervals summed into them were present (e.g. a lone 21:00-21:05 row).
	Partial []time.Time
}

// Gap lists the intervals of one series missing from the history at times
// of the week the centre is usually open. They are NaN in the series.
type Gap struct {
	Channel, Region string
	Missing         []time.Time
}

// Notes are one-line human-readable remarks about what reading changed or
// found: gaps and partial intervals.
func (h *History) Notes() []string {
	var notes []string
	for _, g := range h.Gaps {
		notes = append(notes, fmt.Sprintf("%s/%s: %d interval(s) missing from the history, first %s; they are imputed, not shifted",
			g.Channel, g.Region, len(g.Missing), ListTimes(g.Missing)))
	}
	if len(h.Partial) > 0 {
		notes = append(notes, fmt.Sprintf("%d partial %s interval(s) left out (some of their %s rows absent), first %s",
			len(h.Partial), h.Interval, h.DataInterval, ListTimes(h.Partial)))
	}
	return notes
}

// ListTimes lists the first three times, and "..." if there are more.
func ListTimes(ts []time.Time) string {
	var s []string
	for _, t := range ts[:min(3, len(ts))] {
		s = append(s, t.Format(TimeLayout))
	}
	if len(ts) > 3 {
		s = append(s, "...")
	}
	return strings.Join(s, ", ")
}

// mapColumns finds each wanted column in g: by the name the user mapped it
// to, else by its own name or an alias. It returns their indexes (-1: absent).
func mapColumns(g *Grid, want []column, mapping map[string]string) ([]int, error) {
	for ours := range mapping {
		if !slices.ContainsFunc(want, func(c column) bool { return c.name == ours }) {
			return nil, fmt.Errorf("--columns names %q, want one of %s", ours, columnNames(want))
		}
	}
	idx := make([]int, len(want))
	for i, c := range want {
		if theirs, ok := mapping[c.name]; ok {
			if idx[i] = g.Column(theirs); idx[i] < 0 {
				return nil, errorf(g.File, 0, theirs, "not found (mapped to %s); the file has %s", c.name, strings.Join(g.Header, ", "))
			}
			continue
		}
		idx[i] = g.Column(append([]string{c.name}, c.aliases...)...)
		if idx[i] < 0 && c.required {
			also := ""
			if len(c.aliases) > 0 {
				also = " (or " + strings.Join(c.aliases, ", ") + ")"
			}
			return nil, errorf(g.File, 1, c.name, "required column missing%s; the file has %s", also, strings.Join(g.Header, ", "))
		}
	}
	return idx, nil
}

func columnNames(cs []column) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.name)
	}
	return strings.Join(s, ", ")
}

// observation is one history row.
type observation struct {
	start    time.Time
	contacts float64
	aht      float64 // NaN: not given
	row      int     // index into the grid
}

// ReadHistory turns a history grid into one regular series per channel and
// region. It rejects rows it cannot read, duplicate intervals and mixed
// interval lengths; it reports gaps and sums finer data up to opt.Interval.
// Intervals absent at times of the week the series is usually closed (absent
// in most weeks) are zero; absent at usually-open times they are NaN.
func ReadHistory(g *Grid, opt HistoryOptions) (*History, error) {
	idx, err := mapColumns(g, historyColumns, opt.Columns)
	if err != nil {
		return nil, err
	}
	cTime, cContacts, cChannel, cRegion, cAHT := idx[0], idx[1], idx[2], idx[3], idx[4]
	if len(g.Rows) == 0 {
		return nil, errorf(g.File, 0, "", "no data rows below the header")
	}
	type key struct{ channel, region string }
	bySeries := map[key][]observation{}
	for r := range g.Rows {
		t, err := ParseTime(g.Cell(r, cTime))
		if err != nil {
			return nil, g.Errorf(r, cTime, "%v", err)
		}
		v, err := ParseNumber(g.Cell(r, cContacts))
		if err != nil || v < 0 {
			return nil, g.Errorf(r, cContacts, "want a number of contacts >= 0, got %q", g.Cell(r, cContacts))
		}
		aht := math.NaN()
		if s := g.Cell(r, cAHT); s != "" {
			if aht, err = ParseNumber(s); err != nil || aht < 0 {
				return nil, g.Errorf(r, cAHT, "want a handle time in seconds >= 0, got %q", s)
			}
		}
		k := key{cmp.Or(g.Cell(r, cChannel), DefaultSeries), cmp.Or(g.Cell(r, cRegion), DefaultSeries)}
		bySeries[k] = append(bySeries[k], observation{t, v, aht, r})
	}
	keys := make([]key, 0, len(bySeries))
	for k := range bySeries {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.channel, b.channel), cmp.Compare(a.region, b.region))
	})

	h := &History{}
	steps := make([]time.Duration, len(keys))
	for i, k := range keys {
		obs := bySeries[k]
		sort.SliceStable(obs, func(a, b int) bool { return obs[a].start.Before(obs[b].start) })
		for j := 1; j < len(obs); j++ {
			if obs[j].start.Equal(obs[j-1].start) {
				return nil, g.Errorf(obs[j].row, cTime, "duplicate interval %s for channel %s, region %s (also on row %d)",
					obs[j].start.Format(TimeLayout), k.channel, k.region, g.Lines[obs[j-1].row])
			}
		}
		if steps[i], err = step(g, obs, cTime); err != nil {
			return nil, err
		}
		if steps[i] != 0 && h.DataInterval != 0 && steps[i] != h.DataInterval {
			return nil, errorf(g.File, 0, g.Header[cTime], "mixed interval lengths: %s/%s is at %s but %s/%s at %s",
				keys[0].channel, keys[0].region, h.DataInterval, k.channel, k.region, steps[i])
		}
		h.DataInterval = cmp.Or(h.DataInterval, steps[i])
	}
	if h.DataInterval == 0 {
		h.DataInterval = opt.Interval
	}
	if h.DataInterval == 0 {
		return nil, errorf(g.File, 0, "", "one row per series is not enough to tell the interval length; give --interval")
	}
	h.Interval = cmp.Or(opt.Interval, h.DataInterval)
	if h.Interval < h.DataInterval || h.Interval%h.DataInterval != 0 || (24*time.Hour)%h.Interval != 0 {
		return nil, errorf(g.File, 0, "", "the history is at %s intervals: --interval %s must be a multiple of it that divides a day",
			h.DataInterval, h.Interval)
	}
	for _, k := range keys {
		obs := bySeries[k]
		first, last := obs[0], obs[len(obs)-1]
		if n := last.start.Sub(first.start) / h.Interval; n > maxIntervals {
			return nil, g.Errorf(last.row, cTime, "%s is %d intervals after the series' first, %s (row %d): a mistyped date?",
				last.start.Format(TimeLayout), n, first.start.Format(TimeLayout), g.Lines[first.row])
		}
		h.Series = append(h.Series, buildSeries(k.channel, k.region, bySeries[k], h, cAHT >= 0))
	}
	slices.SortFunc(h.Partial, func(a, b time.Time) int { return a.Compare(b) })
	h.Partial = slices.CompactFunc(h.Partial, time.Time.Equal)
	return h, nil
}

// step returns the interval length of sorted observations: the commonest
// distance between neighbours, every start having to lie on that grid.
func step(g *Grid, obs []observation, cTime int) (time.Duration, error) {
	if len(obs) < 2 {
		return 0, nil
	}
	count := map[time.Duration]int{}
	var best time.Duration
	for j := 1; j < len(obs); j++ {
		d := obs[j].start.Sub(obs[j-1].start)
		count[d]++
		if count[d] > count[best] || (count[d] == count[best] && d < best) {
			best = d
		}
	}
	for _, o := range obs {
		if o.start.Sub(obs[0].start)%best != 0 {
			return 0, g.Errorf(o.row, cTime, "%s is off the %s grid of the other rows (mixed interval lengths?)",
				o.start.Format(TimeLayout), best)
		}
	}
	return best, nil
}

// bucket returns the start of the interval of length d holding t, counting
// intervals from midnight.
func bucket(t time.Time, d time.Duration) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.Add(t.Sub(day) / d * d)
}

// buildSeries sums observations into a regular series at h.Interval,
// recording partial intervals and gaps in h.
func buildSeries(channel, region string, obs []observation, h *History, withAHT bool) forecast.Series {
	perBucket := int(h.Interval / h.DataInterval)
	first := bucket(obs[0].start, h.Interval)
	last := bucket(obs[len(obs)-1].start, h.Interval)
	n := int(last.Sub(first)/h.Interval) + 1
	s := forecast.Series{Channel: channel, Region: region, Start: first, Interval: h.Interval, Contacts: make([]float64, n)}
	handled := make([]float64, n) // contacts x AHT, for the contact-weighted mean
	weighed := make([]float64, n) // contacts with a known AHT
	seen := make([]int, n)
	for _, o := range obs {
		i := int(bucket(o.start, h.Interval).Sub(first) / h.Interval)
		seen[i]++
		s.Contacts[i] += o.contacts
		if !math.IsNaN(o.aht) {
			handled[i] += o.contacts * o.aht
			weighed[i] += o.contacts
		}
	}
	present := make([]bool, n)
	for i := range n {
		switch {
		case seen[i] == perBucket:
			present[i] = true
		case seen[i] > 0:
			h.Partial = append(h.Partial, s.Time(i))
		}
	}
	// A slot of the week is open when present in most of the weeks the
	// series spans; absent there, an interval is a gap, elsewhere closed.
	perWeek := int(7 * 24 * time.Hour / h.Interval)
	monday := first.AddDate(0, 0, -int((first.Weekday()+6)%7))
	offset := int(bucket(first, h.Interval).Sub(time.Date(monday.Year(), monday.Month(), monday.Day(), 0, 0, 0, 0, time.UTC)) / h.Interval)
	occurs, open := make([]int, perWeek), make([]int, perWeek)
	for i := range n {
		slot := (i + offset) % perWeek
		occurs[slot]++
		if present[i] {
			open[slot]++
		}
	}
	gap := Gap{Channel: channel, Region: region}
	for i := range n {
		if present[i] {
			continue
		}
		s.Contacts[i] = 0
		if slot := (i + offset) % perWeek; 2*open[slot] > occurs[slot] {
			s.Contacts[i] = math.NaN()
			gap.Missing = append(gap.Missing, s.Time(i))
		}
	}
	if len(gap.Missing) > 0 {
		h.Gaps = append(h.Gaps, gap)
	}
	if withAHT {
		s.AHT = make([]float64, n)
		for i := range n {
			s.AHT[i] = math.NaN()
			if present[i] && weighed[i] > 0 {
				s.AHT[i] = handled[i] / weighed[i]
			}
		}
	}
	return s
}
