package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/io/calendar"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/wfm-dev/wfm/plan"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
	"github.com/xuri/excelize/v2"
)

type scheduleOptions struct {
	Requirements string
	Shifts       string
	Agents       string
	TimeOff      string
	Activities   string
	Targets      string
	Calendars    string
	TimeZone     string
	Currency     string
	search       searchOptions
	input        inputOptions
	output       outputOptions
}

func newScheduleCmd(s *streams) *cobra.Command {
	o := &scheduleOptions{}
	cmd := &cobra.Command{
		Use:   "schedule --requirements FILE --shifts FILE [--agents FILE] -o roster.xlsx",
		Short: "Build a weekly roster of shifts covering the staffing requirements",
		Long: `Choose tours (a week of shifts with days off) from the shift templates so that
every interval's staff requirement is covered at the lowest cost, place the
breaks, and write the roster. Without --agents, wfm decides how many tours
of each template to staff and names them FT8-001, FT8-002, ...; with
--agents, each named agent gets at most one tour that respects their
contract.

--timeoff lists leave (no shift overlaps it) and fixed activities such as
training (paid, inside the shift, off the queue); whole days are written as
dates, stretches as date-times. --activities asks for flexible activities,
e.g. a 1 h team meeting per agent a week between 10:00 and 16:00, which wfm
places where they cost the least coverage.

A .csv output holds one row per agent and working day; a .xlsx workbook
adds the Roster grid, Coverage (with a chart) and Summary sheets. With
--targets, Coverage and Summary show the service level the roster gives.

--calendars DIR also writes one iCalendar file per agent, DIR/AGENT_ID.ics
(the id made safe as a file name), for agents to subscribe to: one event per
shift with its breaks and activities, at the wall-clock times of the centre's
--time-zone. An agent's shift on a given day keeps its event's UID from run
to run, so republishing a week updates their calendars.` + exitStatusHelp,
		Example: `  wfm schedule --requirements requirements.csv --shifts examples/shifts.yaml -o roster.xlsx
  wfm schedule --requirements requirements.csv --shifts shifts.csv --agents examples/agents.csv -o roster.csv
  wfm schedule --requirements requirements.csv --shifts examples/shifts.yaml \
      --timeoff examples/timeoff.csv --activities examples/activities.yaml -o roster.xlsx
  wfm schedule --requirements requirements.csv --shifts shifts.yaml --agents agents.csv -o roster.xlsx --calendars calendars/ --time-zone Asia/Shanghai`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSchedule(cmd.Context(), s, o) },
	}
	cmd.Flags().StringVar(&o.Requirements, "requirements", "", "requirements `FILE`, as written by wfm staff (covers staff, else agents)")
	cmd.Flags().StringVar(&o.Shifts, "shifts", "", "shift templates `FILE` (.yaml, .csv or .xlsx)")
	cmd.Flags().StringVar(&o.Agents, "agents", "", "named agents `FILE` (.csv or .xlsx)")
	cmd.Flags().StringVar(&o.TimeOff, "timeoff", "", "leave and fixed activities `FILE`: agent_id, start, end, kind (leave, training, ...)")
	cmd.Flags().StringVar(&o.Activities, "activities", "", "flexible activities `FILE`: kind, length, from, to, agents (one each a week)")
	cmd.Flags().StringVar(&o.Targets, "targets", "", "targets `FILE`, to report the service level the roster gives")
	cmd.Flags().StringVar(&o.Calendars, "calendars", "", "also write one iCalendar file per agent, AGENT_ID.ics, into `DIR`")
	cmd.Flags().StringVar(&o.TimeZone, "time-zone", "", "the centre's IANA time `ZONE` for --calendars, e.g. Asia/Shanghai (default UTC)")
	cmd.Flags().StringVar(&o.Currency, "currency", "", "with -o FILE.xlsx: the `CODE` or symbol of the costs in the Summary, e.g. CNY")
	o.search.register(cmd, false)
	o.input.register(cmd, "requirements")
	o.output.register(cmd)
	holdOutputFolder(cmd, &o.output.Path)
	return cmd
}

