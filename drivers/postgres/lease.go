package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"github.com/stressql/stressql/drivers"
)

// lease is a connection an Op holds for one step: from the pool, or a
// fresh one when the pool is disabled.
type lease struct {
	pooled *pgxpool.Conn
	direct *pgx.Conn
}

func (l lease) conn() *pgx.Conn {
	if l.pooled != nil {
		return l.pooled.Conn()
	}
	return l.direct
}

// acquire gets a connection and sets it.Acquire to the time spent
// waiting. The pool's acquire_timeout applies to the wait only; a
// deadline reached while waiting (ours or the iteration's) is reported as
// drivers.ErrAcquireTimeout.
//
// The acquire_timeout deadline costs a timer and a context per acquire,
// which on a pool of idle connections is most of the cost of the acquire
// itself (docs/performance.md, finding 1). It is only needed when the call
// can wait for another holder: when this pool's Ops already hold or wait
// for max_conns connections. Below that, pgxpool hands out an idle
// connection or dials one, bounded by connect_timeout. With
// ping_on_acquire the validation ping could stall on a broken network, so
// that case always keeps the deadline.
func (p *pool) acquire(ctx context.Context, it *drivers.Iter) (lease, error) {
	if p.pg == nil {
		return p.connect(ctx, it)
	}
	start := time.Now()
	mayWait := p.leased.Add(1) > int64(p.cfg.MaxConns) || p.cfg.PingOnAcquire
	actx := ctx
	var cancel context.CancelFunc
	if t := p.cfg.AcquireTimeout; t > 0 && mayWait {
		// Only pay for a timer when ours is the earlier deadline.
		if dl, ok := ctx.Deadline(); !ok || dl.Sub(start) > t {
			actx, cancel = context.WithTimeout(ctx, t)
		}
	}
	c, err := p.pg.Acquire(actx)
	expired := err != nil && errors.Is(actx.Err(), context.DeadlineExceeded)
	if cancel != nil {
		cancel()
	}
	it.Acquire = time.Since(start)
	if err != nil {
		p.leased.Add(-1)
		return lease{}, acquireError(err, expired, it.Acquire)
	}
	return lease{pooled: c}, nil
}

func acquireError(err error, expired bool, waited time.Duration) error {
	switch {
	case errors.Is(err, puddle.ErrClosedPool):
		return fmt.Errorf("acquire: %w", drivers.ErrPoolClosed)
	case expired:
		return fmt.Errorf("acquire: %w after %s: %w", drivers.ErrAcquireTimeout, waited.Round(time.Millisecond), err)
	}
	return fmt.Errorf("acquire: %w", err)
}

// connect opens a fresh connection (pool disabled); the time it takes is
// the iteration's acquire time.
func (p *pool) connect(ctx context.Context, it *drivers.Iter) (lease, error) {
	p.inflight.Add(1)
	if p.closed.Load() {
		p.inflight.Add(-1)
		return lease{}, fmt.Errorf("connect: %w", drivers.ErrPoolClosed)
	}
	start := time.Now()
	c, err := pgx.ConnectConfig(ctx, p.direct)
	it.Acquire = time.Since(start)
	if err != nil {
		p.inflight.Add(-1)
		return lease{}, fmt.Errorf("connect: %w", err)
	}
	p.directConns.Add(1)
	p.open.Add(1)
	return lease{direct: c}, nil
}

func (p *pool) release(l lease) {
	if l.pooled != nil {
		l.pooled.Release()
		p.leased.Add(-1)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = l.direct.Close(ctx) // the socket is closed even when this reports an error
	cancel()
	p.open.Add(-1)
	p.inflight.Add(-1)
}
