package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/monotime"
	"github.com/stressql/stressql/interp"
)

// TestIterationDoesNotAllocate: without policies or faults, one iteration
// (steps, classification, recording) allocates nothing.
func TestIterationDoesNotAllocate(t *testing.T) {
	lr := testLoad(&interp.Load{Pattern: interp.Burst, Workers: 1}, noopOp{}, noopOp{})
	w := lr.newWorker(0)
	ctx := context.Background()
	var seq int64
	allocs := testing.AllocsPerRun(1000, func() {
		w.iterate(ctx, seq, monotime.Now())
		seq++
	})
	if allocs != 0 {
		t.Errorf("an iteration allocates %.1f times, want 0", allocs)
	}
	if ops := lr.merged().Ops(); ops.OK < 1000 {
		t.Errorf("ops = %+v", ops)
	}
}

// BenchmarkDispatch measures the open model's path at 20k iterations/s:
// the scheduler hands each due iteration to one of 64 workers, which runs
// a no-op step and records it. It reports allocations (0 expected: the
// only ones are the workers' set-up), the share of iterations dropped
// because every worker was busy, and the scheduler's p99 lateness.
func BenchmarkDispatch(b *testing.B) {
	const rate = 20_000
	lr := testLoad(&interp.Load{Pattern: interp.ConstantRate, MaxWorkers: 64}, noopOp{})
	ctx := context.Background()
	p := constantPacer{rate: rate, n: int64(b.N)}
	b.ReportAllocs()
	b.ResetTimer()
	lr.started = time.Now()
	lr.open(ctx, ctx, p)
	b.StopTimer()
	ops := lr.merged().Ops()
	if ops.Total != int64(b.N) {
		b.Fatalf("ops = %+v, want %d", ops, b.N)
	}
	b.ReportMetric(float64(ops.Dropped)/float64(b.N), "dropped/op")
	b.ReportMetric(float64(lr.lateness.ValueAtQuantile(99)), "p99-late-µs")
}

// BenchmarkIteration is one iteration of a no-op step on one worker.
func BenchmarkIteration(b *testing.B) {
	lr := testLoad(&interp.Load{Pattern: interp.Burst, Workers: 1}, noopOp{})
	w := lr.newWorker(0)
	ctx := context.Background()
	b.ReportAllocs()
	var seq int64
	for b.Loop() {
		w.iterate(ctx, seq, monotime.Now())
		seq++
	}
}
