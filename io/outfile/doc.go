// Package outfile writes output files all or nothing: each file goes to a
// temporary file in its destination's folder, and only once every file of
// a run is complete and on disk are they renamed over their destinations,
// so readers never see a partial file and a failed run damages nothing.
package outfile
