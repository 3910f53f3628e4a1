package engine

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/engine/faults"
	"github.com/stressql/stressql/engine/policy"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
)

// loadRun is one load of one phase: its steps prepared on the phase's
// pool, its policies, and the recorders of its workers.
type loadRun struct {
	sc    *scenarioRun
	load  *plan.Load
	name  string
	steps []drivers.Step
	ops   []drivers.Op // nil entries are sleeps
	// live is set in a phase with a resize: the ops of the pool new
	// iterations go to, swapped by the resize (see opSet); nil otherwise.
	live atomic.Pointer[opSet]
	// exec is nil when the load has no policies (timeout, retry,
	// circuit_breaker, fallback).
	exec     *policy.Executor
	fallback []drivers.Op // the fallback steps' ops; nil without fallback
	counters policy.Counters
	// timeline is set only when an error fault may hit this load.
	timeline *faults.Timeline
	recOpts  metrics.Options
	seed     uint64
	// examples admits the first failure of each error kind, whose message
	// the load's results keep (error_examples).
	examples metrics.ExampleGate

	mu sync.Mutex
	// shards are the workers' recorders (see recShard), one per processor,
	// made at once; sched is the open-model scheduler's (drops and
	// lateness), nil for closed models.
	shards shardSet
	sched  *recShard

	// ser is the load's part of the series; nil when the load runs
	// outside a scenario's phase (tests, benchmarks).
	ser *loadSeries

	// ran, started and ended are set by the load's goroutine (under mu:
	// the series ticker reads them); started and ended are exact pool
	// samples when the load runs in a scenario.
	ran            bool
	started, ended time.Time
	// origin is the phase's start, the instant its faults' after counts
	// from: start_after counts from it too (zero: from when run begins).
	origin time.Time
}

// newLoadRun prepares l's steps (and fallback steps) on pool.
func newLoadRun(s *scenarioRun, phase int, l *plan.Load, pool drivers.Pool) (*loadRun, error) {
	ops, err := prepare(pool, l.Steps)
	if err != nil {
		return nil, fmt.Errorf("load %q: %w", l.Name, err)
	}
	lr := &loadRun{
		sc:    s,
		load:  l,
		name:  l.Name,
		steps: l.Steps,
		ops:   ops,
		seed:  mix(s.seed, uint64(s.index), uint64(phase), hashString(l.Name)),
		recOpts: metrics.Options{
			Live:            s.live,
			Mark:            s.mark,
			AcquireReported: s.sc.Desc.Has(drivers.CapAcquireWaits) && hasIO(ops),
		},
	}
	var fallback policy.Fn
	if len(l.Fallback) > 0 {
		fbOps, err := prepare(pool, l.Fallback)
		if err != nil {
			return nil, fmt.Errorf("load %q fallback: %w", l.Name, err)
		}
		fbSteps := l.Fallback
		lr.fallback = fbOps
		fallback = func(ctx context.Context, it *drivers.WorkerState) error {
			ops := fbOps
			if set := lr.live.Load(); set != nil {
				ops = set.fb // the pool in effect when the fallback runs
			}
			return runSteps(ctx, it, fbSteps, ops, nil)
		}
	}
	lr.exec = policy.NewClassified(l, fallback, s.classify, &lr.counters, int64(lr.seed))
	return lr, nil
}

// prepare compiles each step once on pool; sleeps stay nil.
func prepare(pool drivers.Pool, steps []drivers.Step) ([]drivers.Op, error) {
	ops := make([]drivers.Op, len(steps))
	for i, st := range steps {
		if st.Kind == "sleep" {
			continue
		}
		op, err := pool.Prepare(st)
		if err != nil {
			return nil, fmt.Errorf("step %d (%s): %w", i+1, st.Kind, err)
		}
		ops[i] = op
	}
	return ops, nil
}

func hasIO(ops []drivers.Op) bool {
	for _, op := range ops {
		if op != nil {
			return true
		}
	}
	return false
}

// schedShard returns the open-model scheduler's recorder shard.
func (lr *loadRun) schedShard() *recShard {
	s := &recShard{rec: metrics.NewRecorder(lr.recOpts)}
	lr.mu.Lock()
	lr.sched = s
	lr.mu.Unlock()
	return s
}

// allShards lists the load's recorder shards; call with mu held.
func (lr *loadRun) allShards() []*recShard {
	if lr.sched == nil {
		return lr.shards
	}
	return append(lr.shards[:len(lr.shards):len(lr.shards)], lr.sched)
}

// startedAt is when the load started, and whether it did.
func (lr *loadRun) startedAt() (time.Time, bool) {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	return lr.started, lr.ran
}

// takeWindows takes the current window of every shard into lr.ser.agg,
// which it returns (valid until the next call), and keeps the taken
// windows as spares.
func (lr *loadRun) takeWindows() *metrics.Window {
	ls := lr.ser
	ls.agg.Reset()
	lr.mu.Lock()
	defer lr.mu.Unlock()
	for _, sh := range lr.allShards() {
		var spare *metrics.Window
		if n := len(ls.spares); n > 0 {
			spare, ls.spares = ls.spares[n-1], ls.spares[:n-1]
		} else {
			spare = metrics.NewWindow(lr.recOpts.AcquireReported)
		}
		sh.mu.Lock()
		w := sh.rec.TakeWindow(spare)
		sh.mu.Unlock()
		ls.agg.Add(w)
		w.Reset()
		ls.spares = append(ls.spares, w)
	}
	return ls.agg
}

// release folds the shards into the load's totals once its last window
// is taken (their examples and recovery marks; their counts are already
// in), and frees them: each holds one or two HDR histograms of about
// 170 KB, and a scenario with several phases of many loads would keep them
// all until its results are assembled. The live view keeps its own small
// counters, so the progress line is unaffected.
func (lr *loadRun) release() {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	for _, sh := range lr.allShards() {
		metrics.Merge(lr.ser.total, sh.rec)
	}
	lr.shards, lr.sched, lr.ser.spares = nil, nil, nil
}

// newWorker returns worker index of this load.
func (lr *loadRun) newWorker(index int64) *worker {
	return newWorker(lr, index, lr.workerShards(), lr.seed)
}

// merged returns everything the load recorded; call it once the load is
// over.
func (lr *loadRun) merged() *metrics.Recorder {
	out := metrics.NewRecorder(metrics.Options{})
	lr.mu.Lock()
	defer lr.mu.Unlock()
	if lr.ser != nil {
		metrics.Merge(out, lr.ser.total)
	}
	for _, sh := range lr.allShards() {
		metrics.Merge(out, sh.rec)
	}
	return out
}

// hashString is FNV-1a of s, to derive seeds from names.
func hashString(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

// mix combines seed parts (splitmix64 steps), so that every load and
// worker draws its own reproducible sequence.
func mix(parts ...uint64) uint64 {
	var x uint64 = 0x9e3779b97f4a7c15
	for _, p := range parts {
		x ^= p
		x += 0x9e3779b97f4a7c15
		x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
		x = (x ^ (x >> 27)) * 0x94d049bb133111eb
		x ^= x >> 31
	}
	return x
}
