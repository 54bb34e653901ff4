package main

import (
	"bytes"
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-dev/wfm/examples"
	"github.com/wfm-dev/wfm/plan"
)

type demoOptions struct {
	Dir    string
	Format string
	search searchOptions
}

func newDemoCmd(s *streams) *cobra.Command {
	o := &demoOptions{Dir: "wfm-demo"}
	cmd := &cobra.Command{
		Use:   "demo [-o DIR]",
		Short: "Run the whole weekly plan on built-in example data",
		Long: `Run history -> forecast -> staff -> schedule on the example data built into
wfm: fourteen weeks of chat, phone, social and self-service contacts in three
regions, with their targets, shift templates, a week's leave and training,
and a weekly team meeting (the files of examples/). Writes the workbook
roster.xlsx (Summary, Dashboard, Forecast, Requirements, Roster, Shifts,
Coverage, Accuracy) and forecast.csv, requirements.csv, roster.csv
and coverage.csv into DIR, and prints a summary per channel and region.` + exitStatusHelp,
		Example: `  wfm demo
  wfm demo -o /tmp/plan && open /tmp/plan/roster.xlsx`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDemo(cmd.Context(), s, o, cmd.Flags()) },
	}
	cmd.Flags().StringVarP(&o.Dir, "out", "o", o.Dir, "folder to write the plan's files into")
	enumVarP(cmd, cmd.Flags(), &o.Format, "format", "", "", stdoutFormats, "summary format, by default table on a terminal, else csv")
	// The example plan sets no effort or seed: the flags' own defaults hold.
	o.search.register(cmd, false)
	return cmd
}

func runDemo(ctx context.Context, s *streams, o *demoOptions, flags *pflag.FlagSet) error {
	data, err := examples.Files.ReadFile("plan.yaml")
	if err != nil {
		return err
	}
	cfg, err := plan.ReadConfig(bytes.NewReader(data), "examples/plan.yaml")
	if err != nil {
		return err
	}
	o.search.override(flags, &cfg)
	cfg.Outputs.Dir = o.Dir
	return runPipeline(ctx, s, cfg, plan.Source{FS: examples.Files, Dir: "examples"}, ".", o.Format, 0)
}
