// Package dur writes durations as planners read them: 30m, 1h30m, 7d,
// rather than Go's 30m0s and 168h0m0s.
package dur

import (
	"strconv"
	"time"
)

const day = 24 * time.Hour

// Text writes d in whole days, hours, minutes and seconds, leaving out the
// units that are zero: 30m, 1h30m, 45s, 2d. A whole number of days is
// written in days, as the duration flags and files read them; anything
// finer than a second is written as Go does.
func Text(d time.Duration) string {
	switch {
	case d == 0:
		return "0s"
	case d < 0:
		return "-" + Text(-d)
	case d%time.Second != 0:
		return d.String()
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	var b []byte
	for _, u := range []struct {
		unit time.Duration
		name byte
	}{{time.Hour, 'h'}, {time.Minute, 'm'}, {time.Second, 's'}} {
		if n := d / u.unit; n > 0 {
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, u.name)
			d -= n * u.unit
		}
	}
	return string(b)
}
