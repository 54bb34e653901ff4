package plan

import (
	"errors"
	"fmt"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
)

// Published reads a forecast published earlier (the columns of wfm
// forecast) and returns it with its interval length, which all its series
// of more than one row must share; 0 when none has more.
func (s Source) Published(in Input) ([]forecast.Forecast, time.Duration, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, 0, err
	}
	fs, err := records.ReadForecasts(g)
	if err != nil {
		return nil, 0, err
	}
	var first *forecast.Forecast
	for i, f := range fs {
		switch {
		case f.Interval == 0:
		case first == nil:
			first = &fs[i]
		case f.Interval != first.Interval:
			return nil, 0, table.Errorf(g.File, 0, "interval_start", "mixed interval lengths: %s/%s is at %s but %s/%s at %s",
				first.Channel, first.Region, dur.Text(first.Interval), f.Channel, f.Region, dur.Text(f.Interval))
		}
	}
	if first == nil {
		return fs, 0, nil
	}
	return fs, first.Interval, nil
}

// ScorePublished reads the forecast published earlier in published and
// scores it against the actuals in history, read at the forecast's
// interval length (finer actuals summed up) unless read, when not nil, is
// that history read already at that length. A forecast none of whose
// intervals has an actual yet is an error about the history.
func ScorePublished(src Source, published, history Input, read *records.History) (forecast.Published, *records.History, error) {
	fs, interval, err := src.Published(published)
	if err != nil {
		return forecast.Published{}, nil, err
	}
	h := read
	if h == nil || interval != 0 && interval != h.Interval {
		if h, err = src.History(history, interval); err != nil {
			return forecast.Published{}, nil, err
		}
	}
	for i := range fs {
		if fs[i].Interval == 0 { // one row: taken to be on the history's intervals
			fs[i].Interval = h.Interval
		}
	}
	p, err := forecast.ScorePublished(fs, h.Series)
	if errors.Is(err, forecast.ErrNoOverlap) {
		first, last := fs[0].Start, fs[0].Time(len(fs[0].Contacts))
		for _, f := range fs {
			if f.Start.Before(first) {
				first = f.Start
			}
			if end := f.Time(len(f.Contacts)); end.After(last) {
				last = end
			}
		}
		return p, h, &table.Error{File: h.File, Err: fmt.Errorf("no actual for any interval of the forecast %s (%s to %s); the history ends at %s",
			src.Name(published.Path), first.Format(table.TimeLayout), last.Format(table.TimeLayout), HistoryEnd(h).Format(table.TimeLayout))}
	}
	return p, h, err
}
