package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stressql/stressql/drivers"
)

// defaultConnectTimeout bounds connecting when the configuration leaves
// connect_timeout at 0.
const defaultConnectTimeout = 5 * time.Second

// Open builds the pool for cfg against env. It does not need the server:
// connections are made lazily, so a scenario against a dead server runs
// and records refused or dns per iteration. With min_conns > 0 it waits,
// at most the connect timeout, until that many connections exist, so the
// caller can time the warm-up. It creates the Env.Namespace schema when
// the server answers. Open fails only for an invalid configuration, and
// its errors never contain the password.
func Open(ctx context.Context, cfg Config, env drivers.Env) (drivers.Pool, error) {
	app := appName(env.AppName)
	var sch *schema
	if env.Namespace != "" {
		sch = &schema{name: env.Namespace}
	}
	cs, err := buildConfigs(cfg, env, app, sch)
	if err != nil {
		return nil, err
	}
	p := &pool{
		cfg:       cfg,
		app:       app,
		schema:    sch,
		direct:    cs.direct,
		mon:       &monitor{cfg: cs.monitor},
		closeDone: make(chan struct{}),
	}
	if p.bouncer, err = newBouncer(cs.monitor, p.mon, p.closed.Load, env); err != nil {
		return nil, err
	}
	p.connectTimeout = cfg.ConnectTimeout
	if p.connectTimeout <= 0 {
		p.connectTimeout = defaultConnectTimeout
	}
	if sch != nil {
		// Best effort: if the server is unreachable now, the first pool
		// connection creates the schema (AfterConnect).
		cctx, cancel := context.WithTimeout(ctx, p.connectTimeout)
		_ = p.mon.do(cctx, true, func(c *pgx.Conn) error { return sch.ensure(cctx, c) })
		cancel()
	}
	if cs.pool != nil {
		pg, err := pgxpool.NewWithConfig(ctx, cs.pool)
		if err != nil {
			p.mon.close()
			return nil, err
		}
		p.pg = pg
		p.warm(ctx)
	}
	return p, nil
}

// warm waits until pgxpool's background start has made min_conns
// connections. When nothing is being made any more and the count is still
// short (the start failed: a dead server), a probe acquire tells whether
// connecting works at all; its failure ends the wait early.
func (p *pool) warm(ctx context.Context) {
	want := p.cfg.MinConns
	if want == 0 {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, p.connectTimeout)
	defer cancel()
	const settle = 20 * time.Millisecond
	probeAt := time.Now().Add(settle)
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		s := p.pg.Stat()
		if s.TotalConns()-s.ConstructingConns() >= want {
			return
		}
		if s.ConstructingConns() == 0 && time.Now().After(probeAt) {
			c, err := p.pg.Acquire(wctx)
			if err != nil {
				return
			}
			c.Release()
			probeAt = time.Now().Add(settle)
		}
		select {
		case <-wctx.Done():
			return
		case <-t.C:
		}
	}
}
