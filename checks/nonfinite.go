package checks

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// A check must not pass, or print, a number that is not one. cty keeps
// numbers as big.Float, and HCL's arithmetic behaves in three ways when a
// result is not finite (tested against hcl v2.25 / go-cty v1.20):
//
//   - x / 0 (x ≠ 0), pow(10, 400), pow(0, -1), and any arithmetic on an
//     infinity that stays infinite, give ±Inf without an error, and the
//     comparisons go on with it: ops.ok / 0 > 1 is true;
//   - 0 / 0, Inf − Inf, 0 × Inf are "Operation failed" errors, and a
//     function that computes NaN (pow(-1, 0.5)) panics inside cty, which
//     reports the panic with its stack;
//   - x % 0 is x, without an error.
//
// nonFinite finds the sub-expression where the first of these happens,
// so that the check can say so and name it.

// finding is a sub-expression whose value is not a finite number.
type finding struct {
	expr  string // the sub-expression, rendered from the syntax tree
	value string // "+Inf", "-Inf", "NaN"
	// operands are the operand values of an arithmetic operation ("0 / 0"),
	// when they say more than expr.
	operands string
	hint     string // "a division by zero", or empty
}

// message is what a check reports for f; what is "the condition" or "the
// error_message".
func (f *finding) message(what string) string {
	s := fmt.Sprintf("%s computed a non-finite number (%s = ", what, f.expr)
	if f.operands != "" {
		s += f.operands + " = "
	}
	s += f.value + ")"
	if f.hint != "" {
		s += ": " + f.hint
	}
	return s
}

// Hints of a finding.
const (
	hintDivZero  = "a division by zero"
	hintOverflow = "a division by zero or a number too large?"
)

// nonFinite returns the first sub-expression of expr, in evaluation order
// (operands before the operation), whose value is or holds a non-finite
// number, or whose arithmetic is undefined; nil if there is none. It
// follows what HCL's evaluation uses: the branch a conditional did not
// take, and the side of && or || that did not decide the result, are not
// looked at, so a guard such as `ops.ok > 0 ? ops.failed / ops.ok : 0`
// works. Expressions that are not hclsyntax (JSON) are looked at whole.
func nonFinite(expr hcl.Expression, ctx *hcl.EvalContext) *finding {
	if expr == nil {
		return nil
	}
	if e, ok := expr.(hclsyntax.Expression); ok {
		return (&nfWalker{ctx: ctx}).find(e)
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return nil
	}
	if s := nonFiniteIn(v); s != "" {
		return &finding{expr: "the expression", value: s}
	}
	return nil
}

type nfWalker struct{ ctx *hcl.EvalContext }

// find walks e in post-order: the first non-finite value met is where it
// was made (an operation on finite operands, a function of finite
// arguments, or a value read as such).
func (w *nfWalker) find(e hclsyntax.Expression) *finding {
	switch e := e.(type) {
	case *hclsyntax.ConditionalExpr:
		if f := w.find(e.Condition); f != nil {
			return f
		}
		taken, ok := w.boolean(e.Condition)
		switch {
		case !ok:
			return nil // unknown, null or an error: the evaluation reports it
		case taken:
			return w.find(e.TrueResult)
		default:
			return w.find(e.FalseResult)
		}
	case *hclsyntax.BinaryOpExpr:
		if e.Op == hclsyntax.OpLogicalAnd || e.Op == hclsyntax.OpLogicalOr {
			// A side equal to this decides the result (false for &&, true
			// for ||); HCL then ignores the other side, diagnostics too.
			decisive := e.Op == hclsyntax.OpLogicalOr
			if b, ok := w.boolean(e.LHS); ok && b == decisive {
				return w.find(e.LHS)
			}
			if b, ok := w.boolean(e.RHS); ok && b == decisive {
				return w.find(e.RHS)
			}
			return first(w.find(e.LHS), func() *finding { return w.find(e.RHS) })
		}
		if f := first(w.find(e.LHS), func() *finding { return w.find(e.RHS) }); f != nil {
			return f
		}
		return w.self(e)
	case *hclsyntax.UnaryOpExpr:
		if f := w.find(e.Val); f != nil {
			return f
		}
		return w.self(e)
	case *hclsyntax.ParenthesesExpr:
		return w.find(e.Expression)
	case *hclsyntax.FunctionCallExpr:
		for _, a := range e.Args {
			if f := w.find(a); f != nil {
				return f
			}
		}
		return w.self(e)
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			if f := w.find(p); f != nil {
				return f
			}
		}
		return nil // a string
	case *hclsyntax.TemplateWrapExpr:
		return w.find(e.Wrapped)
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if f := w.find(x); f != nil {
				return f
			}
		}
		return nil
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			if f := w.find(item.ValueExpr); f != nil {
				return f
			}
		}
		return nil
	case *hclsyntax.IndexExpr:
		if f := first(w.find(e.Collection), func() *finding { return w.find(e.Key) }); f != nil {
			return f
		}
		return w.self(e)
	case *hclsyntax.RelativeTraversalExpr:
		if f := w.find(e.Source); f != nil {
			return f
		}
		return w.self(e)
	}
	// Leaves (traversals, literals) and expressions with scopes of their
	// own (for, splat), looked at whole.
	return w.self(e)
}

