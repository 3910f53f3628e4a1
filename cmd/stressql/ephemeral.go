package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
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
	if err := o.checkFailover(p); err != nil {
		return err
	}
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

// checkFailover refuses a failover fault (a real SENTINEL FAILOVER: it
// moves the master of whatever Sentinel set the target names) unless the
// set is stressql's own (--ephemeral with a sentinel topology) or the
// scenario says allow_dangerous = true.
func (o *runOptions) checkFailover(p *plan.Plan) error {
	var b strings.Builder
	for _, sc := range p.Scenarios {
		owned := o.ephemeral && sc.Topology != nil && sc.Topology.Kind == plan.TopologySentinel
		if owned || (!o.ephemeral && sc.AllowDangerous) {
			continue
		}
		for _, ph := range sc.Phases {
			for _, f := range ph.Faults {
				if f.Kind == "failover" {
					fmt.Fprintf(&b, "\n  scenario %q has fault %q (%s)", sc.Name, f.Kind, f.Source)
				}
			}
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if o.ephemeral {
		return invalid("Failover fault needs a sentinel topology; nothing ran.%s\n"+
			"  With --ephemeral the scenario runs against the deployment its topology block declares, and without one that is a single Redis server, which has nothing to fail over to.\n"+
			"  Add topology { kind = \"sentinel\" } to the scenario: --ephemeral then starts a throwaway master, replica and sentinels for it.", b.String())
	}
	return invalid("Failover fault needs --ephemeral or allow_dangerous; nothing ran.%s\n"+
		"  A failover fault sends a real SENTINEL FAILOVER: it moves the master of the Sentinel set the target names, whoever else uses it.\n"+
		"  Run with --ephemeral and topology { kind = \"sentinel\" } in the scenario (a throwaway Sentinel set of stressql's own),\n"+
		"  or set allow_dangerous = true in the scenario if failing over that set is really what you want.", b.String())
}

// checkTopologies refuses, without --ephemeral, a scenario whose topology
// block does not match its target's URL (sentinel and cluster: the
// scheme). A pgbouncer topology cannot be told from its URL: it is only
// a warning, printed once, that the target is not checked to be one.
func checkTopologies(g *globalOptions, p *plan.Plan, targets map[string]string) error {
	var b strings.Builder
	var forms []string
	warned := false
	for _, sc := range p.Scenarios {
		t := sc.Topology
		if t == nil {
			continue
		}
		if t.Kind == plan.TopologyPgBouncer && !warned {
			warned = true
			fmt.Fprintf(g.stderr, "Warning: scenario %q declares a pgbouncer topology (%s); without --ephemeral stressql does not check that the %s target is a PgBouncer in pool_mode %q.\n",
				sc.Name, t.Source, sc.Driver, t.PoolMode)
		}
		if why := t.TargetMismatch(targets[sc.Driver]); why != "" {
			fmt.Fprintf(&b, "\n  scenario %q (%s): %s", sc.Name, t.Source, why)
			form := topologyForms[t.Kind]
			if !slices.Contains(forms, form) {
				forms = append(forms, form)
			}
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return invalid("Target does not match the scenario's topology; nothing ran.%s\n"+
		"  Give a target of that kind (%s),\n"+
		"  or run with --ephemeral: it starts a throwaway deployment of each topology the scenarios declare.", b.String(), strings.Join(forms, ", "))
}

// topologyForms show a target of each topology kind.
var topologyForms = map[string]string{
	plan.TopologyStandalone: "--redis redis://HOST:PORT/DB",
	plan.TopologySentinel:   "--redis 'redis+sentinel://HOST:PORT,HOST:PORT/MASTER_NAME/0'",
	plan.TopologyCluster:    "--redis 'redis+cluster://HOST:PORT?addr=HOST:PORT&addr=HOST:PORT'",
}

// ephemeralServers are the throwaway servers of a --ephemeral run; the
// nil value is a run without them.
type ephemeralServers struct {
	set  *ephemeral.Set
	note *leftoverNote
	// byScenario is each scenario's deployment.
	byScenario map[*plan.Scenario]*ephemeral.Deployment
}

// startEphemeral starts, with --ephemeral, one throwaway deployment per
// driver and topology the plan's scenarios declare (a standalone server
// for a scenario without a topology block), each once, shared by the
// scenarios that declare the same, and points targets at them. An
// interrupt while they start ends the run with exit 130. Without
// --ephemeral it checks the targets against the topologies.
func startEphemeral(ctx context.Context, g *globalOptions, o *runOptions, p *plan.Plan, targets map[string]string) (*ephemeralServers, error) {
	if !o.ephemeral {
		return nil, checkTopologies(g, p, targets)
	}
	seen := map[string]bool{}
	set := &ephemeral.Set{}
	e := &ephemeralServers{set: set, note: g.leftovers, byScenario: map[*plan.Scenario]*ephemeral.Deployment{}}
	e.note.setServers(func() { _ = set.Stop() })
	var started []*ephemeral.Deployment
	first := map[string]string{}
	for _, sc := range p.Scenarios {
		seen[sc.Driver] = true
		key := ephemeral.DeploymentKey(sc.Driver, sc.Topology)
		had := set.Deployments[key] != nil
		d, err := set.Deployment(ctx, sc.Driver, sc.Topology)
		if err != nil {
			e.note.setServers(nil)
			_ = set.Stop()
			if ctx.Err() != nil {
				return nil, exitWith(exitInterrupted, fmt.Errorf("interrupted while starting the --ephemeral servers"))
			}
			return nil, exitWith(exitFailed, fmt.Errorf("--ephemeral: %w", err))
		}
		if !had {
			started = append(started, d)
		}
		e.byScenario[sc] = d
		if first[sc.Driver] == "" {
			first[sc.Driver] = d.URL
		}
	}
	// The driver's own target (the preflight probes it): its standalone
	// server, else its first deployment in plan order.
	for d, u := range first {
		targets[d] = u
		if srv := set.Servers[d]; srv != nil {
			targets[d] = srv.URL
		}
	}
	for d := range targets {
		if !seen[d] {
			delete(targets, d) // no scenario talks to it: not even listed
		}
	}
	for _, d := range started {
		for i, s := range d.Servers {
			role := d.Roles[i]
			what := d.Driver
			if role != d.Driver {
				what = d.Driver + " " + role
			}
			fmt.Fprintf(g.stderr, "ephemeral: %s server on %s (pid %d, %s)\n", what, s.Addr, s.PID(), s.Dir)
		}
		if d.Kind != plan.TopologyStandalone {
			fmt.Fprintf(g.stderr, "ephemeral: %s %s topology at %s\n", d.Driver, d.Kind, redactURL(d.URL))
		}
	}
	return e, nil
}

// redactURL drops the password of a URL for printing.
func redactURL(u string) string {
	if pu, err := url.Parse(u); err == nil {
		return pu.Redacted()
	}
	return u
}

// controls are the servers as the engine's restart controls.
func (e *ephemeralServers) controls() map[string]drivers.ServerControl {
	if e == nil {
		return nil
	}
	out := map[string]drivers.ServerControl{}
	for sc, d := range e.byScenario {
		if out[sc.Driver] == nil || d.Kind == plan.TopologyStandalone {
			out[sc.Driver] = d.Control
		}
	}
	return out
}

// scenarioTargets gives the engine each scenario's deployment: its
// target and the server the restart fault acts on.
func (e *ephemeralServers) scenarioTargets() func(sc *plan.Scenario) (string, drivers.ServerControl, bool) {
	if e == nil {
		return nil
	}
	return func(sc *plan.Scenario) (string, drivers.ServerControl, bool) {
		d := e.byScenario[sc]
		if d == nil {
			return "", nil, false
		}
		return d.URL, d.Control, true
	}
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
