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

// ParseTime parses an ISO 8601 date-time (optional seconds and zone offset),
// the "2006-01-02 15:04" and "2006/01/02 15:04" styles, or an Excel date
// serial such as 46251.5. The result is the wall-clock time in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, ok := parseISOMinute(s); ok {
		return t, nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return wallClock(t), nil
		}
	}
	if serial, err := strconv.ParseFloat(s, 64); err == nil && serial >= 1 && serial < 2958466 {
		// Round to the second: serials carry binary float noise.
		secs := math.Round(serial * 86400)
		return excelEpoch.Add(time.Duration(secs) * time.Second), nil
	}
	return time.Time{}, fmt.Errorf("want a date-time like 2026-03-02T08:30, got %q", s)
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

// ParseNumber parses a finite decimal number.
func ParseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("want a number, got %q", s)
	}
	return v, nil
}

// ParseDuration parses a Go-style duration ("30m", "8h", "1h30m") or a
// number of days or weeks ("7d", "2w"); a bare number is read in the given
// unit (seconds for handle times, hours for shift lengths), as planners
// write "348" or "8".
func ParseDuration(s string, unit time.Duration) (time.Duration, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasSuffix(s, "d"):
		s, unit = strings.TrimSuffix(s, "d"), 24*time.Hour
	case strings.HasSuffix(s, "w"):
		s, unit = strings.TrimSuffix(s, "w"), 7*24*time.Hour
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return time.Duration(v * float64(unit)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("want a duration like 30m, 8h or 7d, got %q", s)
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
