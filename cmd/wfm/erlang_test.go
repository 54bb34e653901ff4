package main

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// erlangC is the textbook Erlang C waiting probability of n agents under a
// load of a Erlangs, from the Erlang B recursion.
func erlangC(n int, a float64) float64 {
	b := 1.0
	for k := 1; k <= n; k++ {
		b = a * b / (float64(k) + a*b)
	}
	rho := a / float64(n)
	return b / (1 - rho + rho*b)
}

// TestErlangJSONFullPrecision checks the calculator's JSON against Erlang C
// worked out here, to 1e-12: rounding to six figures, as before, read an
// ASA of 0.0043 s as 0.004. Each number is the shortest text that reads
// back to its float64.
func TestErlangJSONFullPrecision(t *testing.T) {
	const contacts, aht, interval, answer = 100.0, 180.0, 1800.0, 20.0
	for _, sl := range []string{"80/20", "99.9/20", "99.99/20"} {
		t.Run(sl, func(t *testing.T) {
			stdout, stderr, code := wfm(t, "erlang", "--contacts", "100", "--aht", "180", "--interval", "30m", "--sl", sl, "--format", "json")
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got map[string]json.Number
			d := json.NewDecoder(strings.NewReader(stdout))
			d.UseNumber()
			if err := d.Decode(&got); err != nil {
				t.Fatal(err)
			}
			for key, text := range got {
				// encoding/json writes a float64 as its shortest text.
				f, err := strconv.ParseFloat(string(text), 64)
				if shortest, _ := json.Marshal(f); err != nil || string(shortest) != string(text) {
					t.Errorf("%s: %s is not the shortest text of a float64", key, text)
				}
			}
			n, _ := got["agents"].Int64()
			a := contacts * aht / interval
			c := erlangC(int(n), a)
			want := map[string]float64{
				"agents":        float64(n),
				"staff":         float64(n),
				"load_erlangs":  a,
				"prob_wait":     c,
				"service_level": 1 - c*math.Exp(-(float64(n)-a)*answer/aht),
				"asa_seconds":   c * aht / (float64(n) - a),
				"occupancy":     a / float64(n),
			}
			gotf := map[string]float64{}
			for key, text := range got {
				gotf[key], _ = text.Float64()
			}
			if diff := cmp.Diff(want, gotf, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
				t.Errorf("erlang --sl %s (-want +got):\n%s", sl, diff)
			}
		})
	}
}

// TestErlangCSVFullPrecisionTableRounded: CSV, for machines, carries every
// digit; the table, for people, rounds.
func TestErlangCSVFullPrecisionTableRounded(t *testing.T) {
	args := []string{"erlang", "--contacts", "100", "--aht", "180", "--sl", "99.99/20", "--format"}
	csv, _, _ := wfm(t, append(args, "csv")...)
	text, _, _ := wfm(t, append(args, "table")...)
	// 23 agents, the answer: ASA 0.0043019750708515... seconds.
	if !strings.Contains(csv, "\n23,23,0.9999267134149") || !strings.Contains(csv, ",0.00430197507085") {
		t.Errorf("CSV lacks the full figures of 23 agents:\n%s", csv)
	}
	if !strings.Contains(text, "0.9999 ") || strings.Contains(text, "0.9999267") {
		t.Errorf("table does not round for people:\n%s", text)
	}
}

// TestErlangRejectsAbsurdInput: inputs that made the search spin or
// overflow stop at once with exit code 2, naming the flag.
func TestErlangRejectsAbsurdInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--contacts", "1e30"}, `invalid argument "1e30" for "--contacts" flag: want a number from 0 to 1e+07`},
		{[]string{"--contacts", "NaN"}, `invalid argument "NaN" for "--contacts" flag`},
		{[]string{"--contacts", "Inf"}, `invalid argument "Inf" for "--contacts" flag`},
		{[]string{"--contacts", "-1"}, `invalid argument "-1" for "--contacts" flag`},
		{[]string{"--contacts", "100", "--concurrency", "1e30"}, `invalid argument "1e30" for "--concurrency" flag: want a number from 1 to 100`},
		{[]string{"--contacts", "100", "--concurrency", "NaN"}, `invalid argument "NaN" for "--concurrency" flag`},
		{[]string{"--contacts", "1e7", "--interval", "1m"}, "--contacts 1e+07 with --aht 3m in --interval 1m: a load of 3e+07 Erlangs, want at most 1e+06"},
		{nil, "--contacts is required"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			stdout, stderr, code := wfm(t, append([]string{"erlang", "--aht", "180"}, c.args...)...)
			if code != exitInput || stdout != "" {
				t.Errorf("exit code %d, stdout %q; want %d and nothing", code, stdout, exitInput)
			}
			if want := "wfm: " + c.want; !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line starting %q", stderr, want)
			}
		})
	}
}
