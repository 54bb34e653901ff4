package main

import (
	"math"
	"math/rand/v2"
	"time"
)

// The history covers 14 full weeks of 30-minute intervals, Monday
// 2026-08-17 00:00 to Sunday 2026-11-22 23:30.
var (
	historyStart = time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC)
	double11     = time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	midAutumn    = time.Date(2026, 9, 25, 0, 0, 0, 0, time.UTC) // a Friday that behaves like Sunday
)

const (
	historyWeeks    = 14
	intervalsPerDay = 48
	interval        = 30 * time.Minute
	// dailyContacts is the human-handled contacts of an ordinary day over
	// every channel and region: a 1/20 sample of the operation.
	dailyContacts = 100_000
)

// channel is one contact channel of the model.
type channel struct {
	name string
	mix  float64 // share of contacts
	// weekly volume factor, indexed by time.Weekday (Sunday first); mean 1.
	weekly [7]float64
	// live is the weight of the live-commerce evening bump on top of the
	// daytime curve: strongest for chat and social.
	live float64
	// events: a big live-stream event in a region lifts its evening.
	events bool
	// festival scales how strongly the channel follows the Double 11 surge.
	festival float64
	aht      float64 // mean handle time, seconds
}

// The channel mix is the operation's 60/25/10/5. Chat and social peak at
// weekends, when people shop; phone peaks on Monday.
var channels = []channel{
	{"chat", 0.60, [7]float64{1.05, 0.96, 0.95, 0.96, 0.98, 1.02, 1.08}, 0.8, true, 1.1, 400},
	{"phone", 0.25, [7]float64{0.92, 1.10, 1.04, 1.02, 1.00, 0.98, 0.94}, 0.1, false, 0.7, 348},
	{"social", 0.10, [7]float64{1.07, 0.94, 0.94, 0.95, 0.97, 1.03, 1.10}, 1.1, true, 1.3, 330},
	{"self-service", 0.05, [7]float64{0.99, 1.02, 1.00, 0.99, 0.99, 1.00, 1.01}, 0.3, false, 0.9, 260},
}

// region is one region of the model.
type region struct {
	name  string
	share float64 // share of contacts
	aht   float64 // handle time factor
}

// East China is the largest region; lower-tier cities take a quarter of the
// contacts, with slightly longer handle times.
var regions = []region{
	{"east", 0.40, 1.00},
	{"south", 0.35, 0.98},
	{"lower-tier", 0.25, 1.04},
}

// Daytime contact curves, hourly anchors from 00:00 to 23:00, interpolated
// linearly: low nights, a peak around noon, a plateau in the afternoon.
// At weekends the morning starts later.
var (
	weekdayCurve = [24]float64{
		0.55, 0.32, 0.18, 0.10, 0.07, 0.08, 0.16, 0.38, 0.70, 0.98, 1.15, 1.28,
		1.32, 1.18, 1.10, 1.08, 1.05, 1.00, 0.98, 1.02, 1.08, 1.08, 1.00, 0.80,
	}
	weekendCurve = [24]float64{
		0.65, 0.40, 0.22, 0.12, 0.07, 0.07, 0.10, 0.22, 0.45, 0.75, 1.00, 1.18,
		1.25, 1.18, 1.12, 1.10, 1.08, 1.05, 1.02, 1.06, 1.12, 1.12, 1.04, 0.86,
	}
)

// curve interpolates an hourly curve at hour h in [0, 24), cyclically.
func curve(c *[24]float64, h float64) float64 {
	i := int(h)
	f := h - float64(i)
	return c[i]*(1-f) + c[(i+1)%24]*f
}

// liveBump is the evening live-commerce shape: a raised cosine over
// 19:30-23:30, highest at 21:30.
func liveBump(h float64) float64 {
	const mid, half = 21.5, 2.0
	x := (h - mid) / half
	if x <= -1 || x >= 1 {
		return 0
	}
	c := math.Cos(math.Pi / 2 * x)
	return c * c
}

// midpoint is the hour of day at the middle of interval i.
func midpoint(i int) float64 {
	return (float64(i) + 0.5) * interval.Hours()
}

// profiles holds, per channel and day type (0 weekday, 1 weekend) and
// interval, the daytime curve and the channel's live bump, both divided by
// the mean of their sum over the day, so that day+live averages 1.
type profiles struct {
	day, live [][2][intervalsPerDay]float64
}

func newProfiles() profiles {
	p := profiles{
		day:  make([][2][intervalsPerDay]float64, len(channels)),
		live: make([][2][intervalsPerDay]float64, len(channels)),
	}
	for c, ch := range channels {
		for k, cv := range []*[24]float64{&weekdayCurve, &weekendCurve} {
			sum := 0.0
			for i := range intervalsPerDay {
				h := midpoint(i)
				sum += curve(cv, h) + ch.live*liveBump(h)
			}
			mean := sum / intervalsPerDay
			for i := range intervalsPerDay {
				h := midpoint(i)
				p.day[c][k][i] = curve(cv, h) / mean
				p.live[c][k][i] = ch.live * liveBump(h) / mean
			}
		}
	}
	return p
}

