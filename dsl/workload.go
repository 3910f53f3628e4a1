package dsl

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/internal/loadpattern"
)

// patterns lists the load patterns in the order the docs list them.
var patterns = loadpattern.Names()

// Workload is a load block: one load generator.
type Workload struct {
	Name      string
	NameRange hcl.Range
	Pattern   Attr[string]

	Workers    Attr[int64] // burst, constant_workers
	Iterations Attr[int64] // burst
	Duration   Attr[time.Duration]
	ThinkTime  Attr[time.Duration] // constant_workers
	Rate       Attr[float64]       // constant_rate
	MaxWorkers Attr[int64]         // constant_rate, ramping_rate
	StartRate  Attr[float64]       // ramping_rate
	Stages     []*Stage            // ramping_rate

	StartAfter Attr[time.Duration]
	Timeout    Attr[time.Duration]

	Steps    []*Step
	Retry    *Retry
	Breaker  *CircuitBreaker
	Fallback *Fallback
	Range    hcl.Range // the block header
}

// Stage is one stage block of a ramping_rate load.
type Stage struct {
	Rate     Attr[float64]
	Duration Attr[time.Duration]
	Range    hcl.Range
}

// patternAttrs are the attributes (not blocks) of pattern p.
func patternAttrs(p *loadpattern.Pattern) []string {
	var out []string
	for _, name := range p.Attrs {
		if a, _ := loadpattern.AttrOf(name); a.Type != loadpattern.Stages {
			out = append(out, name)
		}
	}
	return out
}

// takesStages reports whether pattern p takes stage blocks.
func takesStages(p *loadpattern.Pattern) bool {
	return p.Takes("stages")
}

// field returns the field a pattern attribute is decoded into, nil for
// one the table does not know or a block.
func (w *Workload) field(name string) any {
	switch name {
	case "workers":
		return &w.Workers
	case "iterations":
		return &w.Iterations
	case "duration":
		return &w.Duration
	case "think_time":
		return &w.ThinkTime
	case "rate":
		return &w.Rate
	case "max_workers":
		return &w.MaxWorkers
	case "start_rate":
		return &w.StartRate
	}
	return nil
}

// decodePatternAttr decodes pattern attribute a into its field.
func decodePatternAttr(b *body, w *Workload, a loadpattern.Attr) {
	switch a.Type {
	case loadpattern.Workers:
		*w.field(a.Name).(*Attr[int64]) = b.count(a.Name, 1, loadpattern.MaxWorkers)
	case loadpattern.Iterations:
		*w.field(a.Name).(*Attr[int64]) = b.count(a.Name, 1, loadpattern.MaxIterations)
	case loadpattern.Span:
		*w.field(a.Name).(*Attr[time.Duration]) = b.duration(a.Name, runDuration)
	case loadpattern.Offset:
		*w.field(a.Name).(*Attr[time.Duration]) = b.duration(a.Name, runOffset)
	case loadpattern.Rate:
		*w.field(a.Name).(*Attr[float64]) = b.positiveRate(a.Name)
	case loadpattern.RateFrom0:
		*w.field(a.Name).(*Attr[float64]) = b.float(a.Name, 0, loadpattern.MaxRate)
	case loadpattern.Stages:
		// blocks, decoded by decodeWorkload
	default:
		panic(fmt.Sprintf("dsl: pattern attribute %q has no decoder", a.Name))
	}
}

var workloadSchema = bodySchema{
	what:  "a load block",
	attrs: append([]string{"pattern", "start_after", "timeout"}, patternAttrNames()...),
	blocks: []blockSpec{
		{typ: "step", labels: []string{"kind"}},
		{typ: "retry"},
		{typ: "circuit_breaker"},
		{typ: "fallback"},
		{typ: "stage"},
	},
}

// patternAttrNames are the names of every pattern attribute that is not a
// block, in the table's order.
func patternAttrNames() []string {
	var out []string
	for _, a := range loadpattern.Attrs {
		if a.Type != loadpattern.Stages {
			out = append(out, a.Name)
		}
	}
	return out
}

var stageSchema = bodySchema{what: "a stage block", attrs: []string{"rate", "duration"}}

