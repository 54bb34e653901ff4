// Package calendar publishes a roster as iCalendar files (RFC 5545), one
// per agent, for agents to subscribe to in their calendar apps: one event
// per shift, with breaks and activities in its description, and whole-day
// leave as all-day events. Events keep their UIDs from one run to the
// next, so a republished week updates subscribers' events in place.
package calendar
