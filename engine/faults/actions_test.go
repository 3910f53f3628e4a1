package faults

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

func TestTerminate(t *testing.T) {
	const after = 20 * time.Millisecond
	boom := errors.New("boom")
	tests := []struct {
		name         string
		idleOnly     bool
		err          error
		wantWhat     string
		wantRecovery bool
	}{
		{"all connections", false, nil, "terminated 3 connections", true},
		{"idle only", true, nil, "terminated 3 idle connections", true},
		{"server refuses", false, boom, "not done", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pool := &fakePool{killed: 3, err: tt.err}
			start := time.Now()
			f := &plan.Fault{Kind: faultkind.Terminate, After: after, IdleOnly: tt.idleOnly}
			tl := Start(context.Background(), []*plan.Fault{f}, Controls{Pool: pool}, start)
			if !eventually(5*time.Second, func() bool { return len(tl.Events()) == 1 }) {
				t.Fatal("terminate never fired")
			}
			tl.Stop()
			calls, _ := pool.calls()
			if len(calls) != 1 || calls[0].idleOnly != tt.idleOnly || calls[0].at.Sub(start) < after {
				t.Fatalf("Terminate calls = %+v, want one with idleOnly %v at >= %v", calls, tt.idleOnly, after)
			}
			ev := tl.Events()[0]
			if ev.What != tt.wantWhat || !errors.Is(ev.Err, tt.err) || (tt.err == nil) != (ev.Err == nil) {
				t.Fatalf("event = %+v, want %q with error %v", ev, tt.wantWhat, tt.err)
			}
			from, ok := tl.RecoveryFrom()
			if ok != tt.wantRecovery {
				t.Fatalf("RecoveryFrom ok = %v, want %v", ok, tt.wantRecovery)
			}
			if ok && (from.Before(calls[0].at) || from.After(time.Now())) {
				t.Fatalf("recovery from %v, want after the Terminate call at %v", from, calls[0].at)
			}
		})
	}
}

func TestPause(t *testing.T) {
	const after, duration = 10 * time.Millisecond, 50 * time.Millisecond
	pool := &fakePool{}
	start := time.Now()
	f := &plan.Fault{Kind: faultkind.Pause, After: after, Duration: duration}
	tl := Start(context.Background(), []*plan.Fault{f}, Controls{Pool: pool}, start)
	defer tl.Stop()
	if !eventually(5*time.Second, func() bool { _, ok := tl.RecoveryFrom(); return ok }) {
		t.Fatal("the pause never ended")
	}
	from, _ := tl.RecoveryFrom()
	if got := from.Sub(start); got < after+duration {
		t.Fatalf("recovery from %v after the start, want >= %v", got, after+duration)
	}
	if _, pauses := pool.calls(); len(pauses) != 1 || pauses[0] != duration {
		t.Fatalf("Pause calls = %v, want one of %v", pauses, duration)
	}
	ev := tl.Events()
	if len(ev) != 2 || !strings.HasPrefix(ev[0].What, "start") || ev[1].What != "end" {
		t.Fatalf("events = %+v, want start and end", ev)
	}
}

func TestActionsWithoutTheirControl(t *testing.T) {
	tests := []struct {
		name  string
		fault *plan.Fault
		c     Controls
	}{
		{"terminate without pool", &plan.Fault{Kind: faultkind.Terminate}, Controls{}},
		{"pause without pool", &plan.Fault{Kind: faultkind.Pause, Duration: time.Second}, Controls{}},
		{"pause unsupported", &plan.Fault{Kind: faultkind.Pause, Duration: time.Second},
			Controls{Pool: &fakePool{err: drivers.ErrUnsupported}}},
		{"pause without duration", &plan.Fault{Kind: faultkind.Pause}, Controls{Pool: &fakePool{}}},
		{"close_pool without closer", &plan.Fault{Kind: faultkind.ClosePool}, Controls{}},
		{"latency without proxy", &plan.Fault{Kind: faultkind.Latency, Delay: time.Second}, Controls{}},
		{"outage without proxy", &plan.Fault{Kind: faultkind.Outage, Duration: time.Second}, Controls{}},
		{"unknown kind", &plan.Fault{Kind: "meteor"}, Controls{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := Start(context.Background(), []*plan.Fault{tt.fault}, tt.c, time.Now())
			if !eventually(5*time.Second, func() bool { return len(tl.Events()) > 0 }) {
				t.Fatal("no event")
			}
			tl.Stop()
			ev := tl.Events()
			if len(ev) != 1 || ev[0].Err == nil || ev[0].Kind != tt.fault.Kind {
				t.Fatalf("events = %+v, want one %s event with an error", ev, tt.fault.Kind)
			}
			if _, ok := tl.RecoveryFrom(); ok {
				t.Fatal("a failed action set a recovery point")
			}
		})
	}
}

