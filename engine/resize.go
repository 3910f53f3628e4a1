package engine

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// drainPoll is how often a resize looks whether the iterations in flight
// on the old pool are done.
const drainPoll = time.Millisecond

// opSet is a load's steps prepared on one pool, in a phase whose pool is
// resized under traffic. An iteration takes the load's current set once,
// when it starts (loadRun.enter), and runs every step and retry on it, so
// an iteration in flight at the swap finishes on the old pool; a fallback
// runs on the set current when it runs. The counters say when the old
// pool may be closed and what became of the iterations drained on it.
type opSet struct {
	ops, fb  []drivers.Op
	inflight atomic.Int64 // iterations running on this set
	done     atomic.Int64 // iterations finished on this set
	failed   atomic.Int64 // of which failed
}

// enter counts an iteration in on set, the load's current set; if a swap
// replaced set meanwhile, on the new one instead. Once the resize has
// swapped sets, no iteration enters the old one: one that counted itself
// in after the swap sees the new set and leaves the old at once, without
// having used it.
func (lr *loadRun) enter(set *opSet) *opSet {
	for {
		set.inflight.Add(1)
		cur := lr.live.Load()
		if cur == set {
			return set
		}
		set.inflight.Add(-1)
		set = cur
	}
}

// leave counts an iteration out of its set.
func (set *opSet) leave(failed bool) {
	if failed {
		set.failed.Add(1)
	}
	set.done.Add(1)
	set.inflight.Add(-1)
}

// resizeRun is a phase's resize as it ran; its times are zero for the
// steps that did not happen.
type resizeRun struct {
	r                     *plan.Resize
	planned, start, swap  time.Time
	opened, drained, shut time.Time // new pool ready, old pool drained, old pool closed
	closeDur              time.Duration
	inFlight, failed      int64
	oldConns              int64
}

// armResize gives each load of a phase with a resize its first set (the
// ops prepared on the phase's pool), so that its iterations count
// themselves in and out.
func armResize(pr *phaseRun) {
	if pr.ph.Resize == nil {
		return
	}
	for _, lr := range pr.loads {
		lr.live.Store(&opSet{ops: lr.ops, fb: lr.fallback})
	}
}

// startResize runs the phase's resize beside its loads: at after it opens
// and warms the new pool, prepares every load's steps on it, swaps each
// load to it, waits for the iterations in flight on the old pool (at most
// drain_timeout), then closes the old pool. loadsDone is closed when the
// phase's loads are over; the returned wait blocks until the resize is
// done. The phase has no pool fault (validation), so nothing else acts on
// the pool meanwhile.
func (s *scenarioRun) startResize(pr *phaseRun, old *poolHandle, loadsDone <-chan struct{}) (wait func()) {
	r := pr.ph.Resize
	if r == nil {
		return func() {}
	}
	rr := &resizeRun{r: r, planned: pr.from.Add(r.After)}
	pr.resize = rr
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer s.recoverGoroutine()
		s.resize(pr, rr, old, loadsDone)
	}()
	return func() { <-done }
}

