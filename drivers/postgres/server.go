package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stressql/stressql/drivers"
)

var errNoAppName = errors.New("postgres: no application name: cannot tell this scenario's connections apart")

// ServerConns counts the server's connections with this pool's
// application_name, from the monitor connection (not counted). After
// Close it uses a one-shot connection, so it leaks nothing.
func (p *pool) ServerConns(ctx context.Context) (int, error) {
	if p.app == "" {
		return 0, errNoAppName
	}
	var n int
	err := p.mon.do(ctx, !p.closed.Load(), func(c *pgx.Conn) error {
		return c.QueryRow(ctx,
			"select count(*) from pg_stat_activity where application_name = $1", p.app).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("postgres server connections: %w", err)
	}
	return n, nil
}

// Terminate has the server end this pool's connections with
// pg_terminate_backend; idleOnly keeps those running a statement or in a
// transaction. Note that a connection held by a `hold` step is idle on
// the server side.
func (p *pool) Terminate(ctx context.Context, idleOnly bool) (int, error) {
	if p.app == "" {
		return 0, errNoAppName
	}
	var n int
	err := p.mon.do(ctx, !p.closed.Load(), func(c *pgx.Conn) error {
		return c.QueryRow(ctx, `select count(*) from (
			select pg_terminate_backend(pid) as ok from pg_stat_activity
			where application_name = $1 and pid <> pg_backend_pid()
			  and (not $2::boolean or state = 'idle')) t where ok`,
			p.app, idleOnly).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("postgres terminate: %w", err)
	}
	return n, nil
}

// Pause is a Redis fault: PostgreSQL has no equivalent.
func (p *pool) Pause(context.Context, time.Duration) error {
	return fmt.Errorf("postgres pause: %w", drivers.ErrUnsupported)
}

// Cleanup drops the namespace schema with everything in it, on its own
// connection, and closes the monitor. It works after Close.
func (p *pool) Cleanup(ctx context.Context) error {
	if p.schema == nil {
		p.mon.close()
		return nil
	}
	err := p.mon.do(ctx, false, func(c *pgx.Conn) error {
		_, err := c.Exec(ctx, "drop schema if exists "+quoteIdent(p.schema.name)+" cascade")
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres cleanup: drop schema %s: %w", p.schema.name, err)
	}
	p.schema.ready.Store(false)
	return nil
}
