package forecast

import (
	"errors"
	"math"
	"strings"
	"time"
)

// ErrNoOverlap is returned by ScorePublished when no interval of the
// forecast has an actual.
var ErrNoOverlap = errors.New("no interval of the forecast has an actual")

// PublishedScore is how a forecast fared against the actuals over some
// intervals: one series on one day, one series over all days, or every
// series together.
type PublishedScore struct {
	// Channel and Region name the series; both "" for the total.
	Channel, Region string
	// Day is the day scored (midnight), zero over all days.
	Day time.Time
	// Intervals counts the intervals with both a forecast and an actual,
	// closed ones (both 0) left out.
	Intervals int
	// Actual and Forecast are the sums of their contacts.
	Actual, Forecast float64
	// WAPE and Bias (forecast minus actual, over actual) are NaN when the
	// actuals sum to 0; Coverage, the share of actuals inside [P10, P90]
	// (closed hours left out, see Coverage), is NaN when nothing counts.
	WAPE, Bias, Coverage float64
}

// Published is a forecast issued earlier scored against the actuals that
// arrived since.
type Published struct {
	// Scores holds, per series in the forecast's order, a score for each
	// day with open intervals scored and one over all of them; then the
	// total.
	Scores []PublishedScore
	// Unmatched counts the forecast's intervals without an actual (beyond
	// the history, missing from it, or of a series it does not have),
	// which are left out.
	Unmatched int
}

// scored is one interval with a forecast and an actual.
type scored struct {
	actual, point, lo, hi float64
}

// ScorePublished scores the forecasts fs, read back from the file they were
// published in, against actuals on the same interval length. Series are
// matched by channel and region ignoring case, intervals by their start;
// NaN forecasts and actuals (intervals missing from either) are left out,
// and so are closed intervals, forecast and actual both 0: a day of
// nothing else gets no score. It returns ErrNoOverlap when no interval has both a
// forecast and an actual.
func ScorePublished(fs []Forecast, actuals []Series) (Published, error) {
	var p Published
	var all []scored
	matched := false
	for _, f := range fs {
		var a *Series
		for i := range actuals {
			if strings.EqualFold(actuals[i].Channel, f.Channel) && strings.EqualFold(actuals[i].Region, f.Region) && actuals[i].Interval == f.Interval {
				a = &actuals[i]
				break
			}
		}
		var days []time.Time
		byDay := map[time.Time][]scored{}
		for i, point := range f.Contacts {
			if math.IsNaN(point) {
				continue
			}
			t := f.Time(i)
			j := -1
			if a != nil && !t.Before(a.Start) && t.Sub(a.Start)%a.Interval == 0 {
				j = int(t.Sub(a.Start) / a.Interval)
			}
			if j < 0 || j >= len(a.Contacts) || math.IsNaN(a.Contacts[j]) {
				p.Unmatched++
				continue
			}
			matched = true
			if a.Contacts[j] == 0 && point == 0 {
				continue // closed: right whatever the model, it would only dilute the scores
			}
			day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
			if _, ok := byDay[day]; !ok {
				days = append(days, day)
			}
			byDay[day] = append(byDay[day], scored{a.Contacts[j], point, f.P10[i], f.P90[i]})
		}
		var series []scored
		for _, d := range days {
			p.Scores = append(p.Scores, score(f.Channel, f.Region, d, byDay[d]))
			series = append(series, byDay[d]...)
		}
		if len(series) > 0 {
			p.Scores = append(p.Scores, score(f.Channel, f.Region, time.Time{}, series))
			all = append(all, series...)
		}
	}
	if !matched {
		return p, ErrNoOverlap
	}
	p.Scores = append(p.Scores, score("", "", time.Time{}, all))
	return p, nil
}

// score scores the intervals ss with the measures of metrics.go.
func score(channel, region string, day time.Time, ss []scored) PublishedScore {
	actual, point := make([]float64, len(ss)), make([]float64, len(ss))
	var withQuantiles, lo, hi []float64
	s := PublishedScore{Channel: channel, Region: region, Day: day, Intervals: len(ss)}
	for i, x := range ss {
		actual[i], point[i] = x.actual, x.point
		s.Actual += x.actual
		s.Forecast += x.point
		if !math.IsNaN(x.lo) && !math.IsNaN(x.hi) {
			withQuantiles = append(withQuantiles, x.actual)
			lo, hi = append(lo, x.lo), append(hi, x.hi)
		}
	}
	s.WAPE, s.Bias, s.Coverage = WAPE(actual, point), Bias(actual, point), Coverage(withQuantiles, lo, hi)
	return s
}
