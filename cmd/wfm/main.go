package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	// The time zones of --time-zone and time_zone, for systems without
	// their own zone database (Windows, slim containers).
	_ "time/tzdata"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal asks the run to stop cleanly; a second one ends wfm
	// at once, the default way.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], systemStreams())
	stop()
	os.Exit(code)
}
