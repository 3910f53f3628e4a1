package netfault

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/internal/testenv"
)

// pgConfig parses the PostgreSQL test URL and returns its target
// host:port and a config that dials addr instead, once set.
func pgConfig(t *testing.T) (target string, via func(addr string) *pgx.ConnConfig) {
	t.Helper()
	cfg, err := pgx.ParseConfig(testenv.URL(t, "postgres"))
	if err != nil {
		t.Fatalf("parse postgres URL: %v", err)
	}
	target = net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	return target, func(addr string) *pgx.ConnConfig {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.Atoi(port)
		if err != nil {
			t.Fatal(err)
		}
		c := cfg.Copy()
		c.Host, c.Port = host, uint16(n)
		for _, fb := range c.Fallbacks {
			fb.Host, fb.Port = host, uint16(n)
		}
		c.ConnectTimeout = 5 * time.Second
		return c
	}
}

func pgConnect(ctx context.Context, t *testing.T, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	t.Helper()
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		t.Cleanup(func() { _ = c.Close(context.Background()) })
	}
	return c, err
}

// pgRTT is the median time of n Pings (one round trip each).
func pgRTT(ctx context.Context, t *testing.T, c *pgx.Conn, n int) time.Duration {
	t.Helper()
	return median(t, n, func() error { return c.Ping(ctx) })
}

// median times n calls of f and returns the median duration.
func median(t *testing.T, n int, f func() error) time.Duration {
	t.Helper()
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		if err := f(); err != nil {
			t.Fatalf("round trip: %v", err)
		}
		ds[i] = time.Since(start)
	}
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j] < ds[j-1]; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
	return ds[n/2]
}

func TestPostgresThroughProxy(t *testing.T) {
	target, via := pgConfig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	p := startProxy(t, target)
	cfg := via(p.Addr())

	conn, err := pgConnect(ctx, t, cfg)
	if err != nil {
		t.Fatalf("connect through proxy: %v", err)
	}
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 through proxy = %d, %v", one, err)
	}

	t.Run("latency", func(t *testing.T) {
		base := pgRTT(ctx, t, conn, 5)
		tests := []struct {
			dir      Direction
			min, max time.Duration
		}{
			{Upstream, 40 * time.Millisecond, 120 * time.Millisecond},
			{Both, 80 * time.Millisecond, 160 * time.Millisecond},
		}
		for _, tt := range tests {
			p.SetLatency(40*time.Millisecond, 0, tt.dir)
			if rtt := pgRTT(ctx, t, conn, 5); rtt < tt.min || rtt > tt.max+base {
				t.Errorf("%v 40ms: median round trip %v, want within [%v, %v] (base %v)", tt.dir, rtt, tt.min, tt.max+base, base)
			}
			p.Clear()
		}
	})

	t.Run("outage", func(t *testing.T) {
		open, err := pgConnect(ctx, t, cfg)
		if err != nil {
			t.Fatal(err)
		}
		p.StartOutage()
		if err := open.Ping(ctx); !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) {
			t.Errorf("ping on an open connection during outage: %v, want a reset", err)
		}
		if _, err := pgConnect(ctx, t, cfg); !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("connect during outage: %v, want ECONNREFUSED", err)
		}
		if err := p.EndOutage(); err != nil {
			t.Fatalf("EndOutage: %v", err)
		}
		again, err := pgConnect(ctx, t, cfg)
		if err != nil {
			t.Fatalf("connect after outage: %v", err)
		}
		if err := again.Ping(ctx); err != nil {
			t.Fatalf("ping after outage: %v", err)
		}
	})

	t.Run("reset", func(t *testing.T) {
		p.SetReset(1)
		defer p.Clear()
		if _, err := pgConnect(ctx, t, cfg); !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("connect with reset fault: %v, want ECONNRESET", err)
		}
	})
}

func TestRedisThroughProxy(t *testing.T) {
	opt, err := redis.ParseURL(testenv.URL(t, "redis"))
	if err != nil {
		t.Fatalf("parse redis URL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	p := startProxy(t, opt.Addr)
	client := func() *redis.Client {
		o := *opt
		o.Addr = p.Addr()
		o.MaxRetries = -1 // see each failure, not a retry's outcome
		o.PoolSize = 1
		o.DialTimeout = 5 * time.Second
		c := redis.NewClient(&o)
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	rdb := client()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("PING through proxy: %v", err)
	}

	t.Run("latency", func(t *testing.T) {
		ping := func() error { return rdb.Ping(ctx).Err() }
		base := median(t, 5, ping)
		tests := []struct {
			dir      Direction
			min, max time.Duration
		}{
			{Downstream, 40 * time.Millisecond, 120 * time.Millisecond},
			{Both, 80 * time.Millisecond, 160 * time.Millisecond},
		}
		for _, tt := range tests {
			p.SetLatency(40*time.Millisecond, 0, tt.dir)
			if rtt := median(t, 5, ping); rtt < tt.min || rtt > tt.max+base {
				t.Errorf("%v 40ms: median PING %v, want within [%v, %v] (base %v)", tt.dir, rtt, tt.min, tt.max+base, base)
			}
			p.Clear()
		}
	})

	t.Run("outage", func(t *testing.T) {
		p.StartOutage()
		if s := p.Stats(); s.Cut < 1 {
			t.Errorf("outage cut %d connections, want the open one", s.Cut)
		}
		// The pooled connection is gone (go-redis notices the reset and
		// drops it), and a new one is refused.
		if err := rdb.Ping(ctx).Err(); !errors.Is(err, syscall.ECONNREFUSED) && !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("PING during outage: %v, want refused or reset", err)
		}
		if err := client().Ping(ctx).Err(); !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("PING on a new client during outage: %v, want ECONNREFUSED", err)
		}
		if err := p.EndOutage(); err != nil {
			t.Fatalf("EndOutage: %v", err)
		}
		// A new client: rdb's pool backs off dialing after the refusals,
		// which is go-redis's behaviour, not the proxy's.
		if err := client().Ping(ctx).Err(); err != nil {
			t.Fatalf("PING after outage: %v", err)
		}
	})

	t.Run("reset", func(t *testing.T) {
		p.SetReset(1)
		defer p.Clear()
		// go-redis peeks at a socket (connCheck) before using it, which
		// can consume the ECONNRESET: the RST then shows as EPIPE on the
		// write or EOF on the read. That the proxy sent a real RST is
		// checked with raw sockets in TestReset and with pgx above.
		before := p.Stats().Reset
		err := client().Ping(ctx).Err()
		if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) && !errors.Is(err, io.EOF) {
			t.Errorf("PING with reset fault: %v, want ECONNRESET, EPIPE or EOF", err)
		}
		if n := p.Stats().Reset - before; n < 1 {
			t.Errorf("reset fault reset %d connections, want at least 1", n)
		}
	})
}
