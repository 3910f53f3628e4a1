package dsl

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Load patterns.
const (
	PatternBurst           = "burst"
	PatternConstantWorkers = "constant_workers"
	PatternConstantRate    = "constant_rate"
	PatternRampingRate     = "ramping_rate"
)

// Patterns lists the load patterns.
var Patterns = []string{PatternBurst, PatternConstantWorkers, PatternConstantRate, PatternRampingRate}

// Bounds of load attributes.
const (
	MaxWorkers    = 100000
	MaxIterations = 1000000000
	MaxRate       = 1e6
)

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

// patternAttrs are the attributes of each pattern; patternRequired the
// ones it cannot do without.
var (
	patternAttrs = map[string][]string{
		PatternBurst:           {"workers", "iterations"},
		PatternConstantWorkers: {"workers", "duration", "think_time"},
		PatternConstantRate:    {"rate", "duration", "max_workers"},
		PatternRampingRate:     {"start_rate", "max_workers"},
	}
	patternRequired = map[string][]string{
		PatternBurst:           {"workers"},
		PatternConstantWorkers: {"workers", "duration"},
		PatternConstantRate:    {"rate", "duration"},
	}
)

var workloadSchema = bodySchema{
	what: "a load block",
	attrs: []string{"pattern", "start_after", "timeout",
		"workers", "iterations", "duration", "think_time", "rate", "max_workers", "start_rate"},
	blocks: []blockSpec{
		{typ: "step", labels: []string{"kind"}},
		{typ: "retry"},
		{typ: "circuit_breaker"},
		{typ: "fallback"},
		{typ: "stage"},
	},
}

var stageSchema = bodySchema{what: "a stage block", attrs: []string{"rate", "duration"}}

// decodeWorkload decodes a load block.
func decodeWorkload(s *scope, blk *hclsyntax.Block) (*Workload, hcl.Diagnostics) {
	w := &Workload{Name: blk.Labels[0], NameRange: blk.LabelRanges[0], Range: header(blk)}
	b := openBody(s, blk.Body, w.Range, workloadSchema)
	b.add(checkIdentifier(w.Name, w.NameRange, w.Range, "load"))

	pattern, known := b.enum("pattern", Patterns, "Unknown pattern")
	w.Pattern = pattern
	if !pattern.Set {
		b.diags = append(b.diags, problem(w.Range, w.Range, "Missing required argument",
			"A load needs a pattern: add pattern = %s.", quoteList(Patterns)))
	}
	if known {
		b.dropOtherPattern(pattern.Val)
	}

	w.Workers = b.count("workers", 1, MaxWorkers)
	w.Iterations = b.count("iterations", 1, MaxIterations)
	w.Duration = b.duration("duration", runDuration)
	w.ThinkTime = b.duration("think_time", runOffset)
	w.Rate = b.positiveRate("rate")
	w.MaxWorkers = b.count("max_workers", 1, MaxWorkers)
	w.StartRate = b.float("start_rate", 0, MaxRate)
	w.StartAfter = b.duration("start_after", runOffset)
	w.Timeout = b.duration("timeout", runOffset)
	if known {
		what := fmt.Sprintf("A %s load", pattern.Val)
		set := map[string]bool{"workers": w.Workers.Set, "duration": w.Duration.Set, "rate": w.Rate.Set}
		for _, name := range patternRequired[pattern.Val] {
			if !set[name] {
				b.diags = append(b.diags, problem(w.Range, w.Range, "Missing required argument",
					"%s needs %q: add %s = ... to the block.", what, name, name))
			}
		}
	}

	for _, sb := range b.blocksOf("stage") {
		st, moreDiags := decodeStage(s, sb)
		b.add(moreDiags)
		w.Stages = append(w.Stages, st)
	}
	if known && pattern.Val == PatternRampingRate && len(w.Stages) == 0 {
		b.diags = append(b.diags, problem(w.Range, w.Range, "Missing stage",
			"A ramping_rate load needs one or more stage { rate = ..., duration = ... } blocks."))
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
func (b *body) dropOtherPattern(p string) {
	own := patternAttrs[p]
	for _, other := range Patterns {
		for _, name := range patternAttrs[other] {
			a := b.attrs[name]
			if a == nil || slices.Contains(own, name) {
				continue
			}
			b.diags = append(b.diags, problem(a.NameRange, b.def, "Argument for another pattern",
				"%q is not used by the %s pattern (it belongs to %s). Remove it or change the pattern; %s takes %s.",
				name, p, ownersOf(name), p, quoteList(own)))
			delete(b.attrs, name)
		}
	}
	if p == PatternRampingRate {
		return
	}
	kept := b.blocks[:0]
	for _, blk := range b.blocks {
		if blk.Type == "stage" {
			b.diags = append(b.diags, problem(blk.TypeRange, b.def, "Block for another pattern",
				"stage blocks belong to the ramping_rate pattern; this load uses %s.", p))
			continue
		}
		kept = append(kept, blk)
	}
	b.blocks = kept
}

// ownersOf lists the patterns that take an attribute.
func ownersOf(name string) string {
	var owners []string
	for _, p := range Patterns {
		if slices.Contains(patternAttrs[p], name) {
			owners = append(owners, p)
		}
	}
	return quoteList(owners)
}

// positiveRate decodes a rate that must be above 0.
func (b *body) positiveRate(name string) Attr[float64] {
	n, tainted := len(b.diags), b.s.tainted
	r := b.float(name, 0, MaxRate)
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
	st.Rate = b.float("rate", 0, MaxRate)
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
