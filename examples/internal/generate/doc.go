// Command generate writes the example data of wfm: a seeded simulation of
// a live-commerce platform's contact history, with its targets, shift
// templates, agents and holidays. Every run writes the same bytes.
//
// Usage, from the repository root:
//
//	go run ./examples/internal/generate [-out examples]
package main
