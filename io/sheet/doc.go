// Package sheet builds the planner's workbook: styled, typed sheets of wfm's
// tables with native charts, written into a new workbook or into the
// planner's own one without touching the sheets wfm does not own.
package sheet
