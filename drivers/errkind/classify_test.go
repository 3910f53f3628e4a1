package errkind_test

import (
	"bufio"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

func TestKindsMatchResults(t *testing.T) {
	ours := []string{
		errkind.AcquireTimeout, errkind.Timeout, errkind.Refused, errkind.Reset, errkind.DNS,
		errkind.TLS, errkind.Auth, errkind.ConnLimit, errkind.Permission, errkind.PreparedStmt, errkind.Query, errkind.Injected, errkind.Closed, errkind.BreakerOpen, errkind.ReadOnly, errkind.StaleConn, errkind.Other,
	}
	if !slices.Equal(ours, results.ErrorKinds) {
		t.Fatalf("errkind constants %v differ from results.ErrorKinds %v", ours, results.ErrorKinds)
	}
}

// classifiers are the classifiers under test: the driver-independent one
// and each driver's, through its descriptor as the engine calls it.
var classifiers = []struct {
	name     string
	classify func(error) string
}{
	{"errkind", errkind.Classify},
	{"postgres", postgres.Descriptor.Classify},
	{"redis", redis.Descriptor.Classify},
}

func TestNilIsFreeAndEmpty(t *testing.T) {
	for _, c := range classifiers {
		if k := c.classify(nil); k != "" {
			t.Fatalf("%s: Classify(nil) = %q, want \"\"", c.name, k)
		}
		if a := testing.AllocsPerRun(100, func() { _ = c.classify(nil) }); a != 0 {
			t.Fatalf("%s: Classify(nil) allocates %.1f objects", c.name, a)
		}
	}
	if k, ok := errkind.Common(nil); k != "" || ok {
		t.Fatalf("Common(nil) = %q, %v", k, ok)
	}
}

// TestTypedErrorsAreFree: classifying an error that its type explains
// allocates nothing, so a failing iteration costs no more than a
// successful one (only the first of each kind builds its message).
func TestTypedErrorsAreFree(t *testing.T) {
	common := []error{
		fmt.Errorf("acquire: %w after 1s: %w", drivers.ErrAcquireTimeout, context.DeadlineExceeded),
		fmt.Errorf("x: %w", x509.UnknownAuthorityError{}),
		fmt.Errorf("read: %w", syscall.ECONNRESET),
	}
	byDriver := map[string][]error{
		"errkind": common,
		"postgres": append([]error{
			fmt.Errorf("acquire: %w", &pgconn.PgError{Code: "28P01"}),
			&pgconn.PgError{Code: "42601"},
			&pgconn.PgError{Code: "57P01"},
		}, common...),
		"redis": append([]error{
			redisReply("NOPERM this user has no permissions to run the 'get' command"),
			redisReply("WRONGTYPE Operation against a key holding the wrong kind of value"),
			fmt.Errorf("acquire: %w", goredis.ErrPoolTimeout),
		}, common...),
	}
	for _, c := range classifiers {
		for _, err := range byDriver[c.name] {
			if a := testing.AllocsPerRun(100, func() { _ = c.classify(err) }); a != 0 {
				t.Errorf("%s: Classify(%v) allocates %.1f objects", c.name, err, a)
			}
		}
	}
}

// TestConstructed: the driver-independent kinds, which every driver's
// classifier gives as errkind.Classify does (the driver-specific cases are
// in the drivers' classify_test.go).
func TestConstructed(t *testing.T) {
	openBreaker := circuitbreaker.NewWithDefaults[any]()
	openBreaker.Open()
	breakerErr := failsafe.With[any](openBreaker).Run(func() error { return nil })
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"injected", fmt.Errorf("iteration 3: %w", drivers.ErrInjected), errkind.Injected},
		{"breaker open (failsafe-go)", breakerErr, errkind.BreakerOpen},
		{"breaker open wrapped", fmt.Errorf("x: %w", circuitbreaker.ErrOpen), errkind.BreakerOpen},
		{"acquire timeout beats the deadline it wraps",
			fmt.Errorf("acquire: %w: %w", drivers.ErrAcquireTimeout, context.DeadlineExceeded), errkind.AcquireTimeout},
		{"pool closed", fmt.Errorf("x: %w", drivers.ErrPoolClosed), errkind.Closed},
		{"tls beats the acquire timeout that wraps it",
			fmt.Errorf("acquire: %w: %w", drivers.ErrAcquireTimeout, x509.UnknownAuthorityError{}), errkind.TLS},
		{"a TLS handshake that hit the dial deadline",
			fmt.Errorf("%w: %w", drivers.ErrTLSHandshake, context.DeadlineExceeded), errkind.TLS},
		{"a TLS failure known only by its message", errors.New("remote error: tls: handshake failure"), errkind.TLS},
		{"use of a closed network connection", fmt.Errorf("read: %w", net.ErrClosed), errkind.Closed},
		{"unexpected EOF", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), errkind.Reset},
		{"a plain error with the words of a reply is not a reply", errors.New("WRONGPASS"), errkind.Other},
		{"canceled", context.Canceled, errkind.Other},
		{"plain", errors.New("something"), errkind.Other},
	}
	for _, c := range classifiers {
		for _, tt := range tests {
			if got := c.classify(tt.err); got != tt.want {
				t.Errorf("%s: %s: Classify(%v) = %q, want %q", c.name, tt.name, tt.err, got, tt.want)
			}
		}
	}
}

