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
	// (signal.NotifyContext is not used: its stop also cancels the context,
	// which would make every command that releases signals look interrupted.)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	release := func() {
		signal.Stop(sigs)
		signal.Reset(os.Interrupt, syscall.SIGTERM)
	}
	go func() {
		if _, ok := <-sigs; ok {
			release()
			cancel()
		}
	}()
	g := &globalOptions{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		// Only run handles interrupts; other commands die of the signal.
		releaseSignals: release,
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
