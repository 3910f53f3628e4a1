package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// PostgreSQL workloads, the same for every contender.
const (
	pgSelect1 = "select1" // SELECT 1, simple protocol (no arguments)
	pgAcquire = "acquire" // pool Acquire + Release, no I/O
)

// barePostgres runs the pgxpool ceiling: one pool of n connections,
// opened before the clock starts, and n goroutines running the workload
// back to back for d.
func barePostgres(ctx context.Context, url, workload string, n int, d time.Duration) (sample, error) {
	op, done, err := pgWorkload(ctx, url, workload, n)
	if err != nil {
		return sample{}, err
	}
	defer done()
	return closedLoop(ctx, n, d, op)
}

// pgWorkload opens a pgxpool of n connections, waits until they are
// open, and returns workload's operation on it; done closes the pool.
// pool.Exec without arguments uses the simple protocol, as stressql's
// query step and pgbench's default do.
func pgWorkload(ctx context.Context, url, workload string, n int) (op opFunc, done func(), err error) {
	cfg, err := pgPoolConfig(url, int32(n))
	if err != nil {
		return nil, nil, err
	}
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("open pgxpool: %w", err)
	}
	if err := warmPostgres(ctx, p, int32(n)); err != nil {
		p.Close()
		return nil, nil, err
	}
	switch workload {
	case pgSelect1:
		op = func(ctx context.Context, _ int, _ int64) error {
			_, err := p.Exec(ctx, "SELECT 1")
			return err
		}
	case pgAcquire:
		op = func(ctx context.Context, _ int, _ int64) error {
			c, err := p.Acquire(ctx)
			if err != nil {
				return err
			}
			c.Release()
			return nil
		}
	default:
		p.Close()
		return nil, nil, fmt.Errorf("unknown postgres workload %q", workload)
	}
	return op, p.Close, nil
}

// warmPostgres waits until the pool holds n connections.
func warmPostgres(ctx context.Context, p *pgxpool.Pool, n int32) error {
	if err := p.Ping(ctx); err != nil {
		return fmt.Errorf("postgres ping: %w", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for p.Stat().TotalConns() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}
