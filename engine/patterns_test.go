package engine

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// These tests drive the load patterns with engine-side steps (sleep) and
// in-process Ops, no server: they are about scheduling, counting and
// recording, which the engine owns. Driver behaviour is covered by the
// integration tests.

// filled is what rec reports in a result (see metrics.Recorder.Fill).
func filled(rec *metrics.Recorder) *results.Result {
	var res results.Result
	rec.Fill(&res, 0)
	return &res
}

// funcOp is an Op made of a function.
type funcOp func(ctx context.Context, it *drivers.WorkerState) error

func (f funcOp) Do(ctx context.Context, it *drivers.WorkerState) error { return f(ctx, it) }

// noopOp does nothing, to measure the engine's own cost.
type noopOp struct{}

func (noopOp) Do(context.Context, *drivers.WorkerState) error { return nil }

// testLoad returns a load run of l whose steps are ops (nil = sleep), in a
// scenario of its own.
func testLoad(l *plan.Load, ops ...drivers.Op) *loadRun {
	s := &scenarioRun{
		e:     &engine{opts: Options{}.withDefaults()},
		sc:    &plan.Scenario{Name: "unit", Driver: "redis", Desc: desc("redis")},
		index: 1,
		live:  metrics.NewLive(),
		mark:  &metrics.Mark{},
	}
	if l.Name == "" {
		l.Name = "unit"
	}
	if len(l.Steps) == 0 {
		l.Steps = make([]drivers.Step, len(ops))
		for i := range l.Steps {
			l.Steps[i].Kind = "op"
		}
	}
	return &loadRun{
		sc:      s,
		load:    l,
		name:    l.Name,
		steps:   l.Steps,
		ops:     ops,
		recOpts: metrics.Options{Live: s.live, Mark: s.mark},
	}
}

func TestBurstSharesIterations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                string
		workers, iterations int64
		want                int64
	}{
		{"more iterations than workers", 8, 1000, 1000},
		{"more workers than iterations", 40, 10, 10},
		{"iterations default to workers", 16, 0, 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var seen [1000]atomic.Int32
			var workers [40]atomic.Int32
			op := funcOp(func(_ context.Context, it *drivers.WorkerState) error {
				seen[it.Seq].Add(1)
				workers[it.Worker].Store(1)
				return nil
			})
			lr := testLoad(&plan.Load{Pattern: plan.Burst, Workers: tc.workers, Iterations: tc.iterations}, op)
			lr.run(context.Background(), context.Background())
			ops := lr.merged().Ops()
			if ops.OK != tc.want || ops.Total != tc.want {
				t.Errorf("ops = %+v, want %d ok", ops, tc.want)
			}
			for i := range tc.want {
				if n := seen[i].Load(); n != 1 {
					t.Fatalf("iteration %d ran %d times", i, n)
				}
			}
		})
	}
}

// TestBurstStartsTogether: every worker is running before any starts, so
// workers that each hold their iteration meet at once.
func TestBurstStartsTogether(t *testing.T) {
	t.Parallel()
	const n = 20
	var arrived atomic.Int64
	all := make(chan struct{})
	op := funcOp(func(ctx context.Context, _ *drivers.WorkerState) error {
		if arrived.Add(1) == n {
			close(all)
		}
		select {
		case <-all:
			return nil
		case <-time.After(5 * time.Second):
			return errors.New("not every worker started")
		}
	})
	lr := testLoad(&plan.Load{Pattern: plan.Burst, Workers: n, Iterations: n}, op)
	lr.run(context.Background(), context.Background())
	if ops := lr.merged().Ops(); ops.OK != n {
		t.Errorf("ops = %+v, want %d ok", ops, n)
	}
}

func TestConstantWorkersThinkTime(t *testing.T) {
	t.Parallel()
	// 2 workers for 1s, each iteration a 10ms sleep then 90ms think: about
	// 10 iterations each. Bounds are generous for a loaded machine.
	lr := testLoad(&plan.Load{
		Pattern: plan.ConstantWorkers, Workers: 2, Duration: time.Second, ThinkTime: 90 * time.Millisecond,
		Steps: []drivers.Step{{Kind: "sleep", Duration: 10 * time.Millisecond}},
	}, nil)
	start := time.Now()
	lr.run(context.Background(), context.Background())
	took := time.Since(start)
	ops := lr.merged().Ops()
	// Without think time it would be about 200; a loaded machine only
	// makes sleeps longer, hence the low floor.
	if ops.OK < 4 || ops.OK > 22 || ops.Failed != 0 {
		t.Errorf("ops = %+v, want about 20 ok", ops)
	}
	if took < time.Second || took > 3*time.Second {
		t.Errorf("took %v, want about 1s", took)
	}
	lat := filled(lr.merged()).Latency
	if lat.Min < 10 || lat.P50 > 50 {
		t.Errorf("latency min %v ms p50 %v ms: think time must not count, the 10ms sleep must", lat.Min, lat.P50)
	}
}

