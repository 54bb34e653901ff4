package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

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
	// Log, when set (--log-format), receives the remarks as structured
	// records instead of plain lines.
	Log *slog.Logger
}

func systemStreams() *streams {
	return &streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		Terminal: term.IsTerminal(int(os.Stdout.Fd())), ErrTerm: term.IsTerminal(int(os.Stderr.Fd()))}
}

// notef prints a remark for the user on Err unless quiet.
func (s *streams) notef(format string, args ...any) {
	switch {
	case s.Quiet:
	case s.Log != nil:
		s.Log.Info(fmt.Sprintf(format, args...))
	default:
		fmt.Fprintf(s.Err, format+"\n", args...)
	}
}

// warnf prints a warning on Err unless quiet.
func (s *streams) warnf(format string, args ...any) {
	switch {
	case s.Quiet:
	case s.Log != nil:
		s.Log.Warn(fmt.Sprintf(format, args...))
	default:
		fmt.Fprintf(s.Err, "warning: "+format+"\n", args...)
	}
}

// setLogFormat directs remarks to a structured logger: text or json.
func (s *streams) setLogFormat(format string) error {
	switch format {
	case "":
	case "text":
		s.Log = slog.New(slog.NewTextHandler(s.Err, nil))
	case "json":
		s.Log = slog.New(slog.NewJSONHandler(s.Err, nil))
	default:
		return usagef("--log-format %q: want text or json", format)
	}
	return nil
}

// progress announces the stages of long work on stderr: only on a
// terminal, not when quiet, and only once a stage has run for a second, so
// quick runs and scripts see nothing.
type progress struct {
	s     *streams
	mu    sync.Mutex
	timer *time.Timer
}

// stage ends the current stage and starts the named one.
func (p *progress) stage(name string) {
	p.done()
	if !p.s.ErrTerm || p.s.Quiet {
		return
	}
	p.timer = time.AfterFunc(time.Second, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		fmt.Fprintf(p.s.Err, "wfm: %s...\n", name)
	})
}

// done ends the current stage; its announcement, if under way, completes first.
func (p *progress) done() {
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Lock()
	p.mu.Unlock()
}
