package records

import (
	"strings"
	"testing"
	"time"
)

func TestReadShiftsMaxOvertime(t *testing.T) {
	const header = "name,length,earliest_start,days_per_week,max_overtime\n"
	ts, err := ReadShifts(grid(t, "shifts.csv", header+"FT8,8h,08:00,5,1h30m\nPT4,4h,08:00,5,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ts[0].MaxOvertime != 90*time.Minute || ts[1].MaxOvertime != 0 {
		t.Errorf("max_overtime %s and %s, want 1h30m and none", ts[0].MaxOvertime, ts[1].MaxOvertime)
	}
	_, err = ReadShifts(grid(t, "shifts.csv", header+"FT8,8h,08:00,5,-2h\n"))
	if err == nil || !strings.Contains(err.Error(), `shifts.csv: row 2, column max_overtime: must not be negative, got "-2h"`) {
		t.Errorf("error %v, want a located one on max_overtime", err)
	}
}
