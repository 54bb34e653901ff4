package records

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/table"

	"github.com/wfm-dev/wfm/forecast"
)

// column is one of wfm's input columns with the names other tools use for it.
type column struct {
	name     string
	aliases  []string
	required bool
}

// The names other tools, and Chinese contact-centre reports, give wfm's
// columns of a history or forecast.
var (
	intervalStartAliases = []string{"timestamp", "datetime", "time", "ds", "时间", "时段", "日期时间", "开始时间"}
	contactsAliases      = []string{"volume", "calls", "offered", "来电量", "话务量", "呼入量", "进线量"}
	channelAliases       = []string{"渠道"}
	regionAliases        = []string{"区域", "地区"}
	ahtAliases           = []string{"平均处理时长", "平均处理时间"}
)

var historyColumns = []column{
	{"interval_start", intervalStartAliases, true},
	{"contacts", contactsAliases, true},
	{"channel", channelAliases, false},
	{"region", regionAliases, false},
	{"aht_seconds", ahtAliases, false},
}

// Limits on the intervals of a history or forecast, each series counted
// over its span from first to last row. Longer spans come from mistyped
// dates, and would exhaust memory; they are refused before any is allocated.
const (
	// MaxSeriesIntervals bounds one series: ten years of 5-minute intervals.
	MaxSeriesIntervals = 10 * 366 * 24 * 12
	// MaxIntervals bounds all series together.
	MaxIntervals = 1 << 22
)

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
	File         string            // the file read, as messages name it
	Series       []forecast.Series // sorted by channel, then region
	Interval     time.Duration     // of Series
	DataInterval time.Duration     // of the rows as read
	Gaps         []Gap             // series with intervals missing where the centre is usually open
	// Partial lists intervals left out because only some of the finer
	// intervals summed into them were present (e.g. a lone 21:00-21:05 row).
	Partial []time.Time
	// Repeated lists the wall-clock intervals given twice, with two zone
	// offsets, as clocks went back: their rows are summed.
	Repeated []time.Time
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
			g.Channel, g.Region, len(g.Missing), table.ListTimes(g.Missing)))
	}
	if len(h.Repeated) > 0 {
		notes = append(notes, fmt.Sprintf("%d interval(s) repeated as clocks went back (daylight saving) summed into one, first %s",
			len(h.Repeated), table.ListTimes(h.Repeated)))
	}
	if len(h.Partial) > 0 {
		notes = append(notes, fmt.Sprintf("%d partial %s interval(s) left out (some of their %s rows absent), first %s",
			len(h.Partial), dur.Text(h.Interval), dur.Text(h.DataInterval), table.ListTimes(h.Partial)))
	}
	return notes
}

