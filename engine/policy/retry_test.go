package policy

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/circuitbreaker"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/plan"
)

var (
	errReset = fmt.Errorf("read: %w", syscall.ECONNRESET)
	errOther = errors.New("something else")
)

func TestRetry(t *testing.T) {
	tests := []struct {
		name        string
		attempts    int
		on          []string
		steps       []error
		after       error
		wantCalls   int64
		wantRetries int64
		wantKind    string // "" = success
	}{
		{"fails every try", 3, nil, nil, drivers.ErrInjected, 3, 2, errkind.Injected},
		{"succeeds on the second try", 3, nil, []error{drivers.ErrInjected}, nil, 2, 1, ""},
		{"succeeds at once", 3, nil, nil, nil, 1, 0, ""},
		{"default retries any kind", 4, nil, nil, errOther, 4, 3, errkind.Other},
		{"default skips breaker_open", 3, nil, nil, fmt.Errorf("x: %w", circuitbreaker.ErrOpen), 1, 0, errkind.BreakerOpen},
		{"kind not in on", 3, []string{errkind.Reset}, nil, drivers.ErrInjected, 1, 0, errkind.Injected},
		{"kind in on", 3, []string{errkind.Reset, errkind.Injected}, nil, drivers.ErrInjected, 3, 2, errkind.Injected},
		{"on filters each try", 5, []string{errkind.Reset},
			[]error{errReset, errReset}, drivers.ErrInjected, 3, 2, errkind.Injected},
		{"last error is kept", 2, nil, []error{errReset}, drivers.ErrInjected, 2, 1, errkind.Injected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Counters
			l := &plan.Load{Retry: &plan.Retry{Attempts: tt.attempts, On: tt.on}}
			e := New(l, nil, &c, 1)
			s := &script{steps: tt.steps, after: tt.after}
			err := e.Do(context.Background(), &drivers.WorkerState{}, s.fn)
			if got := errkind.Classify(err); got != tt.wantKind {
				t.Fatalf("err = %v (kind %q), want kind %q", err, got, tt.wantKind)
			}
			if s.calls.Load() != tt.wantCalls || c.Retries.Load() != tt.wantRetries {
				t.Fatalf("calls = %d, retries = %d; want %d, %d",
					s.calls.Load(), c.Retries.Load(), tt.wantCalls, tt.wantRetries)
			}
		})
	}
}

// TestRetryWithBreaker: retry is outside the breaker, so the breaker
// counts each try, and a rejection ends the retries by default.
func TestRetryWithBreaker(t *testing.T) {
	var c Counters
	l := &plan.Load{
		Retry:   &plan.Retry{Attempts: 5},
		Breaker: &plan.CircuitBreaker{FailureThreshold: 3, OpenFor: time.Hour, HalfOpenSuccesses: 1},
	}
	e := New(l, nil, &c, 1)
	s := &script{after: drivers.ErrInjected}
	err := e.Do(context.Background(), &drivers.WorkerState{}, s.fn)
	if kind := errkind.Classify(err); kind != errkind.BreakerOpen {
		t.Fatalf("err = %v (kind %q), want breaker_open", err, kind)
	}
	// 3 failed tries open the breaker; the 4th try is rejected and not retried.
	if s.calls.Load() != 3 || c.Retries.Load() != 3 || c.BreakerRejected.Load() != 1 || c.BreakerOpened.Load() != 1 {
		t.Fatalf("calls = %d, retries = %d, rejected = %d, opened = %d; want 3, 3, 1, 1",
			s.calls.Load(), c.Retries.Load(), c.BreakerRejected.Load(), c.BreakerOpened.Load())
	}
}

