package dsl

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Check is a check block: a condition over the results of the run.
type Check struct {
	Name      string
	NameRange hcl.Range
	Condition hcl.Expression
	// ConditionText is the condition's canonical source text.
	ConditionText string
	// ErrorMessage is nil when the block has none.
	ErrorMessage hcl.Expression
	// Ctx holds var, local, each and the functions; the results variables
	// go in a child context.
	Ctx *hcl.EvalContext
	// Window, when set, makes the check windowed: it is evaluated on each
	// run of Window of consecutive intervals instead of the whole window.
	// It is a multiple of the run's interval (LoadOptions.Interval).
	Window Attr[time.Duration]
	// Abort stops the scenario at the first failing window; only with
	// Window.
	Abort Attr[bool]
	Range hcl.Range // the block header
}

var checkSchema = bodySchema{what: "a check block", attrs: []string{"condition", "error_message", "window", "abort"}}

// decodeCheck decodes a check block and validates it statically against
// the results variables of its scenario (types).
func decodeCheck(s *scope, blk *hclsyntax.Block, types map[string]cty.Type) (*Check, hcl.Diagnostics) {
	c := &Check{Name: blk.Labels[0], NameRange: blk.LabelRanges[0], Ctx: s.ctx, Range: header(blk)}
	b := openBody(s, blk.Body, c.Range, checkSchema)
	if c.Name == "" {
		b.diags = append(b.diags, problem(c.NameRange, c.Range, "Empty check name",
			"Name the check after what it proves, like check \"pool never exceeds max\"."))
	}
	ctx := s.ctx.NewChild()
	ctx.Variables = make(map[string]cty.Value, len(types))
	for name, t := range types {
		ctx.Variables[name] = cty.UnknownVal(t)
	}

	a := b.attrs["condition"]
	if a == nil {
		b.diags = append(b.diags, problem(c.Range, c.Range, "Missing required argument",
			"A check needs a condition over the results, like condition = latency.p95 < 50."))
	} else {
		c.Condition = a.Expr
		c.ConditionText = canonical(s.g.source(a.Expr.Range()))
		b.validateCondition(a.Expr, ctx, types)
	}
	if m := b.attrs["error_message"]; m != nil {
		c.ErrorMessage = m.Expr
		b.validateMessage(m.Expr, ctx, types)
	}
	b.decodeWindow(c)
	return c, b.diags
}

// decodeWindow decodes window and abort: window is a positive duration, a
// multiple of the run's interval; abort needs a window. That the window
// fits in the scenario is checked by the compiler, which knows how long
// the scenario is expected to run.
func (b *body) decodeWindow(c *Check) {
	n := len(b.diags)
	c.Window = b.duration("window", runDuration)
	interval := b.s.g.interval
	if c.Window.Set && !hasErrors(b.diags[n:]) && c.Window.Val%interval != 0 {
		lo := c.Window.Val / interval * interval
		hint := fmt.Sprintf("like %q", FormatDuration(lo+interval))
		if lo > 0 {
			hint = fmt.Sprintf("like %q or %q", FormatDuration(lo), FormatDuration(lo+interval))
		}
		b.diags = append(b.diags, problem(c.Window.Range, c.Range, "Window not a multiple of the interval",
			"A window is made of whole intervals, and the interval is %s (--interval): write a multiple of it, %s, or run with an --interval that divides %s.",
			FormatDuration(interval), hint, FormatDuration(c.Window.Val)))
		c.Window.Val = 0
	}
	c.Abort = b.boolean("abort")
	if c.Abort.Set && !c.Window.Set {
		b.diags = append(b.diags, problem(c.Abort.Range, c.Range, "Abort without a window",
			"abort stops the scenario at the first failing window, and this check has none: add a window, like window = \"1s\", or remove abort."))
	}
}

