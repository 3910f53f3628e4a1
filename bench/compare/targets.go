package main

import (
	"fmt"
	"net/url"
	"os"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/redact"
)

// Default targets: the local servers, as stressql itself defaults.
const (
	defaultPostgresURL = "postgres://stressql:stressql@127.0.0.1:5432/stressql"
	defaultRedisURL    = "redis://127.0.0.1:6379/0"
)

// targets are the two servers every measurement runs against.
type targets struct {
	postgres, redis string
}

// targetsFromEnv honours STRESSQL_POSTGRES_URL and STRESSQL_REDIS_URL, like
// stressql does; the child stressql processes inherit them.
func targetsFromEnv() targets {
	t := targets{postgres: defaultPostgresURL, redis: defaultRedisURL}
	if u := os.Getenv("STRESSQL_POSTGRES_URL"); u != "" {
		t.postgres = u
	}
	if u := os.Getenv("STRESSQL_REDIS_URL"); u != "" {
		t.redis = u
	}
	return t
}

// pgPoolConfig parses a PostgreSQL URL for a bare pgxpool of n
// connections. Without an sslmode in the URL it uses sslmode=disable,
// stressql's default (tls = "disable"), so that every contender speaks
// plain TCP.
func pgPoolConfig(raw string, n int32) (*pgxpool.Config, error) {
	u, err := withSSLDisabled(raw)
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(u)
	if err != nil {
		return nil, fmt.Errorf("parse postgres URL %s: %w", redact.Target(raw), err)
	}
	cfg.MaxConns, cfg.MinConns = n, n
	cfg.ConnConfig.RuntimeParams["application_name"] = "stressql-bench"
	return cfg, nil
}

func withSSLDisabled(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("parse postgres URL %s: invalid URL", redact.Target(raw))
	}
	q := u.Query()
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "disable")
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// redisOptions parses a Redis URL for a bare go-redis client of n
// connections, with the settings stressql's driver uses (no retries,
// no identity handshake) so that both do the same work per command.
func redisOptions(raw string, n int) (*goredis.Options, error) {
	opt, err := goredis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("parse redis URL %s: invalid URL", redact.Target(raw))
	}
	opt.PoolSize = n
	opt.MinIdleConns = n
	opt.MaxRetries = -1
	opt.DisableIdentity = true
	opt.ContextTimeoutEnabled = true
	opt.ClientName = "stressql-bench"
	return opt, nil
}

// pgbenchConn is how pgbench reaches the server: host, port, user and
// database as flags, the password and sslmode in its environment, never
// on the command line.
type pgbenchConn struct {
	args []string
	env  []string
}

func pgbenchConnOf(raw string) (pgbenchConn, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return pgbenchConn{}, fmt.Errorf("parse postgres URL %s: invalid URL", redact.Target(raw))
	}
	var c pgbenchConn
	if h := u.Hostname(); h != "" {
		c.args = append(c.args, "-h", h)
	}
	if p := u.Port(); p != "" {
		c.args = append(c.args, "-p", p)
	}
	if n := u.User.Username(); n != "" {
		c.args = append(c.args, "-U", n)
	}
	if pw, ok := u.User.Password(); ok {
		c.env = append(c.env, "PGPASSWORD="+pw)
	}
	mode := u.Query().Get("sslmode")
	if mode == "" {
		mode = "disable"
	}
	c.env = append(c.env, "PGSSLMODE="+mode)
	if db := trimSlash(u.Path); db != "" {
		c.args = append(c.args, db)
	}
	return c, nil
}

// redisBenchConn is how redis-benchmark reaches the server. It has no
// environment variable for a password: one goes in -a, on the command
// line of a loopback child, and is never printed.
func redisBenchConn(raw string) ([]string, error) {
	opt, err := goredis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("parse redis URL %s: invalid URL", redact.Target(raw))
	}
	host, port := splitHostPort(opt.Addr)
	args := []string{"-h", host, "-p", port}
	if opt.DB != 0 {
		args = append(args, "--dbnum", strconv.Itoa(opt.DB))
	}
	if opt.Username != "" {
		args = append(args, "--user", opt.Username)
	}
	if opt.Password != "" {
		args = append(args, "-a", opt.Password)
	}
	return args, nil
}

func splitHostPort(addr string) (string, string) {
	u := url.URL{Host: addr}
	port := u.Port()
	if port == "" {
		port = "6379"
	}
	return u.Hostname(), port
}

func trimSlash(s string) string {
	for len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	return s
}
