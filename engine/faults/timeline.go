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
	// Server serves restart: the target's server process, when stressql
	// started it itself (--ephemeral); nil otherwise, and a restart fault
	// then fails without touching any server.
	Server drivers.ServerControl
	// ClosePool serves close_pool: the engine closes the pool and returns
	// how long that took.
	ClosePool func(ctx context.Context) (time.Duration, error)
	// Now is the clock, time.Now when nil.
	Now func() time.Time
}

// Event is something the timeline did, At relative to the phase start.
// Err is set when the action failed (the fault then did not happen).
// Timed events are a fault's start or its end at after + duration:
// Planned is when the plan wanted it and Late how much later it took
// effect (0 when on time or early; close_pool's At is when the close
// finished, its Late from when the close began).
type Event struct {
	At      time.Duration
	Kind    string
	What    string
	Err     error
	Timed   bool
	Planned time.Duration
	Late    time.Duration
}

// Tolerance is how late a fault may start or end before it is reported
// late. Starting one takes a timer wake-up, a goroutine switch and a
// proxy or server call: well under a millisecond on an idle machine, a
// few milliseconds with a busy Go scheduler, and a database round trip
// for terminate and pause. 50 ms is far above that and below what a
// check on a window of a few hundred milliseconds can tolerate; a fault
// later than that means the machine running stressql is overloaded.
const Tolerance = 50 * time.Millisecond

// Timing is one scheduled fault as planned and as it happened, offsets
// from the phase start. Ends are -1 where the fault has none: instant
// kinds (terminate, close_pool), or no duration (on until the phase
// ends) for the planned end. Start is -1 while the fault has not taken
// effect, End while it has not been cleared; Failed: its action failed.
type Timing struct {
	Index                    int // in the phase's faults
	Kind                     string
	PlannedStart, PlannedEnd time.Duration
	Start, End               time.Duration
	Failed                   bool
	// Missed: the phase ended (Stop) after the planned start but before
	// the fault took effect; Start is then the stop.
	Missed bool
}

// Late is how much later than planned the fault started or ended, the
// larger of the two; 0 when on time (or early: cut short by the phase's
// end) and for a fault whose action failed.
func (tm Timing) Late() time.Duration {
	if tm.Failed || tm.Start < 0 {
		return 0
	}
	late := max(tm.Start-tm.PlannedStart, 0)
	if tm.PlannedEnd >= 0 && tm.End >= 0 {
		late = max(late, tm.End-tm.PlannedEnd)
	}
	return late
}

// IsLate reports whether the fault was more than Tolerance late.
func (tm Timing) IsLate() bool { return tm.Late() > Tolerance }

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

	evMu    sync.Mutex
	events  []Event
	timings []Timing // by fault index; Index -1: not scheduled

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
		t.timings = append(t.timings, Timing{Index: -1})
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

// Timings returns the scheduled faults as planned and as they happened
// so far, in the phase's order; after Stop, a fault whose planned start
// had passed but that never took effect (nor failed) is Missed.
func (t *Timeline) Timings() []Timing {
	if t == nil {
		return nil
	}
	t.evMu.Lock()
	defer t.evMu.Unlock()
	var out []Timing
	for _, tm := range t.timings {
		if tm.Index >= 0 {
			out = append(out, tm)
		}
	}
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
		t.missed(t.c.Now().Sub(t.start))
	})
}

// event records what happened now.
func (t *Timeline) event(kind, what string, err error) {
	at := t.c.Now().Sub(t.start)
	t.evMu.Lock()
	t.events = append(t.events, Event{At: at, Kind: kind, What: what, Err: err})
	t.evMu.Unlock()
}

// edge says which side of fault i an event is.
type edge uint8

const (
	fired   edge = iota + 1 // the fault took effect
	cleared                 // it ended
)

// mark records an event of fault i happening now: its start (fired) or
// its end (cleared), timed against the plan; a failed action (err) marks
// the fault Failed.
func (t *Timeline) mark(i int, e edge, what string, err error) {
	now := t.c.Now()
	t.markTimes(i, e, now, now, what, err)
}

// markTimes records an event at instant at for an action that took
// effect at took: the same instant but for close_pool, whose event comes
// when the close finished and which took effect when it began.
func (t *Timeline) markTimes(i int, e edge, at, took time.Time, what string, err error) {
	eff := took.Sub(t.start)
	ev := Event{At: at.Sub(t.start), Kind: t.faults[i].Kind, What: what, Err: err}
	t.evMu.Lock()
	defer t.evMu.Unlock()
	tm := &t.timings[i]
	if planned := tm.PlannedStart; e == cleared {
		planned = tm.PlannedEnd
		if planned >= 0 {
			ev.Timed, ev.Planned, ev.Late = true, planned, max(eff-planned, 0)
		}
	} else {
		ev.Timed, ev.Planned, ev.Late = true, planned, max(eff-planned, 0)
	}
	if ev.Err != nil {
		ev.Late = 0
	}
	t.events = append(t.events, ev)
	switch {
	case tm.Index < 0:
	case err != nil && e == fired:
		tm.Failed = true
	case err == nil && e == fired && tm.Start < 0:
		tm.Start = eff
	case err == nil && e == cleared && tm.End < 0:
		tm.End = eff
	}
}

// markQuiet records that fault i ended now, without an event (the
// outages ended together at Stop make one event).
func (t *Timeline) markQuiet(i int) {
	at := t.c.Now().Sub(t.start)
	t.evMu.Lock()
	defer t.evMu.Unlock()
	if tm := &t.timings[i]; tm.Index >= 0 && tm.End < 0 {
		tm.End = at
	}
}

// MissedWhat is the What of the event of a fault that never started: its
// phase ended (Stop) after its planned start, before it took effect.
const MissedWhat = "missed: the phase ended first"

// missed marks, at Stop (offset stop), the scheduled faults whose start
// had passed but which never took effect nor failed.
func (t *Timeline) missed(stop time.Duration) {
	t.evMu.Lock()
	defer t.evMu.Unlock()
	for i := range t.timings {
		tm := &t.timings[i]
		if tm.Index >= 0 && tm.Start < 0 && !tm.Failed && tm.PlannedStart < stop {
			tm.Start, tm.Missed = stop, true
			t.events = append(t.events, Event{At: stop, Kind: tm.Kind, What: MissedWhat,
				Timed: true, Planned: tm.PlannedStart, Late: stop - tm.PlannedStart})
		}
	}
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
