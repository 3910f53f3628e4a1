package testenv

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"
)

// RoleOptions says what a temporary PostgreSQL role may do.
type RoleOptions struct {
	Password  string // any bytes but NUL; quoted for SQL here
	ConnLimit int    // CONNECTION LIMIT; 0 means none (-1)
	// CanCreate grants CREATE on the test database, so the role may create
	// its scenario schemas. Without it the role can connect but not create
	// a schema (PostgreSQL 15 grants no CREATE on a database by default).
	CanCreate bool
}

// TempRole creates a login role on the PostgreSQL test server (the test
// role needs CREATEROLE: scripts/ensure-servers.sh gives it), and drops it
// when the test ends, after terminating its connections. It returns the
// role's name; build a connection string with RoleURL.
func TempRole(t testing.TB, o RoleOptions) string {
	t.Helper()
	admin := URL(t, "postgres")
	name := fmt.Sprintf("stressql_test_role_%d_%d", os.Getpid(), seq.Add(1))
	limit := o.ConnLimit
	if limit == 0 {
		limit = -1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("TempRole: connecting as the test role: %v", err)
	}
	defer conn.Close(ctx)
	stmts := []string{
		fmt.Sprintf("CREATE ROLE %s LOGIN CONNECTION LIMIT %d PASSWORD %s",
			pgx.Identifier{name}.Sanitize(), limit, quoteLiteral(o.Password)),
	}
	if o.CanCreate {
		stmts = append(stmts, fmt.Sprintf("GRANT CREATE ON DATABASE %s TO %s",
			pgx.Identifier{conn.Config().Database}.Sanitize(), pgx.Identifier{name}.Sanitize()))
	}
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("TempRole: %v (the test role needs CREATEROLE: run scripts/ensure-servers.sh)", err)
		}
	}
	t.Cleanup(func() { dropRole(t, admin, name) })
	return name
}

func dropRole(t testing.TB, admin, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Errorf("TempRole cleanup: %v", err)
		return
	}
	defer conn.Close(ctx)
	id := pgx.Identifier{name}.Sanitize()
	_, _ = conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", name)
	// A role that owns objects cannot be dropped: the schemas a scenario of
	// the role created are removed by the scenario itself.
	for _, s := range []string{
		"REVOKE ALL ON DATABASE " + pgx.Identifier{conn.Config().Database}.Sanitize() + " FROM " + id,
		"DROP ROLE " + id,
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Errorf("TempRole cleanup: %s: %v", s, err)
			return
		}
	}
}

// quoteLiteral quotes s as an SQL string literal (standard_conforming_strings on).
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// RoleURL returns the PostgreSQL test URL with its user and password
// replaced, the password percent-encoded as a URL needs.
func RoleURL(t testing.TB, user, password string) string {
	t.Helper()
	u, err := url.Parse(URL(t, "postgres"))
	if err != nil {
		t.Fatalf("%s: %v", EnvVar("postgres"), err)
	}
	u.User = url.UserPassword(user, password)
	return u.String()
}

// TempRedisUser creates an ACL user on the Redis test server with the
// given password and every permission (or, with perms, those ACL rules),
// and deletes it when the test ends, after killing its connections.
func TempRedisUser(t testing.TB, password string, perms ...string) string {
	t.Helper()
	c := redisClient(t)
	defer c.Close()
	name := fmt.Sprintf("stressql_test_user_%d_%d", os.Getpid(), seq.Add(1))
	if len(perms) == 0 {
		perms = []string{"~*", "&*", "+@all"}
	}
	args := []any{"ACL", "SETUSER", name, "reset", "on", ">" + password}
	for _, p := range perms {
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Do(ctx, args...).Err(); err != nil {
		t.Fatalf("TempRedisUser: %v", err)
	}
	t.Cleanup(func() {
		c := redisClient(t)
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Do(ctx, "CLIENT", "KILL", "USER", name).Err()
		if err := c.Do(ctx, "ACL", "DELUSER", name).Err(); err != nil {
			t.Errorf("TempRedisUser cleanup: %v", err)
		}
	})
	return name
}

// RedisUserURL returns the Redis test URL with user and password set,
// percent-encoded.
func RedisUserURL(t testing.TB, user, password string) string {
	t.Helper()
	u, err := url.Parse(URL(t, "redis"))
	if err != nil {
		t.Fatalf("%s: %v", EnvVar("redis"), err)
	}
	u.User = url.UserPassword(user, password)
	return u.String()
}

func redisClient(t testing.TB) *goredis.Client {
	t.Helper()
	opt, err := goredis.ParseURL(URL(t, "redis"))
	if err != nil {
		t.Fatalf("%s: %v", EnvVar("redis"), err)
	}
	return goredis.NewClient(opt)
}

// StartRedis starts a throwaway redis-server on a free 127.0.0.1 port
// with the given extra configuration directives (e.g. "maxclients", "2"),
// no persistence, and stops it (by its PID) when the test ends. It
// returns the server's URL. A missing redis-server binary skips the test,
// except under CI=true.
func StartRedis(t testing.TB, directives ...string) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		Missing(t, "redis-server is not installed (scripts/ensure-servers.sh installs it)")
	}
	port := freePort(t)
	dir := t.TempDir()
	args := []string{"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no",
		"--dir", dir, "--daemonize", "no", "--protected-mode", "yes"}
	for i := 0; i+1 < len(directives); i += 2 {
		args = append(args, "--"+directives[i], directives[i+1])
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatalf("StartRedis: %v", err)
	}
	go func() { // drain the log so the server never blocks on it
		s := bufio.NewScanner(stdout)
		for s.Scan() {
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	WaitFor(t, "redis-server on "+addr+" to answer", 10*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return false
		}
		c.Close()
		return true
	})
	return "redis://" + addr + "/0"
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("freePort: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
