package faults

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// clock is a settable injected clock.
type clock struct {
	mu    sync.Mutex
	start time.Time
	off   time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.start.Add(c.off)
}

func (c *clock) set(off time.Duration) {
	c.mu.Lock()
	c.off = off
	c.mu.Unlock()
}

// timingOf returns the timing of fault index i.
func timingOf(t *testing.T, tl *Timeline, i int) Timing {
	t.Helper()
	for _, tm := range tl.Timings() {
		if tm.Index == i {
			return tm
		}
	}
	t.Fatalf("no timing for fault %d in %+v", i, tl.Timings())
	return Timing{}
}

// TestTimingPlannedAndActual: on a machine whose clock already reads
// +1.28s when the faults fire, each fault's actual start and end are that
// instant, its planned ones come from after and duration, and lateness is
// the difference, late beyond Tolerance.
func TestTimingPlannedAndActual(t *testing.T) {
	const ms = time.Millisecond
	clk := &clock{start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), off: 1280 * ms}
	faults := []*plan.Fault{
		errorFault("", 1, 500*ms, 0),                                  // until the phase ends
		errorFault("", 1, 1250*ms, 20*ms),                             // 30 ms late: on time
		{Kind: faultkind.Terminate, After: 1200 * ms},                 // instant
		{Kind: faultkind.Pause, After: 1000 * ms, Duration: 100 * ms}, // ends itself
	}
	tl := Start(context.Background(), faults, Controls{Pool: &fakePool{}, Now: clk.now}, clk.start)
	// 0 start, 1 start+end, 2, 3 start+end.
	if !eventually(5*time.Second, func() bool { return len(tl.Events()) == 6 }) {
		t.Fatalf("events = %+v, want 6", tl.Events())
	}
	tl.Stop()

	tests := []struct {
		i                        int
		plannedStart, plannedEnd time.Duration
		start, end               time.Duration
		late                     time.Duration
		isLate                   bool
	}{
		{0, 500 * ms, -1, 1280 * ms, 1280 * ms, 780 * ms, true},
		{1, 1250 * ms, 1270 * ms, 1280 * ms, 1280 * ms, 30 * ms, false},
		{2, 1200 * ms, -1, 1280 * ms, -1, 80 * ms, true},
		{3, 1000 * ms, 1100 * ms, 1280 * ms, 1280 * ms, 280 * ms, true},
	}
	for _, tt := range tests {
		tm := timingOf(t, tl, tt.i)
		if tm.PlannedStart != tt.plannedStart || tm.PlannedEnd != tt.plannedEnd || tm.Start != tt.start || tm.End != tt.end {
			t.Errorf("fault %d: timing %+v, want planned %v..%v, actual %v..%v", tt.i, tm, tt.plannedStart, tt.plannedEnd, tt.start, tt.end)
		}
		if tm.Late() != tt.late || tm.IsLate() != tt.isLate {
			t.Errorf("fault %d: late %v (IsLate %v), want %v (%v)", tt.i, tm.Late(), tm.IsLate(), tt.late, tt.isLate)
		}
	}
	var starts int
	for _, ev := range tl.Events() {
		if ev.Kind == faultkind.Error && ev.Planned == 500*ms && ev.What != "end (phase ended)" {
			starts++
			if !ev.Timed || ev.Late != 780*ms || ev.At != 1280*ms {
				t.Errorf("start event %+v, want timed, 780ms late at 1.28s", ev)
			}
		}
		if ev.What == "end (phase ended)" && ev.Timed {
			t.Errorf("event %+v: a fault without a planned end has no planned time for its end", ev)
		}
	}
	if starts != 1 {
		t.Errorf("%d start events planned at 500ms, want 1: %+v", starts, tl.Events())
	}
}

