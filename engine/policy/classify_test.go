package policy

import (
	"context"
	"errors"
	"testing"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/plan"
)

// errDriverAuth stands for a driver's own error type, which only its
// classifier knows (errkind.Classify calls it other).
var errDriverAuth = errors.New("server: bad password")

func driverClassify(err error) string {
	if errors.Is(err, errDriverAuth) {
		return errkind.Auth
	}
	return errkind.Classify(err)
}

// TestRetryReadsTheDriversKinds: a retry's on = [...] reads the kind the
// driver's classifier gives, not errkind's alone.
func TestRetryReadsTheDriversKinds(t *testing.T) {
	tests := []struct {
		name      string
		classify  func(error) string
		on        []string
		wantCalls int64
	}{
		{"the driver's kind is in on", driverClassify, []string{errkind.Auth}, 3},
		{"the driver's kind is not in on", driverClassify, []string{errkind.Other}, 1},
		{"without the driver's classifier it is other", nil, []string{errkind.Auth}, 1},
		{"default on, the driver's classifier", driverClassify, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Counters
			l := &plan.Load{Retry: &plan.Retry{Attempts: 3, On: tt.on}}
			e := NewClassified(l, nil, tt.classify, &c, 1)
			s := &script{after: errDriverAuth}
			if err := e.Do(context.Background(), &drivers.WorkerState{}, s.fn); !errors.Is(err, errDriverAuth) {
				t.Fatalf("err = %v, want the driver's error", err)
			}
			if s.calls.Load() != tt.wantCalls {
				t.Fatalf("calls = %d, want %d", s.calls.Load(), tt.wantCalls)
			}
		})
	}
}