func TestRetryBackoffTiming(t *testing.T) {
	// Delays 20ms, 40ms, then capped at 50ms: at least 110ms in all.
	l := &plan.Load{Retry: &plan.Retry{Attempts: 4, Backoff: 20 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}}
	e := New(l, nil, nil, 1)
	s := &script{after: drivers.ErrInjected}
	var starts []time.Time
	fn := func(ctx context.Context, it *drivers.WorkerState) error {
		starts = append(starts, time.Now())
		return s.fn(ctx, it)
	}
	begin := time.Now()
	_ = e.Do(context.Background(), &drivers.WorkerState{}, fn)
	total := time.Since(begin)
	if len(starts) != 4 {
		t.Fatalf("%d tries, want 4", len(starts))
	}
	for i, want := range []time.Duration{20, 40, 50} {
		if gap := starts[i+1].Sub(starts[i]); gap < want*time.Millisecond {
			t.Fatalf("delay before try %d = %v, want >= %vms", i+2, gap, want)
		}
	}
	if total > 3*time.Second {
		t.Fatalf("retries took %v, want about 110ms", total)
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	l := &plan.Load{Retry: &plan.Retry{Attempts: 100, Backoff: time.Hour, MaxBackoff: time.Hour}}
	e := New(l, nil, nil, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	s := &script{after: drivers.ErrInjected}
	begin := time.Now()
	err := e.Do(ctx, &drivers.WorkerState{}, s.fn)
	if took := time.Since(begin); took > 3*time.Second {
		t.Fatalf("Do returned after %v, want soon after the context ended", took)
	}
	if err == nil || s.calls.Load() != 1 {
		t.Fatalf("err = %v, calls = %d; want an error after 1 call", err, s.calls.Load())
	}
}

// retriesDone is an ExecutionAttempt that has made n retries.
type retriesDone struct {
	failsafe.ExecutionAttempt[any]
	n int
}

func (r retriesDone) Retries() int { return r.n }

func TestBackoffDelay(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name       string
		backoff    time.Duration
		maxBackoff time.Duration
		want       []time.Duration // before retry 1, 2, ...
	}{
		{"doubles", 10 * ms, time.Second, []time.Duration{10 * ms, 20 * ms, 40 * ms, 80 * ms}},
		{"capped", 100 * ms, 250 * ms, []time.Duration{100 * ms, 200 * ms, 250 * ms, 250 * ms}},
		{"zero", 0, time.Second, []time.Duration{0, 0, 0}},
		{"cap below backoff", 30 * ms, 0, []time.Duration{30 * ms, 30 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackoff(&plan.Retry{Attempts: 10, Backoff: tt.backoff, MaxBackoff: tt.maxBackoff}, 1)
			for i, want := range tt.want {
				if got := b.delay(retriesDone{n: i}); got != want {
					t.Fatalf("delay before retry %d = %v, want %v", i+1, got, want)
				}
			}
		})
	}
	// Many retries never overflow past the cap.
	b := newBackoff(&plan.Retry{Attempts: 100, Backoff: time.Second, MaxBackoff: time.Hour}, 1)
	if got := b.delay(retriesDone{n: 99}); got != time.Hour {
		t.Fatalf("delay before retry 100 = %v, want 1h", got)
	}
}

func TestBackoffJitter(t *testing.T) {
	const d = 100 * time.Millisecond
	mk := func(seed int64) *backoff {
		return newBackoff(&plan.Retry{Attempts: 2, Backoff: d, MaxBackoff: d, Jitter: 0.5}, seed)
	}
	a, b, other := mk(7), mk(7), mk(8)
	distinct := map[time.Duration]bool{}
	sameSeed, otherSeed := true, true
	for range 200 {
		x := a.delay(retriesDone{})
		if x < d/2 || x > d*3/2 {
			t.Fatalf("jittered delay %v outside [50ms, 150ms]", x)
		}
		distinct[x] = true
		sameSeed = sameSeed && b.delay(retriesDone{}) == x
		otherSeed = otherSeed && other.delay(retriesDone{}) == x
	}
	if len(distinct) < 100 {
		t.Fatalf("only %d distinct delays in 200 draws", len(distinct))
	}
	if !sameSeed {
		t.Fatal("the same seed gave different delays")
	}
	if otherSeed {
		t.Fatal("different seeds gave the same delays")
	}
}
