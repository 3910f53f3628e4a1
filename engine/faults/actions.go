package faults

import (
	"errors"
	"fmt"
	"time"

	"github.com/stressql/stressql/drivers"
)

var (
	errNoPool      = errors.New("no pool to act on")
	errNoClosePool = errors.New("the engine gave no way to close the pool")
)

// terminate has the server kill this scenario's connections. Recovery is
// measured from when the server has done it.
func (t *Timeline) terminate(i int) {
	f := t.faults[i]
	if t.c.Pool == nil {
		t.mark(i, fired, "not done", errNoPool)
		return
	}
	n, err := t.c.Pool.Terminate(t.ctx, f.IdleOnly)
	if err != nil {
		t.mark(i, fired, "not done", fmt.Errorf("terminate connections: %w", err))
		return
	}
	t.recovered(t.c.Now())
	which := "connections"
	if f.IdleOnly {
		which = "idle connections"
	}
	t.mark(i, fired, fmt.Sprintf("terminated %d %s", n, which), nil)
}

// pause stalls the server's clients for the fault's duration (Redis
// CLIENT PAUSE); recovery is measured from the end of the window.
func (t *Timeline) pause(i int) {
	f := t.faults[i]
	switch {
	case t.c.Pool == nil:
		t.mark(i, fired, "not done", errNoPool)
		return
	case f.Duration <= 0:
		t.mark(i, fired, "not done", errors.New("pause needs a duration"))
		return
	}
	issued := t.c.Now()
	if err := t.c.Pool.Pause(t.ctx, f.Duration); err != nil {
		t.mark(i, fired, "not done", fmt.Errorf("pause the server for %s: %w", f.Duration, err))
		return
	}
	t.mark(i, fired, fmt.Sprintf("start: server paused for %s", f.Duration), nil)
	// The server unpauses Duration after it was asked: a pause that
	// started late also ends late.
	if !t.waitUntil(max(f.After, issued.Sub(t.start)) + f.Duration) {
		return
	}
	now := t.c.Now()
	t.recovered(now)
	t.markTimes(i, cleared, now, now, "end", nil)
}

// failover has the deployment promote a replica (Redis Sentinel: SENTINEL
// FAILOVER). Its start is when the sentinel accepted the request, its end
// when a sentinel first named the new master; recovery is measured from
// that end.
func (t *Timeline) failover(i int) {
	if t.c.Pool == nil {
		t.mark(i, fired, "not done", errNoPool)
		return
	}
	fo, ok := t.c.Pool.(drivers.Failoverer)
	if !ok {
		t.mark(i, fired, "not done", errors.New("the target cannot fail over (a failover fault needs a Redis Sentinel target)"))
		return
	}
	started := false
	master, err := fo.Failover(t.ctx, func(old string) {
		started = true
		t.mark(i, fired, fmt.Sprintf("start: SENTINEL FAILOVER accepted, master was %s", old), nil)
	})
	switch {
	case err != nil && !started:
		t.mark(i, fired, "not done", fmt.Errorf("failover: %w", err))
		return
	case err != nil:
		t.mark(i, cleared, "no new master seen", fmt.Errorf("failover: %w", err))
		return
	}
	now := t.c.Now()
	t.recovered(now)
	t.markTimes(i, cleared, now, now, fmt.Sprintf("end: new master %s seen", master), nil)
}

// closePool has the engine close the pool while iterations are in flight
// and keeps how long that took.
func (t *Timeline) closePool(i int) {
	if t.c.ClosePool == nil {
		t.mark(i, fired, "not done", errNoClosePool)
		return
	}
	began := t.c.Now()
	d, err := t.c.ClosePool(t.ctx)
	t.closeDur.Store(int64(max(d, 0)))
	if err != nil {
		err = fmt.Errorf("close the pool: %w", err)
	}
	// Three significant digits are plenty for a report line ("813.87ms",
	// not "813.873082ms"); pool.close_ms keeps the exact value.
	t.markTimes(i, fired, t.c.Now(), began, fmt.Sprintf("pool closed in %s", d.Round(roundingUnit(d))), err)
}

// roundingUnit is the power of ten that leaves d three significant digits.
func roundingUnit(d time.Duration) time.Duration {
	unit := time.Nanosecond
	for unit*1000 <= d {
		unit *= 10
	}
	return unit
}
