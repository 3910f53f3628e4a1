package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/ephemeral"
	"github.com/stressql/stressql/plan"
)

// checkEphemeralFlags refuses --ephemeral beside a target flag: the run's
// targets are then its own servers.
func (o *runOptions) checkEphemeralFlags() error {
	if !o.ephemeral {
		return nil
	}
	var given []string
	for d, f := range o.targetFlags {
		if *f != "" {
			given = append(given, "--"+d)
		}
	}
	sort.Strings(given)
	if len(given) > 0 {
		return invalid("--ephemeral runs against throwaway servers it starts itself: drop %s", strings.Join(given, " and "))
	}
	return nil
}

// checkOwnedFaults refuses, without --ephemeral, a selection with a fault
// that stops and starts the server process (restart): stressql does that
// only to a server it started itself.
func (o *runOptions) checkOwnedFaults(p *plan.Plan) error {
	if o.ephemeral {
		return nil
	}
	owned := engine.OwnedServerFaults(p, nil)
	if len(owned) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("Restart fault needs --ephemeral; nothing ran.")
	for _, f := range owned {
		fmt.Fprintf(&b, "\n  scenario %q has fault %q (%s)", f.Scenario, f.Kind, f.Source)
	}
	b.WriteString("\n  A restart fault stops and starts the server process, so stressql does it only to a server it started itself, never to the machine's own or any other target.\n" +
		"  Run with --ephemeral (stressql run --ephemeral PATH...): it starts throwaway PostgreSQL/Redis servers on free 127.0.0.1 ports and removes them at the end;\n" +
		"  or leave these scenarios out of the selection (--filter, --tag).")
	return invalid("%s", b.String())
}

// ephemeralServers are the throwaway servers of a --ephemeral run; the
// nil value is a run without them.
type ephemeralServers struct {
	set  *ephemeral.Set
	note *leftoverNote
}

// startEphemeral starts, with --ephemeral, one throwaway server per driver
// the plan's scenarios use and points targets at them. An interrupt
// while they start ends the run with exit 130.
func startEphemeral(ctx context.Context, g *globalOptions, o *runOptions, p *plan.Plan, targets map[string]string) (*ephemeralServers, error) {
	if !o.ephemeral {
		return nil, nil
	}
	seen := map[string]bool{}
	var names []string
	for _, sc := range p.Scenarios {
		if !seen[sc.Driver] {
			seen[sc.Driver] = true
			names = append(names, sc.Driver)
		}
	}
	set, err := ephemeral.Start(ctx, names)
	if err != nil {
		if ctx.Err() != nil {
			return nil, exitWith(exitInterrupted, fmt.Errorf("interrupted while starting the --ephemeral servers"))
		}
		return nil, exitWith(exitFailed, fmt.Errorf("--ephemeral: %w", err))
	}
	for d := range targets {
		if !seen[d] {
			delete(targets, d) // no scenario talks to it: not even listed
		}
	}
	sort.Strings(names)
	for _, d := range names {
		s := set.Servers[d]
		targets[d] = s.URL
		fmt.Fprintf(g.stderr, "ephemeral: %s server on %s (pid %d, %s)\n", d, s.Addr, s.PID(), s.Dir)
	}
	e := &ephemeralServers{set: set, note: g.leftovers}
	e.note.setServers(func() { _ = set.Stop() })
	return e, nil
}

// controls are the servers as the engine's restart controls.
func (e *ephemeralServers) controls() map[string]drivers.ServerControl {
	if e == nil {
		return nil
	}
	return e.set.Controls()
}

// stop stops the servers and removes their directories.
func (e *ephemeralServers) stop(g *globalOptions) {
	if e == nil {
		return
	}
	e.note.setServers(nil)
	if err := e.set.Stop(); err != nil {
		fmt.Fprintf(g.stderr, "Warning: --ephemeral: %v\n", err)
		return
	}
	fmt.Fprintln(g.stderr, "ephemeral: servers stopped and removed")
}

// setServers keeps how to stop the --ephemeral servers if a second
// interrupt ends the process at once.
func (n *leftoverNote) setServers(stop func()) {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.servers = stop
	n.mu.Unlock()
}

// stopServers stops the --ephemeral servers, if any (second interrupt).
func (n *leftoverNote) stopServers() {
	if n == nil {
		return
	}
	n.mu.Lock()
	stop := n.servers
	n.mu.Unlock()
	if stop != nil {
		stop()
	}
}
