package dsl

import (
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/drivers"
)

// LoadOptions are the command line's say in loading.
type LoadOptions struct {
	Vars     []string // "name=value" from --var, in order
	VarFiles []string // --var-file paths, in order
	// Guard, when set, tracks what the load is evaluating, for Watch.
	Guard *Guard
	// Drivers are the drivers a scenario may name (cmd passes
	// drivers/registry.Default()); their descriptors give the pool
	// attributes and step kinds.
	Drivers *drivers.Registry
	// Interval is the run's interval (--interval), the length of one
	// series record: a windowed check's window must be a multiple of it.
	// 0 (or less) means DefaultInterval.
	Interval time.Duration
}

// DefaultInterval is the interval of a run without --interval.
const DefaultInterval = time.Second

// Config is everything loaded.
type Config struct {
	// Files are the parsed files by name, var files included. It is always
	// set, even when there are errors, so callers can print diagnostics
	// with hcl.NewDiagnosticTextWriter(w, cfg.Files, width, color).
	Files     map[string]*hcl.File
	Variables []*Variable // in file order
	Locals    []*Local    // in file order
	// Scenarios are in file order then block order, for_each expanded
	// (instances in key order).
	Scenarios []*Scenario
}

// topSchema is what a file may hold.
var topSchema = bodySchema{
	what: "a scenario file",
	blocks: []blockSpec{
		{typ: "variable", labels: []string{"name"}},
		{typ: "locals"},
		{typ: "scenario", labels: []string{"name"}},
	},
}

// parsed is a parsed file; broken when it has syntax errors. The scenarios
// of a broken file are decoded, for more diagnostics, but never compiled.
type parsed struct {
	file   *hcl.File
	broken bool
}

// decodeFiles decodes parsed files, in order, into a Config. scenarios is
// how many scenario blocks the files hold.
func decodeFiles(p *hclparse.Parser, files []parsed, opts LoadOptions, b *budget) (cfg *Config, scenarios int, diags hcl.Diagnostics) {
	cfg = &Config{Files: p.Files()}
	fns := guardedFunctions(b)
	g := &globals{files: p.Files(), vars: make(map[string]*Variable), locals: make(map[string]*Local),
		budget: b, functions: fns, constCtx: &hcl.EvalContext{Functions: fns}, drivers: opts.Drivers,
		interval: opts.Interval}
	if g.interval <= 0 {
		g.interval = DefaultInterval
	}

	type scenarioBlock struct {
		blk    *hclsyntax.Block
		broken bool // its file has syntax errors
	}
	var scenarioBlocks []scenarioBlock
	var localsOrder []*Local
	for _, pf := range files {
		body, ok := pf.file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		broken := pf.broken
		top := openBody(nil, body, hcl.Range{}, topSchema)
		diags = append(diags, top.diags...)
		for _, blk := range top.blocks {
			switch blk.Type {
			case "variable":
				v, moreDiags := decodeVariable(g, blk)
				diags = append(diags, moreDiags...)
				if first := g.vars[v.Name]; first != nil {
					diags = append(diags, problem(blk.LabelRanges[0], v.Range, "Duplicate variable",
						"A variable named %q is already declared at %s. Variables of all files share one namespace.", v.Name, at(first.Range)))
					continue
				}
				g.vars[v.Name] = v
				cfg.Variables = append(cfg.Variables, v)
			case "locals":
				diags = append(diags, decodeLocals(blk, g.locals, &localsOrder)...)
			case "scenario":
				scenarioBlocks = append(scenarioBlocks, scenarioBlock{blk: blk, broken: broken})
			}
		}
	}
	cfg.Locals = localsOrder

	names := g.varNames()
	slices.Sort(names)
	diags = append(diags, applyOverrides(p, g, names, opts)...)
	values := make(map[string]cty.Value, len(g.vars))
	for _, v := range cfg.Variables {
		if v.Value == cty.NilVal {
			diags = append(diags, problem(v.Range, v.Range, "Missing required variable",
				"Variable %q has no default. Set it with --var %s=VALUE or in a --var-file, or give it a default.", v.Name, v.Name))
			v.Value = cty.DynamicVal
		}
		values[v.Name] = v.Value
	}
	localValues, moreDiags := resolveLocals(g, localsOrder, values)
	diags = append(diags, moreDiags...)
	g.root = g.rootContext(values, localValues)

	first := make(map[string]*Scenario)
	for _, sb := range scenarioBlocks {
		instances, moreDiags := expandScenario(g, sb.blk)
		diags = append(diags, moreDiags...)
		for _, sc := range instances {
			sc.Errored = sc.Errored || sb.broken
			if f := first[sc.Name]; f != nil {
				diags = append(diags, problem(sb.blk.LabelRanges[0], sc.Range, "Duplicate scenario",
					"A scenario named %q is already defined at %s. Scenario names are unique across all files.", sc.Name, at(f.Range)))
				sc.Errored = true
			} else {
				first[sc.Name] = sc
			}
			cfg.Scenarios = append(cfg.Scenarios, sc)
		}
	}
	if len(scenarioBlocks) > 0 && len(cfg.Scenarios) == 0 {
		for _, d := range diags {
			if d.Summary == emptyForEach && d.Subject != nil {
				diags = append(diags, problem(*d.Subject, *d.Subject, "No scenarios",
					"Every for_each of the files is empty, so no scenario would run. Give a for_each at least one element."))
				break
			}
		}
	}
	cfg.Files = p.Files()
	return cfg, len(scenarioBlocks), diags
}
