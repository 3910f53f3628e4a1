package checks

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Program is a check compiled for evaluation: its condition, its
// error_message, and the context they are evaluated in (var.*, local.*,
// each.* and the functions; Evaluate adds the results in a child). The
// compiler makes one per check and stores it in plan.Check.Program; only
// this package looks inside.
type Program struct {
	cond    hcl.Expression
	message hcl.Expression // nil when unset
	ctx     *hcl.EvalContext
	reads   []hcl.Traversal // what cond reads, once each, in order
	paths   []string        // reads[i] as written
}

// Compile compiles a check's condition and error_message (nil when the
// block has none) with ctx, the check's evaluation context. It returns
// nil for a nil condition: such a check fails with "the check has no
// condition".
func Compile(cond, message hcl.Expression, ctx *hcl.EvalContext) *Program {
	if cond == nil {
		return nil
	}
	p := &Program{cond: cond, message: message, ctx: ctx}
	seen := map[string]bool{}
	for _, tr := range cond.Variables() {
		path := traversalPath(tr)
		if seen[path] {
			continue
		}
		seen[path] = true
		p.reads = append(p.reads, tr)
		p.paths = append(p.paths, path)
	}
	return p
}

// Reads lists the names the condition reads, as written, once each in
// the order they appear (plan.Check.Reads): latency.p95,
// load["fast"].ops.ok, var.max. Evaluation reports each one's value.
func (p *Program) Reads() []string {
	if p == nil {
		return nil
	}
	return append([]string(nil), p.paths...)
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