// TestTimingMissedAndCutShort: a fault whose planned start passed before
// the phase stopped is missed, late from its plan to the stop; one whose
// clear never came ends at the stop, late by as much.
func TestTimingMissedAndCutShort(t *testing.T) {
	clk := &clock{start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	faults := []*plan.Fault{
		errorFault("", 1, 30*time.Second, 0),
		errorFault("", 1, 0, 10*time.Second),
		errorFault("", 1, 5*time.Minute, 0), // after the stop: neither started nor missed
	}
	tl := Start(context.Background(), faults, Controls{Now: clk.now}, clk.start)
	clk.set(90 * time.Second) // the real timers (10s, 30s) never fire in this test
	tl.Stop()

	missed := timingOf(t, tl, 0)
	if !missed.Missed || missed.Start != 90*time.Second || missed.Late() != 60*time.Second || !missed.IsLate() {
		t.Errorf("missed fault: %+v, late %v; want Missed, start 90s, 60s late", missed, missed.Late())
	}
	var missedEv []Event
	for _, ev := range tl.Events() {
		if ev.What == MissedWhat {
			missedEv = append(missedEv, ev)
		}
	}
	if len(missedEv) != 1 || missedEv[0].At != 90*time.Second || missedEv[0].Planned != 30*time.Second ||
		missedEv[0].Late != 60*time.Second || !missedEv[0].Timed {
		t.Errorf("missed events %+v, want one at 90s planned at 30s, 60s late", missedEv)
	}
	cut := timingOf(t, tl, 1)
	if cut.Start != 0 || cut.End != 90*time.Second || cut.Late() != 80*time.Second {
		t.Errorf("fault cleared at the stop: %+v, late %v; want 0..90s, 80s late", cut, cut.Late())
	}
	future := timingOf(t, tl, 2)
	if future.Missed || future.Start != -1 || future.Late() != 0 {
		t.Errorf("fault planned after the stop: %+v, want not started, not late", future)
	}
}

func TestTimingLate(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name   string
		tm     Timing
		late   time.Duration
		isLate bool
	}{
		{"on time", Timing{PlannedStart: 500 * ms, PlannedEnd: -1, Start: 500 * ms, End: -1}, 0, false},
		{"at the tolerance", Timing{PlannedStart: 500 * ms, PlannedEnd: -1, Start: 550 * ms, End: -1}, 50 * ms, false},
		{"past the tolerance", Timing{PlannedStart: 500 * ms, PlannedEnd: -1, Start: 551 * ms, End: -1}, 51 * ms, true},
		{"late end", Timing{PlannedStart: 500 * ms, PlannedEnd: 1500 * ms, Start: 500 * ms, End: 1942 * ms}, 442 * ms, true},
		{"early end (cut short)", Timing{PlannedStart: 500 * ms, PlannedEnd: 1500 * ms, Start: 510 * ms, End: 900 * ms}, 10 * ms, false},
		{"failed", Timing{PlannedStart: 500 * ms, PlannedEnd: -1, Start: -1, End: -1, Failed: true}, 0, false},
		{"not yet", Timing{PlannedStart: 500 * ms, PlannedEnd: -1, Start: -1, End: -1}, 0, false},
	}
	for _, tt := range tests {
		if got := tt.tm.Late(); got != tt.late || tt.tm.IsLate() != tt.isLate {
			t.Errorf("%s: Late %v IsLate %v, want %v %v", tt.name, got, tt.tm.IsLate(), tt.late, tt.isLate)
		}
	}
}

// TestTimingFailedAction: a fault whose action failed is Failed, never late.
func TestTimingFailedAction(t *testing.T) {
	clk := &clock{start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), off: time.Second}
	boom := errors.New("boom")
	tl := Start(context.Background(), []*plan.Fault{{Kind: faultkind.Terminate}},
		Controls{Pool: &fakePool{err: boom}, Now: clk.now}, clk.start)
	if !eventually(5*time.Second, func() bool { return len(tl.Events()) == 1 }) {
		t.Fatal("terminate never fired")
	}
	tl.Stop()
	if tm := timingOf(t, tl, 0); !tm.Failed || tm.Late() != 0 || tm.Missed {
		t.Errorf("timing %+v, want Failed and not late", tm)
	}
	if ev := tl.Events()[0]; !ev.Timed || ev.Late != 0 {
		t.Errorf("failed event %+v, want timed with no lateness", ev)
	}
}

// TestLatePauseEndsLate: the server unpauses duration after it was asked,
// so a pause that started late is recorded (and recovered from) that much
// later, never shorter than its duration.
func TestLatePauseEndsLate(t *testing.T) {
	const skew, duration = 280 * time.Millisecond, 100 * time.Millisecond
	start := time.Now()
	now := func() time.Time { return time.Now().Add(skew) } // the timeline runs 280ms behind its plan
	tl := Start(context.Background(), []*plan.Fault{{Kind: faultkind.Pause, Duration: duration}},
		Controls{Pool: &fakePool{}, Now: now}, start)
	if !eventually(5*time.Second, func() bool { _, ok := tl.RecoveryFrom(); return ok }) {
		t.Fatal("the pause never ended")
	}
	tl.Stop()
	tm := timingOf(t, tl, 0)
	if tm.Start < skew || tm.End-tm.Start < duration || tm.Late() < skew {
		t.Errorf("timing %+v (late %v): want a start %v late and an end at least %v after it", tm, tm.Late(), skew, duration)
	}
	if from, _ := tl.RecoveryFrom(); from.Sub(start) < tm.End {
		t.Errorf("recovery from +%v, want from the real end +%v", from.Sub(start), tm.End)
	}
}
