package plan

import (
	"testing"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// TestCheckPoolingFindsTargetsAsStaffing: the channel target a pooling
// scenario needs is found as staffing finds it, channels compared without
// regard to case.
func TestCheckPoolingFindsTargetsAsStaffing(t *testing.T) {
	h := &records.History{Series: []forecast.Series{{Channel: "phone", Region: "east"}, {Channel: "phone", Region: "west"}}}
	pool := []Scenario{{Name: "pool=regions", PoolRegions: true}}
	for _, c := range []struct {
		name    string
		targets []staff.Target
		wantErr bool
	}{
		{"channel target", []staff.Target{{Channel: "phone"}}, false},
		{"channel target in another case", []staff.Target{{Channel: "Phone"}}, false},
		{"region targets only", []staff.Target{{Channel: "phone", Region: "east"}, {Channel: "phone", Region: "west"}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkPooling(pool, h, c.targets, "targets.csv")
			if got := err != nil; got != c.wantErr {
				t.Errorf("checkPooling: %v, want an error: %v", err, c.wantErr)
			}
		})
	}
}
