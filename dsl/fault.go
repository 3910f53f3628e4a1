package dsl

import (
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/internal/faultkind"
)

// faultKinds lists the fault kinds in the order the docs list them.
var faultKinds = faultkind.Names()

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
	Mode        Attr[string]        // restart: kill or fast
	DownFor     Attr[time.Duration] // restart: how long the server stays down
	Per         Attr[string]        // reset: connection or request
	SpareReqs   Attr[int64]         // reset per request: requests spared at each connection's start
	Range       hcl.Range           // the block header
}

// faultSchema is the schema of a fault of a known kind.
func faultSchema(k *faultkind.Kind) bodySchema {
	sch := bodySchema{what: an(k.Name + " fault"), attrs: k.Attrs, foreign: map[string]misplaced{}}
	for _, other := range faultkind.Kinds {
		for _, name := range other.Attrs {
			if k.Takes(name) || sch.foreign[name] != (misplaced{}) {
				continue
			}
			sch.foreign[name] = misplaced{summary: "Argument for another fault kind",
				detail: fmt.Sprintf("%q is not used by %s fault (it belongs to %s). %s fault takes %s.",
					name, an(k.Name), faultOwners(name), upper(an(k.Name)), orNothing(k.Attrs))}
		}
	}
	switch k.Timing {
	case faultkind.Whole:
		for _, name := range []string{"after", "duration"} {
			sch.foreign[name] = misplaced{summary: "Fault without a window",
				detail: fmt.Sprintf("%s fault lasts for the whole scenario or phase: it takes no after or duration. Put it in a phase of its own to limit it.", upper(an(k.Name)))}
		}
	case faultkind.Instant:
		sch.foreign["duration"] = misplaced{summary: "Instant fault",
			detail: fmt.Sprintf("%s fault happens once, at after: it takes no duration.", upper(an(k.Name)))}
	}
	return sch
}

// faultOwners lists the fault kinds that take an attribute.
func faultOwners(name string) string {
	var owners []string
	for _, k := range faultkind.Kinds {
		if k.Takes(name) {
			owners = append(owners, k.Name)
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

// field returns the field a fault attribute is decoded into, nil for an
// attribute the table does not know.
func (f *Fault) field(name string) any {
	switch name {
	case "after":
		return &f.After
	case "duration":
		return &f.Duration
	case "delay":
		return &f.Delay
	case "jitter":
		return &f.Jitter
	case "direction":
		return &f.Direction
	case "probability":
		return &f.Probability
	case "kbps":
		return &f.KBps
	case "idle_only":
		return &f.IdleOnly
	case "load":
		return &f.Load
	case "mode":
		return &f.Mode
	case "down_for":
		return &f.DownFor
	case "per":
		return &f.Per
	case "spare_requests":
		return &f.SpareReqs
	}
	return nil
}

// decodeFaultAttr decodes attribute a of a fault body into its field.
func decodeFaultAttr(b *body, f *Fault, a faultkind.Attr) {
	switch p := f.field(a.Name).(type) {
	case *Attr[time.Duration]:
		lim := runOffset
		if a.Type == faultkind.Span {
			lim = runDuration
		}
		*p = b.duration(a.Name, lim)
	case *Attr[string]:
		switch a.Type {
		case faultkind.Direction:
			*p, _ = b.enum(a.Name, faultkind.Directions, "Invalid direction")
		case faultkind.Mode:
			*p, _ = b.enum(a.Name, faultkind.Modes, "Invalid restart mode")
		case faultkind.Per:
			*p, _ = b.enum(a.Name, faultkind.Pers, "Invalid reset unit")
		default:
			*p = b.str(a.Name)
		}
	case *Attr[float64]:
		*p = b.float(a.Name, 0, 1)
	case *Attr[int64]:
		*p = b.count(a.Name, a.Min, a.Max)
	case *Attr[bool]:
		*p = b.boolean(a.Name)
	default:
		panic(fmt.Sprintf("dsl: fault attribute %q has no field", a.Name))
	}
}

// decodeFault decodes a fault block.
func decodeFault(s *scope, blk *hclsyntax.Block) (*Fault, hcl.Diagnostics) {
	f := &Fault{Kind: blk.Labels[0], KindRange: blk.LabelRanges[0], Range: header(blk)}
	k, ok := faultkind.Of(f.Kind)
	if !ok {
		return f, hcl.Diagnostics{problem(f.KindRange, f.Range, "Unknown fault kind",
			"%q is not a fault. Use %s.%s", f.Kind, quoteList(faultKinds), didYouMean(f.Kind, faultKinds))}
	}
	if k.Capability != "" && s.desc != nil && !s.desc.Has(k.Capability) {
		detail := fmt.Sprintf("The %s fault works only on %s (%s); this scenario uses %s.",
			f.Kind, driversWith(s.g.drivers, k.Capability), k.Mechanism, s.driver)
		if k.Instead != "" {
			detail += " " + k.Instead
		}
		return f, hcl.Diagnostics{problem(f.KindRange, f.Range, "Fault not supported by the driver", "%s", detail)}
	}
	b := openBody(s, blk.Body, f.Range, faultSchema(k))
	if k.Dangerous != "" && !s.allowDangerous {
		b.diags = append(b.diags, problem(f.Range, f.Range, "Dangerous fault", "%s", k.Dangerous))
	}
	for _, a := range faultkind.Attrs {
		decodeFaultAttr(b, f, a)
	}
	if f.SpareReqs.Set && f.Per.Val != faultkind.PerRequest {
		b.diags = append(b.diags, problem(f.SpareReqs.Range, f.Range, "Spared requests without a per-request reset",
			"spare_requests spares the first requests of each connection from a per-request reset, but this reset fault resets new connections (per = %q). Add per = \"request\" to reset requests on open connections, or remove spare_requests.", f.Per.Or("connection")))
	}
	for _, name := range k.Required {
		if !f.field(name).(interface{ isSet() bool }).isSet() {
			b.diags = append(b.diags, problem(f.Range, f.Range, "Missing required argument",
				"%s fault needs %q: add %s = ... to the block.", upper(an(f.Kind)), name, name))
		}
	}
	return f, b.diags
}
