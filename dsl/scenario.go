package dsl

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/results"
)

// Scenario is one scenario, a for_each instance expanded.
type Scenario struct {
	// Name is the label, or NAME[KEY] for a for_each instance.
	Name string
	// EachKey is the for_each key of an instance; HasEach tells whether
	// the scenario has for_each at all.
	EachKey string
	HasEach bool

	Driver Attr[string]
	// Desc is the descriptor of Driver, nil when Driver is not valid.
	Desc           *drivers.Descriptor
	Description    Attr[string]
	Tags           Attr[[]string]
	Timeout        Attr[time.Duration]
	AllowDangerous Attr[bool]

	Pool   *Pool // nil when the scenario has no pool block
	Loads  []*Workload
	Phases []*Phase
	Faults []*Fault
	Checks []*Check

	// Topology is the topology block, nil when the scenario has none.
	Topology *Topology

	// Ctx holds var, local, each and the functions.
	Ctx   *hcl.EvalContext
	Range hcl.Range // the block header

	// Errored is set when the scenario has errors (they are among the
	// diagnostics Load returned) or depends on a value that has; compiler
	// does not compile it.
	Errored bool
}

// LoadNames lists the names of the scenario's loads, across phases, each
// once, in order.
func (sc *Scenario) LoadNames() []string {
	var names []string
	seen := make(map[string]bool)
	add := func(loads []*Workload) {
		for _, w := range loads {
			if !seen[w.Name] {
				seen[w.Name] = true
				names = append(names, w.Name)
			}
		}
	}
	add(sc.Loads)
	for _, p := range sc.Phases {
		add(p.Loads)
	}
	return names
}

// PhaseLoadNames lists the load names of each named phase, in order: what
// phase.NAME.load reads.
func (sc *Scenario) PhaseLoadNames() map[string][]string {
	out := make(map[string][]string, len(sc.Phases))
	for _, p := range sc.Phases {
		if p.Name == "" {
			continue
		}
		for _, w := range p.Loads {
			if !slices.Contains(out[p.Name], w.Name) {
				out[p.Name] = append(out[p.Name], w.Name)
			}
		}
	}
	return out
}

// PhaseNames lists the names of the scenario's phases, in order.
func (sc *Scenario) PhaseNames() []string {
	names := make([]string, len(sc.Phases))
	for i, p := range sc.Phases {
		names[i] = p.Name
	}
	return names
}

var scenarioSchema = bodySchema{
	what:  "a scenario block",
	attrs: []string{"driver", "description", "tags", "timeout", "allow_dangerous", "for_each"},
	blocks: []blockSpec{
		{typ: "pool"},
		{typ: "topology"},
		{typ: "load", labels: []string{"name"}},
		{typ: "phase", labels: []string{"name"}},
		{typ: "fault", labels: []string{"kind"}},
		{typ: "check", labels: []string{"name"}},
	},
	foreign: map[string]misplaced{
		"step": {summary: "Step outside a load",
			detail: "Steps say what each iteration of a load does: put them in a load block."},
		"stage": {summary: "Stage outside a load",
			detail: "Stages belong to a load with pattern = \"ramping_rate\"."},
		"resize": {summary: "Resize outside a phase",
			detail: "A resize changes the pool while a phase's loads run: put the loads and this resize block in a phase block."},
	},
}