// day is the calendar of one day in the model.
type day struct {
	date    time.Time
	weekday time.Weekday // as it behaves: the Mid-Autumn Festival acts as a Sunday
	surge   float64      // Double 11 factor before channel weighting; 1 normally
	eve     bool         // Double 11 eve: the pre-sale's last evening
	opening bool         // Double 11: sales open at midnight
	dispute bool         // festival days with longer, dispute-heavy contacts
	trend   float64
}

// newDay describes the n-th day of the history.
func newDay(n int) day {
	date := historyStart.AddDate(0, 0, n)
	d := day{date: date, weekday: date.Weekday(), surge: 1}
	if date.Equal(midAutumn) {
		d.weekday = time.Sunday
	}
	// A gentle growth of 4% over the history.
	d.trend = 0.98 + 0.04*float64(n)/float64(historyWeeks*7-1)
	k := int(date.Sub(double11).Hours() / 24)
	switch {
	case k >= -10 && k <= -2: // pre-sale build-up from 1 November
		d.surge = 1 + 0.04*float64(k+11)
	case k == -1:
		d.surge, d.eve = 1.45, true
	case k == 0:
		d.surge, d.opening = 2.0, true
	case k >= 1 && k <= 4: // after-sales: returns and disputes
		d.surge = [...]float64{1.5, 1.3, 1.15, 1.05}[k-1]
	}
	d.dispute = k >= -1 && k <= 3
	return d
}

func (d day) weekend() int {
	if d.weekday == time.Saturday || d.weekday == time.Sunday {
		return 1
	}
	return 0
}

// channelSurge is the Double 11 factor of channel c on the day.
func (d day) channelSurge(c int) float64 {
	return 1 + (d.surge-1)*channels[c].festival
}

// shape is the expected share of an ordinary day's volume (mean 1 per
// interval) of channel c in interval i, before noise, with the evening live
// bump scaled by boost (1 on a day without a big live-stream event).
func (d day) shape(p *profiles, c, i int, boost float64) float64 {
	k := d.weekend()
	live := p.live[c][k][i] * boost
	if d.eve {
		live *= 1.6
	}
	v := p.day[c][k][i] + live
	if d.opening {
		// The midnight opening rush, fading over the small hours.
		v *= 1 + 2*math.Exp(-midpoint(i))
	}
	return v
}

// handleFactor is the handle time factor of interval i: a little longer at
// night, when the remaining contacts are harder, shorter in the afternoon,
// and longer on festival days with many disputes.
func (d day) handleFactor(i int) float64 {
	f := 1 + 0.06*math.Cos(2*math.Pi*(midpoint(i)-4)/24)
	if d.dispute {
		f *= 1.06
	}
	return f
}

// record is one row of the history.
type record struct {
	start           time.Time
	channel, region string
	contacts        int
	aht             float64 // seconds, one decimal; NaN when there were no contacts
}

// Noise of the model besides Poisson arrivals.
const (
	dayNoise       = 0.03 // log-sd of the day level shared by every series
	seriesDayNoise = 0.02 // log-sd of each series' own day level
	eventChance    = 0.2  // chance of a big live-stream event in a region's evening
	handleShape    = 2.0  // gamma shape of one contact's handle time (CV 0.71)
)

// history simulates the whole history, ordered by interval, then channel,
// then region, in the order of channels and regions. Contacts per interval
// are Poisson around the expected volume; an interval's handle time is the
// mean of its contacts' gamma-distributed handle times.
func history() []record {
	days := historyWeeks * 7
	p := newProfiles()
	nseries := len(channels) * len(regions)
	counts := make([]*rand.Rand, nseries)
	handles := make([]*rand.Rand, nseries)
	for s := range nseries {
		counts[s] = newRand(streamSeries + uint64(s))
		handles[s] = newRand(streamSeries + 100 + uint64(s))
	}
	events := newRand(streamEvents)
	levels := newRand(streamDays)

	out := make([]record, 0, days*intervalsPerDay*nseries)
	boost := make([]float64, len(regions))
	level := make([]float64, nseries)
	for n := range days {
		d := newDay(n)
		for r := range regions {
			boost[r] = 1
			if events.Float64() < eventChance {
				boost[r] += 0.3 + 0.5*events.Float64()
			}
		}
		common := lognormal(levels, dayNoise)
		for s := range nseries {
			level[s] = common * lognormal(levels, seriesDayNoise)
		}
		for i := range intervalsPerDay {
			start := d.date.Add(time.Duration(i) * interval)
			for c, ch := range channels {
				daily := dailyContacts * ch.mix * ch.weekly[d.weekday] * d.trend * d.channelSurge(c)
				for r, rg := range regions {
					s := c*len(regions) + r
					b := 1.0
					if ch.events {
						b = boost[r]
					}
					mean := daily * rg.share * level[s] * d.shape(&p, c, i, b) / intervalsPerDay
					n := poisson(counts[s], mean)
					aht := math.NaN()
					if n > 0 {
						mu := ch.aht * rg.aht * d.handleFactor(i)
						k := handleShape * float64(n)
						aht = math.Round(gamma(handles[s], k, mu/k)*10) / 10
					}
					out = append(out, record{start, ch.name, rg.name, n, aht})
				}
			}
		}
	}
	return out
}
