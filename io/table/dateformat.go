package table

import (
	"fmt"
	"strings"
)

// strftime maps the directives a date format may use to Go layout
// elements. Numbers are read with or without a leading zero (9/26/2003 and
// 09/26/2003), as exports write them either way.
var strftime = map[byte]string{
	'Y': "2006", // year
	'y': "06",   // two-digit year
	'm': "1",    // month number
	'b': "Jan",  // month's abbreviated name
	'B': "January",
	'd': "2",  // day of the month
	'H': "15", // hour, 0-23
	'I': "3",  // hour, 1-12, with %p
	'M': "04", // minute
	'S': "05", // second
	'p': "PM", // AM or PM
	'z': "-0700",
	'%': "%",
}

// ParseDateFormat turns a date format written in strftime directives, such
// as "%m/%d/%Y %I:%M %p" for 09/26/2003 07:00 AM or "%d.%m.%Y %H:%M", into
// a Go time layout; "" gives "". Planners know these directives from
// spreadsheets and scripts; Go's reference-date layouts they do not.
func ParseDateFormat(format string) (string, error) {
	if format == "" {
		return "", nil
	}
	var b strings.Builder
	seen := map[byte]bool{}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i++; i == len(format) {
			return "", fmt.Errorf("date format %q ends in %%, want a directive such as %%d", format)
		}
		el, ok := strftime[format[i]]
		if !ok {
			return "", fmt.Errorf("date format %q: unknown directive %%%c, want one of %%Y %%y %%m %%b %%B %%d %%H %%I %%M %%S %%p %%z", format, format[i])
		}
		seen[format[i]] = true
		b.WriteString(el)
	}
	switch {
	case !seen['Y'] && !seen['y'] || !seen['m'] && !seen['b'] && !seen['B'] || !seen['d']:
		return "", fmt.Errorf("date format %q: want a year (%%Y), month (%%m) and day (%%d)", format)
	case seen['I'] != seen['p']:
		return "", fmt.Errorf("date format %q: %%I (hour 1-12) and %%p (AM/PM) go together", format)
	}
	return b.String(), nil
}
