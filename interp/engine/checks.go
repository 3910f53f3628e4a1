package engine

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stressql/stressql/interp"
	"github.com/stressql/stressql/results"
)

// Default messages of a failed check.
const (
	msgFalse  = "condition was false"
	msgNoData = "no data"
)

// evalChecks evaluates every check against vars (results.Variables).
func evalChecks(checks []*interp.Check, vars map[string]cty.Value) []results.CheckResult {
	out := make([]results.CheckResult, 0, len(checks))
	for _, c := range checks {
		out = append(out, evalCheck(c, vars))
	}
	return out
}

// evalCheck evaluates one check in a child of its own context (var.*,
// local.*, each.*, functions) that adds the results. A condition reading
// a metric without data is unknown: the check fails with "no data", it
// never passes vacuously.
func evalCheck(c *interp.Check, vars map[string]cty.Value) results.CheckResult {
	cr := results.CheckResult{
		Name:      c.Name,
		Condition: c.Condition,
		Source:    sourceString(c.Source),
		Values:    []results.CheckValue{},
	}
	if c.Expr == nil {
		cr.Message = "the check has no condition"
		return cr
	}
	ctx := childContext(c.Ctx, vars)
	cr.Values = readValues(c.Expr, ctx)
	// A non-finite number anywhere the result depends on fails the check
	// whatever the comparison made of it (ops.ok / 0 > 1 is true in HCL).
	if f := nonFinite(c.Expr, ctx); f != nil {
		cr.Message = f.message("the condition")
		return cr
	}
	v, diags := c.Expr.Value(ctx)
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
			cr.Message = message(c.ErrorMessage, ctx)
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
	v, diags := expr.Value(ctx)
	if !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() {
		if s, err := convert.Convert(v, cty.String); err == nil {
			msg = s.AsString()
		}
	}
	if f := nonFinite(expr, ctx); f != nil {
		msg += "; " + f.message("the error_message")
	}
	return msg
}

// noDataMessage names the values that had no data.
func noDataMessage(values []results.CheckValue) string {
	var missing []string
	for _, v := range values {
		if v.Value == msgNoData {
			missing = append(missing, v.Path)
		}
	}
	if len(missing) == 0 {
		return msgNoData
	}
	return msgNoData + " for " + strings.Join(missing, ", ")
}

// readValues lists every traversal the expression reads, as written, with
// its value, once each.
func readValues(expr hcl.Expression, ctx *hcl.EvalContext) []results.CheckValue {
	out := []results.CheckValue{}
	seen := map[string]bool{}
	for _, tr := range expr.Variables() {
		path := traversalPath(tr)
		if seen[path] {
			continue
		}
		seen[path] = true
		v, diags := tr.TraverseAbs(ctx)
		value := formatValue(v)
		if diags.HasErrors() {
			value = "error: " + diags[0].Summary
		}
		out = append(out, results.CheckValue{Path: path, Value: value})
	}
	return out
}

// traversalPath renders a traversal as written: load.fast.ops.ok,
// load["fast"].ops.ok.
func traversalPath(tr hcl.Traversal) string {
	var b strings.Builder
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			b.WriteString("[" + formatValue(s.Key) + "]")
		case hcl.TraverseSplat:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

// formatValue renders a value for a report: numbers without trailing
// zeros, "no data" for unknown.
func formatValue(v cty.Value) string {
	switch {
	case !v.IsKnown():
		return msgNoData
	case v.IsNull():
		return "null"
	}
	t := v.Type()
	switch {
	case t == cty.Number:
		return formatBig(v.AsBigFloat())
	case t == cty.Bool:
		return strconv.FormatBool(v.True())
	case t == cty.String:
		return strconv.Quote(v.AsString())
	case t.IsObjectType() || t.IsMapType():
		m := v.AsValueMap()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " = " + formatValue(m[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		var parts []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			parts = append(parts, formatValue(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return v.GoString()
}

// formatBig is formatNumber for a cty number, which may be beyond the
// range of a float64 (1e400) without being infinite.
func formatBig(b *big.Float) string {
	f, _ := b.Float64()
	if math.IsInf(f, 0) && !b.IsInf() {
		return b.Text('g', 6)
	}
	return formatNumber(f)
}

// formatNumber prints integers as such and other numbers with at most 6
// significant digits, without trailing zeros or exponent; +Inf, -Inf and
// NaN as such (never as data that looks fine).
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatInt(int64(f), 10)
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 6, 64), 64)
	if err != nil {
		r = f
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
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

// sourceString renders file:line:column; empty when unknown.
func sourceString(s interp.Source) string {
	if s.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", s.Filename, s.Line, s.Column)
}
