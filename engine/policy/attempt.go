package policy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stressql/stressql/drivers"
)

// attempt runs fn once, under the per-attempt timeout when the load has
// one. The timeout is a context deadline, so the driver stops waiting on
// its socket; an attempt that fails after its deadline passed is reported
// as a timeout even when the driver's error does not say so.
func (e *Executor) attempt(ctx context.Context, it *drivers.WorkerState, fn Fn) error {
	if e.timeout <= 0 {
		return fn(ctx, it)
	}
	actx, cancel := context.WithTimeout(ctx, e.timeout)
	err := fn(actx, it)
	if err != nil && ctx.Err() == nil && actx.Err() != nil && !errors.Is(err, context.DeadlineExceeded) {
		err = &timeoutError{after: e.timeout, err: err}
	}
	cancel()
	return err
}

// timeoutError is an attempt that failed once its deadline had passed. It
// matches context.DeadlineExceeded, so errkind classifies it as timeout
// (or acquire_timeout when the driver was still waiting for a connection).
type timeoutError struct {
	after time.Duration
	err   error
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("attempt timed out after %s: %v", e.after, e.err)
}

func (e *timeoutError) Unwrap() []error {
	return []error{context.DeadlineExceeded, e.err}
}

// fallbackError is an iteration that failed and whose fallback failed too.
// It unwraps to the iteration's error, so the failure keeps its kind.
type fallbackError struct {
	err, fallback error
}

func (e *fallbackError) Error() string {
	return fmt.Sprintf("%v (fallback failed too: %v)", e.err, e.fallback)
}

func (e *fallbackError) Unwrap() error {
	return e.err
}