// evalWithUnknownResults checks the names expr reads (variables, results,
// the scenario's loads and phases), then evaluates it with every result
// unknown. ok is false when it reported a problem.
func (b *body) evalWithUnknownResults(expr hcl.Expression, ctx *hcl.EvalContext, types map[string]cty.Type) (cty.Value, bool) {
	if diags := b.s.checkRefs(expr, b.def, refCheck, types); diags.HasErrors() {
		b.add(diags)
		return cty.NilVal, false
	}
	if diags := resultPaths(expr, types, b.def); diags.HasErrors() {
		b.add(diags)
		return cty.NilVal, false
	}
	v, diags := b.s.g.budget.eval(expr, ctx, b.def)
	b.add(diags)
	return v, !diags.HasErrors()
}

// validateCondition evaluates a condition with unknown results: names that
// do not exist are reported by HCL; the result must be a bool.
func (b *body) validateCondition(expr hcl.Expression, ctx *hcl.EvalContext, types map[string]cty.Type) {
	v, ok := b.evalWithUnknownResults(expr, ctx, types)
	if !ok {
		return
	}
	if t := v.Type(); !t.Equals(cty.Bool) && !t.Equals(cty.DynamicPseudoType) {
		b.diags = append(b.diags, problem(expr.Range(), b.def, "Condition is not a bool",
			"A condition must be true or false, like latency.p95 < 50; this one is %s.", an(t.FriendlyName())))
		return
	}
	if b.mixedEquality(expr, ctx) {
		return
	}
	if !readsResults(expr, types) {
		b.diags = append(b.diags, caution(expr.Range(), b.def, "Check reads no results",
			"This condition reads none of the results (latency, errors, pool, ...), so its outcome does not depend on the run."))
	}
}

// mixedEquality reports == and != between a number and a string: HCL
// compares them as unequal values of different types, so such a condition
// is always false (or always true), whatever the run did.
func (b *body) mixedEquality(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	node, ok := expr.(hclsyntax.Node)
	if !ok {
		return false
	}
	found := false
	_ = hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		op, ok := n.(*hclsyntax.BinaryOpExpr)
		if !ok || (op.Op != hclsyntax.OpEqual && op.Op != hclsyntax.OpNotEqual) {
			return nil
		}
		lhs, ldiags := op.LHS.Value(ctx)
		rhs, rdiags := op.RHS.Value(ctx)
		if ldiags.HasErrors() || rdiags.HasErrors() {
			return nil
		}
		num, str := op.LHS, op.RHS
		switch lt, rt := lhs.Type(), rhs.Type(); {
		case lt == cty.Number && rt == cty.String:
		case lt == cty.String && rt == cty.Number:
			num, str = op.RHS, op.LHS
		default:
			return nil
		}
		hint := "Compare numbers with numbers: write the number without quotes"
		if strVal, diags := str.Value(ctx); !diags.HasErrors() && strVal.IsKnown() && !strVal.IsNull() {
			if _, err := convert.Convert(strVal, cty.Number); err == nil {
				hint += fmt.Sprintf(", like %s %s %s", canonical(b.s.g.source(num.Range())), opText(op.Op), strVal.AsString())
			}
		}
		hint += ", or convert the number with tostring(...) to compare strings."
		b.diags = append(b.diags, problem(op.SrcRange, b.def, "Comparison of a number with a string",
			"This compares a number with a string: they are never equal, so the condition would always be %t. %s",
			op.Op == hclsyntax.OpNotEqual, hint))
		found = true
		return nil
	})
	return found
}

func opText(op *hclsyntax.Operation) string {
	if op == hclsyntax.OpNotEqual {
		return "!="
	}
	return "=="
}

// validateMessage evaluates an error_message with unknown results: it must
// become a string.
func (b *body) validateMessage(expr hcl.Expression, ctx *hcl.EvalContext, types map[string]cty.Type) {
	v, ok := b.evalWithUnknownResults(expr, ctx, types)
	if !ok {
		return
	}
	if _, err := convert.Convert(v, cty.String); err != nil {
		b.diags = append(b.diags, problem(expr.Range(), b.def, "Invalid error_message",
			"error_message must be a string, like \"p95 was ${latency.p95} ms\"; this one is %s.", an(v.Type().FriendlyName())))
	}
}

