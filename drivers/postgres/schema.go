package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// schema is the scenario's namespace: created once (by the monitor at
// Open, or by the first pool connection if the server was unreachable
// then), first on every pool connection's search_path, dropped by Cleanup.
type schema struct {
	name  string
	ready atomic.Bool
	mu    sync.Mutex
}

// ensure creates the schema on c unless that was already done. Its
// signature fits pgxpool's AfterConnect.
func (s *schema) ensure(ctx context.Context, c *pgx.Conn) error {
	if s.ready.Load() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ready.Load() {
		return nil
	}
	_, err := c.Exec(ctx, "create schema if not exists "+quoteIdent(s.name))
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42P06" || pgErr.Code == "23505") {
		err = nil // created concurrently by another process
	}
	if err != nil {
		return fmt.Errorf("create schema %s: %w", s.name, err)
	}
	s.ready.Store(true)
	return nil
}