// TestCommonKnowsNoDriver: errkind alone leaves the drivers' own error
// types to their classifiers, and Common decides nothing for them.
func TestCommonKnowsNoDriver(t *testing.T) {
	for _, tt := range []struct {
		err    error
		driver string
		want   string
	}{
		{&pgconn.PgError{Severity: "FATAL", Code: "28P01"}, "postgres", errkind.Auth},
		{&pgconn.PgError{Code: "42P01"}, "postgres", errkind.Query},
		{errors.New("failed to connect: server refused TLS connection"), "postgres", errkind.TLS},
		{redisReply("WRONGPASS invalid username-password pair"), "redis", errkind.Auth},
		{goredis.ErrPoolTimeout, "redis", errkind.AcquireTimeout},
		{goredis.ErrClosed, "redis", errkind.Closed},
	} {
		if k, ok := errkind.Common(tt.err); ok {
			t.Errorf("Common(%v) = %q, want none", tt.err, k)
		}
		if got := errkind.Classify(tt.err); got != errkind.Other {
			t.Errorf("errkind.Classify(%v) = %q, want other", tt.err, got)
		}
		for _, c := range classifiers {
			if c.name == tt.driver {
				if got := c.classify(tt.err); got != tt.want {
					t.Errorf("%s: Classify(%v) = %q, want %q", c.name, tt.err, got, tt.want)
				}
			}
		}
	}
}

// TestImportsNoDriver: errkind's own imports name no driver's library, so
// that adding a driver never touches it.
func TestImportsNoDriver(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/stressql/stressql/drivers/errkind") {
		t.Fatalf("go list -deps . does not list errkind itself: %v", deps)
	}
	for _, d := range deps {
		for _, lib := range []string{"github.com/jackc/", "github.com/redis/", "github.com/stressql/stressql/drivers/postgres", "github.com/stressql/stressql/drivers/redis"} {
			if strings.HasPrefix(d, lib) {
				t.Errorf("errkind depends on %s", d)
			}
		}
	}
}

// redisReply is an error reply as go-redis returns it: a redis.Error.
type redisReply string

func (r redisReply) Error() string { return string(r) }
func (redisReply) RedisError()     {}

var _ goredis.Error = redisReply("")

// --- real failures -----------------------------------------------------

var seq int

func newEnv(url string) drivers.Env {
	seq++
	return drivers.Env{URL: url, AppName: fmt.Sprintf("stressql-errkind-%d-%d", os.Getpid(), seq)}
}

func run(t *testing.T, p drivers.Pool, s drivers.Step, ctx context.Context) error {
	t.Helper()
	return testenv.Prepare(t, p, s).Do(ctx, &drivers.WorkerState{})
}

// waitFor waits until cond holds, for at most 3s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testenv.WaitFor(t, what, 3*time.Second, cond)
}

// failure is a way to make an iteration fail and the kind it must get.
type failure struct {
	name string
	fail func(t *testing.T) error
	want string
}

