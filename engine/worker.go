package engine

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/engine/policy"
	"github.com/stressql/stressql/internal/monotime"
	"github.com/stressql/stressql/metrics"
)

// worker runs iterations of one load. It owns its WorkerState, random generator
// and timer, and records into the shard of the processor it runs on, so an
// iteration touches little that another core writes on the path without
// policies or faults, and allocates nothing.
type worker struct {
	lr     *loadRun
	shards shardSet
	it     drivers.WorkerState
	// rng draws the error fault's decisions. It is reseeded from the run's
	// seed and the iteration number before each iteration that can be hit,
	// so a seed reproduces the same failures whichever worker runs what.
	pcg   *rand.PCG
	rng   *rand.Rand
	timer *time.Timer
	// attempt is w.doAttempt bound once, for the policy executor.
	attempt policy.Fn
	// set is the ops of the iteration running, in a load whose pool can
	// be resized under it (loadRun.live); nil otherwise.
	set *opSet
}

func newWorker(lr *loadRun, index int64, shards shardSet, seed uint64) *worker {
	w := &worker{
		lr:     lr,
		shards: shards,
		it:     drivers.WorkerState{Worker: index, Scratch: make([]byte, 0, 256)},
		pcg:    rand.NewPCG(seed, uint64(index)),
		timer:  stoppedTimer(),
	}
	w.rng = rand.New(w.pcg)
	w.attempt = w.doAttempt
	return w
}

// kindTimeout is the kind of an iteration cut short by the stop.
var kindTimeout = kindIndex(errkind.Timeout)

// iterate runs iteration seq and records it, with latency measured from
// start, a monotime reading (the intended start for open models; one
// clock read fewer than time.Now). An iteration that fails because ctx
// (the scenario's work) ended — the scenario's timeout, or the end of the
// grace period after an interrupt — was cut short while in flight: it is
// counted as failed with kind timeout and the latency it had when it
// ended, whatever error the driver made of the cancellation, and the
// scenario counts it (scenarioRun.cut) to say so. Every iteration started
// is thus counted once: ops.total = ok + failed + dropped.
func (w *worker) iterate(ctx context.Context, seq int64, start int64) {
	defer w.recoverPanic(start)
	w.it.Seq = seq
	w.it.Acquire = 0
	if w.lr.timeline != nil {
		w.pcg.Seed(w.lr.seed, uint64(seq))
	}
	if set := w.lr.live.Load(); set != nil {
		w.set = w.lr.enter(set)
	}
	err := w.run(ctx)
	if w.set != nil {
		w.set.leave(err != nil)
		w.set = nil
	}
	lat := time.Duration(monotime.Now() - start)
	if err == nil {
		w.shards.pick().ok(lat, w.it.Acquire)
		return
	}
	if stopping(ctx) {
		w.lr.sc.cut.Add(1)
		w.shards.pick().fail(kindTimeout, lat, w.it.Acquire)
		return
	}
	w.lr.recordFailure(w.shards.pick(), err, lat, w.it.Acquire, start+int64(lat))
}

// run is one iteration: under the load's policies when it has any (the
// executor also applies the load's timeout, per attempt, so that a
// fallback can still run after a timed-out attempt).
func (w *worker) run(ctx context.Context) error {
	if e := w.lr.exec; e != nil {
		return e.Do(ctx, &w.it, w.attempt)
	}
	return w.doAttempt(ctx, &w.it)
}

// doAttempt is one try of an iteration: an injected failure (error fault)
// before any I/O, or the steps in order.
func (w *worker) doAttempt(ctx context.Context, it *drivers.WorkerState) error {
	lr := w.lr
	if lr.timeline != nil && lr.timeline.Inject(lr.name, w.rng) {
		return drivers.ErrInjected
	}
	ops := lr.ops
	if w.set != nil {
		ops = w.set.ops
	}
	return runSteps(ctx, it, lr.steps, ops, w.timer)
}

// stopping reports whether ctx is done or its deadline has passed: a
// driver that set its socket deadline from ctx can fail a hair before
// ctx itself reports the deadline.
func stopping(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

// recoverPanic turns a panic in an iteration into a failed iteration and a
// scenario error carrying the stack; the worker goes on.
func (w *worker) recoverPanic(start int64) {
	if r := recover(); r != nil {
		if w.set != nil {
			w.set.leave(true)
			w.set = nil
		}
		w.lr.sc.panicked(r)
		w.shards.pick().fail(metrics.KindOther, time.Duration(monotime.Now()-start), 0)
	}
}

// runSteps runs steps in order (ops[i] is nil for a sleep, which the
// engine does itself) and stops at the first failure. it.Acquire ends up
// as the total wait for connections. timer is reused for sleeps; nil
// makes a new one.
func runSteps(ctx context.Context, it *drivers.WorkerState, steps []drivers.Step, ops []drivers.Op, timer *time.Timer) error {
	if len(ops) == 1 && ops[0] != nil {
		// One step that does I/O, the usual load: its acquire wait is the
		// iteration's.
		it.Acquire = 0
		return ops[0].Do(ctx, it)
	}
	var acquired time.Duration
	for i, op := range ops {
		if op == nil {
			if err := sleep(ctx, steps[i].Duration, timer); err != nil {
				it.Acquire = acquired
				return err
			}
			continue
		}
		it.Acquire = 0
		err := op.Do(ctx, it)
		acquired += it.Acquire
		if err != nil {
			it.Acquire = acquired
			return err
		}
	}
	it.Acquire = acquired
	return nil
}

// sleep waits d or until ctx is done, reusing timer when given.
func sleep(ctx context.Context, d time.Duration, timer *time.Timer) error {
	if d <= 0 {
		return ctx.Err()
	}
	if timer == nil {
		timer = time.NewTimer(d)
	} else {
		timer.Reset(d)
	}
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		timer.Stop()
		return ctx.Err()
	}
}

// stoppedTimer returns a timer that is not running, ready for Reset.
func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}

// kindIndex maps an error kind to its index for Recorder.Fail.
func kindIndex(kind string) int {
	if i, ok := metrics.KindIndex(kind); ok {
		return i
	}
	return metrics.KindOther
}