// decodeScenario decodes one scenario (or for_each instance) in ctx.
func decodeScenario(g *globals, blk *hclsyntax.Block, name string, ctx *hcl.EvalContext, each bool) (*Scenario, hcl.Diagnostics) {
	sc := &Scenario{Name: name, Ctx: ctx, Range: header(blk), HasEach: each}
	s := &scope{g: g, ctx: ctx, each: each}
	b := openBody(s, blk.Body, sc.Range, scenarioSchema)

	names := g.drivers.Names()
	driver, ok := b.enum("driver", names, "Unknown driver")
	sc.Driver = driver
	if ok {
		s.driver = driver.Val
		s.desc = g.drivers.Lookup(driver.Val)
		sc.Desc = s.desc
	}
	if !driver.Set {
		adds := make([]string, len(names))
		for i, n := range names {
			adds[i] = fmt.Sprintf("driver = %q", n)
		}
		b.diags = append(b.diags, problem(sc.Range, sc.Range, "Missing required argument",
			"A scenario needs a driver: add %s.", orList(adds)))
	}
	sc.Description = b.str("description")
	sc.Tags = b.strings("tags")
	sc.Timeout = b.duration("timeout", runDuration)
	sc.AllowDangerous = b.boolean("allow_dangerous")
	if sc.AllowDangerous.Set && s.desc != nil && !s.desc.Has(drivers.CapAllowDangerous) {
		b.diags = append(b.diags, problem(sc.AllowDangerous.Range, sc.Range, "Setting for the other driver",
			"allow_dangerous %s; a %s scenario has neither. Remove it.", dangerousHelp(g.drivers), s.driver))
	}
	s.allowDangerous = sc.AllowDangerous.Val

	if pb := b.single("pool"); pb != nil {
		p, moreDiags := decodePool(s, pb)
		b.add(moreDiags)
		sc.Pool = p
	}
	if tb := b.single("topology"); tb != nil {
		t, moreDiags := decodeTopology(s, tb)
		b.add(moreDiags)
		sc.Topology = t
	}
	for _, blk := range b.blocks {
		switch blk.Type {
		case "load":
			w, moreDiags := decodeWorkload(s, blk)
			b.add(moreDiags)
			sc.Loads = append(sc.Loads, w)
		case "phase":
			p, moreDiags := decodePhase(s, blk)
			b.add(moreDiags)
			sc.Phases = append(sc.Phases, p)
		case "fault":
			f, moreDiags := decodeFault(s, blk)
			b.add(moreDiags)
			sc.Faults = append(sc.Faults, f)
		}
	}
	b.add(sc.checkStructure())
	b.add(topologyFaults(sc))

	types := results.VariableTypes(sc.LoadNames(), sc.PhaseNames(), sc.PhaseLoadNames())
	first := make(map[string]*Check)
	for _, cb := range b.blocksOf("check") {
		c, moreDiags := decodeCheck(s, cb, types)
		b.add(moreDiags)
		if f := first[c.Name]; f != nil {
			b.diags = append(b.diags, problem(c.NameRange, c.Range, "Duplicate check",
				"A check named %q is already defined at %s. Give each check its own name.", c.Name, at(f.Range)))
		} else {
			first[c.Name] = c
		}
		sc.Checks = append(sc.Checks, c)
	}
	b.add(droppedUnchecked(sc))
	sc.Errored = b.diags.HasErrors() || s.tainted
	return sc, b.diags
}

// checkStructure reports a scenario without loads, with loads beside
// phases, with faults outside its phases, and duplicate names.
func (sc *Scenario) checkStructure() hcl.Diagnostics {
	var diags hcl.Diagnostics
	switch {
	case len(sc.Loads) == 0 && len(sc.Phases) == 0:
		diags = append(diags, problem(sc.Range, sc.Range, "Scenario without load",
			"A scenario needs load blocks, or phase blocks that hold them."))
	case len(sc.Loads) > 0 && len(sc.Phases) > 0:
		diags = append(diags, problem(sc.Loads[0].Range, sc.Range, "Loads beside phases",
			"A scenario has either loads or phases, not both: move this load into a phase."))
	}
	if len(sc.Phases) > 0 {
		for _, f := range sc.Faults {
			diags = append(diags, problem(f.Range, sc.Range, "Fault outside a phase",
				"This scenario has phases, so its faults are timed per phase: move this fault into the phase it should hit."))
		}
	} else {
		diags = append(diags, faultLoads(sc.Faults, sc.Loads)...)
	}
	diags = append(diags, uniqueLoads(sc.Loads)...)
	first := make(map[string]*Phase)
	for _, p := range sc.Phases {
		if f := first[p.Name]; f != nil {
			diags = append(diags, problem(p.NameRange, p.Range, "Duplicate phase",
				"A phase named %q is already defined at %s. Give each phase its own name.", p.Name, at(f.Range)))
			continue
		}
		first[p.Name] = p
	}
	return diags
}

// eachValue is the each object of a for_each instance.
func eachValue(key string, value cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(key), "value": value})
}

// instanceName is NAME[KEY].
func instanceName(name, key string) string { return fmt.Sprintf("%s[%s]", name, key) }
