package policy

import (
	"context"
	"sync"
	"time"

	"github.com/failsafe-go/failsafe-go"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
)

// Fn is one attempt of an iteration.
type Fn func(ctx context.Context, it *drivers.WorkerState) error

// Executor runs the iterations of one load under its policies. It is safe
// for concurrent use; all workers of the load share it, and so share its
// circuit breaker.
type Executor struct {
	// fs composes retry (outer) and circuit breaker (inner); nil when the
	// load has neither.
	fs         failsafe.Executor[any]
	hasBreaker bool
	timeout    time.Duration
	fallback   Fn
	c          *Counters
	// calls recycles the per-Do state handed to failsafe, so that Do does
	// not build a closure each time.
	calls sync.Pool
}

// New returns the Executor for load l, or nil when the load has no
// timeout, retry, circuit_breaker or fallback: the engine then calls the
// iteration directly. fallback is l.Fallback compiled (nil when none); c
// receives the counters (a private set when nil); seed drives the retry
// jitter. The retry's on = [...] reads the kinds of errkind.Classify, the
// driver-independent ones: NewClassified takes the driver's classifier.
func New(l *plan.Load, fallback Fn, c *Counters, seed int64) *Executor {
	return NewClassified(l, fallback, nil, c, seed)
}

// NewClassified is New with classify, the driver's error classifier
// (drivers.Descriptor.Classify; nil means errkind.Classify), deciding the
// kind a retry's on = [...] reads.
func NewClassified(l *plan.Load, fallback Fn, classify func(error) string, c *Counters, seed int64) *Executor {
	retry := l.Retry != nil && l.Retry.Attempts > 1
	if l.Timeout <= 0 && !retry && l.Breaker == nil && fallback == nil {
		return nil
	}
	if c == nil {
		c = new(Counters)
	}
	e := &Executor{timeout: max(l.Timeout, 0), fallback: fallback, c: c}
	// failsafe.With lists policies outermost first.
	var ps []failsafe.Policy[any]
	if retry {
		ps = append(ps, newRetry(l.Retry, classify, seed))
	}
	if l.Breaker != nil {
		ps = append(ps, newBreaker(l.Breaker, c))
		e.hasBreaker = true
	}
	if len(ps) > 0 {
		e.fs = failsafe.With(ps...).OnDone(e.done)
	}
	e.calls.New = func() any {
		cl := &call{e: e}
		cl.run = cl.attempt
		return cl
	}
	return e
}

// Do runs fn under the policies, outermost first: fallback, retry,
// circuit breaker, timeout. It returns nil when an attempt succeeded or
// the fallback saved the iteration, else the last attempt's error (an
// open breaker's rejection classifies as breaker_open).
func (e *Executor) Do(ctx context.Context, it *drivers.WorkerState, fn Fn) error {
	var err error
	if e.fs == nil {
		err = e.attempt(ctx, it, fn)
	} else {
		cl := e.calls.Get().(*call)
		cl.ctx, cl.it, cl.fn = ctx, it, fn
		err = e.fs.WithContext(ctx).Run(cl.run)
		cl.ctx, cl.it, cl.fn = nil, nil, nil
		e.calls.Put(cl)
	}
	if err == nil || e.fallback == nil || ctx.Err() != nil {
		return err
	}
	if ferr := e.fallback(ctx, it); ferr != nil {
		return &fallbackError{err: err, fallback: ferr}
	}
	e.c.Fallbacks.Add(1)
	return nil
}

// done counts, once per iteration, the extra tries and the attempts the
// breaker rejected (attempts that never became executions).
func (e *Executor) done(ev failsafe.ExecutionDoneEvent[any]) {
	if n := ev.Retries(); n > 0 {
		e.c.Retries.Add(int64(n))
	}
	if e.hasBreaker {
		if n := ev.Attempts() - ev.Executions(); n > 0 {
			e.c.BreakerRejected.Add(int64(n))
		}
	}
}

// call is the state of one Do, handed to failsafe as a func bound once.
type call struct {
	e   *Executor
	ctx context.Context
	it  *drivers.WorkerState
	fn  Fn
	run func() error
}

func (c *call) attempt() error {
	return c.e.attempt(c.ctx, c.it, c.fn)
}
