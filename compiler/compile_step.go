package compiler

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/dsl"
)

// compileSteps compiles steps, with their arguments.
func compileSteps(steps []*dsl.Step) ([]drivers.Step, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	out := make([]drivers.Step, 0, len(steps))
	for _, st := range steps {
		s := drivers.Step{
			Kind:       st.Kind,
			SQL:        st.SQL.Val,
			Statements: st.Statements.Val,
			Duration:   st.Duration.Val,
			TTL:        st.TTL.Val,

			AllowDangerous: st.AllowDangerous,
		}
		for _, a := range st.Args.Val {
			e, moreDiags := compileArg(a)
			diags = append(diags, moreDiags...)
			s.Args = append(s.Args, e)
		}
		s.Key, diags = compileOptArg(st.Key, diags)
		s.Value, diags = compileOptArg(st.Value, diags)
		out = append(out, s)
	}
	return out, diags
}

// compileOptArg compiles an argument that may be absent.
func compileOptArg(a *dsl.Arg, diags hcl.Diagnostics) (*arg.Expr, hcl.Diagnostics) {
	if a == nil {
		return nil, diags
	}
	e, moreDiags := compileArg(a)
	return &e, append(diags, moreDiags...)
}

// compileArgsOnly compiles the step arguments of a scenario that failed to
// load, for their diagnostics.
func compileArgsOnly(sc *dsl.Scenario) hcl.Diagnostics {
	var diags hcl.Diagnostics
	loads := sc.Loads
	for _, p := range sc.Phases {
		loads = append(loads[:len(loads):len(loads)], p.Loads...)
	}
	for _, w := range loads {
		_, moreDiags := compileSteps(w.Steps)
		diags = append(diags, moreDiags...)
		if w.Fallback != nil {
			_, moreDiags := compileSteps(w.Fallback.Steps)
			diags = append(diags, moreDiags...)
		}
	}
	return diags
}
