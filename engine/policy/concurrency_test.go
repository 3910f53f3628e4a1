package policy

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
)

// TestConcurrentWorkers shares one Executor (one breaker) among workers
// whose attempts fail at random, and checks that the counters add up.
func TestConcurrentWorkers(t *testing.T) {
	const workers, iterations = 8, 300
	var c Counters
	l := &plan.Load{
		Timeout: time.Second,
		Retry:   &plan.Retry{Attempts: 3, Backoff: 100 * time.Microsecond, MaxBackoff: time.Millisecond, Jitter: 0.2},
		Breaker: &plan.CircuitBreaker{FailureThreshold: 3, OpenFor: 2 * time.Millisecond, HalfOpenSuccesses: 2},
	}
	var fallbacks atomic.Int64
	fb := func(context.Context, *drivers.WorkerState) error { fallbacks.Add(1); return nil }
	e := New(l, fb, &c, 42)
	var calls atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			it := &drivers.WorkerState{Worker: int64(w)}
			fn := func(_ context.Context, it2 *drivers.WorkerState) error {
				calls.Add(1)
				if it2 != it {
					t.Error("fn got another worker's WorkerState")
				}
				if rng.Float64() < 0.5 {
					return drivers.ErrInjected
				}
				return nil
			}
			for i := range iterations {
				it.Seq = int64(i)
				if err := e.Do(context.Background(), it, fn); err != nil {
					t.Errorf("Do: %v (the fallback always succeeds)", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	// Every Do makes 1 + retries attempts; each is executed or rejected.
	dos := int64(workers * iterations)
	if got, want := calls.Load()+c.BreakerRejected.Load(), dos+c.Retries.Load(); got != want {
		t.Fatalf("calls + rejected = %d, iterations + retries = %d", got, want)
	}
	if c.Fallbacks.Load() != fallbacks.Load() {
		t.Fatalf("fallbacks counted %d, ran %d", c.Fallbacks.Load(), fallbacks.Load())
	}
	opened, half, closed := c.BreakerOpened.Load(), c.BreakerHalfOpened.Load(), c.BreakerClosed.Load()
	if opened == 0 || half > opened || closed > half {
		t.Fatalf("breaker opened %d, half-opened %d, closed %d: impossible sequence", opened, half, closed)
	}
	t.Logf("retries %d, fallbacks %d, opened %d, half-opened %d, closed %d, rejected %d",
		c.Retries.Load(), c.Fallbacks.Load(), opened, half, closed, c.BreakerRejected.Load())
}

func BenchmarkDo(b *testing.B) {
	ok := func(context.Context, *drivers.WorkerState) error { return nil }
	loads := map[string]*plan.Load{
		"timeout": {Timeout: time.Second},
		"retry":   {Retry: &plan.Retry{Attempts: 3}},
		"retry+breaker+timeout": {
			Timeout: time.Second,
			Retry:   &plan.Retry{Attempts: 3},
			Breaker: &plan.CircuitBreaker{FailureThreshold: 5, OpenFor: time.Second, HalfOpenSuccesses: 1},
		},
	}
	for name, l := range loads {
		b.Run(name, func(b *testing.B) {
			e := New(l, nil, nil, 1)
			it := &drivers.WorkerState{}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				_ = e.Do(ctx, it, ok)
			}
		})
	}
}
