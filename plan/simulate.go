package plan

import (
	"context"

	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/sim/roster"
	"github.com/wfm-dev/wfm/schedule/staff"
)

// Replications is how many independent runs a plan's simulation makes,
// whose spread gives the confidence intervals.
const Replications = 20

// Roster reads a roster file's shifts.
func (s Source) Roster(in Input) ([]schedule.Shift, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadRoster(g)
}

// Skills reads an agents file for the channels each agent serves.
func (s Source) Skills(in Input) ([]schedule.Agent, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadSkills(g)
}

// Simulate simulates the shifts serving the demands under the targets
// (the simulation stage, see roster.Simulate). Its errors name the file to
// fix, as Staff's do: targetsFile for a missing or unusable target,
// dataFile (the forecast) for the demand's contacts, handle times and
// intervals.
func Simulate(ctx context.Context, shifts []schedule.Shift, demands []staff.Demand, targets []staff.Target, opt roster.Options,
	targetsFile, dataFile string) (*roster.Result, error) {
	res, err := roster.Simulate(ctx, shifts, demands, targets, opt)
	if err != nil && ctx.Err() == nil {
		if located := staffingError(err, targetsFile, dataFile); located != nil {
			return nil, located
		}
		// The demands' intervals, which the simulation needs alike.
		return nil, &table.Error{File: dataFile, Err: err}
	}
	return res, err
}
