package examples

import "embed"

//go:generate go run ./internal/generate

// Files holds the example files, each at the top level under its own name:
//
//   - history.csv, history.xlsx: contacts and handle times per 30-minute
//     interval, channel and region, 2026-08-17 to 2026-11-22
//   - targets.csv, targets.yaml: service targets per channel, one regional override
//   - shifts.csv, shifts.yaml: shift templates FT8, PT4 and NIGHT
//   - agents.csv: sixty agents of the east region, in-house and outsourced
//   - holidays.csv: festivals of 2026 and 2027 and their effect on volume
//
// The files are generated, byte for byte, by ./internal/generate; see README.md.
//
//go:embed history.csv history.xlsx targets.csv targets.yaml shifts.csv shifts.yaml agents.csv holidays.csv plan.yaml activities.yaml timeoff.csv
var Files embed.FS
