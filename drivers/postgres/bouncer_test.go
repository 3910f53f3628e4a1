package postgres

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/testenv"
)

// runArgsQuery runs a parameterized query step with workers goroutines,
// n iterations each, and returns the kinds of the failures (nil when all
// passed).
func runArgsQuery(t *testing.T, cfg Config, env drivers.Env, workers, n int) []string {
	t.Helper()
	p := openPool(t, cfg, env)
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "select $1::int + $2::int, $3::text",
		Args: []arg.Expr{arg.Number("iteration", arg.Iteration()), arg.Const("2"), arg.Const("it's")}})
	var mu sync.Mutex
	var kinds []string
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				it := &drivers.WorkerState{Seq: int64(i + 1), Worker: int64(w)}
				if err := op.Do(context.Background(), it); err != nil {
					mu.Lock()
					kinds = append(kinds, Classify(err))
					if len(kinds) == 1 {
						t.Logf("first failure (%s): %v", Classify(err), err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	// The tool's own monitoring works whatever the target is.
	if _, err := p.ServerConns(context.Background()); err != nil {
		t.Errorf("ServerConns: %v", err)
	}
	return kinds
}

func TestQueryExecModesDirect(t *testing.T) {
	for _, mode := range queryExecModes {
		t.Run(mode, func(t *testing.T) {
			cfg := testConfig()
			cfg.QueryExecMode = mode
			if kinds := runArgsQuery(t, cfg, testEnv(t), 2, 5); kinds != nil {
				t.Fatalf("%d failures: %v", len(kinds), kinds)
			}
		})
	}
}

// TestQueryExecModesThroughPgBouncer: through a transaction-mode
// PgBouncer with fewer server connections than pool connections, the
// stateless modes pass and a cached prepared statement fails as the
// prepared_statement kind, not query.
func TestQueryExecModesThroughPgBouncer(t *testing.T) {
	bouncer := testenv.StartPgBouncer(t, "transaction", testenv.PgBouncerOptions{PoolSize: 2})
	for _, mode := range queryExecModes {
		t.Run(mode, func(t *testing.T) {
			cfg := testConfig()
			cfg.MaxConns = 6
			cfg.QueryExecMode = mode
			env := testEnv(t)
			env.URL = bouncer
			kinds := runArgsQuery(t, cfg, env, 6, 30)
			switch mode {
			case ModeExec, ModeCacheDescribe, ModeSimpleProtocol:
				if kinds != nil {
					t.Fatalf("%d failures through PgBouncer: %v", len(kinds), kinds)
				}
			case ModeCacheStatement:
				if len(kinds) == 0 {
					t.Fatal("no failure: the prepared-statement pitfall did not happen")
				}
				fallthrough
			default: // describe_exec may lose its unnamed statement between round trips
				for _, k := range kinds {
					if k != errkind.PreparedStmt {
						t.Fatalf("failure kinds %v: want only %s", kinds, errkind.PreparedStmt)
					}
				}
			}
		})
	}
}

// loginRecorder is a TCP proxy to addr that records the database of
// every PostgreSQL startup message passing through it (answering 'N' to
// an SSLRequest), so a test sees every login attempted at the target.
type loginRecorder struct {
	mu  sync.Mutex
	dbs []string
}

func (r *loginRecorder) databases() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.dbs)
}

func recordLogins(t *testing.T, addr string) (*loginRecorder, string) {
	t.Helper()
	r := &loginRecorder{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	testenv.Serve(t, ln, func(c net.Conn) {
		var msg []byte
		for {
			var hdr [8]byte
			if _, err := io.ReadFull(c, hdr[:]); err != nil {
				return
			}
			n := binary.BigEndian.Uint32(hdr[:4])
			if n < 8 || n > 1<<16 {
				return
			}
			body := make([]byte, n-8)
			if _, err := io.ReadFull(c, body); err != nil {
				return
			}
			if binary.BigEndian.Uint32(hdr[4:]) == 80877103 { // SSLRequest
				if _, err := c.Write([]byte{'N'}); err != nil {
					return
				}
				continue
			}
			msg = append(hdr[:], body...)
			kv := strings.Split(string(body), "\x00")
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == "database" {
					r.mu.Lock()
					r.dbs = append(r.dbs, kv[i+1])
					r.mu.Unlock()
				}
			}
			break
		}
		up, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			return
		}
		defer up.Close()
		if _, err := up.Write(msg); err != nil {
			return
		}
		go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
		_, _ = io.Copy(c, up)
	})
	return r, ln.Addr().String()
}

// withHost is url with its host:port replaced by addr.
func withHost(t *testing.T, raw, addr string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = addr
	return u.String()
}

