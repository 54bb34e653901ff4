package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/plan"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "wfm",
		Short: "Forecast contacts, staff them with Erlang C and build shift rosters",
		Long: `wfm plans a contact centre's week: it forecasts contacts per channel and region
from history, turns the forecast into staffing requirements with queueing
models, and builds shift rosters that planners open in a spreadsheet.

The weekly cycle is history -> forecast -> staff -> schedule; 'wfm plan' runs
it in one go and 'wfm demo' runs it on built-in example data.` + exitStatusHelp,
		Example: `  wfm demo -o demo-out
  wfm forecast --history history.csv --horizon 14d -o forecast.csv
  wfm erlang --contacts 100 --aht 180 --interval 30m --sl 80/20`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q; see 'wfm --help'", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.PersistentFlags().BoolVarP(&s.Quiet, "quiet", "q", false, "print nothing but errors")
	enumVarP(root, root.PersistentFlags(), &s.logFormat, "log-format", "", "", []string{"text", "json"}, "write remarks and errors on stderr as structured logs (log/slog)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		s.startLog()
		// A run interrupted before its work begins does none of it.
		return cmd.Context().Err()
	}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newForecastCmd(s),
		newBacktestCmd(s),
		newAccuracyCmd(s),
		newErlangCmd(s),
		newSimulateCmd(s),
		newStaffCmd(s),
		newScheduleCmd(s),
		newPlanCmd(s),
		newDemoCmd(s),
		newIntradayCmd(s),
		newVersionCmd(s),
	)
	// Help opens with the one-line summary, then the details.
	for _, c := range append(root.Commands(), root) {
		c.Long = c.Short + ".\n\n" + c.Long
	}
	return root
}

// run executes wfm with args and returns the exit code. Commands read ctx
// as cmd.Context(); once it is cancelled, as on SIGINT, they stop early.
func run(ctx context.Context, args []string, s *streams) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil && ctx.Err() != nil {
		// Whatever the command made of it, the cause was the interruption.
		err = fmt.Errorf("stopped: %w", context.Cause(ctx))
	}
	return s.fail(err)
}

func newVersionCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print wfm's version",
		Long:    "Prints the version wfm was built as." + exitStatusHelp,
		Example: "  wfm version",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(s.Out, "wfm", version)
			return err
		},
	}
}

// flagError makes a flag that failed to parse a usage error. A number
// that does not parse says what it wants rather than quoting strconv.
func flagError(_ *cobra.Command, err error) error {
	var (
		ve *pflag.InvalidValueError
		ne *strconv.NumError
	)
	if errors.As(err, &ve) && errors.As(err, &ne) {
		want := "a number"
		switch typ := ve.GetFlag().Value.Type(); {
		case typ == "uint64":
			want = fmt.Sprintf("a whole number from 0 to %d", uint64(math.MaxUint64))
		case strings.HasPrefix(typ, "int"), strings.HasPrefix(typ, "uint"):
			want = "a whole number"
		}
		err = fmt.Errorf("invalid argument %q for \"--%s\" flag: want %s", ve.GetValue(), ve.GetFlag().Name, want)
	}
	return &usageError{err}
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q (flags start with --)", cmd.CommandPath(), args[0])
	}
	return nil
}

// inputOptions are the flags of commands reading input tables. The header
// row and date format are those of the command's main input, a time series
// exported from another system; its other inputs are wfm's own files.
type inputOptions struct {
	Encoding   string
	Sheet      string
	HeaderRow  int
	DateFormat string
}

// register adds the flags to cmd, whose main input is the file of the
// flag main.
func (o *inputOptions) register(cmd *cobra.Command, main string) {
	enumVarP(cmd, cmd.Flags(), &o.Encoding, "encoding", "", "", csvEncodings, "encoding of CSV input, detected by default")
	cmd.Flags().StringVar(&o.Sheet, "sheet", "", "sheet of XLSX input (default: the first)")
	cmd.Flags().IntVar(&o.HeaderRow, "header-row", 0, fmt.Sprintf("`ROW` of the --%s file's header, below a title (default: the first row)", main))
	cmd.Flags().Var(dateFormatFlag{&o.DateFormat}, "date-format", fmt.Sprintf("how the --%s file writes date-times, in strftime directives: %%m/%%d/%%Y %%I:%%M %%p reads 09/26/2003 07:00 AM (default: ISO 8601 and similar)", main))
}

// main returns the command's main input at path, read with all the options.
func (o *inputOptions) main(path string, columns map[string]string) plan.Input {
	return plan.Input{Path: path, Encoding: o.Encoding, Sheet: o.Sheet, HeaderRow: o.HeaderRow, DateFormat: o.DateFormat, Columns: columns}
}

// dateFormatFlag is a date format, checked as the command line is parsed.
type dateFormatFlag struct{ format *string }

func (f dateFormatFlag) String() string {
	if f.format == nil {
		return ""
	}
	return *f.format
}

func (f dateFormatFlag) Set(s string) error {
	if _, err := table.ParseDateFormat(s); err != nil {
		return err
	}
	*f.format = s
	return nil
}

func (f dateFormatFlag) Type() string { return "FORMAT" }

// required reports a missing required flag as a usage error.
func required(name, value string) error {
	if value == "" {
		return usagef("--%s is required", name)
	}
	return nil
}