// classifyAll runs each failure in its own subtest and checks the kind
// classify gives it.
func classifyAll(t *testing.T, classify func(error) string, tests []failure) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.fail(t)
			if got := classify(err); got != tt.want {
				t.Fatalf("Classify(%v) = %q, want %q", err, got, tt.want)
			}
			t.Logf("%T: %v", err, err)
		})
	}
}

func TestPostgresFailures(t *testing.T) {
	url := testenv.URL(t, "postgres")
	bg := context.Background()
	open := func(t *testing.T, mut func(*postgres.Config, *drivers.Env)) drivers.Pool {
		cfg := postgres.DefaultConfig()
		env := newEnv(url)
		if mut != nil {
			mut(&cfg, &env)
		}
		return testenv.OpenPool(t, postgres.Open, cfg, env)
	}
	query := func(sql string) drivers.Step { return drivers.Step{Kind: postgres.KindQuery, SQL: sql} }
	classifyAll(t, postgres.Descriptor.Classify, []failure{
		{"closed port", func(t *testing.T) error {
			p := open(t, func(_ *postgres.Config, e *drivers.Env) { e.DialAddr = testenv.DeadAddr(t) })
			return run(t, p, query("select 1"), bg)
		}, errkind.Refused},
		{".invalid host", func(t *testing.T) error {
			p := open(t, func(_ *postgres.Config, e *drivers.Env) { e.Host = "stressql-errkind.invalid" })
			return run(t, p, query("select 1"), bg)
		}, errkind.DNS},
		{"syntax error", func(t *testing.T) error {
			return run(t, open(t, nil), query("selec 1"), bg)
		}, errkind.Query},
		{"terminated while running", func(t *testing.T) error {
			p := open(t, nil)
			errc := make(chan error, 1)
			go func() { errc <- run(t, p, query("select pg_sleep(5)"), bg) }()
			waitFor(t, "the statement to start", func() bool { n, _ := p.ServerConns(bg); return n == 1 })
			time.Sleep(50 * time.Millisecond)
			if n, err := p.Terminate(bg, false); err != nil || n != 1 {
				t.Fatalf("Terminate = %d, %v", n, err)
			}
			return <-errc
		}, errkind.Reset},
		{"terminated while idle", func(t *testing.T) error {
			p := open(t, func(c *postgres.Config, _ *drivers.Env) { c.MinConns, c.MaxConns = 1, 1 })
			if n, err := p.Terminate(bg, true); err != nil || n != 1 {
				t.Fatalf("Terminate = %d, %v", n, err)
			}
			waitFor(t, "the backend to exit", func() bool { n, _ := p.ServerConns(bg); return n == 0 })
			return run(t, p, query("select 1"), bg)
		}, errkind.Reset},
		{"short deadline", func(t *testing.T) error {
			ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
			defer cancel()
			return run(t, open(t, nil), query("select pg_sleep(2)"), ctx)
		}, errkind.Timeout},
		{"exhausted pool", func(t *testing.T) error {
			p := open(t, func(c *postgres.Config, _ *drivers.Env) {
				c.MaxConns = 1
				c.AcquireTimeout = 100 * time.Millisecond
			})
			return exhaust(t, p, drivers.Step{Kind: postgres.KindHold, Duration: time.Second}, bg)
		}, errkind.AcquireTimeout},
		{"iteration deadline while waiting for a connection", func(t *testing.T) error {
			p := open(t, func(c *postgres.Config, _ *drivers.Env) { c.MaxConns = 1 })
			ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
			defer cancel()
			return exhaust(t, p, drivers.Step{Kind: postgres.KindHold, Duration: time.Second}, ctx)
		}, errkind.AcquireTimeout},
		{"TLS to a server without TLS", func(t *testing.T) error {
			// Answers the SSLRequest with 'N', as PostgreSQL with ssl=off does.
			addr := plainServer(t, 8, []byte("N"))
			p := open(t, func(c *postgres.Config, e *drivers.Env) { c.TLS = "require"; e.DialAddr = addr })
			return run(t, p, query("select 1"), bg)
		}, errkind.TLS},
		{"untrusted certificate", func(t *testing.T) error {
			p := open(t, func(c *postgres.Config, _ *drivers.Env) { c.TLS = "verify-full" })
			return run(t, p, query("select 1"), bg)
		}, errkind.TLS},
		{"closed pool", func(t *testing.T) error {
			p := open(t, nil)
			if err := p.Close(bg); err != nil {
				t.Fatal(err)
			}
			return run(t, p, query("select 1"), bg)
		}, errkind.Closed},
		{"wrong password", func(t *testing.T) error {
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "right-password"})
			p := open(t, func(_ *postgres.Config, e *drivers.Env) { e.URL = testenv.RoleURL(t, role, "wrong-password") })
			return run(t, p, query("select 1"), bg)
		}, errkind.Auth},
		{"wrong password, pool disabled", func(t *testing.T) error {
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "right-password"})
			p := open(t, func(c *postgres.Config, e *drivers.Env) {
				c.Enabled = false
				e.URL = testenv.RoleURL(t, role, "wrong-password")
			})
			return run(t, p, query("select 1"), bg)
		}, errkind.Auth},
		{"wrong password, min_conns and a short acquire_timeout", func(t *testing.T) error {
			// The pool dials in the background and for the acquire; the
			// dial's failure, not the wait, is the cause.
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "right-password"})
			p := open(t, func(c *postgres.Config, e *drivers.Env) {
				c.MinConns, c.MaxConns, c.AcquireTimeout = 2, 2, 300*time.Millisecond
				e.URL = testenv.RoleURL(t, role, "wrong-password")
			})
			return run(t, p, query("select 1"), bg)
		}, errkind.Auth},
		{"role may not log in", func(t *testing.T) error {
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "pw"})
			adminExec(t, "ALTER ROLE "+pgx.Identifier{role}.Sanitize()+" NOLOGIN")
			p := open(t, func(_ *postgres.Config, e *drivers.Env) { e.URL = testenv.RoleURL(t, role, "pw") })
			return run(t, p, query("select 1"), bg)
		}, errkind.Auth},
		{"role connection limit", func(t *testing.T) error {
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "pw", ConnLimit: 1})
			p := open(t, func(c *postgres.Config, e *drivers.Env) {
				c.MaxConns = 2
				e.URL = testenv.RoleURL(t, role, "pw")
			})
			return exhaust(t, p, drivers.Step{Kind: postgres.KindHold, Duration: time.Second}, bg)
		}, errkind.ConnLimit},
		{"server connection limit", func(t *testing.T) error {
			// What PostgreSQL sends at max_connections, on the wire.
			addr := pgServer(t, &pgproto3.ErrorResponse{Severity: "FATAL", Code: "53300", Message: "sorry, too many clients already"})
			p := open(t, func(_ *postgres.Config, e *drivers.Env) { e.DialAddr = addr })
			return run(t, p, query("select 1"), bg)
		}, errkind.ConnLimit},
		{"no CREATE on the database", func(t *testing.T) error {
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "pw"})
			p := open(t, func(_ *postgres.Config, e *drivers.Env) { e.URL = testenv.RoleURL(t, role, "pw") })
			return run(t, p, query("CREATE SCHEMA stressql_errkind_denied"), bg)
		}, errkind.Permission},
		{"the scenario schema without CREATE", func(t *testing.T) error {
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "pw"})
			p := open(t, func(_ *postgres.Config, e *drivers.Env) {
				e.URL = testenv.RoleURL(t, role, "pw")
				e.Namespace = fmt.Sprintf("stressql_errkind_%d_%d", os.Getpid(), seq)
			})
			return run(t, p, query("select 1"), bg)
		}, errkind.Permission},
		{"table of another role", func(t *testing.T) error {
			table := fmt.Sprintf("stressql_errkind_private_%d", os.Getpid())
			adminExec(t, "CREATE TABLE IF NOT EXISTS public."+table+" (id int)")
			t.Cleanup(func() { adminExec(t, "DROP TABLE IF EXISTS public."+table) })
			role := testenv.TempRole(t, testenv.RoleOptions{Password: "pw"})
			p := open(t, func(_ *postgres.Config, e *drivers.Env) { e.URL = testenv.RoleURL(t, role, "pw") })
			return run(t, p, query("SELECT * FROM public."+table), bg)
		}, errkind.Permission},
	})
}

