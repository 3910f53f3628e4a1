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
// Close it uses a one-shot connection, so it leaks nothing. Behind a
// PgBouncer it counts the bouncer's client connections with that name
// instead (SHOW CLIENTS): the server connections are the bouncer's.
func (p *pool) ServerConns(ctx context.Context) (int, error) {
	if p.app == "" {
		return 0, errNoAppName
	}
	if n, ok, err := p.bouncer.clients(ctx, p.app); ok {
		if err != nil {
			return 0, fmt.Errorf("postgres server connections: %w", err)
		}
		return n, nil
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
//
// Behind a PgBouncer it ends the bouncer's server connections that carry
// the pool's application_name in pg_stat_activity (the bouncer gives a
// server connection the application_name of the client it serves, and
// keeps it until another client's differs), idle ones only with
// idleOnly: the process IDs of the pool's connections are the bouncer's
// made-up ones, no backend's. In session mode each pool connection has a
// server connection of its own, and its next query fails as after a
// direct kill; in transaction and statement mode server connections are
// shared, and a client notices only a kill in the middle of its
// transaction or query: otherwise the bouncer just uses another server
// connection. The count is of server connections.
func (p *pool) Terminate(ctx context.Context, idleOnly bool) (int, error) {
	if p.app == "" {
		return 0, errNoAppName
	}
	if idleOnly && p.pg != nil && !p.bouncer.behind(ctx) {
		return p.terminateIdle(ctx)
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

// terminateIdle kills the backends of the connections idle in the pool.
// The server's own idea of idle (state = 'idle') also covers a connection
// an iteration has just acquired and is about to use, so killing by state
// races with the load: an iteration could be handed a connection that is
// being killed, and fail even with ping_on_acquire. Instead the pool's idle
// connections are taken client-side (nobody else can get them meanwhile),
// their backends killed, and, once the server has let them go, handed back:
// the pool then finds them dead (ping_on_acquire), or the next query on one
// fails, as after a real server-side kill.
func (p *pool) terminateIdle(ctx context.Context) (int, error) {
	conns := p.pg.AcquireAllIdle(ctx)
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	if len(conns) == 0 {
		return 0, nil
	}
	pids := make([]int32, len(conns))
	for i, c := range conns {
		pids[i] = int32(c.Conn().PgConn().PID())
	}
	var n int
	err := p.mon.do(ctx, !p.closed.Load(), func(c *pgx.Conn) error {
		if err := c.QueryRow(ctx, `select count(*) from (
			select pg_terminate_backend(pid) as ok from pg_stat_activity
			where pid = any($1)) t where ok`, pids).Scan(&n); err != nil {
			return err
		}
		// pg_terminate_backend only signals; wait (bounded) until the
		// backends are gone, so none answers a validation ping first.
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
			var left int
			if err := c.QueryRow(ctx, `select count(*) from pg_stat_activity where pid = any($1)`, pids).Scan(&left); err != nil {
				return err
			}
			if left == 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("postgres terminate idle connections: %w", err)
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
	p.bouncer.close()
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
