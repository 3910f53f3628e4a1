package dsl

import (
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/internal/faultkind"
)

// Resize is a resize block: a pool resize while the phase's loads run.
// After the phase's start a new pool (the phase's pool with the resize's
// pool block over it) is opened and warmed; new iterations then go to it
// while those in flight finish on the old pool, which is closed once they
// are done (or DrainTimeout after the swap).
type Resize struct {
	After        Attr[time.Duration]
	DrainTimeout Attr[time.Duration]
	Pool         *Pool // nil only when the block has none (an error)
	Range        hcl.Range
}

var resizeSchema = bodySchema{
	what:   "a resize block",
	attrs:  []string{"after", "drain_timeout"},
	blocks: []blockSpec{{typ: "pool"}},
	foreign: map[string]misplaced{
		"load": {summary: "Load inside a resize",
			detail: "A resize changes the pool under the phase's loads; it has no loads of its own. Move this load into the phase."},
	},
}

// resizeFaults are the fault kinds that act on the pool in effect: they
// cannot share a phase with a resize, which changes that pool midway.
var resizeFaults = []string{faultkind.ClosePool, faultkind.Terminate, faultkind.Pause, faultkind.Failover, faultkind.DNS}

// decodeResize decodes a resize block.
func decodeResize(s *scope, blk *hclsyntax.Block) (*Resize, hcl.Diagnostics) {
	r := &Resize{Range: header(blk)}
	b := openBody(s, blk.Body, r.Range, resizeSchema)
	r.After = b.duration("after", runDuration)
	b.require(r.After, "after", "A resize block")
	r.DrainTimeout = b.duration("drain_timeout", positiveDuration)
	if pb := b.single("pool"); pb != nil {
		pool, moreDiags := decodePool(s, pb)
		b.add(moreDiags)
		r.Pool = pool
	} else {
		b.diags = append(b.diags, problem(r.Range, r.Range, "Resize without a pool",
			"A resize needs a pool block with the settings of the new pool, like pool { max_conns = 15 }; unset settings keep the phase's values."))
	}
	if r.Pool != nil && len(r.Pool.Attrs) == 0 {
		b.diags = append(b.diags, problem(r.Pool.Range, r.Range, "Resize to the same pool",
			"This pool block sets nothing, so the new pool would be the old one. Set the attributes that change, like max_conns = 15."))
	}
	return r, b.diags
}

// resizeConflicts reports the faults of a phase that act on the pool a
// resize replaces.
func resizeConflicts(r *Resize, faults []*Fault) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, f := range faults {
		if slices.Contains(resizeFaults, f.Kind) {
			diags = append(diags, problem(f.KindRange, f.Range, "Pool fault beside a resize",
				"A %s fault acts on the pool in effect, which the resize at %s replaces midway. Put the fault in a phase of its own, before or after the resize.", f.Kind, at(r.Range)))
		}
	}
	return diags
}
