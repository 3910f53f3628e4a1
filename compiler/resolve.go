package compiler

import (
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stressql/stressql/dsl"
)

// The names a plan can resolve before the run: variables, locals and
// for_each's each.
var constRoots = []string{"var", "local", "each"}

// resolveText returns src, an expression's source text, with every
// largest part that reads only names foldable(root) accepts (and reads at
// least one name) replaced by its value written as an HCL literal; inside
// a string template, such an interpolation becomes literal text. So
// "sess:${iteration % local.keyspan}" becomes "sess:${iteration % 1000}"
// and latency.p95 < var.max_p95 becomes latency.p95 < 50. A part whose
// value is unknown, null or not a primitive is left as written; so is src
// when it does not parse.
func resolveText(src string, ctx *hcl.EvalContext, foldable func(root string) bool) string {
	expr, diags := hclsyntax.ParseExpression([]byte(src), "", hcl.InitialPos)
	if diags.HasErrors() {
		return src
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	inside := func(r hcl.Range) bool {
		return slices.ContainsFunc(edits, func(e edit) bool { return r.Start.Byte >= e.start && r.End.Byte <= e.end })
	}
	var templates []*hclsyntax.TemplateExpr
	_ = hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
		if t, ok := n.(*hclsyntax.TemplateExpr); ok {
			templates = append(templates, t)
		}
		e, ok := n.(hclsyntax.Expression)
		if !ok || inside(e.Range()) {
			return nil
		}
		if _, ok := e.(*hclsyntax.TemplateExpr); ok {
			return nil // its parts are resolved one by one
		}
		vars := e.Variables()
		if len(vars) == 0 || slices.ContainsFunc(vars, func(tr hcl.Traversal) bool { return !foldable(tr.RootName()) }) {
			return nil
		}
		v, diags := e.Value(ctx)
		if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || !v.Type().IsPrimitiveType() {
			return nil
		}
		r := e.Range()
		// A whole interpolation of a template becomes literal text.
		if start, end, ok := interpolation(src, r, templates); ok {
			s, err := convert.Convert(v, cty.String)
			if err == nil {
				edits = append(edits, edit{start, end, templateEscape(s.AsString())})
				return nil
			}
		}
		edits = append(edits, edit{r.Start.Byte, r.End.Byte, strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes()))})
		return nil
	})
	if len(edits) == 0 {
		return src
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		b.WriteString(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(src[at:])
	return b.String()
}

// interpolation reports the byte span of the ${ ... } around r when r is
// a whole part of one of the templates.
func interpolation(src string, r hcl.Range, templates []*hclsyntax.TemplateExpr) (start, end int, ok bool) {
	part := false
	for _, t := range templates {
		for _, p := range t.Parts {
			if p.Range() == r {
				part = true
			}
		}
	}
	if !part {
		return 0, 0, false
	}
	before := strings.TrimRight(src[:r.Start.Byte], " \t")
	if strings.HasSuffix(before, "~") {
		return 0, 0, false // strip markers change the text around: leave them
	}
	after := strings.TrimLeft(src[r.End.Byte:], " \t")
	if !strings.HasSuffix(before, "${") || !strings.HasPrefix(after, "}") {
		return 0, 0, false
	}
	return len(before) - 2, len(src) - len(after) + 1, true
}

// templateEscape writes s as the text of a quoted template.
func templateEscape(s string) string {
	q := string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
	return q[1 : len(q)-1]
}

// resolveArg is a per-iteration step argument's text with everything that
// reads neither iteration nor worker resolved.
func resolveArg(a *dsl.Arg) string {
	return resolveText(a.Source, a.Ctx, func(root string) bool {
		return root != dsl.IterationVar && root != dsl.WorkerVar
	})
}

// resolveCondition is a check condition's text with the parts that read
// only variables, locals and each resolved.
func resolveCondition(c *dsl.Check) string {
	return resolveText(c.ConditionText, c.Ctx, func(root string) bool { return slices.Contains(constRoots, root) })
}
