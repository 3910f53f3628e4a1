package planfmt

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// loadFields are the fields of a Load shown elsewhere than among the
// pattern's parameters, or not at all.
var loadFields = []string{
	"name", "pattern", "steps", "timeout", "retry", "circuit_breaker", "fallback",
	"expected_iterations", "expected_duration", "start_after", "source", "segment",
}

// writeLoad writes one load: pattern and parameters, timing, expectation,
// steps and policies.
func writeLoad(b *strings.Builder, l *plan.Load, indent string) {
	fmt.Fprintf(b, "%sload %q\n", indent, l.Name)
	var r rows
	r.add("pattern", l.Pattern)
	for _, a := range patternAttrs(l) {
		switch a.name {
		case "rate", "start_rate":
			r.add(a.name, rate(a.value.Float()))
		case "stages":
			for i, st := range l.Stages {
				r.add(fmt.Sprintf("stage %d", i+1), fmt.Sprintf("ramp to %s over %s", rate(st.Rate), Duration(st.Duration)))
			}
			if len(l.Stages) == 0 {
				r.add("stages", "none")
			}
		default:
			r.add(a.name, value(a.value))
		}
	}
	r.add("start_after", Duration(l.StartAfter))
	if l.Timeout > 0 {
		r.add("timeout", Duration(l.Timeout))
	} else {
		r.add("timeout", "none")
	}
	if p, ok := loadpattern.Of(l.Pattern); ok && p.UnknownIterations {
		r.add("expected_iterations", "unknown (closed model)")
	} else {
		r.add("expected_iterations", fmt.Sprint(l.ExpectedIterations))
	}
	r.add("expected_duration", Duration(l.ExpectedDuration))
	if sg := l.Segment; sg != nil {
		r.add("segment", fmt.Sprintf("iterations n ≡ %d mod %d of the unsharded schedule", sg.Index, sg.Count))
	}
	for i, s := range l.Steps {
		r.add(fmt.Sprintf("step %d", i+1), step(s))
	}
	if l.Retry != nil {
		on := "(all but " + strings.Join(results.NotRetriedByDefault(), ", ") + ")"
		if len(l.Retry.On) > 0 {
			on = quoteList(l.Retry.On)
		}
		r.add("retry", inline(attrs(l.Retry, true, "on"))+" on="+on)
	}
	if l.Breaker != nil {
		r.add("circuit_breaker", inline(attrs(l.Breaker, true)))
	}
	for i, s := range l.Fallback {
		r.add(fmt.Sprintf("fallback %d", i+1), step(s))
	}
	r.write(b, indent+"  ")
}

// patternAttrs returns the parameters of l's pattern, set or not, in the
// order of the pattern table; for an unknown pattern, every parameter set.
func patternAttrs(l *plan.Load) []attr {
	pattern, known := loadpattern.Of(l.Pattern)
	all := attrs(l, known, loadFields...)
	if !known {
		return all
	}
	out := make([]attr, 0, len(pattern.Attrs))
	for _, p := range pattern.Attrs {
		for _, a := range all {
			if a.name == p {
				out = append(out, a)
			}
		}
	}
	return out
}

// step renders a step as its kind and its set attributes, arguments
// resolved (variables, locals and each replaced by their values); when a
// resolved argument differs from what was written, a comment after them
// gives the written form.
func step(s drivers.Step) string {
	as := attrs(s, false, "kind")
	if len(as) == 0 {
		return s.Kind
	}
	var written []attr
	for i, a := range as {
		if r, ok := resolvedValue(a.value); ok {
			written = append(written, a)
			as[i].value = r
		}
	}
	out := s.Kind + " " + inline(as)
	if len(written) > 0 {
		out += "  # written: " + inline(written)
	}
	return out
}

var (
	exprType     = reflect.TypeFor[arg.Expr]()
	exprListType = reflect.TypeFor[[]arg.Expr]()
)

// resolvedValue returns v, an argument or a list of them, with its
// resolved forms in place of the written ones; ok is false when nothing
// in it resolves differently.
func resolvedValue(v reflect.Value) (r reflect.Value, ok bool) {
	v = reflect.Indirect(v)
	switch v.Type() {
	case exprType:
		e := v.Interface().(arg.Expr)
		if e.Resolved == "" {
			return v, false
		}
		return reflect.ValueOf(arg.Expr{Source: e.Resolved}), true
	case exprListType:
		es := slices.Clone(v.Interface().([]arg.Expr))
		for i, e := range es {
			if e.Resolved != "" {
				es[i] = arg.Expr{Source: e.Resolved}
				ok = true
			}
		}
		return reflect.ValueOf(es), ok
	}
	return v, false
}
