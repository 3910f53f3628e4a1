package dsl

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/stressql/stressql/drivers"
)

// Names of the per-iteration values step arguments may read.
const (
	IterationVar = "iteration"
	WorkerVar    = "worker"
)

// globals is what every scenario of a load shares: the files, the declared
// variables and locals, and the root evaluation context (var, local and the
// functions).
type globals struct {
	files  map[string]*hcl.File
	vars   map[string]*Variable
	locals map[string]*Local
	root   *hcl.EvalContext
	// budget bounds the load's evaluation; functions are the guarded
	// functions; constCtx evaluates constants (defaults, var files).
	budget    *budget
	functions map[string]function.Function
	constCtx  *hcl.EvalContext
	// drivers are the drivers scenarios may name.
	drivers *drivers.Registry
	// interval is the run's interval (LoadOptions.Interval, defaulted).
	interval time.Duration
}

// scope is where expressions of one block are evaluated.
type scope struct {
	g    *globals
	ctx  *hcl.EvalContext
	each bool // each.key and each.value exist (a for_each scenario)
	// driver of the scenario being decoded; "" when unknown or invalid,
	// which turns off the checks that depend on it.
	driver string
	// desc is driver's descriptor, nil when driver is "".
	desc           *drivers.Descriptor
	allowDangerous bool
	// tainted is set when a value could not be known because of an error
	// reported elsewhere (a broken variable, a syntax error): the scenario
	// is then not compiled, so that the error does not cascade.
	tainted bool
}

// varNames lists the declared variables, for suggestions.
func (g *globals) varNames() []string {
	names := make([]string, 0, len(g.vars))
	for n := range g.vars {
		names = append(names, n)
	}
	return names
}

// localNames lists the declared locals, for suggestions.
func (g *globals) localNames() []string {
	names := make([]string, 0, len(g.locals))
	for n := range g.locals {
		names = append(names, n)
	}
	return names
}

// rootContext builds the context of var and local values, with functions.
func (g *globals) rootContext(vars, locals map[string]cty.Value) *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":   objectOf(vars),
			"local": objectOf(locals),
		},
		Functions: g.functions,
	}
}

func objectOf(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}
