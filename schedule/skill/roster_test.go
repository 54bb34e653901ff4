package skill

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
)

var monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// TestPairsErrors: cross-training needs both channels in some region, on
// the same intervals, both answered at once.
func TestPairsErrors(t *testing.T) {
	tr := Training{Channels: [2]string{"chat", "phone"}, Share: 0.3}
	targets := []staff.Target{{Channel: "chat", ServiceLevel: 0.8, AnswerSeconds: 60}, {Channel: "phone", ServiceLevel: 0.8, AnswerSeconds: 20},
		{Channel: "email", Kind: staff.Deferred, ResponseHours: 2}}
	row := func(channel, region string, k int) staff.Requirement {
		return staff.Requirement{Start: monday.Add(time.Duration(k) * 30 * time.Minute), Channel: channel, Region: region}
	}
	for _, c := range []struct {
		name string
		reqs []staff.Requirement
		tr   Training
		msg  string
	}{
		{"one channel per region", []staff.Requirement{row("chat", "east", 0), row("phone", "west", 0)}, tr,
			"no region has requirements of both chat and phone"},
		{"other intervals", []staff.Requirement{row("chat", "east", 0), row("chat", "east", 1), row("phone", "east", 0), row("phone", "east", 2)}, tr,
			"interval 1 starts at"},
		{"fewer intervals", []staff.Requirement{row("chat", "east", 0), row("chat", "east", 1), row("phone", "east", 0)}, tr,
			"2 intervals of chat and 1 of phone"},
		{"uneven intervals", []staff.Requirement{row("chat", "", 0), row("chat", "", 1), row("chat", "", 3),
			row("phone", "", 0), row("phone", "", 1), row("phone", "", 3)}, tr, "not evenly spaced"},
		{"deferred", []staff.Requirement{row("chat", "", 0), row("email", "", 0)}, Training{Channels: [2]string{"chat", "email"}},
			`channel "email" is deferred work`},
	} {
		if _, err := pairs(c.reqs, targets, c.tr); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.msg)
		}
	}
	regions, err := pairs([]staff.Requirement{row("Phone", "east", 0), row("email", "east", 0), row("chat", "east", 0)}, targets, tr)
	if err != nil || len(regions) != 1 || !cmp.Equal(regions[0].rows, [2][]int{{2}, {0}}) {
		t.Errorf("channels in any case and order: %+v, %v", regions, err)
	}
}

func TestTrainingValidate(t *testing.T) {
	for _, c := range []struct {
		tr  Training
		msg string
	}{
		{Training{Channels: [2]string{"chat", "phone"}, Share: 0.3}, ""},
		{Training{Channels: [2]string{"chat", " "}}, "want two channels"},
		{Training{Channels: [2]string{"Chat", "chat"}}, "two different channels"},
		{Training{Channels: [2]string{"chat", "phone"}, Share: 1.5}, "share in [0, 1]"},
	} {
		err := c.tr.Validate()
		if c.msg == "" && err != nil || c.msg != "" && (err == nil || !strings.Contains(err.Error(), c.msg)) {
			t.Errorf("%+v: %v, want %q", c.tr, err, c.msg)
		}
	}
	if g := (Training{Channels: [2]string{"chat", "phone"}}).Group(); g != "chat+phone" {
		t.Errorf("group %q", g)
	}
}

// TestBuildCancelled: a cancelled run stops at the staffing by simulation
// and says why, once.
func TestBuildCancelled(t *testing.T) {
	targets := []staff.Target{pair().Targets[0], pair().Targets[1]}
	var reqs []staff.Requirement
	for _, ch := range []string{"chat", "phone"} {
		for k := range 4 {
			reqs = append(reqs, staff.Requirement{Start: monday.Add(time.Duration(k) * 30 * time.Minute), Channel: ch,
				Contacts: 50, AHT: 300, Agents: 10, Staff: 14})
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Build(ctx, reqs, targets, nil, schedule.Options{}, Training{Channels: [2]string{"chat", "phone"}, Share: 0.3},
		Options{Replications: 2, Rounds: 1})
	if !errors.Is(err, context.Canceled) || strings.Count(err.Error(), "canceled") != 1 {
		t.Errorf("error %v, want context.Canceled once", err)
	}
}
