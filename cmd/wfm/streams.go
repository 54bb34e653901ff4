package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/wfm-dev/wfm/plan"
	"github.com/wfm-dev/wfm/schedule"
)

// streams are where a command reads and writes; tests replace them.
type streams struct {
	In       io.Reader
	Out      io.Writer
	Err      io.Writer
	Terminal bool // Out is a terminal: print aligned tables
	ErrTerm  bool // Err is a terminal: progress may be shown
	Quiet    bool // -q: nothing but errors on Err
	// Log, when set (--log-format), receives the remarks and the final
	// error as structured records instead of plain lines.
	Log       *slog.Logger
	logFormat string // --log-format: "", text or json
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

// rosterSummary prints the one-line verdict on a roster; as a log record it
// also carries the roster's figures as fields, for log collectors to chart.
func (s *streams) rosterSummary(r schedule.Roster) {
	if s.Quiet || s.Log == nil {
		s.notef("%s", rosterSummaryLine(r))
		return
	}
	total := r.Summaries[len(r.Summaries)-1]
	attrs := []slog.Attr{
		slog.Int("shifts", len(r.Shifts)),
		slog.Float64("paid_hours", total.PaidHours),
		slog.Float64("required_hours", total.RequiredHours),
		slog.Float64("under_hours", total.UnderHours),
		slog.Float64("over_hours", total.OverHours),
		slog.Float64("efficiency", total.Efficiency()),
		slog.Float64("cost", total.Cost),
	}
	if total.ServiceLevel > 0 {
		attrs = append(attrs, slog.Float64("service_level", total.ServiceLevel))
	}
	if total.LowerBound > 0 {
		attrs = append(attrs, slog.Float64("lower_bound", total.LowerBound), slog.Float64("gap", total.Gap()))
	}
	s.Log.LogAttrs(context.Background(), slog.LevelInfo, rosterSummaryLine(r), attrs...)
}

// startLog directs remarks to the structured logger --log-format asks for.
func (s *streams) startLog() {
	if s.Log != nil {
		return
	}
	switch s.logFormat {
	case "text":
		s.Log = slog.New(slog.NewTextHandler(s.Err, nil))
	case "json":
		s.Log = slog.New(slog.NewJSONHandler(s.Err, nil))
	}
}

// progress shows a plan's steps as a bar on stderr: only on a terminal,
// not when quiet or logging, and only once the run has taken a second, so
// quick runs and scripts see nothing. The bar is cleared when the run ends.
type progress struct {
	s        *streams
	mu       sync.Mutex
	cur      plan.Stage
	timer    *time.Timer
	bar      *progressbar.ProgressBar
	stop     chan struct{}
	finished bool
}

// stage moves the bar to the step that has begun.
func (p *progress) stage(st plan.Stage) {
	if !p.s.ErrTerm || p.s.Quiet || p.s.Log != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur = st
	switch {
	case p.bar != nil:
		p.show()
	case p.timer == nil:
		p.timer = time.AfterFunc(time.Second, p.start)
	}
}

// start draws the bar, then redraws it twice a second so its clock runs
// through long steps.
func (p *progress) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	opts := []progressbar.Option{progressbar.OptionSetWriter(p.s.Err), progressbar.OptionSetWidth(20),
		progressbar.OptionSetElapsedTime(true), progressbar.OptionSetPredictTime(false), progressbar.OptionClearOnFinish()}
	steps := -1 // a single step: a spinner, with its clock
	if p.cur.Steps > 1 {
		steps = p.cur.Steps
		opts = append(opts, progressbar.OptionShowCount())
	}
	p.bar = progressbar.NewOptions(steps, opts...)
	p.show()
	p.stop = make(chan struct{})
	go func() {
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-tick.C:
				p.mu.Lock()
				if !p.finished {
					_ = p.bar.RenderBlank()
				}
				p.mu.Unlock()
			}
		}
	}()
}

func (p *progress) show() {
	p.bar.Describe("wfm: " + p.cur.Name)
	_ = p.bar.Set(p.cur.Step - 1)
}

// busy shows a single long step, such as building a roster, as progress
// does; the returned func ends it.
func (s *streams) busy(name string) (done func()) {
	p := &progress{s: s}
	p.stage(plan.Stage{Name: name, Step: 1, Steps: 1})
	return p.done
}

// done clears the bar, or keeps it from appearing.
func (p *progress) done() {
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished = true
	if p.bar != nil {
		close(p.stop)
		_ = p.bar.Finish()
	}
}