// TestBouncerDetectionNoFailedLogin: against PostgreSQL itself the
// bouncer detection, the sampling and the connection count never try a
// login to database pgbouncer (which the server would log as FATAL): a
// proxy in front of the server sees every startup message.
func TestBouncerDetectionNoFailedLogin(t *testing.T) {
	ctx := context.Background()
	rec, addr := recordLogins(t, testenv.ServerAddr(t, "postgres"))
	env := testEnv(t)
	env.URL = withHost(t, env.URL, addr)
	cfg := testConfig()
	cfg.MinConns, cfg.MaxConns = 2, 2
	p := openPool(t, cfg, env)
	type answer struct {
		s   drivers.BouncerSample
		ok  bool
		err error
	}
	var answers []answer
	for range 3 {
		s, ok, err := p.Bouncer(ctx)
		answers = append(answers, answer{s, ok, err})
	}
	testenv.WaitServerConns(t, p, 2, 5*time.Second)
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	s, ok, err := p.Bouncer(ctx)
	answers = append(answers, answer{s, ok, err})
	dbs := rec.databases()
	if len(dbs) == 0 {
		t.Fatal("the proxy saw no login: the test does not see the driver's connections")
	}
	if slices.Contains(dbs, bouncerAdminDB) {
		t.Fatalf("logins through the proxy: %v: a login to database %s was attempted against PostgreSQL", dbs, bouncerAdminDB)
	}
	for _, a := range answers {
		if a.ok || a.err != nil || a.s != (drivers.BouncerSample{}) {
			t.Fatalf("PostgreSQL itself: Bouncer = %+v, %v, %v; want not a bouncer", a.s, a.ok, a.err)
		}
	}
}

// TestBehindPooler: the BackendKeyData PID differs from pg_backend_pid()
// through PgBouncer in every pool mode, and not on PostgreSQL itself.
func TestBehindPooler(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, u string, want bool) {
		c, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		for range 3 { // the same answer on every server connection the bouncer picks
			got, err := BehindPooler(ctx, c)
			if err != nil || got != want {
				t.Fatalf("BehindPooler = %v, %v; want %v", got, err, want)
			}
		}
	}
	t.Run("postgres", func(t *testing.T) { check(t, testenv.URL(t, "postgres"), false) })
	for _, mode := range []string{"session", "transaction", "statement"} {
		t.Run(mode, func(t *testing.T) {
			check(t, testenv.StartPgBouncer(t, mode, testenv.PgBouncerOptions{PoolSize: 1}), true)
		})
	}
}

// TestBouncerDetection: a PostgreSQL server is no bouncer (no data); a
// PgBouncer in each pool mode is, its SHOW POOLS row for the pool's
// database and user and its SHOW STATS totals are read, and the pool's
// connections are counted at the bouncer, where they stop counting once
// the pool is closed (the bouncer's server connections outlive it).
func TestBouncerDetection(t *testing.T) {
	ctx := context.Background()
	direct := openPool(t, testConfig(), testEnv(t))
	if s, ok, err := direct.Bouncer(ctx); ok || err != nil || s != (drivers.BouncerSample{}) {
		t.Fatalf("PostgreSQL itself: Bouncer = %+v, %v, %v; want not a bouncer", s, ok, err)
	}
	for _, mode := range []string{"session", "transaction", "statement"} {
		t.Run(mode, func(t *testing.T) {
			bouncer := testenv.StartPgBouncer(t, mode, testenv.PgBouncerOptions{PoolSize: 2})
			cfg := testConfig()
			cfg.MinConns, cfg.MaxConns = 5, 5
			env := testEnv(t)
			env.URL = bouncer
			p := openPool(t, cfg, env)
			s, ok, err := p.Bouncer(ctx)
			if !ok || err != nil {
				t.Fatalf("PgBouncer: Bouncer = %+v, %v, %v; want a bouncer", s, ok, err)
			}
			// 5 pool connections + the monitor's: clients, none waiting
			// (session mode: those beyond the 2 server connections wait).
			if s.ClActive+s.ClWaiting < 5 || s.SvActive+s.SvIdle > 2 {
				t.Errorf("SHOW POOLS = %+v: want at least 5 clients, at most 2 server connections", s)
			}
			if mode != "session" && s.ClWaiting != 0 {
				t.Errorf("SHOW POOLS = %+v: want no client waiting", s)
			}
			if !s.Stats {
				t.Fatalf("SHOW STATS not read: %+v", s)
			}
			if mode != "session" {
				op := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "select 1"})
				for i := range 20 {
					if err := op.Do(ctx, &drivers.WorkerState{Seq: int64(i + 1)}); err != nil {
						t.Fatal(err)
					}
				}
				s2, _, err := p.Bouncer(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if d := s2.Queries - s.Queries; d < 20 || s2.Xacts-s.Xacts < 20 || s2.QueryTime <= s.QueryTime {
					t.Errorf("SHOW STATS after 20 queries: %+v then %+v: want at least 20 more queries and transactions, more query time", s, s2)
				}
			}
			testenv.WaitServerConns(t, p, 5, 5*time.Second)
			if err := p.Close(ctx); err != nil {
				t.Fatal(err)
			}
			testenv.WaitServerConns(t, p, 0, 5*time.Second)
		})
	}
}