func TestOpenModelCountsExactly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		load *plan.Load
		want int64
	}{
		{"constant_rate", &plan.Load{Pattern: plan.ConstantRate, Rate: 400, Duration: time.Second, MaxWorkers: 10}, 400},
		{"ramping_rate", &plan.Load{Pattern: plan.RampingRate, StartRate: 0, MaxWorkers: 10,
			Stages: []plan.Stage{{Rate: 400, Duration: 500 * time.Millisecond}, {Rate: 400, Duration: 250 * time.Millisecond}}}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var seen [1000]atomic.Int32
			op := funcOp(func(_ context.Context, it *drivers.WorkerState) error {
				seen[it.Seq].Add(1)
				return nil
			})
			lr := testLoad(tc.load, op)
			lr.run(context.Background(), context.Background())
			ops := lr.merged().Ops()
			if ops.Total != tc.want || ops.OK+ops.Dropped != tc.want {
				t.Errorf("ops = %+v, want %d in all", ops, tc.want)
			}
			// How few are dropped is a speed property of the scheduler on
			// this machine: BenchmarkDispatch reports it; a unit test only
			// demands that the schedule is exact and nothing runs twice.
			for i := range tc.want {
				if n := seen[i].Load(); n > 1 {
					t.Fatalf("iteration %d ran %d times", i, n)
				}
			}
		})
	}
}

// TestOpenModelDrops: with every worker busy, an arrival is dropped, not
// queued, and latency counts from the intended start.
func TestOpenModelDrops(t *testing.T) {
	t.Parallel()
	// 100/s for 500ms = 50 arrivals; 2 workers busy 50ms each can serve
	// at most about 20 of them.
	lr := testLoad(&plan.Load{
		Pattern: plan.ConstantRate, Rate: 100, Duration: 500 * time.Millisecond, MaxWorkers: 2,
		Steps: []drivers.Step{{Kind: "sleep", Duration: 50 * time.Millisecond}},
	}, nil)
	lr.run(context.Background(), context.Background())
	ops := lr.merged().Ops()
	if ops.Total != 50 || ops.OK+ops.Dropped != 50 {
		t.Fatalf("ops = %+v, want 50 in all", ops)
	}
	if ops.OK > 24 || ops.Dropped < 26 {
		t.Errorf("ops = %+v, want most dropped", ops)
	}
	if lat := filled(lr.merged()).Latency; lat.Min < 50 {
		t.Errorf("latency min = %v ms, below the 50ms the step takes", lat.Min)
	}
}

// TestOpenModelStartsWorkersOnDemand: max_workers is a ceiling. Quick
// iterations at a modest rate need a few workers, not 10 000 — while slow
// ones get as many as they need; recorders stay within the shard bound.
func TestOpenModelStartsWorkersOnDemand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		step          time.Duration
		least, atMost int64
	}{
		// 200/s of 1ms iterations: rarely more than one in flight.
		{"quick iterations", time.Millisecond, 1, 20},
		// 200/s of 100ms iterations: about 20 in flight.
		{"slow iterations", 100 * time.Millisecond, 15, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var workers atomic.Int64 // highest worker index + 1
			op := funcOp(func(ctx context.Context, it *drivers.WorkerState) error {
				testenv.StoreMax(&workers, it.Worker+1)
				return sleep(ctx, tc.step, nil)
			})
			lr := testLoad(&plan.Load{Pattern: plan.ConstantRate, Rate: 200, Duration: time.Second, MaxWorkers: 10000}, op)
			lr.run(context.Background(), context.Background())
			if ops := lr.merged().Ops(); ops.OK != 200 {
				t.Fatalf("ops = %+v, want 200 ok", ops)
			}
			if n := workers.Load(); n < tc.least || n > tc.atMost {
				t.Errorf("%d workers started, want %d..%d", n, tc.least, tc.atMost)
			}
			want := lr.shardCount() + 1 // + the scheduler's drops
			if n := len(lr.allShards()); n != want {
				t.Errorf("%d recorders for %d workers, want %d", n, workers.Load(), want)
			}
		})
	}
}

