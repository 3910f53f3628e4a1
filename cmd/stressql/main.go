package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/mattn/go-isatty"
	"golang.org/x/term"
)

func main() {
	os.Exit(realMain())
}

// realMain runs the command line of this process and returns its exit
// code.
func realMain() int {
	// The first SIGINT/SIGTERM cancels ctx: run stops scheduling, lets
	// in-flight work finish within --grace and writes its report. Then the
	// default behaviour is back, so a second one ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	g := &globalOptions{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		// Only run handles interrupts; other commands die of the signal.
		releaseSignals: stop,
	}
	if fd := os.Stderr.Fd(); isatty.IsTerminal(fd) {
		g.stderrTTY = true
		if w, _, err := term.GetSize(int(fd)); err == nil && w > 0 {
			g.width = w
		}
	}
	g.stdoutTTY = isatty.IsTerminal(os.Stdout.Fd())
	return execute(ctx, g, os.Args[1:])
}
