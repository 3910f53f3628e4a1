package faults

import (
	"context"
	"sync"
	"time"

	"github.com/stressql/stressql/drivers"
)

// fakePool is the engine's control surface for terminate and pause: it
// records the calls and answers as told. It runs no iteration.
type fakePool struct {
	mu         sync.Mutex
	terminates []terminateCall
	pauses     []time.Duration
	killed     int
	err        error
}

type terminateCall struct {
	at       time.Time
	idleOnly bool
}

func (p *fakePool) Prepare(drivers.Step) (drivers.Op, error) { return nil, drivers.ErrUnsupported }
func (p *fakePool) Stats() drivers.PoolStats                 { return drivers.PoolStats{} }
func (p *fakePool) ServerConns(context.Context) (int, error) { return 0, drivers.ErrUnsupported }
func (p *fakePool) Close(context.Context) error              { return nil }
func (p *fakePool) Cleanup(context.Context) error            { return nil }

func (p *fakePool) Terminate(_ context.Context, idleOnly bool) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.terminates = append(p.terminates, terminateCall{at: time.Now(), idleOnly: idleOnly})
	return p.killed, p.err
}

func (p *fakePool) Pause(_ context.Context, d time.Duration) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pauses = append(p.pauses, d)
	return p.err
}

func (p *fakePool) calls() ([]terminateCall, []time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]terminateCall(nil), p.terminates...), append([]time.Duration(nil), p.pauses...)
}

// eventually polls cond every few ms until it holds or timeout passes.
func eventually(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}
