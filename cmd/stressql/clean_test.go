package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/testenv"
)

// The tests of `stressql clean` run against their own servers: a
// throwaway redis-server and a temporary PostgreSQL database, so that
// what clean finds there is only what the test put there.

// cleanTargets are a test's own servers.
type cleanTargets struct {
	pg, rd string // URLs
	db     *pgx.Conn
	rc     *goredis.Client
}

var tempDBSeq atomic.Int64

func newCleanTargets(t *testing.T) *cleanTargets {
	t.Helper()
	admin := testenv.URL(t, "postgres")
	rd := testenv.StartRedis(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	name := fmt.Sprintf("stressql_cleantest_%d_%d", os.Getpid(), tempDBSeq.Add(1))
	ac, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer ac.Close(ctx)
	if _, err := ac.Exec(ctx, "create database "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, admin); err == nil {
			if _, err := c.Exec(ctx, "drop database if exists "+name+" with (force)"); err != nil {
				t.Errorf("drop database %s: %v", name, err)
			}
			c.Close(ctx)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	ct := &cleanTargets{pg: u.String(), rd: rd}
	if ct.db, err = pgx.Connect(ctx, ct.pg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ct.db.Close(context.Background()) })
	opt, err := goredis.ParseURL(rd)
	if err != nil {
		t.Fatal(err)
	}
	ct.rc = goredis.NewClient(opt)
	t.Cleanup(func() { ct.rc.Close() })
	return ct
}

// schemas lists the schemas of the test database whose name starts with
// stressql.
func (ct *cleanTargets) schemas(t *testing.T) []string {
	t.Helper()
	rows, err := ct.db.Query(context.Background(), "select nspname from pg_namespace where nspname like 'stressql%' order by 1")
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// keys lists every key of the throwaway Redis (it holds only the test's).
func (ct *cleanTargets) keys(t *testing.T) []string {
	t.Helper()
	var all []string
	iter := ct.rc.Scan(context.Background(), 0, "*", 100).Iterator()
	for iter.Next(context.Background()) {
		all = append(all, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(all)
	return all
}

// connected reports whether a connection named stressql:<run>: is open on
// either server.
func (ct *cleanTargets) connected(t *testing.T, run string) bool {
	t.Helper()
	ctx := context.Background()
	var n int
	err := ct.db.QueryRow(ctx, "select count(*) from pg_stat_activity where application_name like $1", "stressql:"+run+":%").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	list, err := ct.rc.ClientList(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	return n > 0 || strings.Contains(list, "name=stressql:"+run+":")
}

// clean runs `stressql clean` in-process against the test's servers.
func (ct *cleanTargets) clean(t *testing.T, args ...string) result {
	t.Helper()
	return cliEnv(t, nil, append([]string{"clean", "--postgres", ct.pg, "--redis", ct.rd}, args...)...)
}

// buildBinary builds the stressql command into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stressql")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// started is a `stressql run` process of the test.
type started struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	done           chan struct{}
}

// syncBuffer is a bytes.Buffer safe to read while the process writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startRun starts the binary's run on file against the test's servers,
// with an environment without the STRESSQL_ variables. It is killed (by
// its PID) when the test ends, if still running.
func startRun(t *testing.T, bin, file string, ct *cleanTargets, extra ...string) *started {
	t.Helper()
	args := append([]string{"run", file, "--no-color", "--postgres", ct.pg, "--redis", ct.rd}, extra...)
	s := &started{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	s.cmd.Stdout, s.cmd.Stderr = &s.stdout, &s.stderr
	s.cmd.Env = cleanEnviron()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// wait waits, at most within, for the process to end and returns its exit
// code (-1 for a death by signal).
func (s *started) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(within):
		t.Fatalf("the run did not end within %s\nstdout:\n%s\nstderr:\n%s", within, &s.stdout, &s.stderr)
	}
	return s.cmd.ProcessState.ExitCode()
}

func cleanEnviron() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "STRESSQL_") {
			env = append(env, kv)
		}
	}
	return env
}

var (
	runSchema = regexp.MustCompile(`^stressql_([0-9a-f]{8})_1$`)
	runKey    = regexp.MustCompile(`^stressql:([0-9a-f]{8}):1:`)
)

// leftoverRun waits (bounded) until the run has written its namespace
// (the schema with its table, or both kinds of keys) and returns its id.
func leftoverRun(t *testing.T, ct *cleanTargets, driver string, s *started) string {
	t.Helper()
	var run string
	testenv.WaitFor(t, "the run's "+driver+" namespace", 20*time.Second, func() bool {
		select {
		case <-s.done:
			t.Fatalf("the run ended early\nstdout:\n%s\nstderr:\n%s", &s.stdout, &s.stderr)
		default:
		}
		if driver == "postgres" {
			for _, name := range ct.schemas(t) {
				if m := runSchema.FindStringSubmatch(name); m != nil {
					var n int
					_ = ct.db.QueryRow(context.Background(),
						"select count(*) from pg_tables where schemaname = $1 and tablename = 'leftover'", name).Scan(&n)
					if n == 1 {
						run = m[1]
						return true
					}
				}
			}
			return false
		}
		var hashes, strs bool
		for _, k := range ct.keys(t) {
			if m := runKey.FindStringSubmatch(k); m != nil {
				run = m[1]
				hashes = hashes || strings.Contains(k, ":h:")
				strs = strs || strings.Contains(k, ":s:")
			}
		}
		return hashes && strs
	})
	return run
}

// remains lists what of run is on the servers.
func (ct *cleanTargets) remains(t *testing.T, run string) []string {
	t.Helper()
	var out []string
	for _, name := range append(ct.schemas(t), ct.keys(t)...) {
		if strings.Contains(name, run) {
			out = append(out, name)
		}
	}
	return out
}

// TestCleanAfterSIGKILL: a run killed with SIGKILL leaves its namespace
// (the keys with the safety-net TTL only); `stressql clean` removes it,
// and a second clean finds nothing.
func TestCleanAfterSIGKILL(t *testing.T) {
	ct := newCleanTargets(t)
	bin := buildBinary(t)
	for _, driver := range []string{"redis", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			s := startRun(t, bin, "testdata/clean/"+driver+".hcl", ct)
			run := leftoverRun(t, ct, driver, s)
			if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			if code := s.wait(t, 10*time.Second); code != -1 {
				t.Fatalf("exit code %d, want death by SIGKILL", code)
			}
			left := ct.remains(t, run)
			if len(left) == 0 {
				t.Fatal("the killed run left nothing: the test proves nothing")
			}
			if driver == "redis" {
				// The default timeout is 2 × 60s + 30s; the safety net is that + 1h.
				const want = 150*time.Second + time.Hour
				for _, k := range left {
					if ttl := ct.rc.PTTL(context.Background(), k).Val(); ttl <= want-time.Minute || ttl > want {
						t.Errorf("PTTL %s = %s, want the safety net %s", k, ttl, want)
					}
				}
			}
			testenv.WaitFor(t, "the killed run's connections to close", 10*time.Second, func() bool { return !ct.connected(t, run) })

			r := ct.clean(t)
			if r.code != 0 {
				t.Fatalf("clean: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			ns := "stressql_" + run + "_1"
			if driver == "redis" {
				ns = "stressql:" + run + ":1:*"
			}
			if !strings.Contains(r.stdout, "removed") || !strings.Contains(r.stdout, ns) {
				t.Errorf("clean does not say it removed %s:\n%s", ns, r.stdout)
			}
			if left := ct.remains(t, run); len(left) > 0 {
				t.Errorf("after clean, the run's %v remain\n%s", left, r.stdout)
			}
			if r := ct.clean(t); r.code != 0 || strings.Contains(r.stdout, run) {
				t.Errorf("a second clean: exit %d, want 0 and nothing about %s:\n%s%s", r.code, run, r.stdout, r.stderr)
			}
		})
	}
}

// TestSecondInterrupt: a second SIGINT (or SIGTERM) ends the run at once
// with exit 130, naming what it leaves and the clean command; that
// command, as printed (password put back), removes it.
func TestSecondInterrupt(t *testing.T) {
	ct := newCleanTargets(t)
	bin := buildBinary(t)
	pgPassword, _ := mustURL(t, ct.pg).User.Password()
	for _, tt := range []struct {
		driver string
		second syscall.Signal
	}{
		{"redis", syscall.SIGINT},
		{"postgres", syscall.SIGTERM},
	} {
		t.Run(tt.driver, func(t *testing.T) {
			s := startRun(t, bin, "testdata/clean/"+tt.driver+".hcl", ct, "--grace", "60s")
			run := leftoverRun(t, ct, tt.driver, s)
			if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			// Two signals sent at once may arrive as one: wait for the
			// first to be handled.
			testenv.WaitFor(t, "the first interrupt to be handled", 10*time.Second, func() bool {
				return strings.Contains(s.stderr.String(), "interrupt again to exit at once")
			})
			if err := s.cmd.Process.Signal(tt.second); err != nil {
				t.Fatal(err)
			}
			if code := s.wait(t, 10*time.Second); code != exitInterrupted {
				t.Fatalf("exit code %d, want %d\nstderr:\n%s", code, exitInterrupted, &s.stderr)
			}
			stderr := s.stderr.String()
			ns := "schema stressql_" + run + "_1"
			if tt.driver == "redis" {
				ns = "keys stressql:" + run + ":1:*"
			}
			for _, want := range []string{"Interrupted again", `Scenario "leaves_`, ns, "stressql clean --driver " + tt.driver} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if pgPassword != "" && strings.Contains(stderr, ":"+pgPassword+"@") {
				t.Errorf("the password appears in the message:\n%s", stderr)
			}
			if len(ct.remains(t, run)) == 0 {
				t.Fatal("the run left nothing: the test proves nothing")
			}
			testenv.WaitFor(t, "the run's connections to close", 10*time.Second, func() bool { return !ct.connected(t, run) })

			// Run the printed command, with the password put back.
			_, line, ok := strings.Cut(stderr, "with:\n  ")
			if !ok {
				t.Fatalf("no command printed:\n%s", stderr)
			}
			line, _, _ = strings.Cut(line, "\n")
			args := shellWords(strings.ReplaceAll(line, "xxxxx", pgPassword))
			if len(args) < 2 || args[0] != "stressql" {
				t.Fatalf("printed command %q", line)
			}
			cmd := exec.Command(bin, args[1:]...)
			cmd.Env = cleanEnviron()
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
			if left := ct.remains(t, run); len(left) > 0 {
				t.Errorf("after %s, the run's %v remain:\n%s", line, left, out)
			}
		})
	}
}

// TestCleanSkipsConnectedRuns: the namespace of a run still connected
// (here a fake one: a connection with its name, and its schema and keys)
// survives clean; once it disconnects, clean removes it.
func TestCleanSkipsConnectedRuns(t *testing.T) {
	ct := newCleanTargets(t)
	ctx := context.Background()
	const live, dead = "0a1b2c3d", "deadbeef"

	cfg, err := pgx.ParseConfig(ct.pg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] = "stressql:" + live + ":1:fake_run"
	pc, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	opt, _ := goredis.ParseURL(ct.rd)
	opt.ClientName = "stressql:" + live + ":2:fake_run"
	rc := goredis.NewClient(opt)
	defer rc.Close()
	for _, sql := range []string{
		"create schema stressql_" + live + "_1", "create table stressql_" + live + "_1.t (id int)",
		"create schema stressql_" + dead + "_1",
	} {
		if _, err := pc.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"stressql:" + live + ":2:a", "stressql:" + live + ":2:b", "stressql:" + dead + ":3:a"} {
		if err := rc.Set(ctx, k, "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}

	r := ct.clean(t)
	if r.code != 0 {
		t.Fatalf("clean: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"removed 1 schema: stressql_" + dead + "_1",
		"skipped 1 run still connected (" + live + "): stressql_" + live + "_1",
		"removed 1 key under 1 prefix: stressql:" + dead + ":3:* (1 key)",
		"skipped 1 run still connected (" + live + "): stressql:" + live + ":2:* (2 keys)",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("clean output lacks %q:\n%s", want, r.stdout)
		}
	}
	if got, want := ct.remains(t, live), []string{"stressql_" + live + "_1", "stressql:" + live + ":2:a", "stressql:" + live + ":2:b"}; !slices.Equal(got, want) {
		t.Errorf("the live run's namespaces: %v, want %v", got, want)
	}
	if got := ct.remains(t, dead); len(got) > 0 {
		t.Errorf("the dead run's %v remain", got)
	}

	// Connected to one server only is connected: the Redis client alone
	// protects the PostgreSQL schema too.
	pc.Close(ctx)
	testenv.WaitFor(t, "the postgres connection to close", 10*time.Second, func() bool {
		var n int
		_ = ct.db.QueryRow(ctx, "select count(*) from pg_stat_activity where application_name like 'stressql:"+live+":%'").Scan(&n)
		return n == 0
	})
	if r := ct.clean(t); r.code != 0 || !strings.Contains(r.stdout, "skipped 1 run still connected ("+live+"): stressql_"+live+"_1") {
		t.Errorf("clean with the run connected to Redis only: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}

	rc.Close()
	testenv.WaitFor(t, "the fake run to disconnect", 10*time.Second, func() bool { return !ct.connected(t, live) })
	r = ct.clean(t, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "would remove 1 schema: stressql_"+live+"_1") {
		t.Errorf("clean --dry-run: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := ct.remains(t, live); len(got) != 3 {
		t.Errorf("--dry-run removed something: %v remain", got)
	}
	r = ct.clean(t)
	if r.code != 0 || !strings.Contains(r.stdout, "removed 2 keys under 1 prefix: stressql:"+live+":2:* (2 keys)") {
		t.Errorf("clean: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := ct.remains(t, live); len(got) > 0 {
		t.Errorf("after the run disconnected, clean left %v", got)
	}
}

// TestCleanTouchesOnlyItsOwn: names that merely look like the tool's
// survive clean; the real leftovers next to them do not.
func TestCleanTouchesOnlyItsOwn(t *testing.T) {
	ct := newCleanTargets(t)
	ctx := context.Background()
	lookalikeSchemas := []string{
		"stressql_test_1_2", "stressql_abc", "stressql_0123abcd", "stressql_0123abcd_0",
		"stressql_0123abcd_01", "stressql_0123ABCD_1", "stressql_0123abcd9_1", "stressqlx_0123abcd_1",
	}
	lookalikeKeys := []string{
		"user:1", "stressql", "stressql:abc:1:k", "stressql:test1:1:k", "stressql:0123abcd:k",
		"stressql:0123abcd:0:k", "stressql:0123ABCD:1:k", "stressql:0123abcd:01:k", "x:stressql:0123abcd:1:k",
		"stressql:0123abcd:1", "stressql:0123abcd:1x:k",
	}
	for _, s := range append(slices.Clone(lookalikeSchemas), "stressql_0123abcd_1") {
		if _, err := ct.db.Exec(ctx, "create schema "+pgx.Identifier{s}.Sanitize()); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range append(slices.Clone(lookalikeKeys), "stressql:0123abcd:1:k", "stressql:0123abcd:12:k") {
		if err := ct.rc.Set(ctx, k, "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	r := ct.clean(t)
	if r.code != 0 {
		t.Fatalf("clean: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	slices.Sort(lookalikeSchemas)
	if got := ct.schemas(t); !slices.Equal(got, lookalikeSchemas) {
		t.Errorf("schemas after clean:\n%v\nwant\n%v", got, lookalikeSchemas)
	}
	slices.Sort(lookalikeKeys)
	if got := ct.keys(t); !slices.Equal(got, lookalikeKeys) {
		t.Errorf("keys after clean:\n%v\nwant\n%v", got, lookalikeKeys)
	}
	for _, want := range []string{"removed 1 schema: stressql_0123abcd_1", "removed 2 keys under 2 prefixes"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("clean output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestCleanConnectionError: an unreachable target is exit 1, with the
// password redacted, and nothing is removed from the other one.
func TestCleanConnectionError(t *testing.T) {
	ct := newCleanTargets(t)
	ctx := context.Background()
	if err := ct.rc.Set(ctx, "stressql:0123abcd:1:k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	dead := "postgres://u:s3cr3tpw@" + testenv.DeadAddr(t) + "/db"
	r := cliEnv(t, nil, "clean", "--postgres", dead, "--redis", ct.rd)
	if r.code != exitFailed || strings.Contains(r.stdout+r.stderr, "s3cr3tpw") || !strings.Contains(r.stderr, "Nothing was removed") {
		t.Errorf("exit %d, want 1 with a redacted message:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := ct.rc.Exists(ctx, "stressql:0123abcd:1:k").Val(); n != 1 {
		t.Error("a key was removed although the other target failed")
	}
	if r := cliEnv(t, nil, "clean", "--driver", "nope"); r.code != exitInvalid {
		t.Errorf("--driver nope: exit %d, want 2", r.code)
	}
}

func TestLeftoverText(t *testing.T) {
	t.Parallel()
	got := leftoverText("a\x1b[2Jb", &postgres.Descriptor, "stressql_0123abcd_2", "postgres://u:pw@h/db", "postgres://u:pw@h/db")
	for _, want := range []string{
		`Scenario "a\x1b[2Jb" leaves its schema stressql_0123abcd_2 on postgres postgres://u:xxxxx@h/db.`,
		"stressql clean --driver postgres --postgres 'postgres://u:xxxxx@h/db'",
		"(with the password in place of xxxxx)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "pw@") || strings.Contains(got, "\x1b") {
		t.Errorf("leaks the password or an escape:\n%s", got)
	}
	got = leftoverText("r", &redis.Descriptor, "stressql:0123abcd:1:", "redis://127.0.0.1:6379/0", "")
	if !strings.Contains(got, "keys stressql:0123abcd:1:*") || !strings.Contains(got, "stressql clean --driver redis\n") {
		t.Errorf("redis from the environment:\n%s", got)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// shellWords splits a command line of plain words and 'single-quoted'
// ones (with '\” for a quote), as leftoverText prints them.
func shellWords(s string) []string {
	var words []string
	var b strings.Builder
	in, has := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			in, has = !in, true
		case c == '\\' && !in && i+1 < len(s):
			i++
			b.WriteByte(s[i])
			has = true
		case c == ' ' && !in:
			if has {
				words = append(words, b.String())
			}
			b.Reset()
			has = false
		default:
			b.WriteByte(c)
			has = true
		}
	}
	if has {
		words = append(words, b.String())
	}
	return words
}
