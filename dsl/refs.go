package dsl

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// refMode says which names an expression may read.
type refMode int

const (
	refConst refMode = iota // var, local, each: a value fixed before the run
	refStep                 // also iteration and worker: a step argument
	refCheck                // also the results variables: a check
)

// checkRefs reports every name expr reads that does not exist here:
// undeclared variables and locals, each outside for_each, iteration and
// worker outside step arguments, and unknown root names. results holds the
// results variables a check may read (refCheck only).
func (s *scope) checkRefs(expr hcl.Expression, context hcl.Range, mode refMode, results map[string]cty.Type) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		rng := tr.SourceRange()
		switch root {
		case "var":
			if name, r, ok := attrStep(tr); ok && s.g.vars[name] == nil {
				diags = append(diags, problem(r, context, "Undeclared variable",
					"There is no variable %q. Declare it with variable %q { default = ... }.%s",
					name, name, didYouMean(name, s.g.varNames())))
			}
		case "local":
			if name, r, ok := attrStep(tr); ok && s.g.locals[name] == nil {
				diags = append(diags, problem(r, context, "Undeclared local value",
					"There is no local value %q. Define it in a locals block.%s",
					name, didYouMean(name, s.g.localNames())))
			}
		case "each":
			if !s.each {
				diags = append(diags, problem(rng, context, "Reference to each outside for_each",
					"each.key and each.value exist only in a scenario with for_each."))
			}
		case IterationVar, WorkerVar:
			switch mode {
			case refConst:
				diags = append(diags, problem(rng, context, "Per-iteration value not allowed here",
					"%s can only be used in step arguments (args, key, value); this value is fixed before the run.", root))
			case refCheck:
				diags = append(diags, problem(rng, context, "Per-iteration value in a check",
					"A check reads the results of the whole run; %s exists only in step arguments.", root))
			}
		default:
			if _, ok := results[root]; ok && mode == refCheck {
				continue
			}
			diags = append(diags, problem(rng, context, "Unknown variable",
				"There is no variable named %q.%s", root, didYouMean(root, s.rootNames(mode, results))))
		}
	}
	return diags
}

// attrStep returns the attribute name after a root (var.NAME), if any.
func attrStep(tr hcl.Traversal) (string, hcl.Range, bool) {
	if len(tr) < 2 {
		return "", hcl.Range{}, false
	}
	a, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return "", hcl.Range{}, false
	}
	return a.Name, hcl.RangeBetween(tr[0].SourceRange(), a.SrcRange), true
}

// rootNames lists the root names an expression may read, for suggestions.
func (s *scope) rootNames(mode refMode, results map[string]cty.Type) []string {
	names := []string{"var", "local"}
	if s.each {
		names = append(names, "each")
	}
	switch mode {
	case refStep:
		names = append(names, IterationVar, WorkerVar)
	case refCheck:
		for n := range results {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}
