package checks

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// Default messages of a failed check.
const (
	msgFalse       = "condition was false"
	msgNoData      = "no data"
	msgNoCondition = "the check has no condition"
)

// Evaluate evaluates the checks of sc, in plan order, against r, the
// scenario's results (nil when it has none: every value is then no
// data). It is what cmd gives the runtime as its judge
// (engine.Options.Judge).
func Evaluate(sc *plan.Scenario, r *results.Result) []results.CheckResult {
	vars := results.Variables(r, sc.LoadNames(), sc.PhaseNames(), sc.PhaseLoadNames())
	out := make([]results.CheckResult, 0, len(sc.Checks))
	for _, c := range sc.Checks {
		out = append(out, evalCheck(c, vars))
	}
	return out
}

// evalCheck evaluates one check in a child of its own context (var.*,
// local.*, each.*, functions) that adds the results. A condition reading
// a metric without data is unknown: the check fails with "no data", it
// never passes vacuously.
func evalCheck(c *plan.Check, vars map[string]cty.Value) results.CheckResult {
	cr := results.CheckResult{
		Name:      c.Name,
		Condition: c.Condition,
		Source:    c.Source.String(),
		Values:    []results.CheckValue{},
	}
	p, _ := c.Program.(*Program)
	if p == nil {
		cr.Message = msgNoCondition
		return cr
	}
	ctx := childContext(p.ctx, vars)
	cr.Values = p.values(ctx)
	// A non-finite number anywhere the result depends on fails the check
	// whatever the comparison made of it (ops.ok / 0 > 1 is true in HCL).
	if f := nonFinite(p.cond, ctx); f != nil {
		cr.Message = f.message("the condition")
		return cr
	}
	v, diags := p.cond.Value(ctx)
	switch {
	case diags.HasErrors():
		cr.Message = diagText(diags)
	case !v.IsWhollyKnown():
		cr.NoData = true
		cr.Message = noDataMessage(cr.Values)
	case v.IsNull():
		cr.Message = "the condition is null"
	default:
		b, err := convert.Convert(v, cty.Bool)
		switch {
		case err != nil:
			cr.Message = fmt.Sprintf("the condition is not a bool: %v", err)
		case b.True():
			cr.Passed = true
		default:
			cr.Message = message(p.message, ctx)
		}
	}
	return cr
}

func childContext(parent *hcl.EvalContext, vars map[string]cty.Value) *hcl.EvalContext {
	if parent == nil {
		return &hcl.EvalContext{Variables: vars}
	}
	child := parent.NewChild()
	child.Variables = vars
	return child
}

// message evaluates error_message, falling back to the default when it is
// unset or cannot be rendered. A message that computes a non-finite
// number (which HCL renders as "+Inf", or fails on for 0 / 0) says so
// after what it rendered: it never shows "+Inf" as if it were a value.
func message(expr hcl.Expression, ctx *hcl.EvalContext) string {
	if expr == nil {
		return msgFalse
	}
	msg := msgFalse
	if s, ok := render(expr, ctx); ok {
		msg = s
	}
	if f := nonFinite(expr, ctx); f != nil {
		msg += "; " + f.message("the error_message")
	}
	return msg
}

// render evaluates a message. The numbers its interpolations compute are
// written as the values a check read are (results.FormatNumber: whole
// numbers whole, others to 6 significant digits), not as HCL writes them:
// HCL computes with 512-bit floats and prints every digit, so "${2 /
// 0.005}" would read 400.00000000000000000…4. A template with directives
// (%{if}, %{for}) is rendered by HCL as it is.
func render(expr hcl.Expression, ctx *hcl.EvalContext) (string, bool) {
	var parts []hcl.Expression
	switch e := expr.(type) {
	case *hclsyntax.TemplateExpr:
		for _, part := range e.Parts {
			parts = append(parts, part)
		}
	case *hclsyntax.TemplateWrapExpr:
		parts = []hcl.Expression{e.Wrapped}
	default:
		parts = []hcl.Expression{expr}
	}
	var b strings.Builder
	for _, part := range parts {
		s, ok := renderPart(part, ctx)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	return b.String(), true
}

// renderPart renders one part of a message template.
func renderPart(expr hcl.Expression, ctx *hcl.EvalContext) (string, bool) {
	v, diags := expr.Value(ctx)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return "", false
	}
	if v.Type() == cty.Number {
		f, _ := v.AsBigFloat().Float64()
		return results.FormatNumber(f), true
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", false
	}
	return s.AsString(), true
}

// noDataMessage names the values that had no data.
func noDataMessage(values []results.CheckValue) string {
	var missing []string
	for _, v := range values {
		if v.HasNoData() {
			missing = append(missing, v.Path)
		}
	}
	if len(missing) == 0 {
		return msgNoData
	}
	return msgNoData + " for " + strings.Join(missing, ", ")
}

// values lists every name the condition reads, as written, with its
// value, once each.
func (p *Program) values(ctx *hcl.EvalContext) []results.CheckValue {
	out := make([]results.CheckValue, 0, len(p.reads))
	for i, tr := range p.reads {
		cv := results.CheckValue{Path: p.paths[i]}
		v, diags := tr.TraverseAbs(ctx)
		if diags.HasErrors() {
			cv.Error = diags[0].Summary
		} else {
			cv.Value = valueOf(v)
		}
		out = append(out, cv)
	}
	return out
}

// valueOf converts a cty value to the typed form of
// results.CheckValue.Value: unknown is results.NoData{}, null is nil.
func valueOf(v cty.Value) any {
	switch {
	case !v.IsKnown():
		return results.NoData{}
	case v.IsNull():
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.Number:
		b := v.AsBigFloat()
		f, _ := b.Float64()
		if math.IsInf(f, 0) && !b.IsInf() {
			// Finite, but beyond float64: keep every digit.
			return json.Number(b.Text('g', -1))
		}
		return f
	case t == cty.Bool:
		return v.True()
	case t == cty.String:
		return v.AsString()
	case t.IsObjectType() || t.IsMapType():
		m := v.AsValueMap()
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = valueOf(e)
		}
		return out
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		out := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, valueOf(e))
		}
		return out
	}
	return v.GoString()
}

// formatValue renders a cty value as a report prints the values a check
// read (results.FormatValue).
func formatValue(v cty.Value) string {
	return results.FormatValue(valueOf(v))
}

// formatBig renders a cty number as a report would.
func formatBig(b *big.Float) string {
	return formatValue(cty.NumberVal(b))
}

func diagText(diags hcl.Diagnostics) string {
	var parts []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			// A function that panicked carries its stack: the first line
			// says what happened.
			detail, _, _ := strings.Cut(d.Detail, "\n")
			msg += ": " + detail
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, "; ")
}
