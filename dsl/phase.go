package dsl

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Phase is a phase block: a stage of a scenario with its own loads,
// faults and optionally its own pool.
type Phase struct {
	Name      string
	NameRange hcl.Range
	Pool      *Pool // nil: the phase keeps the pool it inherits
	Loads     []*Workload
	Faults    []*Fault
	Range     hcl.Range // the block header
	// Resize is the phase's resize block (a pool resize under traffic);
	// nil: none.
	Resize *Resize
}

var phaseSchema = bodySchema{
	what: "a phase block",
	blocks: []blockSpec{
		{typ: "pool"},
		{typ: "load", labels: []string{"name"}},
		{typ: "fault", labels: []string{"kind"}},
		{typ: "resize"},
	},
	foreign: map[string]misplaced{
		"check": {summary: "Check inside a phase",
			detail: "Checks belong to the scenario: move this check out of the phase and read the phase's results as phase.NAME.…"},
	},
}

// decodePhase decodes a phase block.
func decodePhase(s *scope, blk *hclsyntax.Block) (*Phase, hcl.Diagnostics) {
	p := &Phase{Name: blk.Labels[0], NameRange: blk.LabelRanges[0], Range: header(blk)}
	b := openBody(s, blk.Body, p.Range, phaseSchema)
	b.add(checkIdentifier(p.Name, p.NameRange, p.Range, "phase"))
	if pb := b.single("pool"); pb != nil {
		pool, moreDiags := decodePool(s, pb)
		b.add(moreDiags)
		p.Pool = pool
	}
	for _, lb := range b.blocksOf("load") {
		w, moreDiags := decodeWorkload(s, lb)
		b.add(moreDiags)
		p.Loads = append(p.Loads, w)
	}
	for _, fb := range b.blocksOf("fault") {
		f, moreDiags := decodeFault(s, fb)
		b.add(moreDiags)
		p.Faults = append(p.Faults, f)
	}
	if rb := b.single("resize"); rb != nil {
		r, moreDiags := decodeResize(s, rb)
		b.add(moreDiags)
		p.Resize = r
		b.add(resizeConflicts(r, p.Faults))
	}
	if len(p.Loads) == 0 {
		b.diags = append(b.diags, problem(p.Range, p.Range, "Phase without loads",
			"A phase needs one or more load blocks. To let the pool idle, use a load with a sleep step."))
	}
	b.add(uniqueLoads(p.Loads))
	b.add(faultLoads(p.Faults, p.Loads))
	return p, b.diags
}

// uniqueLoads reports load names used twice in one phase (or scenario).
func uniqueLoads(loads []*Workload) hcl.Diagnostics {
	var diags hcl.Diagnostics
	first := make(map[string]*Workload, len(loads))
	for _, w := range loads {
		if f := first[w.Name]; f != nil {
			diags = append(diags, problem(w.NameRange, w.Range, "Duplicate load",
				"A load named %q is already defined at %s. Loads of one phase need distinct names.", w.Name, at(f.Range)))
			continue
		}
		first[w.Name] = w
	}
	return diags
}

// faultLoads reports error faults whose load is not one of loads.
func faultLoads(faults []*Fault, loads []*Workload) hcl.Diagnostics {
	var diags hcl.Diagnostics
	names := make([]string, len(loads))
	for i, w := range loads {
		names[i] = w.Name
	}
	for _, f := range faults {
		if !f.Load.Set || f.Load.Val == "" {
			continue
		}
		if !slices.Contains(names, f.Load.Val) {
			diags = append(diags, problem(f.Load.Range, f.Range, "Unknown load",
				"There is no load %q here; an error fault can target %s.%s", f.Load.Val, orNothing(names), didYouMean(f.Load.Val, names)))
		}
	}
	return diags
}
