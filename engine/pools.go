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
	pool drivers.Pool
	cfg  *plan.Pool
	dns  bool // opened with an unresolvable host (dns fault)
	// warmup is how long opening took with the minimum connections
	// ready; nil when there is nothing to warm (see warms).
	warmup *time.Duration

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
	h := &poolHandle{pool: p, cfg: cfg, dns: env.Host != ""}
	if d := time.Since(start); warms(cfg) {
		h.warmup = &d
	}
	return h, nil
}

// warms reports whether opening the pool of cfg warms it up: the pool is
// enabled and its minimum of connections (the attribute of meaning
// drivers.MeaningMinConns) is above 0. Otherwise pool.warmup_ms has no
// data: there is no pool, or nothing is opened before the first acquire.
func warms(cfg *plan.Pool) bool {
	v := cfg.Values()
	if !v.Bool(drivers.EnabledAttr.Name) {
		return false
	}
	a := cfg.Desc.AttrMeaning(drivers.MeaningMinConns)
	return a != nil && v.Int(a.Name) > 0
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
