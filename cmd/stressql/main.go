package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/mattn/go-isatty"
	"golang.org/x/term"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/redact"
)

func main() {
	os.Exit(realMain())
}

// realMain runs the command line of this process and returns its exit
// code.
func realMain() int {
	// The first SIGINT/SIGTERM cancels ctx: run stops scheduling, lets
	// in-flight work finish within --grace, cleans up and writes its
	// report. A second one ends the process at once, with exit 130, after
	// saying what the scenario that was running leaves behind and how to
	// remove it. Commands other than run give the signals back to the
	// default handling (releaseSignals): they die of the first.
	// (signal.NotifyContext is not used: its stop also cancels the context,
	// which would make every command that releases signals look interrupted.)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	release := func() {
		signal.Stop(sigs)
		signal.Reset(os.Interrupt, syscall.SIGTERM)
	}
	note := &leftoverNote{}
	go func() {
		<-sigs
		fmt.Fprint(os.Stderr, "\nInterrupted: finishing the work in flight (up to --grace), then cleaning up; interrupt again to exit at once.\n")
		cancel()
		<-sigs
		fmt.Fprint(os.Stderr, note.forcedExit())
		note.stopServers()
		os.Exit(exitInterrupted)
	}()
	g := &globalOptions{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		// Only run handles interrupts; other commands die of the signal.
		releaseSignals: release,
		leftovers:      note,
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

// leftoverNote says what the scenario running now would leave on its
// server if the process ended at once: run sets it when a scenario starts
// and clears it once the scenario has cleaned up. Its methods accept a
// nil note (tests), which records nothing.
type leftoverNote struct {
	mu   sync.Mutex
	text string
	// servers stops the run's --ephemeral servers (nil: none).
	servers func()
}

func (n *leftoverNote) set(text string) {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.text = text
	n.mu.Unlock()
}

// forcedExit is what the second interrupt prints.
func (n *leftoverNote) forcedExit() string {
	msg := "\nInterrupted again: exiting at once, without cleaning up.\n"
	if n == nil {
		return msg
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return msg + n.text
}

// leftoverText describes what scenario name leaves on driver's target:
// its namespace (a schema or a key prefix), the target (redacted), and
// the `stressql clean` command that removes it, with the target flag the
// run was given (redacted: the password must be put back by hand).
func leftoverText(name string, d *drivers.Descriptor, namespace, target, targetFlag string) string {
	var b strings.Builder
	driver := d.Name
	what := "schema " + namespace
	if d.Namespace == drivers.NamespaceKeyPrefix {
		what = "keys " + namespace + "* (they also expire by themselves an hour after the scenario's timeout)"
	}
	redacted := redact.Target(target)
	fmt.Fprintf(&b, "Scenario %q leaves its %s on %s %s.\n", name, what, driver, redacted)
	b.WriteString("Remove it, and whatever earlier runs left, with:\n  stressql clean --driver " + driver)
	if targetFlag != "" {
		fmt.Fprintf(&b, " --%s '%s'", driver, strings.ReplaceAll(redact.Target(targetFlag), "'", `'\''`))
	}
	b.WriteString("\n")
	if targetFlag != "" && redact.Target(targetFlag) != targetFlag {
		b.WriteString("  (with the password in place of xxxxx)\n")
	}
	return b.String()
}
