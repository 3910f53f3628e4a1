package dsl

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stressql/stressql/drivers"
)

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

// argsInError reports whether an error lies within the args attribute:
// then an element is missing from the decoded list.
func argsInError(diags hcl.Diagnostics, rng hcl.Range) bool {
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Subject != nil && d.Subject.Filename == rng.Filename &&
			d.Subject.Start.Byte >= rng.Start.Byte && d.Subject.End.Byte <= rng.End.Byte {
			return true
		}
	}
	return false
}

// checkArgs checks a step's args with its driver's CheckArgs (for a redis
// command step, the command policy): the constant elements have their
// value. When an element of args is already in error the positions are
// not known, so only that error is reported.
func (b *body) checkArgs(st *Step, check func([]drivers.StepArg, bool) *drivers.ArgProblem) {
	if !st.Args.Set {
		return
	}
	if len(st.Args.Val) == 0 && (hasErrors(b.diags) || b.s.tainted) {
		return
	}
	if len(st.Args.Val) > 0 && argsInError(b.diags, st.Args.Range) {
		return
	}
	args := make([]drivers.StepArg, len(st.Args.Val))
	for i, a := range st.Args.Val {
		args[i] = drivers.StepArg{Value: a.Value, Const: !a.PerIteration}
	}
	r := check(args, b.s.allowDangerous)
	if r == nil {
		return
	}
	rng := st.Args.Range
	if r.Index >= 0 && r.Index < len(st.Args.Val) {
		rng = st.Args.Val[r.Index].Range
	}
	b.diags = append(b.diags, problem(rng, st.Range, r.Summary, "%s", r.Detail))
}