// TestRecorderShards: many workers share a bounded set of recorders and
// every iteration is counted once.
func TestRecorderShards(t *testing.T) {
	t.Parallel()
	lr := testLoad(&plan.Load{Pattern: plan.Burst, Workers: 500, Iterations: 20000}, noopOp{})
	lr.run(context.Background(), context.Background())
	if ops := lr.merged().Ops(); ops.OK != 20000 {
		t.Fatalf("ops = %+v, want 20000 ok", ops)
	}
	if n := len(lr.allShards()); n != runtime.GOMAXPROCS(0) {
		t.Errorf("%d recorders for 500 workers, want one per processor (%d)", n, runtime.GOMAXPROCS(0))
	}
	if lat := filled(lr.merged()).Latency; lat.Count != 20000 {
		t.Errorf("latency count = %d, want 20000", lat.Count)
	}
}

// TestStopScheduling: cancelling sched stops new iterations at once, and
// iterations in flight finish with work.
func TestStopScheduling(t *testing.T) {
	t.Parallel()
	for _, l := range []*plan.Load{
		{Pattern: plan.Burst, Workers: 4, Iterations: 1000},
		{Pattern: plan.ConstantWorkers, Workers: 4, Duration: time.Minute},
		{Pattern: plan.ConstantRate, Rate: 100, Duration: time.Minute, MaxWorkers: 4},
	} {
		t.Run(l.Pattern, func(t *testing.T) {
			t.Parallel()
			l.Steps = []drivers.Step{{Kind: "sleep", Duration: 20 * time.Millisecond}}
			lr := testLoad(l, nil)
			sched, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			start := time.Now()
			lr.run(sched, context.Background())
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v after the stop", took)
			}
			ops := lr.merged().Ops()
			if ops.OK == 0 || ops.Failed != 0 {
				t.Errorf("ops = %+v: in-flight iterations must finish ok", ops)
			}
		})
	}
}

func TestPanicBecomesScenarioError(t *testing.T) {
	t.Parallel()
	op := funcOp(func(_ context.Context, it *drivers.WorkerState) error {
		if it.Seq%2 == 1 {
			panic("boom")
		}
		return nil
	})
	lr := testLoad(&plan.Load{Pattern: plan.Burst, Workers: 2, Iterations: 10}, op)
	lr.run(context.Background(), context.Background())
	ops := lr.merged().Ops()
	if ops.OK != 5 || ops.Failed != 5 {
		t.Errorf("ops = %+v, want 5 ok and 5 failed", ops)
	}
	if n := filled(lr.merged()).Errors[results.ErrorKinds[metrics.KindOther]]; n != 5 {
		t.Errorf("other = %d, want 5", n)
	}
	if len(lr.sc.errs) != 1 || !strings.Contains(lr.sc.errs[0], "panic: boom") ||
		!strings.Contains(lr.sc.errs[0], "patterns_test.go") {
		t.Errorf("scenario errors = %q, want the first panic with its stack", lr.sc.errs)
	}
	if lr.sc.panics != 5 {
		t.Errorf("panics = %d, want 5", lr.sc.panics)
	}
}

func TestSleepStepAndAcquireSum(t *testing.T) {
	t.Parallel()
	acquire := funcOp(func(_ context.Context, it *drivers.WorkerState) error {
		it.Acquire = 3 * time.Millisecond
		return nil
	})
	steps := []drivers.Step{{Kind: "op"}, {Kind: "sleep", Duration: 5 * time.Millisecond}, {Kind: "op"}}
	var it drivers.WorkerState
	start := time.Now()
	if err := runSteps(context.Background(), &it, steps, []drivers.Op{acquire, nil, acquire}, stoppedTimer()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 5*time.Millisecond {
		t.Errorf("took %v, the sleep step did not sleep", took)
	}
	if it.Acquire != 6*time.Millisecond {
		t.Errorf("Acquire = %v, want the two steps' 6ms", it.Acquire)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	long := []drivers.Step{{Kind: "sleep", Duration: time.Hour}}
	if err := runSteps(ctx, &it, long, []drivers.Op{nil}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep on a cancelled context = %v", err)
	}
}
