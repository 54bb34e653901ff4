//go:build race

package forecast

// raceDetector is true in builds with the race detector, which slows code
// several times over: timings measured then say nothing about speed.
const raceDetector = true
