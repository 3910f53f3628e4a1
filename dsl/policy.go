package dsl

import (
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/results"
)

// Retry is a retry block: a failed iteration is tried again.
type Retry struct {
	Attempts   Attr[int64] // total tries, including the first
	Backoff    Attr[time.Duration]
	MaxBackoff Attr[time.Duration]
	Jitter     Attr[float64]
	On         Attr[[]string] // error kinds retried
	Range      hcl.Range
}

// CircuitBreaker is a circuit_breaker block.
type CircuitBreaker struct {
	FailureThreshold  Attr[int64]
	OpenFor           Attr[time.Duration]
	HalfOpenSuccesses Attr[int64]
	Range             hcl.Range
}

// Fallback is a fallback block: steps run when an iteration still fails.
type Fallback struct {
	Steps []*Step
	Range hcl.Range
}

// Bounds of policy attributes.
const (
	MaxAttempts  = 100
	MaxThreshold = 10000
)

var (
	retrySchema = bodySchema{what: "a retry block",
		attrs: []string{"attempts", "backoff", "max_backoff", "jitter", "on"}}
	breakerSchema = bodySchema{what: "a circuit_breaker block",
		attrs: []string{"failure_threshold", "open_for", "half_open_successes"}}
	fallbackSchema = bodySchema{what: "a fallback block",
		blocks: []blockSpec{{typ: "step", labels: []string{"kind"}}}}
)

// decodeRetry decodes a retry block.
func decodeRetry(s *scope, blk *hclsyntax.Block) (*Retry, hcl.Diagnostics) {
	r := &Retry{Range: header(blk)}
	b := openBody(s, blk.Body, r.Range, retrySchema)
	r.Attempts = b.count("attempts", 2, MaxAttempts)
	b.require(r.Attempts, "attempts", "A retry block")
	r.Backoff = b.duration("backoff", runOffset)
	r.MaxBackoff = b.duration("max_backoff", runOffset)
	r.Jitter = b.float("jitter", 0, 1)
	n, tainted := len(b.diags), s.tainted
	r.On = b.strings("on")
	if r.On.Set && len(r.On.Val) == 0 && !hasErrors(b.diags[n:]) && s.tainted == tainted {
		b.diags = append(b.diags, problem(r.On.Range, r.Range, "Empty error kind list",
			"on = [] would retry nothing. Name the error kinds to retry, or remove on to retry every kind but %s.",
			strings.Join(results.NotRetriedByDefault(), ", ")))
	}
	for _, kind := range r.On.Val {
		if !slices.Contains(results.ErrorKinds, kind) {
			b.diags = append(b.diags, problem(r.On.Range, r.Range, "Unknown error kind",
				"%q is not an error kind. Use %s.%s", kind, quoteList(results.ErrorKinds), didYouMean(kind, results.ErrorKinds)))
		}
	}
	return r, b.diags
}

// decodeBreaker decodes a circuit_breaker block.
func decodeBreaker(s *scope, blk *hclsyntax.Block) (*CircuitBreaker, hcl.Diagnostics) {
	c := &CircuitBreaker{Range: header(blk)}
	b := openBody(s, blk.Body, c.Range, breakerSchema)
	c.FailureThreshold = b.count("failure_threshold", 1, MaxThreshold)
	c.OpenFor = b.duration("open_for", runDuration)
	c.HalfOpenSuccesses = b.count("half_open_successes", 1, MaxThreshold)
	b.require(c.FailureThreshold, "failure_threshold", "A circuit_breaker block")
	b.require(c.OpenFor, "open_for", "A circuit_breaker block")
	return c, b.diags
}

// decodeFallback decodes a fallback block.
func decodeFallback(s *scope, blk *hclsyntax.Block) (*Fallback, hcl.Diagnostics) {
	f := &Fallback{Range: header(blk)}
	b := openBody(s, blk.Body, f.Range, fallbackSchema)
	for _, sb := range b.blocksOf("step") {
		st, moreDiags := decodeStep(s, sb)
		b.add(moreDiags)
		f.Steps = append(f.Steps, st)
	}
	if len(f.Steps) == 0 {
		b.diags = append(b.diags, problem(f.Range, f.Range, "Fallback without steps",
			"A fallback block needs one or more step blocks to run when an iteration fails."))
	}
	return f, b.diags
}
