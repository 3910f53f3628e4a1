package testenv

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
)

// OpenPool opens a pool with a driver's Open and, when the test ends,
// closes it and cleans up its namespace, failing the test on an error.
func OpenPool[C any](t testing.TB, open func(context.Context, C, drivers.Env) (drivers.Pool, error), cfg C, env drivers.Env) drivers.Pool {
	t.Helper()
	p, err := open(context.Background(), cfg, env)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := p.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := p.Cleanup(ctx); err != nil {
			t.Errorf("Cleanup: %v", err)
		}
	})
	return p
}

// Prepare compiles a step, failing the test when the pool rejects it.
func Prepare(t testing.TB, p drivers.Pool, s drivers.Step) drivers.Op {
	t.Helper()
	op, err := p.Prepare(s)
	if err != nil {
		t.Fatalf("Prepare(%s): %v", s.Kind, err)
	}
	return op
}

// WaitServerConns polls ServerConns until it reports want, failing the
// test when it does not within the given time.
func WaitServerConns(t testing.TB, p drivers.Pool, want int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		n, err := p.ServerConns(context.Background())
		if err != nil {
			t.Fatalf("ServerConns: %v", err)
		}
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("ServerConns = %d, want %d (waited %s)", n, want, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WaitFor polls cond every few milliseconds, failing the test when it
// does not hold within the given time.
func WaitFor(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// StoreMax raises m to v if v is larger, safely against other callers.
func StoreMax(m *atomic.Int64, v int64) {
	for {
		old := m.Load()
		if v <= old || m.CompareAndSwap(old, v) {
			return
		}
	}
}

// SampleMax samples f every 2ms in a goroutine until the returned stop is
// called; stop returns the largest value seen.
func SampleMax(f func() int64) (stop func() int64) {
	var highest int64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			highest = max(highest, f())
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(done)
		<-finished
		return highest
	}
}
