// Package examples holds wfm's example data: fourteen weeks of contact
// history shaped like a live-commerce platform's customer service, with its
// service targets, shift templates, agents and holidays, embedded for the
// demo and for tests.
package examples
