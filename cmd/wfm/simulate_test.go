package main

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestSimulateAgreesWithErlang: the simulation of the agents wfm erlang
// chooses gives erlang's figures within their confidence intervals (two
// half-widths: 4.5 standard errors), with and without patience, and the
// JSON holds each key of erlang with its _ci95.
func TestSimulateAgreesWithErlang(t *testing.T) {
	for _, extra := range [][]string{nil, {"--patience", "5m"}, {"--concurrency", "2", "--patience", "2m"}} {
		t.Run(strings.Join(extra, " "), func(t *testing.T) {
			args := append([]string{"--contacts", "100", "--aht", "180", "--interval", "30m", "--sl", "80/20", "--format", "json"}, extra...)
			stdout, stderr, code := wfm(t, append([]string{"erlang"}, args...)...)
			if code != exitOK {
				t.Fatalf("erlang: exit %d: %s", code, stderr)
			}
			var want map[string]float64
			if err := json.Unmarshal([]byte(stdout), &want); err != nil {
				t.Fatal(err)
			}
			// erlang's agents, each with --concurrency slots.
			sim := append([]string{"simulate", "--agents", strconv.Itoa(int(want["agents"])), "--hours", "500"}, args...)
			stdout, stderr, code = wfm(t, sim...)
			if code != exitOK {
				t.Fatalf("simulate: exit %d: %s", code, stderr)
			}
			var got map[string]float64
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatal(err)
			}
			keys := []string{"service_level", "asa_seconds", "occupancy", "prob_wait"}
			if len(extra) > 0 {
				keys = append(keys, "abandon_rate")
			} else if _, ok := got["abandon_rate"]; ok {
				t.Error("abandon_rate without --patience")
			}
			for _, k := range keys {
				hw, ok := got[k+"_ci95"]
				if !ok || !(hw > 0) {
					t.Errorf("%s_ci95 = %v, %v; want a positive half-width", k, hw, ok)
				}
				if d := math.Abs(got[k] - want[k]); d > 2*hw+1e-3*math.Max(want[k], 1) {
					t.Errorf("%s: simulated %.5g ± %.3g, Erlang %.5g", k, got[k], hw, want[k])
				}
			}
			again, _, _ := wfm(t, sim...)
			other, _, _ := wfm(t, append(sim, "--seed", "2")...)
			if again != stdout || other == stdout {
				t.Errorf("same seed gives another result, or another seed the same:\n%s\n%s\n%s", stdout, again, other)
			}
		})
	}
}

// TestSimulateTable: people get rounded figures with Erlang's beside them,
// machines every digit.
func TestSimulateTable(t *testing.T) {
	args := []string{"simulate", "--contacts", "100", "--aht", "180", "--sl", "80/20", "--agents", "14", "--hours", "100", "--format"}
	text, _, code := wfm(t, append(args, "table")...)
	if code != exitOK || !strings.Contains(text, "load 10.00 Erlangs on 14 agents: 100 hours simulated in 20 replications") ||
		!strings.Contains(text, "0.8884") || strings.Contains(text, "abandon_rate") {
		t.Errorf("table:\n%s", text)
	}
	csv, _, _ := wfm(t, append(args, "csv")...)
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 5 || lines[0] != "metric,simulated,ci95,erlang" || !strings.HasPrefix(lines[1], "service_level,0.") ||
		!strings.HasSuffix(lines[1], ",0.8883500191794668") {
		t.Errorf("csv:\n%s", csv)
	}
}

// TestSimulateRejectsBadInput: bad values stop at once with exit code 2
// and one line naming the flag.
func TestSimulateRejectsBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--agents", "14"}, "--contacts is required"},
		{[]string{"--contacts", "100"}, "--agents is required"},
		{[]string{"--contacts", "100", "--agents", "0"}, "--agents 0: want a whole number from 1 to 25000"},
		{[]string{"--contacts", "100", "--agents", "x"}, `invalid argument "x" for "--agents" flag: want a whole number`},
		{[]string{"--contacts", "100", "--agents", "5"}, "--agents 5: 5 slots for a load of 10 Erlangs, a queue without --patience that grows without end"},
		{[]string{"--contacts", "100", "--agents", "14", "--concurrency", "1.5"}, "--concurrency 1.5: the simulation hands out whole chats"},
		{[]string{"--contacts", "100", "--agents", "14", "--concurrency", "1e30"}, `invalid argument "1e30" for "--concurrency" flag: want a number from 1 to 100`},
		{[]string{"--contacts", "NaN", "--agents", "14"}, `invalid argument "NaN" for "--contacts" flag`},
		{[]string{"--contacts", "1e7", "--interval", "1m", "--agents", "14"}, "--contacts: 1e+07 contacts of 180s in 1m: offered load above the limit"},
		{[]string{"--contacts", "100", "--agents", "14", "--replications", "1"}, "--replications 1: want a whole number from 2 to 1000"},
		{[]string{"--contacts", "100", "--agents", "14", "--hours", "0"}, `invalid argument "0" for "--hours" flag: want a number above 0 and at most 1e+07`},
		{[]string{"--contacts", "100", "--agents", "14", "--hours", "1e7"}, "--hours 1e+07: 2.2e+09 contacts to simulate at 100 per --interval 30m, want at most 1e+08"},
		{[]string{"--contacts", "100", "--agents", "14", "--aht-cv", "-1"}, `invalid argument "-1" for "--aht-cv" flag: want a number from 0 to 10`},
		{[]string{"--contacts", "100", "--agents", "14", "--sl", "80"}, `invalid argument "80" for "--sl" flag: want PERCENT/SECONDS like 80/20`},
		{[]string{"--contacts", "100", "--agents", "14", "--seed", "-1"}, `invalid argument "-1" for "--seed" flag: want a whole number from 0 to`},
		{[]string{"--contacts", "100", "--agents", "14", "--format", "xml"}, `invalid argument "xml" for "--format" flag: want one of {table|csv|json}`},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			stdout, stderr, code := wfm(t, append([]string{"simulate", "--aht", "180"}, c.args...)...)
			if code != exitInput || stdout != "" {
				t.Errorf("exit code %d, stdout %q; want %d and nothing", code, stdout, exitInput)
			}
			if want := "wfm: " + c.want; !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line starting %q", stderr, want)
			}
		})
	}
}

func TestSimulateCompletesFormats(t *testing.T) {
	stdout, _, _ := wfm(t, cobra.ShellCompRequestCmd, "simulate", "--format", "")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if got := lines[:len(lines)-1]; !slices.Equal(got, stdoutFormats) {
		t.Errorf("completes %q, want %q", got, stdoutFormats)
	}
}
