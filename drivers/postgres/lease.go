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
	"github.com/stressql/stressql/internal/monotime"
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
func (p *pool) acquire(ctx context.Context, it *drivers.WorkerState) (lease, error) {
	if p.pg == nil {
		return p.connect(ctx, it)
	}
	start := monotime.Now()
	actx := ctx
	var d *acquireDeadline
	if t := p.cfg.AcquireTimeout; t > 0 {
		if d = workerDeadline(&it.Local, ctx, start, t); d != nil {
			actx = d
		}
	}
	c, err := p.pg.Acquire(actx)
	expired := err != nil && errors.Is(actx.Err(), context.DeadlineExceeded)
	if d != nil && !d.disarm() {
		// It ended during this acquire; puddle may still hold it.
		d.release()
		it.Local = nil
	}
	it.Acquire = time.Duration(monotime.Now() - start)
	if err != nil {
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
func (p *pool) connect(ctx context.Context, it *drivers.WorkerState) (lease, error) {
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
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = l.direct.Close(ctx) // the socket is closed even when this reports an error
	cancel()
	p.open.Add(-1)
	p.inflight.Add(-1)
}