func (s *scenarioRun) resize(pr *phaseRun, rr *resizeRun, old *poolHandle, loadsDone <-chan struct{}) {
	r := rr.r
	t := time.NewTimer(time.Until(rr.planned))
	defer t.Stop()
	select {
	case <-t.C:
	case <-loadsDone:
		s.fail("%sthe loads ended before the resize at +%s", phaseLabel(pr.ph), r.After)
		return
	case <-s.sched.Done():
		return
	}

	rr.start = time.Now()
	h, err := openPool(s.work, r.Pool, s.env)
	if err != nil {
		s.fail("%sresize: open the new %s pool: %v", phaseLabel(pr.ph), s.sc.Driver, err)
		return
	}
	rr.opened = time.Now()
	sets := make([]*opSet, len(pr.loads))
	for i, lr := range pr.loads {
		set, err := prepareSet(h.pool, lr)
		if err != nil {
			s.fail("%sresize: prepare load %q on the new pool: %v", phaseLabel(pr.ph), lr.name, err)
			ctx, cancel := context.WithTimeout(context.Background(), s.e.opts.Grace)
			_, _ = h.close(ctx)
			cancel()
			return
		}
		sets[i] = set
	}

	// The swap: from here on new iterations enter the new sets.
	olds := make([]*opSet, len(pr.loads))
	var done0, failed0 int64
	for i, lr := range pr.loads {
		olds[i] = lr.live.Swap(sets[i])
		done0 += olds[i].done.Load()
		failed0 += olds[i].failed.Load()
	}
	rr.swap = time.Now()
	s.pools = append(s.pools, h) // read by the scenario only after the phase (see runPhase)
	s.cur = h
	s.samp.setPool(h)

	inflight := func() int64 {
		var n int64
		for _, o := range olds {
			n += o.inflight.Load()
		}
		return n
	}
	deadline := rr.swap.Add(r.DrainTimeout)
	for inflight() > 0 && time.Now().Before(deadline) && s.work.Err() == nil {
		time.Sleep(drainPoll)
	}
	forced := inflight() > 0
	if !forced {
		rr.drained = time.Now()
	}

	// Close the old pool; when the drain timed out, under the iterations
	// still on it: they fail at their next acquire, and the close waits
	// (at most the grace period) for the connections they hold.
	ctx, cancel := context.WithTimeout(context.Background(), s.e.opts.Grace)
	rr.closeDur, err = old.close(ctx)
	cancel()
	rr.shut = time.Now()
	if err != nil {
		s.fail("%sresize: close the old pool: %v", phaseLabel(pr.ph), err)
	}
	rr.oldConns = old.stats().TotalConns

	// Count what became of the iterations drained on the old pool; after
	// a forced close they end soon, bounded by the grace period.
	for end := time.Now().Add(s.e.opts.Grace); forced && inflight() > 0 && time.Now().Before(end); {
		time.Sleep(drainPoll)
	}
	if forced && inflight() == 0 {
		rr.drained = time.Now()
	}
	var done1, failed1 int64
	for _, o := range olds {
		done1 += o.done.Load()
		failed1 += o.failed.Load()
	}
	rr.inFlight, rr.failed = done1-done0, failed1-failed0
}

// prepareSet prepares lr's steps and fallback steps on pool.
func prepareSet(pool drivers.Pool, lr *loadRun) (*opSet, error) {
	ops, err := prepare(pool, lr.steps)
	if err != nil {
		return nil, err
	}
	set := &opSet{ops: ops}
	if len(lr.load.Fallback) > 0 {
		if set.fb, err = prepare(pool, lr.load.Fallback); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// result is the resize as results have it, offsets from the scenario's
// start at.
func (rr *resizeRun) result(at time.Time) results.Resize {
	var out results.Resize
	if rr == nil || rr.start.IsZero() {
		return out
	}
	ms := func(t time.Time) *float64 {
		if t.IsZero() {
			return nil
		}
		return msPtr(t.Sub(at))
	}
	span := func(from, to time.Time) *float64 {
		if from.IsZero() || to.IsZero() {
			return nil
		}
		return msPtr(to.Sub(from))
	}
	out.Count = 1
	out.PlannedMs, out.StartMs, out.SwapMs = ms(rr.planned), ms(rr.start), ms(rr.swap)
	out.OpenMs = span(rr.start, rr.opened)
	if rr.swap.IsZero() {
		return out
	}
	out.InFlight, out.InFlightFailed = &rr.inFlight, &rr.failed
	out.DrainMs = span(rr.swap, rr.drained)
	out.CloseMs = msPtr(rr.closeDur)
	out.DurationMs = span(rr.start, rr.shut)
	out.OldConns = &rr.oldConns
	return out
}

// resizes counts the phases whose resize started.
func resizes(phases []*phaseRun) int64 {
	var n int64
	for _, pr := range phases {
		if pr.resize != nil && !pr.resize.start.IsZero() {
			n++
		}
	}
	return n
}