// adminExec runs sql as the test role.
func adminExec(t *testing.T, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, testenv.URL(t, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// occupy takes the only client slot of the redis-server at u (maxclients
// 1) with a raw connection, kept until the test ends. It retries while
// the server still counts a client that just left (StartRedis's probe).
func occupy(t *testing.T, u string) {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(u, "redis://"), "/0")
	waitFor(t, "the only client slot", func() bool {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return false
		}
		_ = c.SetDeadline(time.Now().Add(time.Second))
		_, werr := c.Write([]byte("PING\r\n"))
		line, err := bufio.NewReader(c).ReadString('\n') // or -ERR max number of clients reached
		if werr == nil && err == nil && line == "+PONG\r\n" {
			_ = c.SetDeadline(time.Time{})
			t.Cleanup(func() { c.Close() })
			return true
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
		return false
	})
}

// exhaust keeps the only connection busy with step and returns the error
// of a second iteration run meanwhile under ctx.
func exhaust(t *testing.T, p drivers.Pool, step drivers.Step, ctx context.Context) error {
	op, err := p.Prepare(step)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := op.Do(context.Background(), &drivers.WorkerState{}); err != nil {
			t.Errorf("holder: %v", err)
		}
	})
	defer wg.Wait()
	waitFor(t, "the holder to get the connection", func() bool { return p.Stats().InUseConns == 1 })
	return op.Do(ctx, &drivers.WorkerState{})
}

