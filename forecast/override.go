package forecast

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// OverrideKind is how an override changes the forecast.
type OverrideKind int

const (
	// Factor multiplies the point forecast and both quantiles.
	Factor OverrideKind = iota
	// Add adds to the point forecast and both quantiles (a negative value
	// takes away).
	Add
	// Set makes the point forecast the value and scales both quantiles by
	// the same ratio, keeping the interval's relative width; where the
	// point forecast was 0 the quantiles are set to the value too.
	Set
)

// Override is a planner's change to the forecast, applied after the model:
// a campaign the history cannot know of, a closure, a known outage.
type Override struct {
	// Start and End bound the intervals changed: those starting at or
	// after Start and before End.
	Start, End time.Time
	// Channel and Region name the series changed, ignoring case; ""
	// matches every channel or region.
	Channel, Region string
	Kind            OverrideKind
	Value           float64 // contacts per interval for Add and Set
	Note            string
}

// OverrideEffect is what one override changed.
type OverrideEffect struct {
	Override
	Intervals int     // intervals changed, over every series matched
	Before    float64 // their point forecast's sum before the override
	After     float64 // and after it
}

// ApplyOverrides changes fs in place by each override in turn, so that a
// later override works on what earlier ones made of an interval. Every
// value stays in [0, MaxContacts] and P10 <= Contacts <= P90 holds.
func ApplyOverrides(fs []Forecast, overrides []Override) []OverrideEffect {
	effects := make([]OverrideEffect, len(overrides))
	for k, o := range overrides {
		e := &effects[k]
		e.Override = o
		for _, f := range fs {
			if !matches(o.Channel, f.Channel) || !matches(o.Region, f.Region) {
				continue
			}
			for i := range f.Contacts {
				if t := f.Time(i); t.Before(o.Start) || !t.Before(o.End) {
					continue
				}
				e.Intervals++
				e.Before += f.Contacts[i]
				f.Contacts[i], f.P10[i], f.P90[i] = o.apply(f.Contacts[i], f.P10[i], f.P90[i])
				e.After += f.Contacts[i]
			}
		}
	}
	return effects
}

func matches(pattern, name string) bool { return pattern == "" || strings.EqualFold(pattern, name) }

// apply returns the point forecast and quantiles p, lo and hi overridden.
func (o Override) apply(p, lo, hi float64) (float64, float64, float64) {
	clip := func(v float64) float64 { return math.Min(math.Max(v, 0), MaxContacts) }
	switch o.Kind {
	case Factor:
		return clip(p * o.Value), clip(lo * o.Value), clip(hi * o.Value)
	case Add:
		return clip(p + o.Value), clip(lo + o.Value), clip(hi + o.Value)
	}
	if p == 0 {
		return clip(o.Value), clip(o.Value), clip(o.Value)
	}
	r := o.Value / p
	return clip(o.Value), clip(lo * r), clip(hi * r)
}

// String tells what the override does, as a planner wrote it:
// "chat/* 2026-11-11T00:00 to 2026-11-12T00:00 x1.5".
func (o Override) String() string {
	name := func(s string) string {
		if s == "" {
			return "*"
		}
		return s
	}
	change := [...]string{Factor: "x%g", Add: "%+g per interval", Set: "set to %g per interval"}[o.Kind]
	return fmt.Sprintf("%s/%s %s to %s "+change, name(o.Channel), name(o.Region),
		o.Start.Format("2006-01-02T15:04"), o.End.Format("2006-01-02T15:04"), o.Value)
}

// String is a one-line remark on the override's effect:
// "override 'Double 11': chat/* 2026-11-11T00:00 to 2026-11-12T00:00 x1.5: 48 intervals, +12340 contacts".
func (e OverrideEffect) String() string {
	label := "override"
	if e.Note != "" {
		label = fmt.Sprintf("override %q", e.Note)
	}
	if e.Intervals == 0 {
		return fmt.Sprintf("%s: %s matches no interval of the forecast", label, e.Override)
	}
	return fmt.Sprintf("%s: %s: %d interval(s), %+.0f contacts (%.0f -> %.0f)", label, e.Override, e.Intervals,
		e.After-e.Before, e.Before, e.After)
}
