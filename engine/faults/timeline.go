package faults

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/netfault"
	"github.com/stressql/stressql/plan"
)

// Controls are what the faults act on.
type Controls struct {
	// Proxy is the phase's fault proxy; nil when the phase has no network
	// faults.
	Proxy *netfault.Proxy
	// Pool serves terminate and pause.
	Pool drivers.Pool
	// ClosePool serves close_pool: the engine closes the pool and returns
	// how long that took.
	ClosePool func(ctx context.Context) (time.Duration, error)
	// Now is the clock, time.Now when nil.
	Now func() time.Time
}

// Event is something the timeline did, At relative to the phase start.
// Err is set when the action failed (the fault then did not happen).
type Event struct {
	At   time.Duration
	Kind string
	What string
	Err  error
}

// Timeline is the running fault schedule of one phase. Its methods are
// safe for concurrent use; the nil *Timeline (a phase without faults)
// injects nothing and reports nothing.
type Timeline struct {
	c      Controls
	start  time.Time
	faults []*plan.Fault

	// ctx is the caller's: actions in flight (terminate, close_pool...)
	// finish under it. stopCtx, canceled by Stop, ends the waits.
	ctx      context.Context
	stopCtx  context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	stopOnce sync.Once

	// errs are the error faults, fixed at Start; errOf maps a fault index
	// to its entry (-1 for other kinds).
	errs  []errFault
	errOf []int

	netMu   sync.Mutex
	on      []bool // by fault index: a network fault or outage is active
	active  []int  // active network faults (not outages), oldest first
	applied netState
	outages int // active outage faults

	evMu   sync.Mutex
	events []Event

	// recovery is the latest end of an outage, terminate or pause, as an
	// offset from start; math.MinInt64 until one ended. closeDur is how
	// long close_pool took; -1 until it fired.
	recovery atomic.Int64
	closeDur atomic.Int64
}

// Start schedules the phase's faults relative to start and returns at
// once. Each fault fires at After and is cleared at After+Duration
// (Duration 0: until Stop); terminate and close_pool are instant. Faults
// due at start are in effect when Start returns. dns faults are not
// scheduled: the engine applies them when it opens the pool. A failing
// action becomes an Event with Err. Canceling ctx stops the schedule and
// actions in flight; Stop must still be called.
func Start(ctx context.Context, faults []*plan.Fault, c Controls, start time.Time) *Timeline {
	if c.Now == nil {
		c.Now = time.Now
	}
	t := &Timeline{
		c:      c,
		start:  start,
		faults: faults,
		ctx:    ctx,
		errOf:  make([]int, len(faults)),
		on:     make([]bool, len(faults)),
	}
	t.stopCtx, t.cancel = context.WithCancel(ctx)
	t.recovery.Store(math.MinInt64)
	t.closeDur.Store(-1)
	for i, f := range faults {
		t.errOf[i] = -1
		if f.Kind == faultkind.Error {
			t.errOf[i] = len(t.errs)
			t.errs = append(t.errs, errFault{load: f.Load, p: f.Probability})
		}
	}

	acts := t.schedule()
	due := 0
	for due < len(acts) && acts[due].at <= 0 {
		t.run(acts[due])
		due++
	}
	if rest := acts[due:]; len(rest) > 0 {
		t.wg.Add(1)
		go t.loop(rest)
	}
	return t
}

// RecoveryFrom returns the end of the last outage, terminate or pause that
// has ended: recovery_ms runs from it to the first successful iteration
// after it. Failed actions do not count, nor faults cut short by Stop.
func (t *Timeline) RecoveryFrom() (time.Time, bool) {
	if t == nil {
		return time.Time{}, false
	}
	off := t.recovery.Load()
	if off == math.MinInt64 {
		return time.Time{}, false
	}
	return t.start.Add(time.Duration(off)), true
}

// CloseMs returns how long the close_pool fault took to close the pool,
// once it has fired.
func (t *Timeline) CloseMs() (time.Duration, bool) {
	if t == nil {
		return 0, false
	}
	d := t.closeDur.Load()
	return time.Duration(d), d >= 0
}

// Events returns a copy of what happened so far, in order.
func (t *Timeline) Events() []Event {
	if t == nil {
		return nil
	}
	t.evMu.Lock()
	defer t.evMu.Unlock()
	out := make([]Event, len(t.events))
	copy(out, t.events)
	return out
}

// Stop cancels the faults not yet fired, waits for the actions in flight
// and the timeline's goroutines, and clears the faults still active
// (network faults, an outage, error injection). It is idempotent.
func (t *Timeline) Stop() {
	if t == nil {
		return
	}
	t.stopOnce.Do(func() {
		t.cancel()
		t.wg.Wait()
		t.clearAll()
	})
}

// event records what happened now.
func (t *Timeline) event(kind, what string, err error) {
	at := t.c.Now().Sub(t.start)
	t.evMu.Lock()
	t.events = append(t.events, Event{At: at, Kind: kind, What: what, Err: err})
	t.evMu.Unlock()
}

// recovered records that a disruption ended at now, keeping the latest.
func (t *Timeline) recovered(now time.Time) {
	off := int64(now.Sub(t.start))
	for {
		old := t.recovery.Load()
		if old >= off || t.recovery.CompareAndSwap(old, off) {
			return
		}
	}
}
