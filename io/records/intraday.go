package records

import (
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule/intraday"
)

// Actions lays out an intraday re-plan's proposed changes, in the order
// they were chosen.
func Actions(as []intraday.Action) *table.Table {
	t := &table.Table{Name: "Actions", Columns: []string{"agent_id", "name", "action", "start", "end", "channel", "region", "hours", "cost", "reason"},
		Decimals: map[string]int{"hours": 2, "cost": 2}}
	t.Grow(len(as))
	for _, a := range as {
		t.Add(a.AgentID, a.Name, string(a.Kind), a.Start, a.End, a.Channel, a.Region, a.Hours, a.Cost, a.Reason)
	}
	return t
}

// ReplanCoverage lays out staff required and scheduled per interval before
// and after an intraday re-plan, with the service level expected of each.
func ReplanCoverage(cs []intraday.Coverage) *table.Table {
	t := &table.Table{Name: "Coverage", Columns: []string{"interval_start", "channel", "region", "contacts", "required",
		"scheduled_before", "scheduled_after", "net_after", "service_level_before", "service_level_after"},
		Decimals: map[string]int{"contacts": 2, "required": 2, "scheduled_before": 2, "scheduled_after": 2, "net_after": 2,
			"service_level_before": 4, "service_level_after": 4}}
	t.Grow(len(cs))
	for _, c := range cs {
		t.Add(c.Start, c.Channel, c.Region, c.Contacts, c.Required, c.Before, c.After, c.After-c.Required, c.ServiceLevelBefore, c.ServiceLevelAfter)
	}
	return t
}
