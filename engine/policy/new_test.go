package policy

import (
	"context"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
)

func TestNewWithoutPoliciesIsNil(t *testing.T) {
	fb := func(context.Context, *drivers.WorkerState) error { return nil }
	tests := []struct {
		name     string
		load     plan.Load
		fallback Fn
		want     bool
	}{
		{"none", plan.Load{}, nil, false},
		{"retry of one attempt", plan.Load{Retry: &plan.Retry{Attempts: 1}}, nil, false},
		{"timeout", plan.Load{Timeout: time.Second}, nil, true},
		{"retry", plan.Load{Retry: &plan.Retry{Attempts: 2}}, nil, true},
		{"breaker", plan.Load{Breaker: &plan.CircuitBreaker{FailureThreshold: 1, OpenFor: time.Second}}, nil, true},
		{"fallback", plan.Load{}, fb, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(&tt.load, tt.fallback, &Counters{}, 1)
			if got := e != nil; got != tt.want {
				t.Fatalf("New returned an Executor: %v, want %v", got, tt.want)
			}
		})
	}
}
