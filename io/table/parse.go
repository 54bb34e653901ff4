package table

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Date-time layouts accepted on input, tried in order. Times with a zone
// offset are taken at their wall clock: plans are made in local time.
var timeLayouts = []string{
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006/01/02 15:04",
	"2006/01/02 15:04:05",
	"2006/1/2 15:04",
	"2006/1/2 15:04:05",
	"2006-01-02",
	"2006/01/02",
}

// excelEpoch is day 0 of Excel's 1900 date system as used in practice
// (serial 60 is the fictitious 1900-02-29, so counting from 1899-12-30 is
// right for every date after February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelEpoch1904 is day 0 of the 1904 date system of workbooks made by old
// Mac Excel: the same serial is 1462 days later than in the 1900 system.
var excelEpoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)

// ParseTime parses an ISO 8601 date-time (optional seconds and zone offset),
// the "2006-01-02 15:04" and "2006/01/02 15:04" styles, or an Excel date
// serial (1900 date system) such as 46251.5. The result is the wall-clock
// time in UTC.
func ParseTime(s string) (time.Time, error) {
	t, _, err := parseTime(s, false, "", "")
	return t, err
}

// Stamp is a date-time as a file writes it: the wall clock, and the zone
// offset when the file gives one.
type Stamp struct {
	Wall   time.Time // wall-clock time, in UTC
	Offset int       // seconds east of UTC; meaningful only when Zoned
	Zoned  bool
}

// Stamp parses the date-time in row r, column c as ParseTime does, in the
// grid's date format first, reading Excel serials in the grid's date
// system and keeping the zone offset.
func (g *Grid) Stamp(r, c int) (Stamp, error) {
	t, off, err := parseTime(g.Cell(r, c), g.Date1904, g.layout, g.format)
	return Stamp{Wall: t, Offset: off, Zoned: off != noOffset}, err
}

// Time parses the date-time in row r, column c as ParseTime does, in the
// grid's date format first, reading Excel serials in the grid's date
// system.
func (g *Grid) Time(r, c int) (time.Time, error) {
	t, _, err := parseTime(g.Cell(r, c), g.Date1904, g.layout, g.format)
	return t, err
}

// noOffset marks a time written without a zone offset.
const noOffset = math.MinInt

// parseTime parses s in the Go layout first, unless it is "", then as
// ParseTime does; format is the layout as the user wrote it.
func parseTime(s string, date1904 bool, layout, format string) (time.Time, int, error) {
	s = strings.TrimSpace(s)
	if t, ok := parseISOMinute(s); ok {
		return t, noOffset, nil
	}
	if layout != "" {
		if t, off, ok := parseLayout(layout, s); ok {
			return t, off, nil
		}
	}
	for _, layout := range timeLayouts {
		if t, off, ok := parseLayout(layout, s); ok {
			return t, off, nil
		}
	}
	if serial, err := strconv.ParseFloat(s, 64); err == nil && isDecimal(s) && serial >= 1 && serial < 2958466 {
		epoch := excelEpoch
		if date1904 {
			epoch = excelEpoch1904
		}
		// Round to the second: serials carry binary float noise.
		secs := math.Round(serial * 86400)
		return epoch.Add(time.Duration(secs) * time.Second), noOffset, nil
	}
	if format != "" {
		return time.Time{}, noOffset, fmt.Errorf("want a date-time in the format %s or like 2026-03-02T08:30, got %q", format, s)
	}
	return time.Time{}, noOffset, fmt.Errorf("want a date-time like 2026-03-02T08:30, got %q", s)
}

// parseLayout parses s in the Go layout, returning the wall clock and the
// zone offset (noOffset when the layout has none).
func parseLayout(layout, s string) (time.Time, int, bool) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, 0, false
	}
	off := noOffset
	if strings.Contains(layout, "07") {
		_, off = t.Zone()
	}
	return wallClock(t), off, true
}

// parseISOMinute parses exactly "2006-01-02T15:04", the form wfm writes,
// several times faster than time.Parse: files of a million rows are common.
func parseISOMinute(s string) (time.Time, bool) {
	if len(s) != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' {
		return time.Time{}, false
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 7)
	day, ok3 := num(8, 10)
	hour, ok4 := num(11, 13)
	minute, ok5 := num(14, 16)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, 0, 0, time.UTC), true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// MaxNumber bounds the magnitude of every number read from a file: larger
// values come from corrupted cells, and their squares overflow the
// statistics downstream (a contacts value of 1e300 blanks every quantile).
const MaxNumber = 1e12

// ParseNumber parses a number in plain decimal notation, with an optional
// sign, fraction and exponent ("12", "-0.5", "1.2e3"), of magnitude at most
// MaxNumber. Go's other spellings (1_000, 0x1p4, inf, nan) are rejected:
// in a spreadsheet cell they are typos, not numbers.
func ParseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !isDecimal(s) {
		return 0, fmt.Errorf("want a number, got %q", s)
	}
	if math.Abs(v) > MaxNumber {
		return 0, fmt.Errorf("want a number of magnitude at most %g, got %q", MaxNumber, s)
	}
	return v, nil
}

// isDecimal reports whether s is [+-]digits[.digits][(e|E)[+-]digits], with
// digits on at least one side of the point.
func isDecimal(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, n = i+1, n+1
		}
		return n
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// MaxDuration bounds every duration read: longer ones are typos, and
// beyond about 292 years they overflow time.Duration.
const MaxDuration = 100 * 366 * 24 * time.Hour

// ParseDuration parses a Go-style duration ("30m", "8h", "1h30m") or a
// number of days or weeks ("7d", "2w"); a bare number is read in the given
// unit (seconds for handle times, hours for shift lengths), as planners
// write "348" or "8". Durations longer than MaxDuration either way are
// rejected.
func ParseDuration(s string, unit time.Duration) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("want a duration like 30m, 8h or 7d, got %q", s)
	num := s
	switch {
	case strings.HasSuffix(s, "d"):
		num, unit = strings.TrimSuffix(s, "d"), 24*time.Hour
	case strings.HasSuffix(s, "w"):
		num, unit = strings.TrimSuffix(s, "w"), 7*24*time.Hour
	}
	var d time.Duration
	if isDecimal(num) {
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || math.Abs(v*float64(unit)) > float64(MaxDuration) {
			return 0, bad
		}
		d = time.Duration(v * float64(unit))
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, bad
		}
	}
	if d > MaxDuration || d < -MaxDuration {
		return 0, fmt.Errorf("want a duration of at most %d days, got %q", MaxDuration/(24*time.Hour), s)
	}
	return d, nil
}

// ParseClock parses a time of day "HH:MM" (or "H:MM", "24:00") into the
// time since midnight.
func ParseClock(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("want a time of day like 08:30, got %q", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// ParseShare parses a share such as 0.8 or "80%" into [0, 1].
func ParseShare(s string) (float64, error) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	v, err := ParseNumber(strings.TrimSuffix(s, "%"))
	if err != nil {
		return 0, fmt.Errorf("want a share like 0.8 or 80%%, got %q", s)
	}
	if pct {
		v /= 100
	}
	if v < 0 || v > 1 {
		return 0, fmt.Errorf("want a share between 0 and 1 (or 0%% and 100%%), got %q", s)
	}
	return v, nil
}
