package policy

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/stressql/stressql/drivers"
)

// script is an attempt that returns a scripted sequence of errors (nil is
// a success), then `after` for every further call, and counts its calls.
type script struct {
	mu    sync.Mutex
	steps []error
	after error
	calls atomic.Int64
}

func (s *script) fn(_ context.Context, _ *drivers.WorkerState) error {
	s.calls.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.steps) == 0 {
		return s.after
	}
	err := s.steps[0]
	s.steps = s.steps[1:]
	return err
}

// repeat returns n copies of err.
func repeat(err error, n int) []error {
	out := make([]error, n)
	for i := range out {
		out[i] = err
	}
	return out
}
