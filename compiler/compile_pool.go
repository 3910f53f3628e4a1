package compiler

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/dsl"
)

// compilePool builds the pool of a phase: the driver's defaults,
// overridden by the scenario's pool block, overridden by the phase's own
// (own may be nil), then by further layers (a resize's pool block over
// the phase's pool); then the driver's rules across attributes.
func compilePool(sc *dsl.Scenario, own ...*dsl.Pool) (*Pool, hcl.Diagnostics) {
	var layers []*dsl.Pool
	src := sc.Range
	for _, l := range append([]*dsl.Pool{sc.Pool}, own...) {
		if l != nil {
			layers = append(layers, l)
			src = l.Range
		}
	}
	p := &Pool{Desc: sc.Desc, Set: map[string]bool{}, Source: SourceOf(src)}
	desc := sc.Desc
	if desc == nil {
		return p, nil
	}
	// where is the subject of a contradiction between attributes: the one
	// set in the most specific layer (the first of them on a tie), else
	// the pool block.
	where := func(names []string) hcl.Range {
		for i := len(layers) - 1; i >= 0; i-- {
			for _, name := range names {
				if a := layers[i].Get(name); a.Set {
					return a.Range
				}
			}
		}
		return src
	}
	v := desc.Defaults()
	for _, l := range layers {
		for _, a := range desc.Pool {
			if x := l.Get(a.Name); x.Set {
				v.Set(a.Name, x.Val)
				p.Set[a.Name] = true
			}
		}
	}
	var diags hcl.Diagnostics
	for _, r := range desc.Rules {
		if detail := r.Check(v); detail != "" {
			diags = append(diags, contradiction(where(r.Subject), src, "%s", detail))
		}
	}
	p.Config = desc.NewConfig(v)
	return p, diags
}

// contradiction is an error about pool settings that cannot hold together.
func contradiction(subject, context hcl.Range, detail string, args ...any) *hcl.Diagnostic {
	return errorAt(subject, context, "Contradictory pool settings", detail, args...)
}
