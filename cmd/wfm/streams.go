package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// streams are where a command reads and writes; tests replace them.
type streams struct {
	In       io.Reader
	Out      io.Writer
	Err      io.Writer
	Terminal bool // Out is a terminal: print aligned tables
	ErrTerm  bool // Err is a terminal: progress may be shown
	Quiet    bool // -q: nothing but errors on Err
}

func systemStreams() *streams {
	return &streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		Terminal: term.IsTerminal(int(os.Stdout.Fd())), ErrTerm: term.IsTerminal(int(os.Stderr.Fd()))}
}

// notef prints a remark for the user on Err unless quiet.
func (s *streams) notef(format string, args ...any) {
	if !s.Quiet {
		fmt.Fprintf(s.Err, format+"\n", args...)
	}
}
