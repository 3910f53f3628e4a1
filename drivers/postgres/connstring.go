package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/redact"
)

// sslModes are the libpq sslmode values pgx understands.
var sslModes = map[string]bool{
	"disable": true, "allow": true, "prefer": true, "require": true,
	"verify-ca": true, "verify-full": true,
}

// withSSLMode returns connString with its sslmode set to mode. The
// configured mode wins over one written in the URL: the scenario's pool
// block is the source of truth.
func withSSLMode(connString, mode string) (string, error) {
	if mode == "" {
		return connString, nil
	}
	if !sslModes[mode] {
		return "", fmt.Errorf("postgres: tls = %q: want one of disable, prefer, require, verify-ca, verify-full", mode)
	}
	if !strings.HasPrefix(connString, "postgres://") && !strings.HasPrefix(connString, "postgresql://") {
		// keyword/value form: a later keyword overrides an earlier one.
		return connString + " sslmode=" + mode, nil
	}
	u, err := url.Parse(connString)
	if err != nil {
		return "", fmt.Errorf("postgres: invalid URL: %w", scrub(err, connString))
	}
	q := u.Query()
	q.Set("sslmode", mode)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// scrub masks the secrets of connString in err's message (see package
// redact), keeping the chain for errors.Is / errors.As.
func scrub(err error, connString string) error {
	return redact.Error(err, connString)
}

// configs are the parsed connection settings of one pool.
type configs struct {
	pool    *pgxpool.Config // nil when the pool is disabled
	direct  *pgx.ConnConfig // one connection per iteration (pool disabled)
	monitor *pgx.ConnConfig // the uncounted monitor connection
}

func buildConfigs(cfg Config, env drivers.Env, app string, sch *schema) (*configs, error) {
	if err := validate(cfg); err != nil {
		return nil, err
	}
	connString, err := withSSLMode(env.URL, cfg.TLS)
	if err != nil {
		return nil, err
	}
	var out configs
	conn, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", scrub(err, connString))
	}
	out.monitor = conn.Copy()
	setCommon(out.monitor, cfg)
	out.monitor.RuntimeParams["application_name"] = monitorName(app)
	// No statement or description cached on a server connection: the
	// monitor must work through PgBouncer in any pool mode.
	out.monitor.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol

	setCommon(conn, cfg)
	setTarget(conn, env)
	conn.RuntimeParams["application_name"] = app
	if sch != nil {
		conn.RuntimeParams["search_path"] = quoteIdent(sch.name) + ", public"
	}
	if !cfg.Enabled {
		out.direct = conn
		return &out, nil
	}

	pc, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", scrub(err, connString))
	}
	pc.ConnConfig = conn
	pc.MaxConns = cfg.MaxConns
	pc.MinConns = cfg.MinConns
	pc.MaxConnLifetime = cfg.MaxConnLifetime
	pc.MaxConnLifetimeJitter = cfg.MaxConnLifetimeJitter
	pc.MaxConnIdleTime = cfg.MaxConnIdleTime
	if cfg.HealthCheckPeriod > 0 { // pgxpool's ticker needs a positive period
		pc.HealthCheckPeriod = cfg.HealthCheckPeriod
	}
	ping := cfg.PingOnAcquire
	// Without ping_on_acquire, never ping: pgxpool's default (ping when
	// idle for 1s) would hide dead idle connections from the scenario.
	pc.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return ping }
	if sch != nil {
		pc.AfterConnect = sch.ensure
	}
	out.pool = pc
	return &out, nil
}

func validate(cfg Config) error {
	if cfg.Enabled {
		if cfg.MaxConns < 1 {
			return fmt.Errorf("postgres: max_conns = %d: want at least 1", cfg.MaxConns)
		}
		if cfg.MinConns < 0 || cfg.MinConns > cfg.MaxConns {
			return fmt.Errorf("postgres: min_conns = %d: want 0..max_conns (%d)", cfg.MinConns, cfg.MaxConns)
		}
	}
	if cfg.QueryExecMode != "" && !slices.Contains(queryExecModes, cfg.QueryExecMode) {
		return fmt.Errorf("postgres: query_exec_mode = %q: want one of %s", cfg.QueryExecMode, strings.Join(queryExecModes, ", "))
	}
	if cfg.AcquireTimeout < 0 || cfg.ConnectTimeout < 0 {
		return errors.New("postgres: acquire_timeout and connect_timeout must not be negative")
	}
	return nil
}

func setCommon(c *pgx.ConnConfig, cfg Config) {
	if cfg.ConnectTimeout > 0 {
		c.ConnectTimeout = cfg.ConnectTimeout
	}
}

// setTarget applies the engine's redirections: Host replaces the host
// name (resolution really happens, so a .invalid name fails in DNS) and
// DialAddr replaces where the socket goes (the fault proxy). TLS keeps
// the server name of the URL.
func setTarget(c *pgx.ConnConfig, env drivers.Env) {
	if env.Host != "" {
		c.Host = env.Host
		for _, fb := range c.Fallbacks {
			fb.Host = env.Host
		}
	}
	if env.DialAddr == "" {
		return
	}
	addr := env.DialAddr
	dialer := &net.Dialer{KeepAlive: 5 * time.Minute}
	c.DialFunc = func(ctx context.Context, _, _ string) (net.Conn, error) {
		return dialer.DialContext(ctx, "tcp", addr)
	}
	if env.Host == "" {
		// Dial once per attempt: do not multiply attempts by the
		// addresses the URL's host resolves to.
		c.LookupFunc = func(_ context.Context, host string) ([]string, error) {
			return []string{host}, nil
		}
	}
}
