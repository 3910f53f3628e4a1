package policy

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/plan"
)

func breakerLoad(threshold int, openFor time.Duration, halfOpen int) *plan.Load {
	return &plan.Load{Breaker: &plan.CircuitBreaker{
		FailureThreshold: threshold, OpenFor: openFor, HalfOpenSuccesses: halfOpen,
	}}
}

func TestBreakerOpensAfterConsecutiveFailures(t *testing.T) {
	tests := []struct {
		name       string
		outcomes   []error // what the first calls return
		wantOpened int64
	}{
		{"4 failures stay closed", repeat(drivers.ErrInjected, 4), 0},
		{"5 failures open", repeat(drivers.ErrInjected, 5), 1},
		{"a success resets the count",
			append(append(repeat(drivers.ErrInjected, 4), nil), repeat(drivers.ErrInjected, 4)...), 0},
		{"5 after a success open",
			append(append(repeat(drivers.ErrInjected, 4), nil), repeat(drivers.ErrInjected, 5)...), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Counters
			e := New(breakerLoad(5, time.Hour, 1), nil, &c, 1)
			s := &script{steps: tt.outcomes, after: drivers.ErrInjected}
			ctx := context.Background()
			var it drivers.WorkerState
			for i, want := range tt.outcomes {
				if err := e.Do(ctx, &it, s.fn); !errors.Is(err, want) || (want == nil) != (err == nil) {
					t.Fatalf("call %d: err = %v, want %v", i, err, want)
				}
			}
			if got := c.BreakerOpened.Load(); got != tt.wantOpened {
				t.Fatalf("opened = %d, want %d", got, tt.wantOpened)
			}
			// More calls: rejected without calling fn when open, else
			// passed through (one only: more failures would open it).
			more := int64(1)
			if tt.wantOpened == 1 {
				more = 3
			}
			before := s.calls.Load()
			for range more {
				err := e.Do(ctx, &it, s.fn)
				kind := errkind.Classify(err)
				if tt.wantOpened == 1 && (kind != errkind.BreakerOpen || !errors.Is(err, circuitbreaker.ErrOpen)) {
					t.Fatalf("open breaker: err = %v (kind %q), want breaker_open", err, kind)
				}
				if tt.wantOpened == 0 && kind != errkind.Injected {
					t.Fatalf("closed breaker: err = %v (kind %q), want injected", err, kind)
				}
			}
			calls := s.calls.Load() - before
			wantCalls, wantRejected := more, int64(0)
			if tt.wantOpened == 1 {
				wantCalls, wantRejected = 0, more
			}
			if calls != wantCalls || c.BreakerRejected.Load() != wantRejected {
				t.Fatalf("fn called %d times, rejected %d; want %d and %d",
					calls, c.BreakerRejected.Load(), wantCalls, wantRejected)
			}
		})
	}
}

// openBreaker returns an executor whose breaker (threshold 2) has just
// opened, and when that happened.
func openBreaker(t *testing.T, openFor time.Duration, halfOpen int) (*Executor, *Counters, time.Time) {
	t.Helper()
	c := &Counters{}
	e := New(breakerLoad(2, openFor, halfOpen), nil, c, 1)
	fail := &script{after: drivers.ErrInjected}
	for range 2 {
		_ = e.Do(context.Background(), &drivers.WorkerState{}, fail.fn)
	}
	opened := time.Now()
	if c.BreakerOpened.Load() != 1 {
		t.Fatalf("breaker did not open after 2 failures")
	}
	return e, c, opened
}

func TestBreakerStaysOpenForOpenFor(t *testing.T) {
	const openFor = 150 * time.Millisecond
	e, c, opened := openBreaker(t, openFor, 1)
	ok := &script{}
	deadline := time.Now().Add(5 * time.Second)
	for ok.calls.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("breaker never let a call through")
		}
		_ = e.Do(context.Background(), &drivers.WorkerState{}, ok.fn)
		time.Sleep(5 * time.Millisecond)
	}
	if waited := time.Since(opened); waited < openFor {
		t.Fatalf("first call went through %v after opening, want >= %v", waited, openFor)
	}
	if c.BreakerRejected.Load() == 0 {
		t.Fatal("no call was rejected while open")
	}
	if c.BreakerHalfOpened.Load() != 1 || c.BreakerClosed.Load() != 1 {
		t.Fatalf("half_opened = %d, closed = %d, want 1 and 1", c.BreakerHalfOpened.Load(), c.BreakerClosed.Load())
	}
}

func TestBreakerHalfOpen(t *testing.T) {
	const openFor = 30 * time.Millisecond
	tests := []struct {
		name       string
		halfOpen   int
		trials     []error
		wantClosed int64
		wantOpened int64 // including the first opening
	}{
		{"one success closes", 1, []error{nil}, 1, 1},
		{"needs two successes", 2, []error{nil}, 0, 1},
		{"two successes close", 2, []error{nil, nil}, 1, 1},
		{"a failure reopens", 2, []error{nil, drivers.ErrInjected}, 0, 2},
		{"first trial fails", 1, []error{drivers.ErrInjected}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c, _ := openBreaker(t, openFor, tt.halfOpen)
			time.Sleep(openFor + 20*time.Millisecond)
			s := &script{steps: tt.trials}
			for _, want := range tt.trials {
				if err := e.Do(context.Background(), &drivers.WorkerState{}, s.fn); !errors.Is(err, want) || (want == nil) != (err == nil) {
					t.Fatalf("trial: err = %v, want %v", err, want)
				}
			}
			if got := s.calls.Load(); got != int64(len(tt.trials)) {
				t.Fatalf("fn called %d times, want %d", got, len(tt.trials))
			}
			if c.BreakerHalfOpened.Load() != 1 {
				t.Fatalf("half_opened = %d, want 1", c.BreakerHalfOpened.Load())
			}
			if c.BreakerClosed.Load() != tt.wantClosed || c.BreakerOpened.Load() != tt.wantOpened {
				t.Fatalf("closed = %d, opened = %d; want %d, %d",
					c.BreakerClosed.Load(), c.BreakerOpened.Load(), tt.wantClosed, tt.wantOpened)
			}
		})
	}
}
