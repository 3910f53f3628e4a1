package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/report"
)

// preflight probes every target the plan needs before the first scenario
// (engine.Preflight) and prints its warnings. When a target has a problem
// it prints one actionable message per failing target, writes the
// --json / --junit reports with every selected scenario errored, and
// returns stop with the exit status; the run then does not start. An
// interrupt during the preflight lets the run go on to report itself
// interrupted.
func preflight(ctx context.Context, g *globalOptions, o *runOptions, plan *plan.Plan, opts *engine.Options) (stop bool, err error) {
	pre := engine.Preflight(ctx, plan, *opts)
	opts.RunID = pre.RunID
	if ctx.Err() != nil {
		return false, nil
	}
	for _, t := range pre.Targets {
		for _, w := range t.Warnings {
			fmt.Fprintf(g.stderr, "Warning: %s\n", w.Message)
			if w.Hint != "" {
				fmt.Fprintf(g.stderr, "  %s\n", w.Hint)
			}
		}
	}
	if !pre.Failed() {
		return false, nil
	}
	for _, t := range pre.Targets {
		for _, p := range t.Problems {
			fmt.Fprintf(g.stderr, "Error: preflight: %s\n", p.Message)
			for _, line := range hints(g, o, t.Driver, opts.Targets[t.Driver], p) {
				fmt.Fprintf(g.stderr, "  %s\n", line)
			}
		}
	}
	run := engine.PreflightFailed(plan, *opts, pre)
	var written []string
	var writeErr error
	if o.jsonPath != "" {
		if writeErr = writeReport(o.jsonPath, run, report.WriteJSON); writeErr == nil {
			written = append(written, o.jsonPath)
		}
	}
	if o.junitPath != "" {
		if err := writeReport(o.junitPath, run, report.WriteJUnit); err != nil {
			if writeErr == nil {
				writeErr = err
			}
		} else {
			written = append(written, o.junitPath)
		}
	}
	msg := fmt.Sprintf("stressql: the run stopped before its first scenario; %s selected, none ran", plural(len(run.Scenarios), "scenario"))
	if len(written) > 0 {
		msg += " (recorded as errored in " + strings.Join(written, ", ") + ")"
	}
	fmt.Fprintln(g.stderr, msg+".")
	return true, exitWith(exitFailed, writeErr)
}

// hints are the lines printed under a preflight problem: the driver's
// hint, then, for a target that does not answer or refuses the login,
// where its URL came from and what to do.
func hints(g *globalOptions, o *runOptions, driver, target string, p drivers.Finding) []string {
	var out []string
	if p.Hint != "" {
		out = append(out, p.Hint)
	}
	flagSet := o.targetFlag(driver) != ""
	env := ""
	if d := g.registry().Lookup(driver); d != nil {
		env = d.EnvVar
	}
	source := "the default target"
	switch {
	case flagSet:
		source = "the --" + driver + " flag"
	case g.env(env) != "":
		source = env
	}
	switch p.Kind {
	case "unreachable":
		if !flagSet && g.env(env) == "" {
			out = append(out, "Start the local servers with `bash scripts/ensure-servers.sh` (it starts PostgreSQL 15",
				fmt.Sprintf("and installs/starts Redis on 127.0.0.1), or point --%s / %s at a running server.", driver, env))
		} else {
			out = append(out, fmt.Sprintf("Check that the server named by %s is running and reachable.", source))
		}
	case "auth":
		if !flagSet && g.env(env) == "" {
			out = append(out, "The default target's role and password are set up by `bash scripts/ensure-servers.sh`;",
				fmt.Sprintf("for another server pass --%s URL or set %s.", driver, env))
		}
	}
	out = append(out, fmt.Sprintf("The target %s came from %s.", redact.Target(target), source))
	return out
}
