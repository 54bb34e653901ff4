// Package plan runs the weekly planning cycle - history, forecast,
// staffing requirements, roster, outputs - as one configured pipeline.
//
// The cycle's stages exist once, here: Source reads every input table
// (from a plan's folder, the operating system or an embedded fs.FS),
// Forecast, Staff and Roster compute, and Run chains them for a plan file
// after validating all of its inputs, as do the single commands for one
// stage and Compare for each what-if scenario.
package plan
