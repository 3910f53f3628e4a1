package redis

import (
	"context"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
)

const defaultDialTimeout = 5 * time.Second

var silenceOnce sync.Once

// quiet drops go-redis's internal log lines.
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// Open builds the client for cfg against env. It does not need the
// server: connections are made lazily, so a scenario against a dead server
// runs and records refused or dns per iteration. With min_idle_conns > 0
// it waits, at most the dial timeout, until that many connections exist.
// Open fails only for an invalid configuration, and its errors never
// contain the password.
func Open(ctx context.Context, cfg Config, env drivers.Env) (drivers.Pool, error) {
	silenceOnce.Do(func() { goredis.SetLogger(quiet{}) })
	app := clientName(env.AppName)
	popt, mopt, top, err := options(cfg, env, app)
	if err != nil {
		return nil, err
	}
	p := &pool{
		cfg:         cfg,
		app:         app,
		ns:          env.Namespace,
		opt:         popt,
		top:         top,
		mon:         &monitor{opt: mopt, top: top},
		dialTimeout: cfg.DialTimeout,
		specs:       map[string]*cmdSpec{},
		safetyMs:    safetyMillis(env.SafetyTTL),
	}
	p.safetyPX = p.safetyMs
	if top.watch != nil {
		top.watch.closed = &p.closed
	}
	if p.dialTimeout <= 0 {
		p.dialTimeout = defaultDialTimeout
	}
	if top.kind == cluster {
		p.top.cn = &clusterNodes{keep: cfg.Enabled} // the pool's copy only: the monitor's commands are not counted
	}
	if cfg.Enabled {
		p.c = p.top.newClient(popt)
		p.warm(ctx)
	}
	return p, nil
}

// warm waits until go-redis has dialed min_idle_conns connections (it
// starts dialing them in NewClient), or the dial timeout passed, or no
// dial is pending any more (they failed: a dead server).
func (p *pool) warm(ctx context.Context) {
	n := uint32(p.cfg.MinIdleConns)
	if n == 0 {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, p.dialTimeout)
	defer cancel()
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		// IdleConns counts idle connections being dialed, TotalConns only
		// those made; nothing is in use yet.
		s := p.c.PoolStats()
		if s.TotalConns >= n || s.IdleConns <= s.TotalConns {
			return
		}
		select {
		case <-wctx.Done():
			return
		case <-t.C:
		}
	}
}
