package dsl

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Local is one named value of a locals block, read as local.NAME.
type Local struct {
	Name string
	Expr hcl.Expression
	// Value is the evaluated expression; cty.DynamicVal when it could not
	// be evaluated.
	Value cty.Value
	Range hcl.Range // the whole NAME = expression
}

// decodeLocals collects the locals of one locals block into locals,
// reporting names defined twice (in any file).
func decodeLocals(blk *hclsyntax.Block, locals map[string]*Local, order *[]*Local) hcl.Diagnostics {
	var diags hcl.Diagnostics
	def := header(blk)
	for _, inner := range blk.Body.Blocks {
		diags = append(diags, problem(inner.TypeRange, def, "Unsupported block type",
			"A locals block holds only NAME = expression lines, not blocks."))
	}
	for _, a := range sortedAttrs(blk.Body) {
		if first := locals[a.Name]; first != nil {
			diags = append(diags, problem(a.NameRange, def, "Duplicate local value",
				"local.%s is already defined at %s. Rename or remove one of them.", a.Name, at(first.Range)))
			continue
		}
		l := &Local{Name: a.Name, Expr: a.Expr, Value: cty.DynamicVal, Range: a.SrcRange}
		locals[a.Name] = l
		*order = append(*order, l)
	}
	return diags
}

// resolveLocals evaluates locals in dependency order with the variables,
// reporting reference cycles. It returns the values by name.
func resolveLocals(g *globals, order []*Local, vars map[string]cty.Value) (map[string]cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	values := make(map[string]cty.Value, len(order))
	for _, l := range order {
		values[l.Name] = cty.DynamicVal
	}

	const (
		unvisited = iota
		visiting
		done
	)
	state := make(map[string]int, len(order))
	var stack []*Local
	inCycle := make(map[string]bool)

	varObj := objectOf(vars)
	var visit func(l *Local)
	visit = func(l *Local) {
		switch state[l.Name] {
		case done:
			return
		case visiting:
			i := slices.IndexFunc(stack, func(x *Local) bool { return x == l })
			cycle := stack[i:]
			if !inCycle[l.Name] {
				diags = append(diags, cycleDiag(cycle))
			}
			for _, x := range cycle {
				inCycle[x.Name] = true
			}
			return
		}
		state[l.Name] = visiting
		stack = append(stack, l)
		deps := localDeps(l.Expr, g.locals)
		for _, dep := range deps {
			visit(dep)
		}
		stack = stack[:len(stack)-1]
		state[l.Name] = done
		if inCycle[l.Name] {
			return
		}
		// The context holds only the locals l reads, all evaluated by now.
		depValues := make(map[string]cty.Value, len(deps))
		for _, dep := range deps {
			depValues[dep.Name] = values[dep.Name]
		}
		ctx := &hcl.EvalContext{
			Variables: map[string]cty.Value{"var": varObj, "local": objectOf(depValues)},
			Functions: g.functions,
		}
		v, moreDiags := (&scope{g: g, ctx: ctx}).evalConst(l.Expr, l.Range)
		diags = append(diags, moreDiags...)
		l.Value = v
		values[l.Name] = v
	}
	for _, l := range order {
		visit(l)
	}
	return values, diags
}

// localDeps lists the declared locals expr reads, in source order.
func localDeps(expr hcl.Expression, locals map[string]*Local) []*Local {
	var deps []*Local
	for _, tr := range expr.Variables() {
		if tr.RootName() != "local" {
			continue
		}
		if name, _, ok := attrStep(tr); ok && locals[name] != nil {
			deps = append(deps, locals[name])
		}
	}
	return deps
}

// cycleDiag reports locals that read each other in a loop.
func cycleDiag(cycle []*Local) *hcl.Diagnostic {
	sorted := slices.Clone(cycle)
	slices.SortFunc(sorted, func(a, b *Local) int { return cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte) })
	path := make([]string, 0, len(cycle)+1)
	for _, l := range cycle {
		path = append(path, "local."+l.Name)
	}
	path = append(path, "local."+cycle[0].Name)
	return problem(cycle[0].Range, cycle[0].Range, "Cycle in local values",
		"These locals read each other in a loop: %s. Break the loop so one of them is computed from variables or constants.",
		strings.Join(path, " → "))
}
