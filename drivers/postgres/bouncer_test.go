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
	"github.com/jackc/pgx/v5/pgxpool"

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

// useConcurrently has n pool connections each run sql at the same time,
// so that the bouncer gives each a server connection of its own.
func useConcurrently(t *testing.T, p *pool, n int, sql string) {
	t.Helper()
	ctx := context.Background()
	var conns []*pgxpool.Conn
	for range n {
		c, err := p.pg.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, c := range conns {
		wg.Go(func() { _, errs[i] = c.Exec(ctx, sql) })
	}
	wg.Wait()
	for i, c := range conns {
		c.Release()
		if errs[i] != nil {
			t.Fatalf("%s: %v", sql, errs[i])
		}
	}
}

// serverConnsAtBouncer is the bouncer's server connections for the pool's
// database and user (SHOW POOLS).
func serverConnsAtBouncer(t *testing.T, p *pool) int64 {
	t.Helper()
	s, ok, err := p.Bouncer(context.Background())
	if !ok || err != nil {
		t.Fatalf("Bouncer: %v, %v", ok, err)
	}
	return s.SvActive + s.SvIdle
}

// TestTerminateBehindPgBouncer: fault terminate behind a bouncer ends the
// bouncer's server connections that serve the pool. In session mode each
// pool connection has its own, so the idle-only kill (which cannot go by
// the pool connections' process IDs: those are the bouncer's) ends them
// all and every pool connection's next query fails with reset, as after
// a direct kill; in transaction mode the bouncer replaces a killed idle
// server connection and no client notices.
func TestTerminateBehindPgBouncer(t *testing.T) {
	ctx := context.Background()
	t.Run("session", func(t *testing.T) {
		cfg := testConfig()
		cfg.MinConns, cfg.MaxConns = 3, 3
		env := testEnv(t)
		env.URL = testenv.StartPgBouncer(t, "session", testenv.PgBouncerOptions{PoolSize: 4})
		p := openPool(t, cfg, env)
		useConcurrently(t, p, 3, "select 1")
		n, err := p.Terminate(ctx, true)
		if err != nil || n != 3 {
			t.Fatalf("Terminate(idle only) = %d, %v; want the 3 server connections of the 3 pool connections", n, err)
		}
		var conns []*pgxpool.Conn
		for range 3 {
			c, err := p.pg.Acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		for _, c := range conns {
			_, err := c.Exec(ctx, "select 1")
			if err == nil || Classify(err) != errkind.Reset {
				t.Errorf("next query after the kill: %v (kind %s); want a reset", err, Classify(err))
			}
			c.Release()
		}
	})
	t.Run("transaction", func(t *testing.T) {
		cfg := testConfig()
		cfg.MinConns, cfg.MaxConns = 4, 4
		env := testEnv(t)
		env.URL = testenv.StartPgBouncer(t, "transaction", testenv.PgBouncerOptions{PoolSize: 4})
		p := openPool(t, cfg, env)
		useConcurrently(t, p, 4, "select pg_sleep(0.05)")
		before := serverConnsAtBouncer(t, p)
		n, err := p.Terminate(ctx, false)
		if err != nil || n < 1 {
			t.Fatalf("Terminate = %d, %v; want at least 1 server connection ended", n, err)
		}
		testenv.WaitFor(t, "the bouncer to drop the killed server connections", 5*time.Second, func() bool {
			return serverConnsAtBouncer(t, p) <= before-int64(n)
		})
		op := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "select 1"})
		for i := range 20 {
			if err := op.Do(ctx, &drivers.WorkerState{Seq: int64(i + 1)}); err != nil {
				t.Fatalf("query %d after the kill of %d idle server connections: %v", i+1, n, err)
			}
		}
	})
}

// TestOwnQueriesThroughStatementPooling: the tool's own queries — preflight
// (with its create-and-drop of the namespace), the server connection
// count, the namespace schema and its clean-up, `stressql clean`'s
// listing — work through PgBouncer in statement mode, which refuses
// transaction blocks.
func TestOwnQueriesThroughStatementPooling(t *testing.T) {
	ctx := context.Background()
	bouncer := testenv.StartPgBouncer(t, "statement", testenv.PgBouncerOptions{PoolSize: 2})
	env := testEnv(t)
	env.URL = bouncer
	if res := Preflight(ctx, drivers.PreflightRequest{Env: env}); len(res.Problems)+len(res.Warnings)+len(res.Limits) > 0 {
		t.Fatalf("preflight through statement pooling: %+v; want no problem, no warning, and no server limits (the pooler's pool bounds the server connections)", res)
	}
	cfg := testConfig()
	cfg.MinConns, cfg.MaxConns = 2, 2
	p := openPool(t, cfg, env)
	testenv.WaitServerConns(t, p, 2, 5*time.Second)
	// PgBouncer ignores search_path (ignore_startup_parameters): name the
	// namespace schema.
	tbl := quoteIdent(env.Namespace) + ".t"
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "create table " + tbl + " (id int); insert into " + tbl + " values (1)"})
	if err := op.Do(ctx, &drivers.WorkerState{Seq: 1}); err != nil {
		t.Fatalf("query in the namespace schema: %v", err)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Cleanup(ctx); err != nil {
		t.Fatalf("Cleanup through statement pooling: %v", err)
	}
	c, err := NewCleaner(ctx, bouncer)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	naming := drivers.Naming{Schema: func(name string) (string, bool) { return name, name == env.Namespace }, Conn: func(string) (string, bool) { return "", false }}
	left, err := c.Leftovers(ctx, naming)
	if err != nil || len(left) != 0 {
		t.Fatalf("Leftovers after Cleanup = %v, %v; want none", left, err)
	}
	if _, err := c.ConnectedRuns(ctx, naming); err != nil {
		t.Fatalf("ConnectedRuns: %v", err)
	}
}

// TestPreflightBehindPgBouncerWithoutConsole: a pooler whose admin console
// cannot be read (here a wrong password in the admin URL) is a warning
// that names the fixes and not the password; PostgreSQL itself never
// gets one.
func TestPreflightBehindPgBouncerWithoutConsole(t *testing.T) {
	ctx := context.Background()
	const pw = "N0tTheAdm1nPw"
	bouncer := testenv.StartPgBouncer(t, "transaction", testenv.PgBouncerOptions{PoolSize: 1})
	admin, err := url.Parse(testenv.PgBouncerAdminURL(t, bouncer))
	if err != nil {
		t.Fatal(err)
	}
	admin.User = url.UserPassword(admin.User.Username(), pw)
	env := testEnv(t)
	env.URL, env.AdminURL = bouncer, admin.String()
	res := Preflight(ctx, drivers.PreflightRequest{Env: env})
	if len(res.Problems) > 0 || len(res.Warnings) != 1 {
		t.Fatalf("preflight = %+v; want one warning", res)
	}
	w := res.Warnings[0]
	if !strings.Contains(w.Message, "admin console cannot be read") || !strings.Contains(w.Hint, "stats_users") ||
		!strings.Contains(w.Hint, "--postgres-admin") || strings.Contains(w.Message+w.Hint, pw) {
		t.Errorf("warning %+v: want the console named, the fixes, and no password", w)
	}
	direct := testEnv(t)
	direct.AdminURL = ""
	if res := Preflight(ctx, drivers.PreflightRequest{Env: direct}); len(res.Warnings) > 0 || len(res.Limits) == 0 {
		t.Errorf("PostgreSQL itself: preflight = %+v; want its limits, no warning", res)
	}
}
