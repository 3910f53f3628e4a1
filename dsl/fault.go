package dsl

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/drivers"
)

// Fault kinds.
const (
	FaultLatency   = "latency"
	FaultBandwidth = "bandwidth"
	FaultReset     = "reset"
	FaultOutage    = "outage"
	FaultStall     = "timeout"
	FaultTerminate = "terminate"
	FaultPause     = "pause"
	FaultError     = "error"
	FaultDNS       = "dns"
	FaultClosePool = "close_pool"
)

// FaultKinds lists the fault kinds in the order the docs list them.
var FaultKinds = []string{FaultLatency, FaultBandwidth, FaultReset, FaultOutage, FaultStall,
	FaultTerminate, FaultPause, FaultError, FaultDNS, FaultClosePool}

// Directions are the values of a latency or bandwidth fault's direction.
var Directions = []string{"downstream", "upstream", "both"}

// MaxKBps bounds a bandwidth fault.
const MaxKBps = 10000000

// Fault is a fault block. Times are relative to the start of the scenario
// or of the phase it is in.
type Fault struct {
	Kind        string
	KindRange   hcl.Range
	After       Attr[time.Duration]
	Duration    Attr[time.Duration]
	Delay       Attr[time.Duration] // latency
	Jitter      Attr[time.Duration] // latency
	Direction   Attr[string]        // latency, bandwidth
	Probability Attr[float64]       // reset, error
	KBps        Attr[int64]         // bandwidth
	IdleOnly    Attr[bool]          // terminate
	Load        Attr[string]        // error: only this load
	Range       hcl.Range           // the block header
}

// faultSpec says what a kind of fault takes.
type faultSpec struct {
	needs    string // the driver capability it needs (drivers.Cap...); "" for any driver
	attrs    []string
	required []string
}

var faultSpecs = map[string]faultSpec{
	FaultLatency:   {attrs: []string{"after", "duration", "delay", "jitter", "direction"}, required: []string{"delay"}},
	FaultBandwidth: {attrs: []string{"after", "duration", "kbps", "direction"}, required: []string{"kbps"}},
	FaultReset:     {attrs: []string{"after", "duration", "probability"}, required: []string{"probability"}},
	FaultOutage:    {attrs: []string{"after", "duration"}, required: []string{"duration"}},
	FaultStall:     {attrs: []string{"after", "duration"}},
	FaultTerminate: {attrs: []string{"after", "idle_only"}},
	FaultPause:     {needs: drivers.CapPause, attrs: []string{"after", "duration"}, required: []string{"duration"}},
	FaultError:     {attrs: []string{"after", "duration", "probability", "load"}, required: []string{"probability"}},
	FaultDNS:       {},
	FaultClosePool: {attrs: []string{"after"}},
}

// faultSchema is the schema of a fault of a known kind.
func faultSchema(kind string) bodySchema {
	spec := faultSpecs[kind]
	sch := bodySchema{what: an(kind + " fault"), attrs: spec.attrs, foreign: map[string]misplaced{}}
	for _, other := range FaultKinds {
		for _, name := range faultSpecs[other].attrs {
			if slices.Contains(spec.attrs, name) || sch.foreign[name] != (misplaced{}) {
				continue
			}
			sch.foreign[name] = misplaced{summary: "Argument for another fault kind",
				detail: fmt.Sprintf("%q is not used by %s fault (it belongs to %s). %s fault takes %s.",
					name, an(kind), faultOwners(name), upper(an(kind)), orNothing(spec.attrs))}
		}
	}
	switch kind {
	case FaultDNS:
		for _, name := range []string{"after", "duration"} {
			sch.foreign[name] = misplaced{summary: "Fault without a window",
				detail: "A dns fault lasts for the whole scenario or phase: it takes no after or duration. Put it in a phase of its own to limit it."}
		}
	case FaultTerminate, FaultClosePool:
		sch.foreign["duration"] = misplaced{summary: "Instant fault",
			detail: fmt.Sprintf("%s fault happens once, at after: it takes no duration.", upper(an(kind)))}
	}
	return sch
}

// faultOwners lists the fault kinds that take an attribute.
func faultOwners(name string) string {
	var owners []string
	for _, k := range FaultKinds {
		if slices.Contains(faultSpecs[k].attrs, name) {
			owners = append(owners, k)
		}
	}
	return quoteList(owners)
}

// orNothing is quoteList, or "nothing" for an empty list.
func orNothing(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	return quoteList(names)
}

// decodeFault decodes a fault block.
func decodeFault(s *scope, blk *hclsyntax.Block) (*Fault, hcl.Diagnostics) {
	f := &Fault{Kind: blk.Labels[0], KindRange: blk.LabelRanges[0], Range: header(blk)}
	spec, ok := faultSpecs[f.Kind]
	if !ok {
		return f, hcl.Diagnostics{problem(f.KindRange, f.Range, "Unknown fault kind",
			"%q is not a fault. Use %s.%s", f.Kind, quoteList(FaultKinds), didYouMean(f.Kind, FaultKinds))}
	}
	if spec.needs != "" && s.desc != nil && !s.desc.Has(spec.needs) {
		return f, hcl.Diagnostics{problem(f.KindRange, f.Range, "Fault not supported by the driver",
			"The %s fault works only on %s (Redis CLIENT PAUSE); this scenario uses %s. A \"timeout\" fault stalls connections on any driver.",
			f.Kind, driversWith(s.g.drivers, spec.needs), s.driver)}
	}
	b := openBody(s, blk.Body, f.Range, faultSchema(f.Kind))
	if f.Kind == FaultPause && !s.allowDangerous {
		b.diags = append(b.diags, problem(f.Range, f.Range, "Dangerous fault",
			"A pause fault sends CLIENT PAUSE, which stalls every client of the server, not only this scenario's: other tenants of a shared Redis stop too. If this scenario really needs it, set allow_dangerous = true in the scenario."))
	}
	f.After = b.duration("after", runOffset)
	f.Duration = b.duration("duration", runDuration)
	f.Delay = b.duration("delay", runDuration)
	f.Jitter = b.duration("jitter", runOffset)
	f.Direction, _ = b.enum("direction", Directions, "Invalid direction")
	f.Probability = b.float("probability", 0, 1)
	f.KBps = b.count("kbps", 1, MaxKBps)
	f.IdleOnly = b.boolean("idle_only")
	f.Load = b.str("load")
	set := map[string]bool{"delay": f.Delay.Set, "kbps": f.KBps.Set, "probability": f.Probability.Set, "duration": f.Duration.Set}
	for _, name := range spec.required {
		if !set[name] {
			b.diags = append(b.diags, problem(f.Range, f.Range, "Missing required argument",
				"%s fault needs %q: add %s = ... to the block.", upper(an(f.Kind)), name, name))
		}
	}
	return f, b.diags
}