// mapColumns finds each wanted column in g: by the name the user mapped it
// to, else by its own name or an alias. It returns their indexes (-1: absent).
func mapColumns(g *table.Grid, want []column, mapping map[string]string) ([]int, error) {
	for ours := range mapping {
		if !slices.ContainsFunc(want, func(c column) bool { return c.name == ours }) {
			return nil, fmt.Errorf("--columns names %q, want one of %s", ours, columnNames(want))
		}
	}
	idx := make([]int, len(want))
	for i, c := range want {
		if theirs, ok := mapping[c.name]; ok {
			if idx[i] = g.Column(theirs); idx[i] < 0 {
				return nil, table.Errorf(g.File, 0, theirs, "not found (mapped to %s); the file has %s", c.name, strings.Join(g.Header, ", "))
			}
			continue
		}
		idx[i] = g.Column(append([]string{c.name}, c.aliases...)...)
		if idx[i] < 0 && c.required {
			also := ""
			if len(c.aliases) > 0 {
				also = " (or " + strings.Join(c.aliases, ", ") + ")"
			}
			return nil, table.Errorf(g.File, 1, c.name, "required column missing%s; the file has %s", also, strings.Join(g.Header, ", "))
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

// observation is one history row, or the rows of a repeated hour summed.
type observation struct {
	start    time.Time // wall clock
	offset   int       // zone offset in seconds, if zoned
	zoned    bool
	contacts float64
	handled  float64 // contacts x AHT over the contacts with an AHT
	weighed  float64 // contacts with an AHT
	row      int     // index into the grid
}

// seriesKey names a series. Channels and regions are matched ignoring case,
// as for agents and targets; a series keeps the spelling first seen.
type seriesKey struct{ channel, region string }

// seriesNames groups rows into series by channel and region.
type seriesNames struct {
	spelled map[seriesKey]seriesKey // lower-cased -> first spelling
	last    seriesKey               // the previous row's, as rows come grouped
	lastKey seriesKey
}

func (n *seriesNames) key(channel, region string) seriesKey {
	k := seriesKey{cmp.Or(channel, DefaultSeries), cmp.Or(region, DefaultSeries)}
	if k == n.last && n.spelled != nil {
		return n.lastKey
	}
	folded := seriesKey{strings.ToLower(k.channel), strings.ToLower(k.region)}
	if n.spelled == nil {
		n.spelled = map[seriesKey]seriesKey{}
	}
	first, ok := n.spelled[folded]
	if !ok {
		first = k
		n.spelled[folded] = k
	}
	n.last, n.lastKey = k, first
	return first
}

// intervalStart reads row r's interval start, which must be a whole minute.
func intervalStart(g *table.Grid, r, c int) (table.Stamp, error) {
	st, err := g.Stamp(r, c)
	if err != nil {
		return st, g.Errorf(r, c, "%v", err)
	}
	if st.Wall.Truncate(time.Minute) != st.Wall {
		return st, g.Errorf(r, c, "%s does not start on a whole minute", g.Cell(r, c))
	}
	return st, nil
}

// ReadHistory turns a history grid into one regular series per channel and
// region. It rejects rows it cannot read, duplicate intervals and mixed
// interval lengths; it reports gaps and sums finer data up to opt.Interval,
// keeping the data's own phase (30-minute data on :15 and :45 stays there).
// Intervals absent at times of the week the series is usually closed (absent
// in most weeks) are zero; absent at usually-open times they are NaN.
//
// Times are taken at their wall clock. Where a file gives zone offsets,
// daylight saving shows in it and is handled so: as clocks go back, the
// hour repeated with the later offset is summed into the same wall-clock
// intervals (AHT weighted by contacts) and listed in Repeated; as clocks go
// forward, the skipped hour is simply absent - NaN in the series like a gap,
// but not a missing interval. Without offsets, a repeated hour is a
// duplicate interval.
func ReadHistory(g *table.Grid, opt HistoryOptions) (*History, error) {
	idx, err := mapColumns(g, historyColumns, opt.Columns)
	if err != nil {
		return nil, err
	}
	cTime, cContacts, cChannel, cRegion, cAHT := idx[0], idx[1], idx[2], idx[3], idx[4]
	if len(g.Rows) == 0 {
		return nil, table.Errorf(g.File, 0, "", "no data rows below the header")
	}
	bySeries := map[seriesKey][]observation{}
	var names seriesNames
	for r := range g.Rows {
		st, err := intervalStart(g, r, cTime)
		if err != nil {
			return nil, err
		}
		v, err := table.ParseNumber(g.Cell(r, cContacts))
		if err != nil || v < 0 || v > forecast.MaxContacts {
			return nil, g.Errorf(r, cContacts, "want a number of contacts >= 0 and at most %g, got %q", forecast.MaxContacts, g.Cell(r, cContacts))
		}
		o := observation{start: st.Wall, offset: st.Offset, zoned: st.Zoned, contacts: v, row: r}
		if s := g.Cell(r, cAHT); s != "" {
			aht, err := table.ParseNumber(s)
			if err != nil || aht < 0 {
				return nil, g.Errorf(r, cAHT, "want a handle time in seconds >= 0, got %q", s)
			}
			o.handled, o.weighed = v*aht, v
		}
		k := names.key(g.Cell(r, cChannel), g.Cell(r, cRegion))
		bySeries[k] = append(bySeries[k], o)
	}
	keys := make([]seriesKey, 0, len(bySeries))
	for k := range bySeries {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b seriesKey) int {
		return cmp.Or(cmp.Compare(a.channel, b.channel), cmp.Compare(a.region, b.region))
	})

	h := &History{File: g.File}
	var first seriesKey // the first series with an interval length
	for _, k := range keys {
		obs := bySeries[k]
		sort.SliceStable(obs, func(a, b int) bool { return obs[a].start.Before(obs[b].start) })
		if obs, err = mergeRepeated(g, obs, k, cTime, h); err != nil {
			return nil, err
		}
		bySeries[k] = obs
		d, err := step(g, obs, cTime)
		if err != nil {
			return nil, err
		}
		if d != 0 && h.DataInterval != 0 && d != h.DataInterval {
			return nil, table.Errorf(g.File, 0, g.Header[cTime], "mixed interval lengths: %s/%s is at %s but %s/%s at %s",
				first.channel, first.region, dur.Text(h.DataInterval), k.channel, k.region, dur.Text(d))
		}
		if h.DataInterval == 0 && d != 0 {
			h.DataInterval, first = d, k
		}
	}
	if h.DataInterval == 0 {
		h.DataInterval = opt.Interval
	}
	if h.DataInterval == 0 {
		return nil, table.Errorf(g.File, 0, "", "one row per series is not enough to tell the interval length; give --interval")
	}
	h.Interval = cmp.Or(opt.Interval, h.DataInterval)
	if h.Interval < h.DataInterval || h.Interval%h.DataInterval != 0 || (24*time.Hour)%h.Interval != 0 {
		return nil, table.Errorf(g.File, 0, "", "the history is at %s intervals: --interval %s must be a multiple of it that divides a day",
			dur.Text(h.DataInterval), dur.Text(h.Interval))
	}
	total := 0
	for _, k := range keys {
		obs := bySeries[k]
		first, last := obs[0], obs[len(obs)-1]
		n := int(last.start.Sub(first.start)/h.Interval) + 1
		total += n
		if err := checkSpan(g, last.row, cTime, n, total, first.start, last.start, g.Lines[first.row]); err != nil {
			return nil, err
		}
	}
	for _, k := range keys {
		h.Series = append(h.Series, buildSeries(k.channel, k.region, bySeries[k], h, cAHT >= 0))
	}
	for _, ts := range []*[]time.Time{&h.Partial, &h.Repeated} {
		slices.SortFunc(*ts, func(a, b time.Time) int { return a.Compare(b) })
		*ts = slices.CompactFunc(*ts, time.Time.Equal)
	}
	return h, nil
}

// checkSpan refuses a series of n intervals, bringing the total to total,
// beyond MaxSeriesIntervals or MaxIntervals: row r, starting last, is the
// series' last, firstLine the file row of its first, starting first.
func checkSpan(g *table.Grid, r, c, n, total int, first, last time.Time, firstLine int) error {
	switch {
	case n > MaxSeriesIntervals:
		return g.Errorf(r, c, "%s is %d intervals after the series' first, %s (row %d), more than the %d a series may span: a mistyped date?",
			last.Format(table.TimeLayout), n-1, first.Format(table.TimeLayout), firstLine, MaxSeriesIntervals)
	case total > MaxIntervals:
		return g.Errorf(r, c, "the series ending %s (first row %d) brings the intervals spanned to %d, more than the %d a file may hold in all",
			last.Format(table.TimeLayout), firstLine, total, MaxIntervals)
	}
	return nil
}

// mergeRepeated sums the rows of one series that share a wall-clock start
// but carry two zone offsets (the hour repeated as clocks go back); any
// other shared start is a duplicate. obs is sorted by start.
func mergeRepeated(g *table.Grid, obs []observation, k seriesKey, cTime int, h *History) ([]observation, error) {
	out := obs[:1]
	for _, o := range obs[1:] {
		prev := &out[len(out)-1]
		if !o.start.Equal(prev.start) {
			out = append(out, o)
			continue
		}
		if !o.zoned || !prev.zoned || o.offset == prev.offset {
			return nil, g.Errorf(o.row, cTime, "duplicate interval %s for channel %s, region %s (also on row %d)",
				o.start.Format(table.TimeLayout), k.channel, k.region, g.Lines[prev.row])
		}
		prev.contacts += o.contacts
		prev.handled += o.handled
		prev.weighed += o.weighed
		prev.offset = o.offset
		h.Repeated = append(h.Repeated, o.start)
	}
	return out, nil
}

// step returns the interval length of sorted observations: the commonest
// distance between neighbours, every start having to lie on that grid.
func step(g *table.Grid, obs []observation, cTime int) (time.Duration, error) {
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
				o.start.Format(table.TimeLayout), dur.Text(best))
		}
	}
	return best, nil
}

