package redis

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/redact"
)

// options builds the go-redis options of the pool's client (redirected
// by env) and of the monitor (straight to the URL's server), and the
// deployment the URL names (see parseTarget). For a Sentinel or Cluster
// target the options are those of every data server; its client is
// built by topo.newClient.
func options(cfg Config, env drivers.Env, app string) (pool, mon *goredis.Options, top topo, err error) {
	if err := validate(cfg); err != nil {
		return nil, nil, top, err
	}
	top, plain, err := parseTarget(env.URL)
	if err != nil {
		return nil, nil, top, fmt.Errorf("redis: invalid URL: %w", scrub(err, env.URL))
	}
	if top.kind != single && (env.Host != "" || env.DialAddr != "") {
		return nil, nil, top, fmt.Errorf("redis: network and dns faults cannot be aimed at a Sentinel or Cluster target (%s): they act on one address, and these deployments have several; use terminate, pause or failover", redact.Target(env.URL))
	}
	base, err := goredis.ParseURL(plain)
	if err != nil {
		return nil, nil, top, fmt.Errorf("redis: invalid URL: %w", scrub(err, env.URL))
	}
	if top.kind == cluster && cfg.DB != 0 {
		return nil, nil, top, fmt.Errorf("redis: db = %d: a Redis Cluster has only database 0", cfg.DB)
	}
	if cfg.DB != 0 {
		base.DB = cfg.DB
	}
	// Failures must reach the scenario as they happen: its retry policy,
	// not go-redis, decides what is retried.
	base.MaxRetries = -1
	base.DialerRetries = 1
	base.ContextTimeoutEnabled = true
	base.DisableIdentity = true
	base.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	base.DialTimeout = cfg.DialTimeout
	// Pipelines (a command with the safety TTL) run on the pool the
	// scenario configured: go-redis's dedicated pipeline pool would open up
	// to 10 connections more per client, outside pool_size and its stats.
	base.PipelinePoolSize = -1

	mon = new(goredis.Options)
	*mon = *base
	mon.ClientName = monitorName(app)
	mon.PoolSize = 1
	mon.ReadTimeout = -1 // bounded by the caller's context (a pause may outlast any fixed timeout)
	mon.WriteTimeout = -1
	mon.Dialer = dialer(mon, drivers.Env{})
	mon.ClientName = "" // named by its dialer, as the pool's below

	pool = new(goredis.Options)
	*pool = *base
	pool.ClientName = app
	pool.PoolSize = cfg.PoolSize
	pool.MinIdleConns = cfg.MinIdleConns
	pool.MaxIdleConns = cfg.MaxIdleConns
	pool.MaxActiveConns = cfg.MaxActiveConns
	pool.PoolTimeout = cfg.PoolTimeout
	pool.ReadTimeout = cfg.ReadTimeout
	pool.WriteTimeout = cfg.WriteTimeout
	pool.ConnMaxIdleTime = cfg.ConnMaxIdleTime
	pool.ConnMaxLifetime = cfg.ConnMaxLifetime
	pool.PoolFIFO = cfg.PoolFIFO
	if env.Host != "" {
		_, port, err := net.SplitHostPort(pool.Addr)
		if err != nil {
			return nil, nil, top, fmt.Errorf("redis: address %q: %w", redact.Text(pool.Addr, redact.Secrets(env.URL)...), err)
		}
		pool.Addr = net.JoinHostPort(env.Host, port)
	}
	pool.Dialer = dialer(pool, env)
	// The dialer has named every connection (and authenticated it) in
	// its one round trip; go-redis would name it again in a second one
	// after its HELLO, on each connection's first use. Without a name of
	// its own it sends the HELLO alone: one round trip fewer per new
	// connection, which is what a load pays while its pool grows (and
	// on the warm connections' first use, in a load's first
	// milliseconds).
	pool.ClientName = ""
	if !cfg.Enabled {
		pool.PoolSize = 1
		pool.MinIdleConns = 0
		pool.MaxIdleConns = 0
		pool.MaxActiveConns = 0
	}
	if top.kind == sentinel {
		w := &masterWatch{sentinels: top.sentinels, closed: new(atomic.Bool)}
		bare := dialer(&goredis.Options{TLSConfig: base.TLSConfig}, drivers.Env{})
		pool.Dialer = sentinelDialer(pool.Dialer, bare, w)
		// The monitor follows the same watch: once a failover fault saw
		// the new master, server-side counts, terminate and pause go
		// there, never to the demoted master (which still holds the
		// pool's old connections for a moment).
		mon.Dialer = sentinelDialer(mon.Dialer, bare, w)
		top.watch = w
	}
	return pool, mon, top, nil
}

func validate(cfg Config) error {
	if cfg.Enabled && cfg.PoolSize < 1 {
		return fmt.Errorf("redis: pool_size = %d: want at least 1", cfg.PoolSize)
	}
	if cfg.MinIdleConns < 0 || cfg.MaxIdleConns < 0 || cfg.MaxActiveConns < 0 {
		return errors.New("redis: min_idle_conns, max_idle_conns and max_active_conns must not be negative")
	}
	if cfg.Enabled && cfg.MinIdleConns > cfg.PoolSize {
		return fmt.Errorf("redis: min_idle_conns = %d: want at most pool_size (%d)", cfg.MinIdleConns, cfg.PoolSize)
	}
	if cfg.DB < 0 {
		return fmt.Errorf("redis: db = %d: want 0 or more", cfg.DB)
	}
	return nil
}

// dialer dials the address go-redis asks for, or env.DialAddr (the fault
// proxy) when set; a name in env.Host is still resolved first, so that a
// dns fault fails for real. TLS uses the server name of the URL and
// honours ctx, unlike go-redis's default dialer. Every connection is named
// (CLIENT SETNAME) before go-redis sees it: go-redis sends its own
// handshake only when a connection is first used, so the idle
// connections it opens for min_idle_conns would otherwise be anonymous
// to CLIENT LIST.
func dialer(opt *goredis.Options, env drivers.Env) func(context.Context, string, string) (net.Conn, error) {
	nd := &net.Dialer{KeepAlive: 5 * time.Minute}
	tlsConfig, name, user, pass := opt.TLSConfig, opt.ClientName, opt.Username, opt.Password
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if env.DialAddr != "" {
			if env.Host != "" {
				if _, err := net.DefaultResolver.LookupHost(ctx, env.Host); err != nil {
					return nil, err
				}
			}
			network, addr = "tcp", env.DialAddr
		}
		c, err := nd.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if tlsConfig != nil {
			tc := tls.Client(c, tlsConfig)
			if err := tc.HandshakeContext(ctx); err != nil {
				_ = c.Close()
				return nil, fmt.Errorf("%w with %s (is the port TLS?): %w", drivers.ErrTLSHandshake, addr, err)
			}
			c = tc
		}
		if name != "" {
			if err := setName(ctx, c, user, pass, name); err != nil {
				_ = c.Close()
				return nil, err
			}
		}
		return c, nil
	}
}