func first(f *finding, next func() *finding) *finding {
	if f != nil {
		return f
	}
	return next()
}

// boolean evaluates e as a condition; ok is false when it is unknown,
// null, not a bool or an error.
func (w *nfWalker) boolean(e hclsyntax.Expression) (value, ok bool) {
	v, diags := e.Value(w.ctx)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return false, false
	}
	b, err := convert.Convert(v, cty.Bool)
	if err != nil || !b.IsKnown() || b.IsNull() {
		return false, false
	}
	return b.True(), true
}

// number evaluates e as a known, finite number.
func (w *nfWalker) number(e hclsyntax.Expression) (*big.Float, bool) {
	v, diags := e.Value(w.ctx)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return nil, false
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil || !n.IsKnown() || n.IsNull() {
		return nil, false
	}
	f := n.AsBigFloat()
	return f, !f.IsInf()
}

// self looks at e's own value, its operands having been found finite.
func (w *nfWalker) self(e hclsyntax.Expression) *finding {
	v, diags := e.Value(w.ctx)
	if diags.HasErrors() {
		return w.undefined(e, diags)
	}
	if b, ok := e.(*hclsyntax.BinaryOpExpr); ok && b.Op == hclsyntax.OpModulo {
		// cty answers x % 0 with x.
		l, lok := w.number(b.LHS)
		r, rok := w.number(b.RHS)
		if lok && rok && r.Sign() == 0 {
			return &finding{expr: exprText(e), value: "NaN", operands: operands(e, l, "%", r), hint: hintDivZero}
		}
	}
	s := nonFiniteIn(v)
	if s == "" {
		return nil
	}
	f := &finding{expr: exprText(e), value: s}
	switch x := e.(type) {
	case *hclsyntax.BinaryOpExpr:
		l, lok := w.number(x.LHS)
		r, rok := w.number(x.RHS)
		if lok && rok {
			f.operands = operands(e, l, opSymbol(x.Op), r)
			if x.Op == hclsyntax.OpDivide && r.Sign() == 0 {
				f.hint = hintDivZero
			} else {
				f.hint = hintOverflow
			}
		}
	case *hclsyntax.FunctionCallExpr:
		f.hint = hintOverflow
	}
	return f
}

// undefined reports an arithmetic operation on finite operands, or a
// function of finite arguments, that failed because its result is not a
// number (0 / 0, a NaN inside a function). Other errors are left to the
// evaluation, which reports them as they are.
func (w *nfWalker) undefined(e hclsyntax.Expression, diags hcl.Diagnostics) *finding {
	switch x := e.(type) {
	case *hclsyntax.BinaryOpExpr:
		switch x.Op {
		case hclsyntax.OpAdd, hclsyntax.OpSubtract, hclsyntax.OpMultiply, hclsyntax.OpDivide, hclsyntax.OpModulo:
		default:
			return nil
		}
		l, lok := w.number(x.LHS)
		r, rok := w.number(x.RHS)
		if !lok || !rok {
			return nil
		}
		f := &finding{expr: exprText(e), value: "NaN", operands: operands(e, l, opSymbol(x.Op), r)}
		if (x.Op == hclsyntax.OpDivide || x.Op == hclsyntax.OpModulo) && r.Sign() == 0 {
			f.hint = hintDivZero
		}
		return f
	case *hclsyntax.FunctionCallExpr:
		for _, d := range diags {
			if strings.Contains(d.Detail, "NaN") {
				return &finding{expr: exprText(e), value: "NaN"}
			}
		}
	}
	return nil
}

