package engine

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/monotime"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// TestIterationDoesNotAllocate: without policies or faults, one iteration
// (steps, classification, recording) allocates nothing.
func TestIterationDoesNotAllocate(t *testing.T) {
	lr := testLoad(&plan.Load{Pattern: plan.Burst, Workers: 1}, noopOp{}, noopOp{})
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
	lr := testLoad(&plan.Load{Pattern: plan.ConstantRate, MaxWorkers: 64}, noopOp{})
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
	b.ReportMetric(float64(lr.merged().Lateness().ValueAtQuantile(99)), "p99-late-µs")
}

// BenchmarkIteration is one iteration of a no-op step on one worker.
func BenchmarkIteration(b *testing.B) {
	lr := testLoad(&plan.Load{Pattern: plan.Burst, Workers: 1}, noopOp{})
	w := lr.newWorker(0)
	ctx := context.Background()
	b.ReportAllocs()
	var seq int64
	for b.Loop() {
		w.iterate(ctx, seq, monotime.Now())
		seq++
	}
}

// failOp fails every iteration with the same error.
type failOp struct{ err error }

func (o failOp) Do(context.Context, *drivers.WorkerState) error { return o.err }

// TestFailureExampleIsTakenOnce: the first failure of a kind builds its
// message (the example); later failures of that kind allocate nothing.
func TestFailureExampleIsTakenOnce(t *testing.T) {
	perm := fmt.Errorf("acquire: create schema s: %w",
		&pgconn.PgError{Severity: "ERROR", Code: "42501", Message: "permission denied for database stressql"})
	lr := testLoad(&plan.Load{Pattern: plan.Burst, Workers: 1}, failOp{perm})
	// A PostgreSQL error, classified by the driver's classifier as
	// execute sets it.
	lr.sc.sc.Driver, lr.sc.sc.Desc = "postgres", desc("postgres")
	lr.sc.classify = lr.sc.sc.Desc.Classify
	lr.sc.started = time.Now()
	w := lr.newWorker(0)
	ctx := context.Background()
	w.iterate(ctx, 0, monotime.Now())
	seq := int64(1)
	allocs := testing.AllocsPerRun(1000, func() {
		w.iterate(ctx, seq, monotime.Now())
		seq++
	})
	if allocs != 0 {
		t.Errorf("a failed iteration of a kind already seen allocates %.1f times, want 0", allocs)
	}
	var res results.Result
	lr.merged().Fill(&res, time.Second)
	if res.Errors["permission"] < 1000 {
		t.Errorf("errors = %v", res.Errors)
	}
	ex, ok := res.ErrorExamples["permission"]
	if !ok || ex.Message != perm.Error() || len(res.ErrorExamples) != 1 {
		t.Errorf("examples = %v, want permission: %q", res.ErrorExamples, perm.Error())
	}
}

// BenchmarkIterationParallel is BenchmarkIteration on every processor at
// once, one worker each, recording into the load's shards as a closed
// model does. Each worker numbers its own iterations: constantWorkers
// takes them from one shared counter, whose line moves between the cores
// on every iteration and would hide the rest. Scaling perfectly, its
// ns/op is BenchmarkIteration's divided by GOMAXPROCS; what it costs
// above that is cache lines the workers share.
func BenchmarkIterationParallel(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	lr := testLoad(&plan.Load{Pattern: plan.ConstantWorkers, Workers: int64(procs)}, noopOp{})
	workers := make([]*worker, procs)
	for i := range workers {
		workers[i] = lr.newWorker(int64(i))
	}
	ctx := context.Background()
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := workers[int(next.Add(1)-1)%len(workers)]
		var local int64
		for pb.Next() {
			w.iterate(ctx, local, monotime.Now())
			local++
		}
	})
}
