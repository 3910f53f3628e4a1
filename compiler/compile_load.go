package compiler

import (
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/results"
)

// DefaultMaxWorkers is max_workers of an open-model load that sets none.
const DefaultMaxWorkers = loadpattern.DefaultMaxWorkers

// DefaultMaxBackoff caps retry delays when a retry block sets no
// max_backoff.
const DefaultMaxBackoff = time.Second

// compileLoad compiles a load running on pool (for the expected duration
// of holds).
func compileLoad(w *dsl.Workload, pool *Pool) (*Load, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	l := &Load{
		Name:       w.Name,
		Pattern:    w.Pattern.Val,
		StartAfter: w.StartAfter.Val,
		Timeout:    w.Timeout.Val,
		Source:     SourceOf(w.Range),
	}
	if c, ok := patternCompilers[l.Pattern]; ok {
		c.fill(l, w)
	}

	steps, moreDiags := compileSteps(w.Steps)
	diags = append(diags, moreDiags...)
	l.Steps = steps
	if w.Retry != nil {
		r, moreDiags := compileRetry(w.Retry)
		diags = append(diags, moreDiags...)
		l.Retry = r
	}
	if b := w.Breaker; b != nil {
		l.Breaker = &CircuitBreaker{
			FailureThreshold:  int(b.FailureThreshold.Val),
			OpenFor:           b.OpenFor.Val,
			HalfOpenSuccesses: int(b.HalfOpenSuccesses.Or(1)),
		}
	}
	if w.Fallback != nil {
		steps, moreDiags := compileSteps(w.Fallback.Steps)
		diags = append(diags, moreDiags...)
		l.Fallback = steps
	}

	expect(l, pool)
	switch {
	case loadpattern.IsOpen(l.Pattern) && l.ExpectedIterations == 0:
		diags = append(diags, errorAt(w.Range, w.Range, "Load runs no iterations",
			"The rates of this load are all 0, so its schedule holds no iteration. Give a stage (or start_rate) a rate above 0."))
	case l.ExpectedDuration > dsl.MaxRunDuration:
		diags = append(diags, errorAt(w.Range, w.Range, "Load runs too long",
			"This load is expected to run for %s, more than the %s a load may take. Make it shorter.",
			l.ExpectedDuration, dsl.MaxRunDuration))
	}
	return l, diags
}

// patternCompiler is how the compiler handles one pattern of
// internal/loadpattern's table; every pattern has one (a test checks).
type patternCompiler struct {
	// fill copies the pattern's attributes, defaults applied.
	fill func(l *Load, w *dsl.Workload)
	// expect sets ExpectedIterations and ExpectedDuration (see expect).
	expect func(l *Load, pool *Pool)
}

var patternCompilers = map[string]patternCompiler{
	Burst: {fill: func(l *Load, w *dsl.Workload) {
		l.Workers = w.Workers.Val
		l.Iterations = w.Iterations.Or(w.Workers.Val)
	}, expect: expectBurst},
	ConstantWorkers: {fill: func(l *Load, w *dsl.Workload) {
		l.Workers = w.Workers.Val
		l.Duration = w.Duration.Val
		l.ThinkTime = w.ThinkTime.Val
	}, expect: expectConstantWorkers},
	ConstantRate: {fill: func(l *Load, w *dsl.Workload) {
		l.Rate = w.Rate.Val
		l.Duration = w.Duration.Val
		l.MaxWorkers = w.MaxWorkers.Or(DefaultMaxWorkers)
	}, expect: expectConstantRate},
	RampingRate: {fill: func(l *Load, w *dsl.Workload) {
		l.StartRate = w.StartRate.Val
		for _, st := range w.Stages {
			l.Stages = append(l.Stages, Stage{Rate: st.Rate.Val, Duration: st.Duration.Val})
		}
		l.MaxWorkers = w.MaxWorkers.Or(DefaultMaxWorkers)
	}, expect: expectRampingRate},
}

// compileRetry compiles a retry block with its defaults: max_backoff 1s,
// and the error kinds results.ErrorKindTable retries by default (all but
// breaker_open).
func compileRetry(r *dsl.Retry) (*Retry, hcl.Diagnostics) {
	out := &Retry{
		Attempts:   int(r.Attempts.Val),
		Backoff:    r.Backoff.Val,
		MaxBackoff: r.MaxBackoff.Or(DefaultMaxBackoff),
		Jitter:     r.Jitter.Val,
		On:         r.On.Val,
	}
	if !r.On.Set {
		out.On = results.RetriedByDefault()
	}
	if out.On == nil {
		out.On = []string{}
	}
	if out.Backoff > out.MaxBackoff {
		subject := r.Backoff.Range
		return out, hcl.Diagnostics{errorAt(subject, r.Range, "Backoff above max_backoff",
			"backoff (%s) is above max_backoff (%s), which caps every delay. Lower backoff or raise max_backoff.",
			out.Backoff, out.MaxBackoff)}
	}
	return out, nil
}
