package policy

import (
	"context"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/interp"
)

func TestNewWithoutPoliciesIsNil(t *testing.T) {
	fb := func(context.Context, *drivers.Iter) error { return nil }
	tests := []struct {
		name     string
		load     interp.Load
		fallback Fn
		want     bool
	}{
		{"none", interp.Load{}, nil, false},
		{"retry of one attempt", interp.Load{Retry: &interp.Retry{Attempts: 1}}, nil, false},
		{"timeout", interp.Load{Timeout: time.Second}, nil, true},
		{"retry", interp.Load{Retry: &interp.Retry{Attempts: 2}}, nil, true},
		{"breaker", interp.Load{Breaker: &interp.CircuitBreaker{FailureThreshold: 1, OpenFor: time.Second}}, nil, true},
		{"fallback", interp.Load{}, fb, true},
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
