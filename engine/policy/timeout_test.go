package policy

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/plan"
)

func TestTimeout(t *testing.T) {
	const limit = 30 * time.Millisecond
	tests := []struct {
		name     string
		fn       Fn
		wantKind string
	}{
		{"fast attempt succeeds", func(context.Context, *drivers.WorkerState) error { return nil }, ""},
		{"waits on the deadline", func(ctx context.Context, _ *drivers.WorkerState) error {
			<-ctx.Done()
			return fmt.Errorf("query: %w", ctx.Err())
		}, errkind.Timeout},
		{"error without the deadline in it", func(ctx context.Context, _ *drivers.WorkerState) error {
			<-ctx.Done()
			return errOther
		}, errkind.Timeout},
		{"still waiting for a connection", func(ctx context.Context, _ *drivers.WorkerState) error {
			<-ctx.Done()
			return fmt.Errorf("acquire: %w", drivers.ErrAcquireTimeout)
		}, errkind.AcquireTimeout},
		{"fails fast with its own kind", func(context.Context, *drivers.WorkerState) error { return errReset }, errkind.Reset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(&plan.Load{Timeout: limit}, nil, nil, 1)
			begin := time.Now()
			err := e.Do(context.Background(), &drivers.WorkerState{}, tt.fn)
			took := time.Since(begin)
			if got := errkind.Classify(err); got != tt.wantKind {
				t.Fatalf("err = %v (kind %q), want kind %q", err, got, tt.wantKind)
			}
			if took > 3*time.Second {
				t.Fatalf("Do took %v with a %v timeout", took, limit)
			}
		})
	}
}

// TestTimeoutPerAttempt: each try gets its own deadline, so retries are
// not starved by the first try's timeout.
func TestTimeoutPerAttempt(t *testing.T) {
	const limit = 30 * time.Millisecond
	var c Counters
	e := New(&plan.Load{Timeout: limit, Retry: &plan.Retry{Attempts: 3}}, nil, &c, 1)
	var (
		mu    sync.Mutex
		waits []time.Duration
	)
	fn := func(ctx context.Context, _ *drivers.WorkerState) error {
		begin := time.Now()
		dl, ok := ctx.Deadline()
		if !ok {
			return fmt.Errorf("attempt without a deadline")
		}
		<-ctx.Done()
		mu.Lock()
		waits = append(waits, time.Since(begin))
		mu.Unlock()
		if dl.Sub(begin) > limit {
			return fmt.Errorf("deadline %v away, want <= %v", dl.Sub(begin), limit)
		}
		return ctx.Err()
	}
	err := e.Do(context.Background(), &drivers.WorkerState{}, fn)
	if kind := errkind.Classify(err); kind != errkind.Timeout {
		t.Fatalf("err = %v (kind %q), want timeout", err, kind)
	}
	if len(waits) != 3 || c.Retries.Load() != 2 {
		t.Fatalf("%d attempts, %d retries; want 3 and 2", len(waits), c.Retries.Load())
	}
	for i, w := range waits {
		if w < limit {
			t.Fatalf("attempt %d ended after %v, before its %v deadline", i+1, w, limit)
		}
	}
}