func TestClosePool(t *testing.T) {
	const after, took = 15 * time.Millisecond, 12 * time.Millisecond
	var at atomic.Int64
	start := time.Now()
	closer := func(ctx context.Context) (time.Duration, error) {
		at.Store(int64(time.Since(start)))
		return took, ctx.Err()
	}
	f := &plan.Fault{Kind: faultkind.ClosePool, After: after}
	tl := Start(context.Background(), []*plan.Fault{f}, Controls{ClosePool: closer}, start)
	if _, ok := tl.CloseMs(); ok {
		t.Fatal("CloseMs is set before close_pool fired")
	}
	if !eventually(5*time.Second, func() bool { _, ok := tl.CloseMs(); return ok }) {
		t.Fatal("close_pool never fired")
	}
	tl.Stop()
	if d, _ := tl.CloseMs(); d != took {
		t.Fatalf("CloseMs = %v, want %v", d, took)
	}
	if got := time.Duration(at.Load()); got < after {
		t.Fatalf("close_pool fired %v after the start, want >= %v", got, after)
	}
	if ev := tl.Events(); len(ev) != 1 || ev[0].Err != nil || ev[0].What != "pool closed in 12ms" {
		t.Fatalf("events = %+v", ev)
	}
}

func TestStopCancelsPendingFaults(t *testing.T) {
	pool := &fakePool{}
	var closed atomic.Bool
	faults := []*plan.Fault{
		{Kind: faultkind.Terminate, After: time.Hour},
		{Kind: faultkind.Pause, After: time.Hour, Duration: time.Second},
		{Kind: faultkind.ClosePool, After: time.Hour},
		errorFault("", 1, time.Hour, 0),
		{Kind: faultkind.DNS},
	}
	c := Controls{Pool: pool, ClosePool: func(context.Context) (time.Duration, error) { closed.Store(true); return 0, nil }}
	tl := Start(context.Background(), faults, c, time.Now())
	begin := time.Now()
	tl.Stop()
	if took := time.Since(begin); took > 3*time.Second {
		t.Fatalf("Stop took %v", took)
	}
	terms, pauses := pool.calls()
	if len(terms) != 0 || len(pauses) != 0 || closed.Load() || len(tl.Events()) != 0 {
		t.Fatalf("pending faults fired: terminate %v, pause %v, closed %v, events %+v", terms, pauses, closed.Load(), tl.Events())
	}
}

func TestStopWaitsForActionsInFlight(t *testing.T) {
	release := make(chan struct{})
	var done atomic.Bool
	closer := func(context.Context) (time.Duration, error) {
		<-release
		done.Store(true)
		return time.Millisecond, nil
	}
	tl := Start(context.Background(), []*plan.Fault{{Kind: faultkind.ClosePool}}, Controls{ClosePool: closer}, time.Now())
	time.AfterFunc(30*time.Millisecond, func() { close(release) })
	tl.Stop()
	if !done.Load() {
		t.Fatal("Stop returned while close_pool was still running")
	}
}

// TestInjectedClock: a clock far past the start makes every fault due at
// once; the events and the recovery point are read from that clock.
func TestInjectedClock(t *testing.T) {
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	now := start.Add(10 * time.Second)
	pool := &fakePool{}
	faults := []*plan.Fault{
		errorFault("", 1, 2*time.Second, time.Second),
		{Kind: faultkind.Terminate, After: time.Second},
	}
	tl := Start(context.Background(), faults, Controls{Pool: pool, Now: func() time.Time { return now }}, start)
	if !eventually(5*time.Second, func() bool { return len(tl.Events()) == 3 }) {
		t.Fatalf("events = %+v, want 3", tl.Events())
	}
	tl.Stop()
	for _, ev := range tl.Events() {
		if ev.At != 10*time.Second {
			t.Fatalf("event %+v not stamped by the injected clock", ev)
		}
	}
	if from, ok := tl.RecoveryFrom(); !ok || !from.Equal(now) {
		t.Fatalf("RecoveryFrom = %v, %v; want %v", from, ok, now)
	}
}

func TestNilTimeline(t *testing.T) {
	var tl *Timeline
	tl.Stop()
	if _, ok := tl.RecoveryFrom(); ok {
		t.Fatal("RecoveryFrom on nil")
	}
	if _, ok := tl.CloseMs(); ok {
		t.Fatal("CloseMs on nil")
	}
	if tl.Events() != nil {
		t.Fatal("Events on nil")
	}
}