// readsResults reports whether expr reads a results variable.
func readsResults(expr hcl.Expression, types map[string]cty.Type) bool {
	for _, tr := range expr.Variables() {
		if _, ok := types[tr.RootName()]; ok {
			return true
		}
	}
	return false
}

// resultPaths follows every results name expr reads (latency.p95,
// load.reads.ops.ok) through the results types, reporting the first
// attribute on each path that does not exist, with a suggestion.
func resultPaths(expr hcl.Expression, types map[string]cty.Type, context hcl.Range) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range expr.Variables() {
		t, ok := types[tr.RootName()]
		if !ok {
			continue
		}
		path := tr.RootName()
		for _, step := range tr[1:] {
			a, ok := step.(hcl.TraverseAttr)
			if !ok || !t.IsObjectType() {
				break
			}
			if !t.HasAttribute(a.Name) {
				diags = append(diags, missingResult(path, a, t, types, context))
				break
			}
			t = t.AttributeType(a.Name)
			path += "." + a.Name
		}
	}
	return diags
}

// missingResult reports a results attribute that does not exist: what
// exists instead, with a suggestion. types are all the results
// variables, to say where else a load runs.
func missingResult(path string, a hcl.TraverseAttr, t cty.Type, types map[string]cty.Type, context hcl.Range) *hcl.Diagnostic {
	names := attrNames(t)
	hint := didYouMean(a.Name, names)
	var detail string
	phase, isPhaseLoads := strings.CutPrefix(path, "phase.")
	phase, isPhaseLoads = strings.CutSuffix(phase, ".load")
	isPhaseLoads = isPhaseLoads && !strings.Contains(phase, ".")
	switch {
	case path == "phase" && len(names) == 0:
		detail = fmt.Sprintf("This scenario has no phases, so there is no phase %q to read. "+
			"Put its loads in named phase blocks (phase \"NAME\" { load ... }) to read phase.NAME.…, "+
			"or drop the phase.%s. prefix to read the whole run (latency.p95, load.NAME.ops.ok).", a.Name, a.Name)
	case path == "load" || path == "phase":
		detail = fmt.Sprintf("This scenario has no %s named %q; its %ss are %s.%s",
			path, a.Name, path, allOrNone(names), hint)
	case isPhaseLoads:
		detail = fmt.Sprintf("Phase %q runs no load named %q; its loads are %s.%s", phase, a.Name, allOrNone(names), hint)
		if in := phasesRunning(types, a.Name); len(in) > 0 {
			detail += fmt.Sprintf(" A load %q runs in phase %s: read phase.%s.load.%s, or load.%s for all its runs.",
				a.Name, quoteList(in), in[0], a.Name, a.Name)
		}
	default:
		detail = fmt.Sprintf("%s has no attribute named %q.%s It has %s.", path, a.Name, hint, allOrNone(names))
		if (a.Name == "load" || a.Name == "phase") && t.HasAttribute("ops") { // a results part
			detail += " Loads and phases do not nest further: a load's run within one phase is phase.NAME.load.NAME."
		}
	}
	return problem(a.SrcRange, context, "Unsupported attribute", "%s", detail)
}

// attrNames lists the attributes of an object type, sorted.
func attrNames(t cty.Type) []string {
	names := make([]string, 0, len(t.AttributeTypes()))
	for n := range t.AttributeTypes() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// phasesRunning lists the phases, sorted, that run a load named load.
func phasesRunning(types map[string]cty.Type, load string) []string {
	var in []string
	phases := types["phase"]
	if !phases.IsObjectType() {
		return nil
	}
	for _, p := range attrNames(phases) {
		pt := phases.AttributeType(p)
		if pt.IsObjectType() && pt.HasAttribute("load") {
			if lt := pt.AttributeType("load"); lt.IsObjectType() && lt.HasAttribute(load) {
				in = append(in, p)
			}
		}
	}
	return in
}

// allOrNone is quoteAll, or "none" for an empty list.
func allOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return quoteAll(names)
}
