package redis

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
)

// pool implements drivers.Pool.
type pool struct {
	cfg         Config
	app         string // client name of every pool connection
	ns          string // key prefix
	opt         *goredis.Options
	c           goredis.UniversalClient // nil when the pool is disabled
	top         topo                    // the deployment (single, Sentinel, Cluster)
	mon         *monitor
	dialTimeout time.Duration

	closed    atomic.Bool
	inflight  atomic.Int64
	closeOnce sync.Once

	// Disabled pool only.
	open        atomic.Int64
	directConns atomic.Int64

	// safetyMs is Env.SafetyTTL in milliseconds (0: no safety net), and
	// safetyPX the same boxed once, as go-redis takes arguments as any.
	safetyMs int64
	safetyPX any

	specMu  sync.Mutex
	specs   map[string]*cmdSpec // COMMAND INFO by lower-case name
	version string              // redis_version, once asked (see checkExpireNX)
}

// get returns the client an Op runs on: the pool's, or a fresh one-shot
// client when the pool is disabled. Every get is paired with put.
func (p *pool) get() (goredis.UniversalClient, error) {
	p.inflight.Add(1)
	if p.closed.Load() {
		p.inflight.Add(-1)
		return nil, drivers.ErrPoolClosed
	}
	if p.c != nil {
		return p.c, nil
	}
	p.directConns.Add(1)
	p.open.Add(1)
	return p.top.newClient(p.opt), nil
}

func (p *pool) put(c goredis.UniversalClient) {
	if c != p.c {
		_ = c.Close() // one-shot client: its error is not the iteration's
		p.open.Add(-1)
	}
	p.inflight.Add(-1)
}

// Stats samples go-redis's pool counters. With the pool disabled, total
// and in-use are the one-shot clients open now.
func (p *pool) Stats() drivers.PoolStats {
	moved, ask := p.top.cn.redirects()
	if p.c == nil {
		open, made := p.open.Load(), p.directConns.Load()
		return drivers.PoolStats{TotalConns: open, InUseConns: open, NewConns: made, Moved: moved, Ask: ask}
	}
	s := p.c.PoolStats()
	inUse := int64(s.TotalConns) - int64(s.IdleConns)
	if inUse < 0 {
		inUse = 0
	}
	return drivers.PoolStats{
		TotalConns: int64(s.TotalConns),
		IdleConns:  int64(s.IdleConns),
		InUseConns: inUse,
		Hits:       int64(s.Hits),
		Misses:     int64(s.Misses),
		Timeouts:   int64(s.Timeouts),
		StaleConns: int64(s.StaleConns),
		WaitCount:  int64(s.WaitCount),
		WaitTime:   time.Duration(s.WaitDurationNs),
		Moved:      moved,
		Ask:        ask,
		Nodes:      p.top.cn.nodeStats(),
	}
}

// Close stops new Ops, waits until ctx is done for the running ones, then
// closes the client (cutting Ops still running). It is idempotent.
func (p *pool) Close(ctx context.Context) error {
	p.closed.Store(true)
	var waitErr error
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for p.inflight.Load() > 0 && waitErr == nil {
		select {
		case <-ctx.Done():
			waitErr = fmt.Errorf("close redis pool: %d operations still running: %w", p.inflight.Load(), ctx.Err())
		case <-t.C:
		}
	}
	p.closeOnce.Do(func() {
		if p.c != nil {
			_ = p.c.Close() // errors here are from connections already broken
		}
	})
	p.mon.close()
	return waitErr
}
