package policy

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/plan"
)

func TestFallback(t *testing.T) {
	breaker := &plan.CircuitBreaker{FailureThreshold: 1, OpenFor: time.Hour, HalfOpenSuccesses: 1}
	tests := []struct {
		name          string
		load          plan.Load
		iteration     []error // one Do per entry
		fallback      error
		wantKinds     []string // per Do, "" = ok
		wantFallbacks int64
		wantFbCalls   int64
	}{
		{"not needed", plan.Load{}, []error{nil}, nil, []string{""}, 0, 0},
		{"saves the iteration", plan.Load{}, []error{drivers.ErrInjected}, nil, []string{""}, 1, 1},
		{"fails too: the iteration's kind stays", plan.Load{}, []error{errReset},
			drivers.ErrInjected, []string{errkind.Reset}, 0, 1},
		{"after the retries", plan.Load{Retry: &plan.Retry{Attempts: 3}},
			repeat(drivers.ErrInjected, 3), nil, []string{""}, 1, 1},
		{"saves breaker rejections", plan.Load{Breaker: breaker},
			repeat(drivers.ErrInjected, 3), nil, []string{"", "", ""}, 3, 3},
		{"rejected and fallback fails", plan.Load{Breaker: breaker},
			repeat(drivers.ErrInjected, 2), errOther, []string{errkind.Injected, errkind.BreakerOpen}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Counters
			fb := &script{after: tt.fallback}
			e := New(&tt.load, fb.fn, &c, 1)
			s := &script{steps: tt.iteration}
			for i, want := range tt.wantKinds {
				err := e.Do(context.Background(), &drivers.WorkerState{}, s.fn)
				if got := errkind.Classify(err); got != want {
					t.Fatalf("Do %d: err = %v (kind %q), want kind %q", i, err, got, want)
				}
			}
			if c.Fallbacks.Load() != tt.wantFallbacks || fb.calls.Load() != tt.wantFbCalls {
				t.Fatalf("fallbacks = %d, fallback calls = %d; want %d, %d",
					c.Fallbacks.Load(), fb.calls.Load(), tt.wantFallbacks, tt.wantFbCalls)
			}
		})
	}
}

func TestFallbackSkippedWhenStopping(t *testing.T) {
	fb := &script{}
	e := New(&plan.Load{}, fb.fn, nil, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fail := func(ctx context.Context, _ *drivers.WorkerState) error { return ctx.Err() }
	if err := e.Do(ctx, &drivers.WorkerState{}, fail); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if fb.calls.Load() != 0 {
		t.Fatal("the fallback ran although the run was stopping")
	}
}
