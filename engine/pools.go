package engine

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
)

// safetyMargin is how long a scenario's keys outlive its timeout when its
// cleanup never ran (a hard kill): they expire by themselves then.
const safetyMargin = time.Hour

// safetyTTL is the Env.SafetyTTL of a scenario with this timeout: its
// timeout plus safetyMargin, so at least an hour.
func safetyTTL(timeout time.Duration) time.Duration {
	return max(timeout, 0) + safetyMargin
}

// poolHandle is one pool a scenario opened, with what the results need
// about it: how long opening and closing took, and its counters frozen at
// close.
type poolHandle struct {
	pool   drivers.Pool
	cfg    *plan.Pool
	dns    bool // opened with an unresolvable host (dns fault)
	warmup time.Duration

	closeOnce sync.Once
	mu        sync.Mutex
	closed    bool
	final     drivers.PoolStats
	closeDur  time.Duration
	closeErr  error
}

// openPool opens a pool through its driver's descriptor and times it,
// warm-up connections included.
func openPool(ctx context.Context, cfg *plan.Pool, env drivers.Env) (*poolHandle, error) {
	if cfg == nil {
		return nil, errors.New("the plan has no pool configuration for this phase")
	}
	if cfg.Desc == nil || cfg.Config == nil {
		return nil, errors.New("the plan has no driver pool configuration for this phase")
	}
	start := time.Now()
	p, err := cfg.Desc.Open(ctx, cfg.Config, env)
	if err != nil {
		return nil, err
	}
	return &poolHandle{pool: p, cfg: cfg, dns: env.Host != "", warmup: time.Since(start)}, nil
}

// close closes the pool once, waiting for connections in use until ctx is
// done, and freezes its counters. Later calls return the first outcome.
func (h *poolHandle) close(ctx context.Context) (time.Duration, error) {
	h.closeOnce.Do(func() {
		start := time.Now()
		err := h.pool.Close(ctx)
		d := time.Since(start)
		st := h.pool.Stats()
		h.mu.Lock()
		h.closed, h.final, h.closeDur, h.closeErr = true, st, d, err
		h.mu.Unlock()
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closeDur, h.closeErr
}

// stats returns the pool's counters, frozen once it is closed.
func (h *poolHandle) stats() drivers.PoolStats {
	h.mu.Lock()
	closed, final := h.closed, h.final
	h.mu.Unlock()
	if closed {
		return final
	}
	return h.pool.Stats()
}

// closedYet reports whether close has finished.
func (h *poolHandle) closedYet() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}
