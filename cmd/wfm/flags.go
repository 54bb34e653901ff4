package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-dev/wfm/internal/dur"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/plan"
	"github.com/wfm-dev/wfm/schedule"
)

// durationFlag is a duration flag accepting Go durations plus days and
// weeks ("7d", "2w"); a bare number is taken in unit ("--aht 348" seconds).
type durationFlag struct {
	d    *time.Duration
	unit time.Duration
}

func (f durationFlag) String() string {
	if f.d == nil || *f.d == 0 {
		return ""
	}
	return dur.Text(*f.d)
}

func (f durationFlag) Set(s string) error {
	d, err := table.ParseDuration(s, f.unit)
	if err != nil {
		return err
	}
	if d <= 0 {
		return fmt.Errorf("want a duration > 0, got %q", s)
	}
	*f.d = d
	return nil
}

func (f durationFlag) Type() string { return "duration" }

// floatFlag is a number flag taking values from min to max (above min,
// when minOpen): NaN, infinities and values outside are rejected while the
// command line is parsed.
type floatFlag struct {
	v        *float64
	min, max float64
	minOpen  bool
}

func (f floatFlag) String() string { return strconv.FormatFloat(*f.v, 'g', -1, 64) }

func (f floatFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !f.within(v) {
		if f.minOpen {
			return fmt.Errorf("want a number above %g and at most %g", f.min, f.max)
		}
		return fmt.Errorf("want a number from %g to %g", f.min, f.max)
	}
	*f.v = v
	return nil
}

// within reports whether v is in range; NaN is not.
func (f floatFlag) within(v float64) bool {
	if f.minOpen {
		return v > f.min && v <= f.max
	}
	return v >= f.min && v <= f.max
}

func (f floatFlag) Type() string { return "float" }

// serviceLevelFlag reads a service-level target "80/20": 80% within 20 s.
type serviceLevelFlag struct {
	share   *float64
	seconds *float64
}

func (f serviceLevelFlag) String() string {
	if f.share == nil {
		return ""
	}
	return fmt.Sprintf("%g/%g", *f.share*100, *f.seconds)
}

func (f serviceLevelFlag) Set(s string) error {
	pct, secs, ok := strings.Cut(s, "/")
	p, err1 := strconv.ParseFloat(strings.TrimSuffix(pct, "%"), 64)
	t, err2 := table.ParseDuration(secs, time.Second)
	if !ok || err1 != nil || err2 != nil || p <= 0 || p >= 100 || t < 0 {
		return fmt.Errorf("want PERCENT/SECONDS like 80/20, got %q", s)
	}
	*f.share, *f.seconds = p/100, t.Seconds()
	return nil
}

func (f serviceLevelFlag) Type() string { return "PCT/SEC" }

// columnsFlag reads --columns ours=theirs,ours=theirs.
type columnsFlag map[string]string

func (f columnsFlag) String() string {
	var parts []string
	for k, v := range f {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (f columnsFlag) Set(s string) error {
	for _, pair := range strings.Split(s, ",") {
		ours, theirs, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(ours) == "" || strings.TrimSpace(theirs) == "" {
			return fmt.Errorf("want ours=theirs pairs like contacts=IncomingContactVolume, got %q", pair)
		}
		f[strings.ToLower(strings.TrimSpace(ours))] = strings.TrimSpace(theirs)
	}
	return nil
}

func (f columnsFlag) Type() string { return "ours=theirs,..." }

// holdOutputFolder adds --wait to cmd and makes its run hold the folder of
// its -o file, as a plan run holds its output folder, so that a command and
// a plan writing to one folder never mix their files there. It wraps the
// RunE already set.
func holdOutputFolder(cmd *cobra.Command, path *string) {
	var wait time.Duration
	cmd.Flags().Var(durationFlag{&wait, time.Second}, "wait", "with -o: how long to wait for another run writing to the same folder (default: fail at once)")
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if *path == "" {
			return run(cmd, args)
		}
		unlock, err := outfile.Lock(filepath.Dir(*path), wait)
		if err != nil {
			return err
		}
		defer unlock()
		return run(cmd, args)
	}
}

// searchOptions are the roster search's flags.
type searchOptions struct {
	Effort float64
	Seed   uint64
}

// register adds the flags to cmd; for a command that reads a plan file
// they default to its values, shown as such rather than as 1.
func (o *searchOptions) register(cmd *cobra.Command, planFile bool) {
	effort, seed, dflt := 1.0, uint64(1), ""
	if planFile {
		effort, seed, dflt = 0, 0, " (default: the plan file's, else 1)"
	}
	o.Effort = effort
	cmd.Flags().Var(floatFlag{&o.Effort, 0, schedule.MaxEffort, true}, "effort", fmt.Sprintf("how hard the roster search tries, above 0 and at most %d: less is quicker but dearer (the demo at 0.25: twice as fast, 3.7%% dearer); above 1 seldom saves more than 1%%", schedule.MaxEffort)+dflt)
	cmd.Flags().Uint64Var(&o.Seed, "seed", seed, "seed of the roster search's random choices: the same inputs and seed give the same roster"+dflt)
}

func (o *searchOptions) options() schedule.Options {
	return schedule.Options{Effort: o.Effort, Seed: o.Seed}
}

// override sets the plan's effort and seed to the flags given on the
// command line; the others keep the plan file's values.
func (o *searchOptions) override(flags *pflag.FlagSet, cfg *plan.Config) {
	if flags.Changed("effort") {
		cfg.Effort = o.Effort
	}
	if flags.Changed("seed") {
		cfg.Seed = o.Seed
	}
}

// The values of the enumerated flags shared by several commands.
var (
	stdoutFormats = []string{"table", "csv", "json"}
	// csvEncodings are those io/table reads; gbk and gb2312 are read as
	// GB18030, their superset.
	csvEncodings = []string{"utf-8", "utf8", "gbk", "gb18030", "gb2312"}
)

// enumFlag is a string flag taking one of a fixed set of values, matched
// without regard to case. Anything else is rejected while the command line
// is parsed, as a usage error, before any work is done.
type enumFlag struct {
	value   *string
	allowed []string
}

// enumVarP defines the flag name (shorthand short, if any) of cmd in fs,
// its own or persistent flags, with default value, taking one of allowed;
// its help lists them and shell completion offers them.
func enumVarP(cmd *cobra.Command, fs *pflag.FlagSet, p *string, name, short, value string, allowed []string, usage string) {
	*p = value
	fs.VarP(&enumFlag{p, allowed}, name, short, fmt.Sprintf("%s: {%s}", usage, strings.Join(allowed, "|")))
	if err := cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(allowed, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err) // the flag was defined just above
	}
}

func (f *enumFlag) String() string { return *f.value }

func (f *enumFlag) Set(s string) error {
	for _, a := range f.allowed {
		if strings.EqualFold(s, a) {
			*f.value = a
			return nil
		}
	}
	return fmt.Errorf("want one of {%s}", strings.Join(f.allowed, "|"))
}

func (f *enumFlag) Type() string { return "string" }
