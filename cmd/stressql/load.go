package main

import (
	"os"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/plan"
)

// loaded is the outcome of loading and compiling scenario files.
type loaded struct {
	// files are the parsed sources by name, for diagnostics snippets;
	// never nil.
	files map[string]*hcl.File
	// cfg is nil only when nothing could be loaded; plan is nil when
	// there are errors.
	cfg   *dsl.Config
	plan  *plan.Plan
	diags hcl.Diagnostics
}

// exitProcess ends the process; the load watchdog calls it.
var exitProcess = os.Exit

// load runs dsl.Load then compiler.Compile, gathering the diagnostics of
// both: Compile checks what it can of scenarios that failed to load
// without repeating their errors, so one validate reports everything,
// in reading order (dsl.SortDiagnostics).
//
// A watchdog (dsl.Watch) guards both: when loading grows the heap beyond
// dsl.MaxHeapBytes or takes longer than dsl.MaxLoadTime, report writes
// its diagnostic and the process exits with status 2 at once.
func load(paths []string, opts dsl.LoadOptions, report func(hcl.Diagnostics)) *loaded {
	opts.Guard = &dsl.Guard{}
	stop := dsl.Watch(opts.Guard, func(d *hcl.Diagnostic) {
		report(hcl.Diagnostics{d})
		exitProcess(exitInvalid)
	})
	defer stop()
	cfg, diags := dsl.Load(paths, opts)
	l := &loaded{cfg: cfg, diags: diags, files: map[string]*hcl.File{}}
	defer func() { dsl.SortDiagnostics(l.diags) }()
	if cfg == nil {
		return l
	}
	if cfg.Files != nil {
		l.files = cfg.Files
	}
	plan, moreDiags := compiler.Compile(cfg)
	l.diags = append(l.diags, moreDiags...)
	if !l.diags.HasErrors() {
		l.plan = plan
	}
	return l
}

// scenarioCount is how many scenarios were loaded (after for_each
// expansion when the plan is there).
func (l *loaded) scenarioCount() int {
	switch {
	case l.plan != nil:
		return len(l.plan.Scenarios)
	case l.cfg != nil:
		return len(l.cfg.Scenarios)
	}
	return 0
}