func runSchedule(ctx context.Context, s *streams, o *scheduleOptions) error {
	if err := required("requirements", o.Requirements); err != nil {
		return err
	}
	if err := required("shifts", o.Shifts); err != nil {
		return err
	}
	if err := o.output.check(); err != nil {
		return err
	}
	if err := sheet.CheckCurrency(o.Currency); err != nil {
		return usagef("--currency: %v", err)
	}
	loc, err := calendar.LoadZone(o.TimeZone)
	if err != nil {
		return usagef("--time-zone: %v", err)
	}
	if err := notInput(o.output.Path, o.Requirements, o.Shifts, o.Agents, o.TimeOff, o.Activities, o.Targets); err != nil {
		return err
	}
	opt := o.search.options()
	var src plan.Source
	reqs, err := src.Requirements(o.input.main(o.Requirements, nil))
	if err != nil {
		return err
	}
	// Shifts and targets are small configuration tables, which never come
	// from another sheet of the requirements' workbook.
	templates, err := src.Shifts(plan.Input{Path: o.Shifts, Encoding: o.input.Encoding})
	if err != nil {
		return err
	}
	var agents []schedule.Agent
	if o.Agents != "" {
		if agents, err = src.Agents(plan.Input{Path: o.Agents, Encoding: o.input.Encoding, Sheet: o.input.Sheet}, templates); err != nil {
			return err
		}
	}
	if o.TimeOff != "" {
		if opt.TimeOff, err = src.TimeOff(plan.Input{Path: o.TimeOff, Encoding: o.input.Encoding}, agents, templates); err != nil {
			return err
		}
	}
	if o.Activities != "" {
		if opt.Activities, err = src.Activities(plan.Input{Path: o.Activities, Encoding: o.input.Encoding}); err != nil {
			return err
		}
	}
	var targets []staff.Target
	if o.Targets != "" {
		if targets, err = src.Targets(plan.Input{Path: o.Targets, Encoding: o.input.Encoding}); err != nil {
			return err
		}
	}
	done := s.busy("building the roster")
	roster, err := plan.Roster(ctx, reqs, targets, templates, agents, opt)
	done()
	if err != nil {
		return err
	}
	for _, w := range roster.Warnings {
		s.warnf("%s", w)
	}
	var calendars []string
	if err := o.output.writeWith(s, records.Shifts(roster), func(f *excelize.File) error {
		return sheet.AddRoster(f, roster, reqs, sheet.About{Title: "Roster", Sources: o.sources(), Version: version, Currency: o.Currency})
	}, func(b *outfile.Batch) error {
		if o.Calendars == "" {
			return nil
		}
		if err := os.MkdirAll(o.Calendars, 0o755); err != nil {
			return err
		}
		calendars, err = calendar.WriteAll(b, o.Calendars, roster, calendar.Options{Location: loc})
		return err
	}); err != nil {
		return err
	}
	if o.Calendars != "" {
		s.notef("wrote %d calendars into %s", len(calendars), o.Calendars)
	}
	s.rosterSummary(roster)
	return nil
}

// sources names the input files, as the Summary sheet lists them.
func (o *scheduleOptions) sources() []string {
	var out []string
	for _, in := range []struct{ key, path string }{
		{"requirements", o.Requirements}, {"shifts", o.Shifts}, {"agents", o.Agents}, {"timeoff", o.TimeOff},
		{"activities", o.Activities}, {"targets", o.Targets},
	} {
		if in.path != "" {
			out = append(out, in.key+" "+in.path)
		}
	}
	return out
}

// rosterSummaryLine is the one-line verdict printed after scheduling.
func rosterSummaryLine(r schedule.Roster) string {
	if len(r.Summaries) == 0 {
		return "roster: no shifts"
	}
	total := r.Summaries[len(r.Summaries)-1]
	line := fmt.Sprintf("roster: %d shifts, %.0f paid hours, %.0f under- and %.0f over-staffed agent-hours, efficiency %.1f%%, cost %.0f",
		len(r.Shifts), total.PaidHours, total.UnderHours, total.OverHours, 100*total.Efficiency(), total.Cost)
	if total.LowerBound > 0 {
		line += fmt.Sprintf(" (lower bound %.0f, gap %.2f%%)", total.LowerBound, 100*total.Gap())
	}
	return line
}
