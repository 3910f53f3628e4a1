package postgres

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stressql/stressql/drivers"
)

// pool implements drivers.Pool.
type pool struct {
	cfg            Config
	app            string // application_name of every pool connection
	connectTimeout time.Duration
	schema         *schema // nil without a namespace

	pg     *pgxpool.Pool   // nil when the pool is disabled
	direct *pgx.ConnConfig // per-iteration connections when disabled
	mon    *monitor
	// bouncer reads PgBouncer's admin console when the target is one.
	bouncer *bouncer

	closed    atomic.Bool
	closeOnce sync.Once
	closeDone chan struct{}

	// Disabled pool only: connections being made or in use, and totals.
	inflight    atomic.Int64
	open        atomic.Int64
	directConns atomic.Int64
}

// Stats samples pgxpool's counters. With the pool disabled, total and
// in-use are the per-iteration connections open now, and new_conns and
// acquire_count count those made.
func (p *pool) Stats() drivers.PoolStats {
	if p.pg == nil {
		open, made := p.open.Load(), p.directConns.Load()
		return drivers.PoolStats{TotalConns: open, InUseConns: open, NewConns: made, AcquireCount: made}
	}
	s := p.pg.Stat()
	return drivers.PoolStats{
		TotalConns:           int64(s.TotalConns()),
		IdleConns:            int64(s.IdleConns()),
		InUseConns:           int64(s.AcquiredConns()),
		NewConns:             s.NewConnsCount(),
		AcquireCount:         s.AcquireCount(),
		EmptyAcquireCount:    s.EmptyAcquireCount(),
		CanceledAcquireCount: s.CanceledAcquireCount(),
	}
}

// Close stops handing out connections and closes the pool once the
// connections in use are released, waiting for that until ctx is done
// (the close then finishes in the background). It is idempotent.
func (p *pool) Close(ctx context.Context) error {
	p.closeOnce.Do(func() {
		p.closed.Store(true)
		go func() {
			defer close(p.closeDone)
			if p.pg != nil {
				p.pg.Close() // blocks until acquired connections are released
				return
			}
			for p.inflight.Load() > 0 {
				time.Sleep(time.Millisecond)
			}
		}()
	})
	select {
	case <-p.closeDone:
	case <-ctx.Done():
		return fmt.Errorf("close postgres pool: %d connections still in use: %w",
			p.Stats().InUseConns, ctx.Err())
	}
	p.mon.close()
	p.bouncer.close()
	return nil
}