func TestRedisFailures(t *testing.T) {
	url := testenv.URL(t, "redis")
	bg := context.Background()
	open := func(t *testing.T, mut func(*redis.Config, *drivers.Env)) drivers.Pool {
		cfg := redis.DefaultConfig()
		env := newEnv(url)
		if mut != nil {
			mut(&cfg, &env)
		}
		return testenv.OpenPool(t, redis.Open, cfg, env)
	}
	cmd := func(args ...string) drivers.Step {
		s := drivers.Step{Kind: redis.KindCommand}
		for _, a := range args {
			s.Args = append(s.Args, arg.Const(a))
		}
		return s
	}
	ping := drivers.Step{Kind: redis.KindPing}
	classifyAll(t, redis.Descriptor.Classify, []failure{
		{"closed port", func(t *testing.T) error {
			return run(t, open(t, func(_ *redis.Config, e *drivers.Env) { e.DialAddr = testenv.DeadAddr(t) }), ping, bg)
		}, errkind.Refused},
		{".invalid host", func(t *testing.T) error {
			return run(t, open(t, func(_ *redis.Config, e *drivers.Env) { e.Host = "stressql-errkind.invalid" }), ping, bg)
		}, errkind.DNS},
		{"error reply", func(t *testing.T) error {
			return run(t, open(t, nil), cmd("INCRBY", "stressql-errkind-n", "not-a-number"), bg) // ERR value is not an integer
		}, errkind.Query},
		{"killed while blocked", func(t *testing.T) error {
			p := open(t, nil)
			errc := make(chan error, 1)
			go func() { errc <- run(t, p, cmd("BLPOP", "stressql-errkind-never", "5"), bg) }()
			waitFor(t, "BLPOP to block", func() bool { n, _ := p.ServerConns(bg); return n == 1 })
			time.Sleep(50 * time.Millisecond)
			if n, err := p.Terminate(bg, false); err != nil || n != 1 {
				t.Fatalf("Terminate = %d, %v", n, err)
			}
			return <-errc
		}, errkind.Reset},
		{"short deadline", func(t *testing.T) error {
			ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
			defer cancel()
			return run(t, open(t, nil), cmd("BLPOP", "stressql-errkind-never", "2"), ctx)
		}, errkind.Timeout},
		{"exhausted pool", func(t *testing.T) error {
			p := open(t, func(c *redis.Config, _ *drivers.Env) {
				c.PoolSize = 1
				c.PoolTimeout = 100 * time.Millisecond
			})
			return exhaust(t, p, cmd("BLPOP", "stressql-errkind-never", "1"), bg)
		}, errkind.AcquireTimeout},
		{"iteration deadline while waiting for a connection", func(t *testing.T) error {
			p := open(t, func(c *redis.Config, _ *drivers.Env) { c.PoolSize = 1 })
			ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
			defer cancel()
			return exhaust(t, p, cmd("BLPOP", "stressql-errkind-never", "1"), ctx)
		}, errkind.AcquireTimeout},
		{"active connections capped", func(t *testing.T) error {
			p := open(t, func(c *redis.Config, _ *drivers.Env) { c.PoolSize, c.MaxActiveConns = 2, 1 })
			return exhaust(t, p, cmd("BLPOP", "stressql-errkind-never", "1"), bg)
		}, errkind.AcquireTimeout},
		{"deadline already passed", func(t *testing.T) error {
			ctx, cancel := context.WithTimeout(bg, -time.Second)
			defer cancel()
			return run(t, open(t, nil), ping, ctx)
		}, errkind.Timeout},
		{"TLS to a non-TLS port", func(t *testing.T) error {
			// A plain-text server that speaks first.
			addr := plainServer(t, 0, []byte("-ERR this port does not speak TLS\r\n"))
			return run(t, open(t, func(_ *redis.Config, e *drivers.Env) { e.URL = "rediss://" + addr + "/0" }), ping, bg)
		}, errkind.TLS},
		{"untrusted certificate", func(t *testing.T) error {
			addr := selfSignedTLSServer(t)
			return run(t, open(t, func(_ *redis.Config, e *drivers.Env) { e.URL = "rediss://" + addr + "/0" }), ping, bg)
		}, errkind.TLS},
		{"closed pool", func(t *testing.T) error {
			p := open(t, nil)
			if err := p.Close(bg); err != nil {
				t.Fatal(err)
			}
			return run(t, p, ping, bg)
		}, errkind.Closed},
		{"wrong password", func(t *testing.T) error {
			user := testenv.TempRedisUser(t, "right-password")
			return run(t, open(t, func(_ *redis.Config, e *drivers.Env) { e.URL = testenv.RedisUserURL(t, user, "wrong-password") }), ping, bg)
		}, errkind.Auth},
		{"wrong password, pool disabled", func(t *testing.T) error {
			user := testenv.TempRedisUser(t, "right-password")
			return run(t, open(t, func(c *redis.Config, e *drivers.Env) {
				c.Enabled = false
				e.URL = testenv.RedisUserURL(t, user, "wrong-password")
			}), ping, bg)
		}, errkind.Auth},
		{"no password where one is required", func(t *testing.T) error {
			u := testenv.StartRedis(t, "requirepass", "the-password")
			return run(t, open(t, func(_ *redis.Config, e *drivers.Env) { e.URL = u }), ping, bg)
		}, errkind.Auth},
		{"command the ACL denies", func(t *testing.T) error {
			user := testenv.TempRedisUser(t, "pw", "~*", "&*", "+@all", "-get")
			p := open(t, func(_ *redis.Config, e *drivers.Env) { e.URL = testenv.RedisUserURL(t, user, "pw") })
			return run(t, p, cmd("GET", "stressql-errkind-denied"), bg)
		}, errkind.Permission},
		{"maxclients", func(t *testing.T) error {
			u := testenv.StartRedis(t, "maxclients", "1")
			occupy(t, u)
			return run(t, open(t, func(_ *redis.Config, e *drivers.Env) { e.URL = u }), ping, bg)
		}, errkind.ConnLimit},
		{"TLS to the plain-text Redis port", func(t *testing.T) error {
			// Redis reads the ClientHello as an inline command: it answers
			// only if the hello happens to hold a newline, so the handshake
			// fails either on the answer or at the dial deadline.
			addr := testenv.ServerAddr(t, "redis")
			return run(t, open(t, func(c *redis.Config, e *drivers.Env) {
				c.DialTimeout = 500 * time.Millisecond
				e.URL = "rediss://" + addr + "/0"
			}), ping, bg)
		}, errkind.TLS},
		{"closed go-redis client", func(t *testing.T) error {
			opt, err := goredis.ParseURL(url)
			if err != nil {
				t.Fatal(err)
			}
			c := goredis.NewClient(opt)
			_ = c.Close()
			return c.Ping(bg).Err()
		}, errkind.Closed},
	})
}