// operands renders "l op r", or "" when that is what e already says
// (ops.ok / 0 needs no "980 / 0").
func operands(e hclsyntax.Expression, l *big.Float, op string, r *big.Float) string {
	s := formatBig(l) + " " + op + " " + formatBig(r)
	if s == exprText(e) {
		return ""
	}
	return s
}

// nonFiniteIn returns "+Inf" or "-Inf" when v is, or holds, an infinite
// number (cty has no NaN); "" otherwise.
func nonFiniteIn(v cty.Value) string {
	if !v.IsKnown() || v.IsNull() {
		return ""
	}
	t := v.Type()
	switch {
	case t == cty.Number:
		f := v.AsBigFloat()
		switch {
		case f.IsInf() && f.Sign() > 0:
			return "+Inf"
		case f.IsInf():
			return "-Inf"
		}
	case t.IsObjectType() || t.IsMapType() || t.IsListType() || t.IsTupleType() || t.IsSetType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if s := nonFiniteIn(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// exprText renders e the way it is written, for a message.
func exprText(e hclsyntax.Expression) string {
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return traversalPath(e.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		return exprText(e.Source) + traversalPath(e.Traversal)
	case *hclsyntax.LiteralValueExpr:
		return formatValue(e.Val)
	case *hclsyntax.BinaryOpExpr:
		return exprText(e.LHS) + " " + opSymbol(e.Op) + " " + exprText(e.RHS)
	case *hclsyntax.UnaryOpExpr:
		return opSymbol(e.Op) + exprText(e.Val)
	case *hclsyntax.ParenthesesExpr:
		return "(" + exprText(e.Expression) + ")"
	case *hclsyntax.FunctionCallExpr:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = exprText(a)
		}
		s := e.Name + "(" + strings.Join(args, ", ")
		if e.ExpandFinal {
			s += "..."
		}
		return s + ")"
	case *hclsyntax.ConditionalExpr:
		return exprText(e.Condition) + " ? " + exprText(e.TrueResult) + " : " + exprText(e.FalseResult)
	case *hclsyntax.IndexExpr:
		return exprText(e.Collection) + "[" + exprText(e.Key) + "]"
	case *hclsyntax.TemplateWrapExpr:
		return "${" + exprText(e.Wrapped) + "}"
	case *hclsyntax.TupleConsExpr:
		parts := make([]string, len(e.Exprs))
		for i, x := range e.Exprs {
			parts[i] = exprText(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *hclsyntax.ForExpr:
		vars := e.ValVar
		if e.KeyVar != "" {
			vars = e.KeyVar + ", " + e.ValVar
		}
		body := exprText(e.ValExpr)
		open, closing := "[", "]"
		if e.KeyExpr != nil {
			body = exprText(e.KeyExpr) + " => " + body
			open, closing = "{", "}"
		}
		if e.CondExpr != nil {
			body += " if " + exprText(e.CondExpr)
		}
		return open + "for " + vars + " in " + exprText(e.CollExpr) + ": " + body + closing
	}
	r := e.Range()
	return fmt.Sprintf("the expression at %d:%d", r.Start.Line, r.Start.Column)
}

// opSymbol is the HCL spelling of an operation.
func opSymbol(op *hclsyntax.Operation) string {
	switch op {
	case hclsyntax.OpLogicalOr:
		return "||"
	case hclsyntax.OpLogicalAnd:
		return "&&"
	case hclsyntax.OpLogicalNot:
		return "!"
	case hclsyntax.OpEqual:
		return "=="
	case hclsyntax.OpNotEqual:
		return "!="
	case hclsyntax.OpGreaterThan:
		return ">"
	case hclsyntax.OpGreaterThanOrEqual:
		return ">="
	case hclsyntax.OpLessThan:
		return "<"
	case hclsyntax.OpLessThanOrEqual:
		return "<="
	case hclsyntax.OpAdd:
		return "+"
	case hclsyntax.OpSubtract, hclsyntax.OpNegate:
		return "-"
	case hclsyntax.OpMultiply:
		return "*"
	case hclsyntax.OpDivide:
		return "/"
	case hclsyntax.OpModulo:
		return "%"
	}
	return "?"
}
