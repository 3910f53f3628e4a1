package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/redact"
)

// globalOptions is what every command gets from the process: its streams
// and environment. Tests fill it with buffers.
type globalOptions struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stderrTTY and stdoutTTY say whether the streams are terminals
	// (colors, live progress); width is the terminal's width, 0 if unknown.
	stderrTTY, stdoutTTY bool
	width                int
	getenv               func(string) string
	// releaseSignals restores the default handling of SIGINT and SIGTERM,
	// for commands that do not stop gracefully; nil in tests.
	releaseSignals func()
	// leftovers is what a second interrupt prints about the scenario
	// running; nil in tests.
	leftovers *leftoverNote
	// drivers are the drivers the commands know; nil for the tool's
	// (drivers/registry.Default). A test adds its own driver here.
	drivers *drivers.Registry
}

// color reports whether output to stderr may use colors.
func (g *globalOptions) color(noColor bool) bool {
	return g.stderrTTY && !noColor && g.env("NO_COLOR") == ""
}

func (g *globalOptions) env(name string) string {
	if g.getenv == nil {
		return ""
	}
	return g.getenv(name)
}

// execute runs the command line args (without the program name) and
// returns the exit code.
func execute(ctx context.Context, g *globalOptions, args []string) int {
	root := newRootCommand(g)
	root.SetArgs(normalizeArgs(root, args))
	cmd, err := root.ExecuteContextC(ctx)
	code := exitCode(g, cmd, err)
	if ctx.Err() != nil {
		return exitInterrupted
	}
	return code
}

// exitCode prints err, if any, and returns the exit code it means.
func exitCode(g *globalOptions, cmd *cobra.Command, err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(g.stderr, "Error: %s\n", termtext.Block(redact.Text(ee.err.Error())))
		}
		return ee.code
	}
	// cobra's own errors and anything else: a usage error.
	fmt.Fprintf(g.stderr, "Error: %s\n", termtext.Block(redact.Text(err.Error())))
	if cmd != nil {
		fmt.Fprintf(g.stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return exitInvalid
}
