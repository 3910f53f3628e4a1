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
// back to back for d. pool.Exec without arguments uses the simple
// protocol, as stressql's query step and pgbench's default do.
func barePostgres(ctx context.Context, url, workload string, n int, d time.Duration) (sample, error) {
	cfg, err := pgPoolConfig(url, int32(n))
	if err != nil {
		return sample{}, err
	}
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return sample{}, fmt.Errorf("open pgxpool: %w", err)
	}
	defer p.Close()
	if err := warmPostgres(ctx, p, int32(n)); err != nil {
		return sample{}, err
	}
	var op opFunc
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
		return sample{}, fmt.Errorf("unknown postgres workload %q", workload)
	}
	return closedLoop(ctx, n, d, op)
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
