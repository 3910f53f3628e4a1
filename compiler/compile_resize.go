package compiler

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/plan"
)

// compileResize builds a phase's resize: its new pool is the scenario's
// pool block under layers (the pool blocks of the pool in effect, then
// the resize's). A resize must start while the phase's loads still run,
// and its new pool must be enabled when the old one is: there is nothing
// to drain otherwise.
func compileResize(sc *dsl.Scenario, dp *dsl.Phase, p *Phase, layers []*dsl.Pool) (*Resize, hcl.Diagnostics) {
	dr := dp.Resize
	pool, diags := compilePool(sc, layers...)
	pool.Source = SourceOf(dr.Pool.Range)
	r := &Resize{
		After:        dr.After.Val,
		DrainTimeout: dr.DrainTimeout.Or(plan.DefaultDrainTimeout),
		Pool:         pool,
		Source:       SourceOf(dr.Range),
	}
	if exactDuration(p) && r.After >= p.ExpectedDuration {
		diags = append(diags, errorAt(dr.After.Range, dr.Range, "Resize after the end of its phase",
			"This resize starts %s into its phase, but the phase's loads end after %s: no traffic would see it. Set after below %s, or move the pool block into the next phase.",
			dsl.FormatDuration(r.After), dsl.FormatDuration(p.ExpectedDuration), dsl.FormatDuration(p.ExpectedDuration)))
	}
	if sc.Desc != nil && pool.Config != nil && !pool.Values().Bool(drivers.EnabledAttr.Name) {
		diags = append(diags, errorAt(dr.Pool.Range, dr.Range, "Resize to no pool",
			"The new pool has enabled = false: there would be no pool to move the traffic to. Keep the pool enabled, or use a phase of its own without a pool."))
	}
	return r, diags
}
