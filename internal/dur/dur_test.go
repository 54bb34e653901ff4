package dur

import (
	"testing"
	"time"
)

func TestText(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{30 * time.Minute, "30m"},
		{5 * time.Minute, "5m"},
		{90 * time.Minute, "1h30m"},
		{time.Hour, "1h"},
		{8*time.Hour + 30*time.Second, "8h30s"},
		{45 * time.Second, "45s"},
		{7 * 24 * time.Hour, "7d"},
		{25 * time.Hour, "25h"},
		{-15 * time.Minute, "-15m"},
		{1500 * time.Millisecond, "1.5s"},
	} {
		if got := Text(c.d); got != c.want {
			t.Errorf("Text(%d) = %q, want %q", c.d, got, c.want)
		}
	}
}