// bucket returns the start of the interval of length d holding t, counting
// intervals from phase past midnight.
func bucket(t time.Time, d, phase time.Duration) time.Time {
	t = t.Add(-phase)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.Add(t.Sub(day)/d*d + phase)
}

// skipped returns the wall-clock starts, on the data's grid, that a series
// lacks because clocks went forward between two rows adjacent in real time.
func skipped(obs []observation, d time.Duration) map[time.Time]bool {
	var out map[time.Time]bool
	for j := 1; j < len(obs); j++ {
		a, b := obs[j-1], obs[j]
		if !a.zoned || !b.zoned || b.offset <= a.offset {
			continue
		}
		shift := time.Duration(b.offset-a.offset) * time.Second
		if b.start.Sub(a.start)-shift != d {
			continue // rows missing around the change as well: those are gaps
		}
		if out == nil {
			out = map[time.Time]bool{}
		}
		for t := a.start.Add(d); t.Before(b.start); t = t.Add(d) {
			out[t] = true
		}
	}
	return out
}

// buildSeries sums observations into a regular series at h.Interval,
// recording partial intervals and gaps in h.
func buildSeries(channel, region string, obs []observation, h *History, withAHT bool) forecast.Series {
	perBucket := int(h.Interval / h.DataInterval)
	day := time.Date(obs[0].start.Year(), obs[0].start.Month(), obs[0].start.Day(), 0, 0, 0, 0, time.UTC)
	phase := obs[0].start.Sub(day) % h.DataInterval
	first := bucket(obs[0].start, h.Interval, phase)
	last := bucket(obs[len(obs)-1].start, h.Interval, phase)
	n := int(last.Sub(first)/h.Interval) + 1
	s := forecast.Series{Channel: channel, Region: region, Start: first, Interval: h.Interval, Contacts: make([]float64, n)}
	handled := make([]float64, n) // contacts x AHT, for the contact-weighted mean
	weighed := make([]float64, n) // contacts with a known AHT
	seen := make([]int, n)
	for _, o := range obs {
		i := int(bucket(o.start, h.Interval, phase).Sub(first) / h.Interval)
		seen[i]++
		s.Contacts[i] += o.contacts
		handled[i] += o.handled
		weighed[i] += o.weighed
	}
	// Skipped data intervals count as present for the sum, but an interval
	// wholly skipped is left NaN without being a gap.
	inSkip := make([]int, n)
	for t := range skipped(obs, h.DataInterval) {
		if i := int(bucket(t, h.Interval, phase).Sub(first) / h.Interval); i >= 0 && i < n {
			inSkip[i]++
		}
	}
	present := make([]bool, n)
	for i := range n {
		switch {
		case seen[i] == 0 && inSkip[i] > 0:
			s.Contacts[i] = math.NaN()
		case seen[i]+inSkip[i] == perBucket:
			present[i] = true
		case seen[i] > 0:
			h.Partial = append(h.Partial, s.Time(i))
		}
	}
	// A slot of the week is open when present in most of the weeks the
	// series spans; absent there, an interval is a gap, elsewhere closed.
	perWeek := int(7 * 24 * time.Hour / h.Interval)
	monday := first.AddDate(0, 0, -int((first.Weekday()+6)%7))
	offset := int(first.Sub(time.Date(monday.Year(), monday.Month(), monday.Day(), 0, 0, 0, 0, time.UTC)) / h.Interval)
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
		if present[i] || (seen[i] == 0 && inSkip[i] > 0) {
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