// decodeWorkload decodes a load block.
func decodeWorkload(s *scope, blk *hclsyntax.Block) (*Workload, hcl.Diagnostics) {
	w := &Workload{Name: blk.Labels[0], NameRange: blk.LabelRanges[0], Range: header(blk)}
	b := openBody(s, blk.Body, w.Range, workloadSchema)
	b.add(checkIdentifier(w.Name, w.NameRange, w.Range, "load"))

	pattern, known := b.enum("pattern", patterns, "Unknown pattern")
	w.Pattern = pattern
	if !pattern.Set {
		b.diags = append(b.diags, problem(w.Range, w.Range, "Missing required argument",
			"A load needs a pattern: add pattern = %s.", quoteList(patterns)))
	}
	p, _ := loadpattern.Of(pattern.Val)
	known = known && p != nil
	if known {
		b.dropOtherPattern(p)
	}

	for _, a := range loadpattern.Attrs {
		decodePatternAttr(b, w, a)
	}
	w.StartAfter = b.duration("start_after", runOffset)
	w.Timeout = b.duration("timeout", runOffset)
	if known {
		what := fmt.Sprintf("A %s load", pattern.Val)
		for _, name := range p.Required {
			f := w.field(name)
			if f == nil || f.(interface{ isSet() bool }).isSet() {
				continue // stages: checked below
			}
			b.diags = append(b.diags, problem(w.Range, w.Range, "Missing required argument",
				"%s needs %q: add %s = ... to the block.", what, name, name))
		}
	}

	for _, sb := range b.blocksOf("stage") {
		st, moreDiags := decodeStage(s, sb)
		b.add(moreDiags)
		w.Stages = append(w.Stages, st)
	}
	if known && takesStages(p) && slices.Contains(p.Required, "stages") && len(w.Stages) == 0 {
		b.diags = append(b.diags, problem(w.Range, w.Range, "Missing stage",
			"A %s load needs one or more stage { rate = ..., duration = ... } blocks.", p.Name))
	}

	for _, sb := range b.blocksOf("step") {
		st, moreDiags := decodeStep(s, sb)
		b.add(moreDiags)
		w.Steps = append(w.Steps, st)
	}
	if len(w.Steps) == 0 {
		b.diags = append(b.diags, problem(w.Range, w.Range, "Load without steps",
			"A load needs one or more step blocks saying what each iteration does, like step \"ping\" {}."))
	}
	if rb := b.single("retry"); rb != nil {
		r, moreDiags := decodeRetry(s, rb)
		b.add(moreDiags)
		w.Retry = r
	}
	if cb := b.single("circuit_breaker"); cb != nil {
		c, moreDiags := decodeBreaker(s, cb)
		b.add(moreDiags)
		w.Breaker = c
	}
	if fb := b.single("fallback"); fb != nil {
		f, moreDiags := decodeFallback(s, fb)
		b.add(moreDiags)
		w.Fallback = f
	}
	return w, b.diags
}

// dropOtherPattern reports and forgets attributes and stage blocks that
// belong to another pattern than p.
func (b *body) dropOtherPattern(p *loadpattern.Pattern) {
	own := patternAttrs(p)
	for i := range loadpattern.Patterns {
		for _, name := range patternAttrs(&loadpattern.Patterns[i]) {
			a := b.attrs[name]
			if a == nil || slices.Contains(own, name) {
				continue
			}
			b.diags = append(b.diags, problem(a.NameRange, b.def, "Argument for another pattern",
				"%q is not used by the %s pattern (it belongs to %s). Remove it or change the pattern; %s takes %s.",
				name, p.Name, ownersOf(name), p.Name, quoteList(own)))
			delete(b.attrs, name)
		}
	}
	if takesStages(p) {
		return
	}
	kept := b.blocks[:0]
	for _, blk := range b.blocks {
		if blk.Type == "stage" {
			b.diags = append(b.diags, problem(blk.TypeRange, b.def, "Block for another pattern",
				"stage blocks belong to the %s pattern; this load uses %s.", stageOwners(), p.Name))
			continue
		}
		kept = append(kept, blk)
	}
	b.blocks = kept
}

// ownersOf lists the patterns that take an attribute.
func ownersOf(name string) string {
	var owners []string
	for i := range loadpattern.Patterns {
		if p := &loadpattern.Patterns[i]; slices.Contains(patternAttrs(p), name) {
			owners = append(owners, p.Name)
		}
	}
	return quoteList(owners)
}

// stageOwners names the patterns that take stage blocks.
func stageOwners() string {
	var owners []string
	for i := range loadpattern.Patterns {
		if p := &loadpattern.Patterns[i]; takesStages(p) {
			owners = append(owners, p.Name)
		}
	}
	return strings.Join(owners, ", ")
}

// positiveRate decodes a rate that must be above 0.
func (b *body) positiveRate(name string) Attr[float64] {
	n, tainted := len(b.diags), b.s.tainted
	r := b.float(name, 0, loadpattern.MaxRate)
	// A value that could not be known (a broken variable, reported
	// elsewhere) taints the scope and reads as 0: no second error.
	if r.Set && r.Val == 0 && !hasErrors(b.diags[n:]) && b.s.tainted == tainted {
		b.diags = append(b.diags, problem(r.Range, b.def, "Value out of range",
			"%s must be above 0 iterations per second.", name))
	}
	return r
}

// decodeStage decodes a stage block of a ramping_rate load.
func decodeStage(s *scope, blk *hclsyntax.Block) (*Stage, hcl.Diagnostics) {
	st := &Stage{Range: header(blk)}
	b := openBody(s, blk.Body, st.Range, stageSchema)
	st.Rate = b.float("rate", 0, loadpattern.MaxRate)
	st.Duration = b.duration("duration", runDuration)
	b.require(st.Rate, "rate", "A stage")
	b.require(st.Duration, "duration", "A stage")
	return st, b.diags
}

// checkIdentifier reports a block name that checks could not read as
// load.NAME or phase.NAME.
func checkIdentifier(name string, rng, context hcl.Range, kind string) hcl.Diagnostics {
	if hclsyntax.ValidIdentifier(name) {
		return nil
	}
	return hcl.Diagnostics{problem(rng, context, fmt.Sprintf("Invalid %s name", kind),
		"%q cannot be read by checks as %s.NAME: a name must start with a letter or underscore and may contain only letters, digits, underscores and dashes.",
		name, kind)}
}
