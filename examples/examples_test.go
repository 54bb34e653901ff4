package examples_test

import (
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/examples"
)

// The tests below check the shape of the committed example data against
// what the demo promises (context.md): every figure is computed from the
// rows themselves.

var (
	firstInterval = time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC)
	lastInterval  = time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)
	double11      = time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	midAutumn     = time.Date(2026, 9, 25, 0, 0, 0, 0, time.UTC)
	// The Double 11 season: pre-sale build-up from 1 November, after-sales to the 15th.
	seasonStart = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	seasonEnd   = time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
)

var (
	channels = []string{"chat", "phone", "social", "self-service"}
	regions  = []string{"east", "south", "lower-tier"}
)

// row is one parsed history row.
type row struct {
	start           time.Time
	channel, region string
	contacts        int
	aht             float64 // NaN when empty
}

// readCSV reads an embedded CSV file into its header and records.
func readCSV(t *testing.T, name string) ([]string, [][]string) {
	t.Helper()
	f, err := examples.Files.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty", name)
	}
	return recs[0], recs[1:]
}

var history = sync.OnceValues(func() ([]row, error) {
	f, err := examples.Files.Open("history.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	rows := make([]row, 0, len(recs))
	for _, r := range recs[1:] {
		start, err := time.Parse("2006-01-02T15:04", r[0])
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(r[3])
		if err != nil {
			return nil, err
		}
		aht := math.NaN()
		if r[4] != "" {
			if aht, err = strconv.ParseFloat(r[4], 64); err != nil {
				return nil, err
			}
		}
		rows = append(rows, row{start, r[1], r[2], n, aht})
	}
	return rows, nil
})

func loadHistory(t *testing.T) []row {
	t.Helper()
	rows, err := history()
	if err != nil {
		t.Fatalf("history.csv: %v", err)
	}
	return rows
}

func dayOf(t time.Time) time.Time { return t.Truncate(24 * time.Hour) }

// ordinary says whether a day is outside the Double 11 season and holidays.
func ordinary(d time.Time) bool {
	return (d.Before(seasonStart) || !d.Before(seasonEnd)) && !d.Equal(midAutumn)
}

// dailyTotals sums contacts per day for rows passing keep.
func dailyTotals(rows []row, keep func(row) bool) map[time.Time]float64 {
	out := map[time.Time]float64{}
	for _, r := range rows {
		if keep(r) {
			out[dayOf(r.start)] += float64(r.contacts)
		}
	}
	return out
}

// meanOver averages the daily totals of the days passing keep.
func meanOver(days map[time.Time]float64, keep func(time.Time) bool) float64 {
	sum, n := 0.0, 0
	for d, v := range days {
		if keep(d) {
			sum += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

func all(row) bool { return true }

func TestHistoryGrid(t *testing.T) {
	header, _ := readCSV(t, "history.csv")
	want := []string{"interval_start", "channel", "region", "contacts", "aht_seconds"}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		t.Fatalf("header = %v, want %v", header, want)
	}
	rows := loadHistory(t)
	intervals := int(lastInterval.Sub(firstInterval)/(30*time.Minute)) + 1
	if got, want := len(rows), intervals*len(channels)*len(regions); got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	type key struct {
		start           time.Time
		channel, region string
	}
	seen := map[key]bool{}
	for i, r := range rows {
		k := key{r.start, r.channel, r.region}
		if seen[k] {
			t.Fatalf("row %d: %v given twice", i+2, k)
		}
		seen[k] = true
		if r.start.Before(firstInterval) || r.start.After(lastInterval) || r.start.Minute()%30 != 0 {
			t.Errorf("row %d: interval_start %v off the 30-minute grid of the history", i+2, r.start)
		}
		if r.contacts < 0 {
			t.Errorf("row %d: %d contacts", i+2, r.contacts)
		}
		if (r.contacts == 0) != math.IsNaN(r.aht) {
			t.Errorf("row %d: %d contacts with aht %v: want aht empty exactly when there are no contacts", i+2, r.contacts, r.aht)
		}
		if !math.IsNaN(r.aht) && math.Abs(r.aht*10-math.Round(r.aht*10)) > 1e-6 {
			t.Errorf("row %d: aht %v has more than one decimal", i+2, r.aht)
		}
	}
	for _, c := range channels {
		for _, g := range regions {
			if !seen[key{firstInterval, c, g}] {
				t.Errorf("no series %s/%s", c, g)
			}
		}
	}
}

func TestChannelAndRegionMix(t *testing.T) {
	rows := loadHistory(t)
	byChannel, byRegion := map[string]float64{}, map[string]float64{}
	total := 0.0
	for _, r := range rows {
		byChannel[r.channel] += float64(r.contacts)
		byRegion[r.region] += float64(r.contacts)
		total += float64(r.contacts)
	}
	for c, want := range map[string]float64{"chat": 0.60, "phone": 0.25, "social": 0.10, "self-service": 0.05} {
		if got := byChannel[c] / total; math.Abs(got-want) > 0.015 {
			t.Errorf("%s share %.3f, want %.2f ± 0.015", c, got, want)
		}
	}
	east := byRegion["east"] / total
	if math.Abs(east-0.40) > 0.02 {
		t.Errorf("east share %.3f, want 0.40 ± 0.02", east)
	}
	for _, g := range regions[1:] {
		if byRegion[g] >= byRegion["east"] {
			t.Errorf("region %s (%v contacts) not smaller than east (%v)", g, byRegion[g], byRegion["east"])
		}
	}
}

func TestDailyVolume(t *testing.T) {
	days := dailyTotals(loadHistory(t), all)
	if len(days) != 14*7 {
		t.Fatalf("%d days, want 98", len(days))
	}
	// A 1/20 sample of an operation of 2,000,000 contacts a day.
	if got := meanOver(days, ordinary); got < 90_000 || got > 110_000 {
		t.Errorf("ordinary day has %.0f contacts on average, want about 100,000", got)
	}
}

// profile is a channel's mean contacts per interval of the day over the
// ordinary days passing keep, relative to its mean over the day.
func profile(rows []row, channel string, keep func(time.Time) bool) [48]float64 {
	var p [48]float64
	for _, r := range rows {
		if r.channel == channel && ordinary(dayOf(r.start)) && keep(r.start) {
			p[(r.start.Hour()*60+r.start.Minute())/30] += float64(r.contacts)
		}
	}
	sum := 0.0
	for _, v := range p {
		sum += v
	}
	for i := range p {
		p[i] /= sum / 48
	}
	return p
}

func slot(h, m int) int { return (h*60 + m) / 30 }

// window returns the mean and the largest value of p over [from, to).
func window(p [48]float64, from, to int) (mean, peak float64) {
	for i := from; i < to; i++ {
		mean += p[i]
		peak = max(peak, p[i])
	}
	return mean / float64(to-from), peak
}

func argmax(p [48]float64) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}

func TestIntradayPeaks(t *testing.T) {
	rows := loadHistory(t)
	anyDay := func(time.Time) bool { return true }
	for _, c := range channels {
		p := profile(rows, c, anyDay)
		_, noon := window(p, slot(11, 0), slot(13, 30))
		afternoon, _ := window(p, slot(15, 0), slot(18, 0))
		_, evening := window(p, slot(20, 0), slot(23, 0))
		night, _ := window(p, slot(3, 0), slot(6, 0))
		if noon < 1.1*afternoon {
			t.Errorf("%s: noon peak %.2f not 10%% above the afternoon's %.2f", c, noon, afternoon)
		}
		if night > 0.25 {
			t.Errorf("%s: nights at %.2f of the daily mean, want low nights (< 0.25)", c, night)
		}
		switch c {
		case "chat", "social":
			if at := argmax(p); at < slot(20, 0) || at >= slot(23, 0) {
				t.Errorf("%s: busiest interval at slot %d, want the live-commerce hours 20:00-23:00", c, at)
			}
			if evening < 1.3*noon {
				t.Errorf("%s: evening peak %.2f not 30%% above noon %.2f", c, evening, noon)
			}
		case "phone":
			if at := argmax(p); at < slot(10, 0) || at >= slot(14, 0) {
				t.Errorf("phone: busiest interval at slot %d, want around noon", at)
			}
		}
	}
}

func TestWeeklyPattern(t *testing.T) {
	rows := loadHistory(t)
	on := func(days ...time.Weekday) func(time.Time) bool {
		return func(d time.Time) bool {
			for _, w := range days {
				if d.Weekday() == w {
					return ordinary(d)
				}
			}
			return false
		}
	}
	weekend := on(time.Saturday, time.Sunday)
	weekdays := on(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday)
	for _, c := range []string{"chat", "social"} {
		days := dailyTotals(rows, func(r row) bool { return r.channel == c })
		if we, wd := meanOver(days, weekend), meanOver(days, weekdays); we < 1.04*wd {
			t.Errorf("%s: weekend days %.0f not 4%% above weekdays %.0f: live commerce peaks at weekends", c, we, wd)
		}
	}
	phone := dailyTotals(rows, func(r row) bool { return r.channel == "phone" })
	if mon, sun := meanOver(phone, on(time.Monday)), meanOver(phone, on(time.Sunday)); mon < 1.1*sun {
		t.Errorf("phone: Mondays %.0f not 10%% above Sundays %.0f", mon, sun)
	}
	// Weekends start later: a smaller share of the day comes in 07:00-09:00.
	for _, c := range channels {
		morningWE, _ := window(profile(rows, c, weekend), slot(7, 0), slot(9, 0))
		morningWD, _ := window(profile(rows, c, weekdays), slot(7, 0), slot(9, 0))
		if morningWE > 0.8*morningWD {
			t.Errorf("%s: weekend mornings %.2f not 20%% below weekday mornings %.2f", c, morningWE, morningWD)
		}
	}
}

// sameWeekday returns a filter for ordinary days on d's weekday.
func sameWeekday(d time.Time) func(time.Time) bool {
	return func(o time.Time) bool { return o.Weekday() == d.Weekday() && ordinary(o) }
}

// festivalRatio is the day's total over the mean of ordinary days on the same weekday.
func festivalRatio(days map[time.Time]float64, d time.Time) float64 {
	return days[d] / meanOver(days, sameWeekday(d))
}

func TestDouble11Surge(t *testing.T) {
	rows := loadHistory(t)
	days := dailyTotals(rows, all)
	peak := festivalRatio(days, double11)
	if peak < 1.7 {
		t.Errorf("Double 11 at %.2f times an ordinary Wednesday, want a surge (>= 1.7)", peak)
	}
	// The pre-sale builds up: each stretch of days nearer the festival is busier.
	stretch := func(from, to int) float64 {
		sum := 0.0
		for k := from; k <= to; k++ {
			sum += festivalRatio(days, double11.AddDate(0, 0, k))
		}
		return sum / float64(to-from+1)
	}
	early, late, eve := stretch(-10, -6), stretch(-5, -2), stretch(-1, -1)
	if !(1.02 < early && early < late && late < eve && eve < peak) {
		t.Errorf("build-up ratios early %.2f, late %.2f, eve %.2f, day %.2f: want rising above 1", early, late, eve, peak)
	}
	if after := stretch(1, 1); after < 1.2 || after > peak {
		t.Errorf("day after Double 11 at %.2f, want after-sales above 1.2 and below the peak", after)
	}
	if back := stretch(5, 11); math.Abs(back-1) > 0.06 {
		t.Errorf("the week after the season at %.2f of ordinary, want back to normal", back)
	}
	// Sales open at midnight: the small hours of the day are far above an ordinary night's.
	night := func(keep func(time.Time) bool) float64 {
		sum, n := 0.0, map[time.Time]bool{}
		for _, r := range rows {
			if d := dayOf(r.start); keep(d) && r.start.Sub(d) < 2*time.Hour {
				sum += float64(r.contacts)
				n[d] = true
			}
		}
		return sum / float64(len(n))
	}
	if got, base := night(func(d time.Time) bool { return d.Equal(double11) }), night(sameWeekday(double11)); got < 2*base {
		t.Errorf("Double 11 00:00-02:00 has %.0f contacts against %.0f on ordinary Wednesdays, want the opening rush (> 2x)", got, base)
	}
}

func TestZeroIntervalsAtNight(t *testing.T) {
	zeros := map[string]int{}
	for _, r := range loadHistory(t) {
		if r.contacts == 0 {
			zeros[r.channel+"/"+r.region]++
			if h := r.start.Hour(); h >= 8 {
				t.Errorf("%s %s/%s: zero contacts outside the night", r.start, r.channel, r.region)
			}
		}
	}
	if zeros["self-service/lower-tier"] < 5 {
		t.Errorf("self-service/lower-tier has %d zero intervals, want some at night as real low-volume data has", zeros["self-service/lower-tier"])
	}
	if zeros["chat/east"] > 0 || zeros["phone/east"] > 0 {
		t.Errorf("large series with zero intervals: %v", zeros)
	}
}

func TestHandleTime(t *testing.T) {
	rows := loadHistory(t)
	type acc struct{ seconds, contacts float64 }
	byChannel := map[string]*acc{}
	var night, afternoon, total acc
	for _, r := range rows {
		if r.contacts == 0 {
			continue
		}
		w := float64(r.contacts)
		a := byChannel[r.channel]
		if a == nil {
			a = &acc{}
			byChannel[r.channel] = a
		}
		for _, x := range []*acc{a, &total} {
			x.seconds += w * r.aht
			x.contacts += w
		}
		if r.channel == "phone" && ordinary(dayOf(r.start)) {
			switch h := r.start.Hour(); {
			case h >= 2 && h < 5:
				night.seconds, night.contacts = night.seconds+w*r.aht, night.contacts+w
			case h >= 14 && h < 17:
				afternoon.seconds, afternoon.contacts = afternoon.seconds+w*r.aht, afternoon.contacts+w
			}
		}
	}
	mean := func(a *acc) float64 { return a.seconds / a.contacts }
	// 5.8 minutes on the phone; a chat takes longer per chat, an escalation from self-service less.
	if got := mean(byChannel["phone"]); math.Abs(got-348) > 0.04*348 {
		t.Errorf("phone AHT %.1f s, want 348 ± 4%%", got)
	}
	if c, p, s := mean(byChannel["chat"]), mean(byChannel["phone"]), mean(byChannel["self-service"]); !(c > p && p > s) {
		t.Errorf("AHT chat %.1f, phone %.1f, self-service %.1f: want chat > phone > self-service", c, p, s)
	}
	if got := mean(&total); got < 330 || got > 400 {
		t.Errorf("overall AHT %.1f s, want around 348-390", got)
	}
	if n, a := mean(&night), mean(&afternoon); n < 1.03*a || n > 1.25*a {
		t.Errorf("phone AHT at night %.1f against the afternoon's %.1f: want a little longer (3-25%%)", n, a)
	}
}
