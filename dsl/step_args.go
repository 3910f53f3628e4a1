package dsl

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// DangerousCommands are the Redis commands a command step may send only
// when its scenario sets allow_dangerous = true.
var DangerousCommands = []string{
	"FLUSHALL", "FLUSHDB", "SHUTDOWN", "CONFIG", "DEBUG", "KEYS", "SAVE", "BGSAVE",
	"BGREWRITEAOF", "REPLICAOF", "SLAVEOF", "MIGRATE", "MONITOR", "SCRIPT", "FUNCTION",
	"MODULE", "ACL", "CLUSTER", "FAILOVER", "SWAPDB",
}

// ReadsIteration reports whether expr reads iteration or worker.
func ReadsIteration(expr hcl.Expression) bool {
	return slices.ContainsFunc(expr.Variables(), func(tr hcl.Traversal) bool {
		r := tr.RootName()
		return r == IterationVar || r == WorkerVar
	})
}

// args decodes a list of step arguments. A list that reads iteration or
// worker must be written as a list literal: each element is then an Arg of
// its own.
func (b *body) args(name string) Attr[[]*Arg] {
	a := b.attrs[name]
	if a == nil {
		return unset[[]*Arg](b.def)
	}
	out := Attr[[]*Arg]{Set: true, Range: a.Expr.Range()}
	if diags := b.s.checkRefs(a.Expr, b.def, refStep, nil); diags.HasErrors() {
		b.add(diags)
		return out
	}
	if ReadsIteration(a.Expr) {
		tuple, ok := a.Expr.(*hclsyntax.TupleConsExpr)
		if !ok {
			b.diags = append(b.diags, problem(a.Expr.Range(), b.def, "Unsupported per-iteration expression",
				"Write %s as a list literal, like [\"GET\", \"key:${iteration}\"]: only its elements may use iteration and worker.", name))
			return out
		}
		for _, e := range tuple.Exprs {
			if ReadsIteration(e) {
				out.Val = append(out.Val, b.perIteration(e))
				continue
			}
			if arg, ok := b.constArg(e); ok {
				out.Val = append(out.Val, arg)
			}
		}
		return out
	}
	v, diags := b.s.evalConst(a.Expr, b.def)
	b.add(diags)
	if diags.HasErrors() || !v.IsKnown() {
		return out
	}
	if v.IsNull() {
		return unset[[]*Arg](b.def)
	}
	list, err := convert.Convert(v, cty.List(cty.String))
	if err != nil {
		b.diags = append(b.diags, problem(a.Expr.Range(), b.def, "Incorrect attribute value type",
			"%s must be a list of strings, numbers or bools: %s.", name, err.Error()))
		return out
	}
	elems := list.AsValueSlice()
	tuple, _ := a.Expr.(*hclsyntax.TupleConsExpr)
	for i, e := range elems {
		rng := a.Expr.Range()
		var expr hcl.Expression = a.Expr
		if tuple != nil && len(tuple.Exprs) == len(elems) {
			expr = tuple.Exprs[i]
			rng = expr.Range()
		}
		if e.IsNull() {
			b.diags = append(b.diags, problem(rng, b.def, "Null argument",
				"Step arguments must not be null."))
			continue
		}
		out.Val = append(out.Val, &Arg{Expr: expr, Ctx: b.s.ctx, Source: b.s.g.source(rng),
			Value: e.AsString(), Range: rng, Context: b.def})
	}
	return out
}

// arg decodes a single step argument; nil when it is not set.
func (b *body) arg(name string) *Arg {
	a := b.attrs[name]
	if a == nil {
		return nil
	}
	if diags := b.s.checkRefs(a.Expr, b.def, refStep, nil); diags.HasErrors() {
		b.add(diags)
		return &Arg{Expr: a.Expr, Range: a.Expr.Range(), Context: b.def}
	}
	if ReadsIteration(a.Expr) {
		return b.perIteration(a.Expr)
	}
	arg, ok := b.constArg(a.Expr)
	if !ok {
		return &Arg{Expr: a.Expr, Range: a.Expr.Range(), Context: b.def}
	}
	return arg
}

// perIteration is an argument that reads iteration or worker. Reading a
// variable or local that is broken taints the scope, as evaluating would.
func (b *body) perIteration(e hcl.Expression) *Arg {
	for _, tr := range e.Variables() {
		if r := tr.RootName(); r == IterationVar || r == WorkerVar {
			continue
		}
		if v, diags := tr.TraverseAbs(b.s.ctx); !diags.HasErrors() && !v.IsWhollyKnown() {
			b.s.tainted = true
		}
	}
	return &Arg{Expr: e, Ctx: b.s.ctx, Source: b.s.g.source(e.Range()), PerIteration: true,
		Range: e.Range(), Context: b.def}
}

// constArg evaluates an argument that does not read iteration or worker:
// a string, a number or a bool.
func (b *body) constArg(e hcl.Expression) (*Arg, bool) {
	v, diags := b.s.evalConst(e, b.def)
	b.add(diags)
	if diags.HasErrors() || !v.IsKnown() {
		return nil, false
	}
	if v.IsNull() || !v.Type().IsPrimitiveType() {
		b.diags = append(b.diags, problem(e.Range(), b.def, "Invalid argument value",
			"A step argument must be a string, a number or a bool; got %s.", friendly(v)))
		return nil, false
	}
	str, _ := convert.Convert(v, cty.String)
	return &Arg{Expr: e, Ctx: b.s.ctx, Source: b.s.g.source(e.Range()), Value: str.AsString(),
		Range: e.Range(), Context: b.def}, true
}

// friendly names a value's type for a diagnostic.
func friendly(v cty.Value) string {
	if v.IsNull() {
		return "null"
	}
	return v.Type().FriendlyName()
}

// checkCommand checks the command name of a command step: constant, not
// empty, and not dangerous unless the scenario allows it.
func (b *body) checkCommand(st *Step) {
	if !st.Args.Set || len(st.Args.Val) == 0 {
		if st.Args.Set && !hasErrors(b.diags) && !b.s.tainted {
			b.diags = append(b.diags, problem(st.Args.Range, st.Range, "Missing command name",
				"args must start with the command name, like [\"INCR\", \"hits\"]."))
		}
		return
	}
	first := st.Args.Val[0]
	if first.PerIteration {
		b.diags = append(b.diags, problem(first.Range, st.Range, "Command name must be constant",
			"The first element of args is the command name; it cannot depend on iteration or worker."))
		return
	}
	name := strings.ToUpper(strings.TrimSpace(first.Value))
	switch {
	case name == "":
		b.diags = append(b.diags, problem(first.Range, st.Range, "Missing command name",
			"args must start with the command name, like [\"INCR\", \"hits\"]."))
	case slices.Contains(DangerousCommands, name) && !b.s.allowDangerous:
		b.diags = append(b.diags, problem(first.Range, st.Range, "Dangerous Redis command",
			"%s can destroy data or stall the server for everyone. If this scenario really needs it, set allow_dangerous = true in the scenario.", name))
	}
}
