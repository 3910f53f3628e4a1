package main

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/plan"
)

// compilePlan loads and compiles paths for plan, list and run: diagnostics
// (warnings too) go to stderr as text, errors end the command with exit
// 2, and the selection flags are applied.
func compilePlan(g *globalOptions, c *configFlags, paths []string, noColor bool) (*plan.Plan, error) {
	view := newDiagView(g, formatText, noColor)
	l := load(paths, c.loadOptions(g.registry()), func(diags hcl.Diagnostics) { _ = view.Diagnostics(nil, diags) })
	if err := view.Diagnostics(l.files, l.diags); err != nil {
		return nil, exitWith(exitFailed, err)
	}
	if l.diags.HasErrors() || l.plan == nil {
		errs, _ := countDiagnostics(l.diags)
		return nil, invalid("%s: the configuration is invalid", plural(errs, "error"))
	}
	plan, err := selectScenarios(l.plan, c)
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// writeErr wraps a failure to write output.
func writeErr(cmd string, err error) error {
	return exitWith(exitFailed, fmt.Errorf("%s: %w", cmd, err))
}
