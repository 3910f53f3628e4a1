package testenv

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers/redis"
)

func TestSampleMax(t *testing.T) {
	seq := []int64{3, 9, 4}
	var calls atomic.Int64
	stop := SampleMax(func() int64 {
		n := calls.Add(1)
		return seq[min(int(n), len(seq))-1]
	})
	WaitFor(t, "three samples", 5*time.Second, func() bool { return calls.Load() >= 3 })
	if got := stop(); got != 9 {
		t.Fatalf("SampleMax = %d, want 9", got)
	}
	n := calls.Load()
	time.Sleep(20 * time.Millisecond)
	if calls.Load() != n {
		t.Fatal("sampling went on after stop")
	}
}

func TestWaitFor(t *testing.T) {
	var polls atomic.Int64
	r := call(func(tb testing.TB) {
		WaitFor(tb, "the third poll", 5*time.Second, func() bool { return polls.Add(1) == 3 })
	})
	if r.fatal != "" || polls.Load() != 3 {
		t.Fatalf("WaitFor: fatal %q after %d polls, want none after 3", r.fatal, polls.Load())
	}
	start := time.Now()
	r = call(func(tb testing.TB) { WaitFor(tb, "never", 50*time.Millisecond, func() bool { return false }) })
	if !strings.Contains(r.fatal, "never") || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("WaitFor on a condition that never holds: fatal %q after %s", r.fatal, time.Since(start))
	}
}

func TestWaitGoroutines(t *testing.T) {
	before := countGoroutines()
	release := make(chan struct{})
	go func() { <-release }()
	r := call(func(tb testing.TB) { WaitGoroutines(tb, before, 50*time.Millisecond) })
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "goroutine") {
		t.Fatalf("WaitGoroutines with one left: errors %q, want one naming the goroutines", r.errors)
	}
	close(release)
	if !WaitGoroutines(t, before, 5*time.Second) {
		t.Fatal("WaitGoroutines failed once the goroutine ended")
	}
}

// TestWaitServerConns counts a real pool's connections on the Redis test
// server.
func TestWaitServerConns(t *testing.T) {
	cfg := redis.DefaultConfig()
	cfg.MinIdleConns = 2
	p := OpenPool(t, redis.Open, cfg, Env(t, "redis"))
	WaitServerConns(t, p, 2, 5*time.Second)
	r := call(func(tb testing.TB) { WaitServerConns(tb, p, 7, 100*time.Millisecond) })
	if !strings.Contains(r.fatal, "ServerConns = 2, want 7") {
		t.Fatalf("WaitServerConns for 7 of 2: fatal %q", r.fatal)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	WaitServerConns(t, p, 0, 5*time.Second)
}
