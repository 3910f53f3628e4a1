package compiler

import (
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/dsl"
)

// compileArg compiles a step argument. A constant is used as is. One that
// reads iteration or worker is compiled once into closures: a string
// template of literals and integer parts, or an integer expression of
// iteration, worker and whole numbers with + - * / % and unary minus.
// Everything in it that reads neither is folded to a constant first (so
// functions of variables are fine); anything else that reads them is an
// error. Arithmetic is on int64: division truncates, division or modulo
// by zero gives 0, overflow wraps.
func compileArg(a *dsl.Arg) (arg.Expr, hcl.Diagnostics) {
	if !a.PerIteration {
		return arg.Const(a.Value), nil
	}
	c := argCompiler{ctx: a.Ctx, context: a.Context}
	var e arg.Expr
	var diags hcl.Diagnostics
	switch x := a.Expr.(type) {
	case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
		var parts []arg.Part
		parts, diags = c.parts(x)
		e = arg.Template(a.Source, parts...)
	default:
		var n arg.Num
		n, diags = c.num(a.Expr)
		e = arg.Number(a.Source, n)
	}
	if r := resolveArg(a); r != a.Source && !diags.HasErrors() {
		e.Resolved = r
	}
	return e, diags
}

// argCompiler compiles the expressions of one argument.
type argCompiler struct {
	ctx     *hcl.EvalContext // var, local, each for folding
	context hcl.Range        // the step header
}

// parts compiles a string template into parts.
func (c argCompiler) parts(expr hcl.Expression) ([]arg.Part, hcl.Diagnostics) {
	if !dsl.ReadsIteration(expr) {
		s, diags := c.foldString(expr)
		return []arg.Part{{Lit: s}}, diags
	}
	switch e := expr.(type) {
	case *hclsyntax.TemplateExpr:
		var out []arg.Part
		var diags hcl.Diagnostics
		for _, p := range e.Parts {
			parts, moreDiags := c.parts(p)
			diags = append(diags, moreDiags...)
			out = append(out, parts...)
		}
		return out, diags
	case *hclsyntax.TemplateWrapExpr:
		return c.parts(e.Wrapped)
	}
	n, diags := c.num(expr)
	return []arg.Part{{Num: n}}, diags
}

// num compiles an integer expression.
func (c argCompiler) num(expr hcl.Expression) (arg.Num, hcl.Diagnostics) {
	if !dsl.ReadsIteration(expr) {
		n, diags := c.foldInt(expr)
		return arg.Lit(n), diags
	}
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		if len(e.Traversal) == 1 {
			switch e.Traversal.RootName() {
			case dsl.IterationVar:
				return arg.Iteration(), nil
			case dsl.WorkerVar:
				return arg.Worker(), nil
			}
		}
	case *hclsyntax.ParenthesesExpr:
		return c.num(e.Expression)
	case *hclsyntax.UnaryOpExpr:
		if e.Op == hclsyntax.OpNegate {
			x, diags := c.num(e.Val)
			return func(i, w int64) int64 { return -x(i, w) }, diags
		}
	case *hclsyntax.BinaryOpExpr:
		if op := arith(e.Op); op != nil {
			return c.binary(e, op)
		}
	}
	return arg.Lit(0), hcl.Diagnostics{unsupported(expr, c.context)}
}

// binary compiles an arithmetic operation.
func (c argCompiler) binary(e *hclsyntax.BinaryOpExpr, op func(x, y arg.Num) arg.Num) (arg.Num, hcl.Diagnostics) {
	x, diags := c.num(e.LHS)
	y, moreDiags := c.num(e.RHS)
	diags = append(diags, moreDiags...)
	if (e.Op == hclsyntax.OpDivide || e.Op == hclsyntax.OpModulo) && !dsl.ReadsIteration(e.RHS) && !moreDiags.HasErrors() && y(0, 0) == 0 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Division by zero",
			Detail: "The divisor is always 0; use a divisor that is not.", Subject: e.RHS.Range().Ptr(), Context: c.context.Ptr()})
	}
	return op(x, y), diags
}

// arith returns the combinator of an arithmetic operator, nil for others.
func arith(op *hclsyntax.Operation) func(x, y arg.Num) arg.Num {
	switch op {
	case hclsyntax.OpAdd:
		return func(x, y arg.Num) arg.Num { return func(i, w int64) int64 { return x(i, w) + y(i, w) } }
	case hclsyntax.OpSubtract:
		return func(x, y arg.Num) arg.Num { return func(i, w int64) int64 { return x(i, w) - y(i, w) } }
	case hclsyntax.OpMultiply:
		return func(x, y arg.Num) arg.Num { return func(i, w int64) int64 { return x(i, w) * y(i, w) } }
	case hclsyntax.OpDivide:
		return func(x, y arg.Num) arg.Num {
			return func(i, w int64) int64 {
				if d := y(i, w); d != 0 {
					return x(i, w) / d
				}
				return 0
			}
		}
	case hclsyntax.OpModulo:
		return func(x, y arg.Num) arg.Num {
			return func(i, w int64) int64 {
				if d := y(i, w); d != 0 {
					return x(i, w) % d
				}
				return 0
			}
		}
	}
	return nil
}

// foldString evaluates a part that reads neither iteration nor worker to
// its string form.
func (c argCompiler) foldString(expr hcl.Expression) (string, hcl.Diagnostics) {
	v, diags := expr.Value(c.ctx)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return "", diags // unknown: it reads a value whose error is reported
	}
	if v.IsNull() || !v.Type().IsPrimitiveType() {
		return "", append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid template value",
			Detail:  "A template part must be a string, a number or a bool.",
			Subject: expr.Range().Ptr(), Context: c.context.Ptr()})
	}
	s, _ := convert.Convert(v, cty.String)
	return s.AsString(), diags
}

// foldInt evaluates an operand that reads neither iteration nor worker:
// a whole number that fits in 64 bits.
func (c argCompiler) foldInt(expr hcl.Expression) (int64, hcl.Diagnostics) {
	v, diags := expr.Value(c.ctx)
	if diags.HasErrors() || !v.IsKnown() {
		return 0, diags // unknown: it reads a value whose error is reported
	}
	bad := func(detail string) (int64, hcl.Diagnostics) {
		return 0, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid operand",
			Detail: detail, Subject: expr.Range().Ptr(), Context: c.context.Ptr()})
	}
	if v.IsNull() {
		return bad("Arithmetic with iteration and worker needs a whole number here.")
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil {
		return bad("Arithmetic with iteration and worker needs a whole number here; this is a " + v.Type().FriendlyName() + ".")
	}
	bf := n.AsBigFloat()
	i, acc := bf.Int64()
	if !bf.IsInt() || acc != big.Exact {
		return bad("Arithmetic with iteration and worker is on whole numbers (64-bit); " + bf.Text('g', 10) + " is not one.")
	}
	return i, diags
}

// unsupported reports an operation on iteration or worker that cannot be
// compiled.
func unsupported(expr hcl.Expression, context hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unsupported per-iteration expression",
		Detail: "iteration and worker can be used in string templates and in integer arithmetic (+ - * / %) only; " +
			"function calls, conditionals, comparisons and other operations on them are not compiled. " +
			"Compute such values from variables instead, or write the argument as a template like \"key:${iteration % 100}\".",
		Subject: expr.Range().Ptr(),
		Context: context.Ptr(),
	}
}
