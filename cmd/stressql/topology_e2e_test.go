package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/testenv"
)

// topologyLine is a server line of `run --ephemeral`: DRIVER [ROLE] server on ADDR (pid N, DIR).
var topologyLine = regexp.MustCompile(`ephemeral: (\w+)(?: (\w+))? server on (127\.0\.0\.1:\d+) \(pid (\d+), ([^)]+)\)`)

type topoServer struct {
	driver, role, addr, dir string
	pid                     int
}

func topoServers(stderr string) []topoServer {
	var out []topoServer
	for _, m := range topologyLine.FindAllStringSubmatch(stderr, -1) {
		pid, _ := strconv.Atoi(m[4])
		role := m[2]
		if role == "" {
			role = m[1]
		}
		out = append(out, topoServer{driver: m[1], role: role, addr: m[3], pid: pid, dir: m[5]})
	}
	return out
}

func requireTopologyBinaries(t *testing.T) {
	t.Helper()
	requireServerBinaries(t)
	for _, b := range []string{"/usr/sbin/pgbouncer", "/usr/bin/redis-sentinel", "/usr/bin/redis-cli"} {
		if _, err := os.Stat(b); err != nil {
			testenv.Missing(t, "%s is not installed (scripts/ensure-servers.sh installs it)", b)
		}
	}
}

// privateTemp points the system's temporary directory at a directory of
// the test's own (readable by the postgres user, which runs the servers
// when the tests run as root), so that what a run leaves behind can be
// listed without seeing other tests' servers.
func privateTemp(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for p := filepath.Dir(dir); p != "/" && p != os.TempDir(); p = filepath.Dir(p) {
		_ = os.Chmod(p, 0o755) // the test's own parents
	}
	t.Setenv("TMPDIR", dir)
	return dir
}

// nothingLeft fails when a started server's process, directory or port
// is still there, or any process runs with one of its directories on
// its command line, or anything is left in tmp.
func nothingLeft(t *testing.T, started []topoServer, tmp string) {
	t.Helper()
	for _, s := range started {
		if err := syscall.Kill(s.pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("%s %s: process %d is still there after the run (%v)", s.driver, s.role, s.pid, err)
		}
		if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
			t.Errorf("%s %s: %s is left after the run (%v)", s.driver, s.role, s.dir, err)
		}
		if !testenv.Refused(s.addr) {
			t.Errorf("%s %s: something still listens on %s after the run", s.driver, s.role, s.addr)
		}
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if bytes.Contains(b, []byte(tmp)) {
			t.Errorf("process %s still runs in %s: %q", p, tmp, bytes.ReplaceAll(b, []byte{0}, []byte{' '}))
		}
	}
	ents, _ := os.ReadDir(tmp)
	for _, e := range ents {
		t.Errorf("left in the temporary directory: %s", e.Name())
	}
}

// `run --ephemeral` with one scenario per topology (and two sharing the
// pgbouncer one): each topology is started once, from the installed
// binaries, on 127.0.0.1; each scenario runs against its own deployment
// (its checks read what only that deployment has: bouncer.* through a
// PgBouncer, CLUSTER INFO on a cluster, a real failover through the
// sentinels, a restart of the PostgreSQL behind the bouncer); afterwards
// no process, port or directory is left.
func TestRunEphemeralTopologies(t *testing.T) {
	requireTopologyBinaries(t)
	tmp := privateTemp(t)
	jsonPath := filepath.Join(t.TempDir(), "run.json")
	var out bytes.Buffer
	stderr := &watchedStderr{}
	g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: stderr,
		getenv: func(string) string { return "" }}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	code := execute(ctx, g, []string{"run", "--ephemeral", "--no-color", "--seed", "1", "--json", jsonPath, "testdata/topologies/"})
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), stderr.String())
	}
	started := topoServers(stderr.String())
	count := map[string]int{}
	for _, s := range started {
		count[s.driver+" "+s.role]++
		if !strings.HasPrefix(s.dir, tmp+"/stressql-ephemeral-") {
			t.Errorf("%s %s in %s, want a directory of its own in %s", s.driver, s.role, s.dir, tmp)
		}
	}
	want := map[string]int{"postgres postgres": 1, "postgres pgbouncer": 1,
		"redis master": 1, "redis replica": 1, "redis sentinel": 3, "redis node": 3}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("started %d %s servers, want %d (one deployment per topology, shared)", count[k], k, n)
		}
	}
	if len(started) != 10 {
		t.Errorf("started %d servers, want 10:\n%s", len(started), stderr.String())
	}
	for _, w := range []string{"ephemeral: postgres pgbouncer topology at postgres://stressql:xxxxx@127.0.0.1:",
		"ephemeral: redis sentinel topology at redis+sentinel://", "ephemeral: redis cluster topology at redis+cluster://",
		"ephemeral: servers stopped and removed"} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
		}
	}
	nothingLeft(t, started, tmp)

	run := readRun(t, jsonPath)
	if run.Summary.Passed != 4 || run.Summary.Total != 4 {
		t.Errorf("summary %+v, want 4 of 4 passed\n%s", run.Summary, out.String())
	}
	kinds := map[string][]string{}
	for _, sc := range run.Scenarios {
		for _, ev := range sc.Faults {
			kinds[sc.Name] = append(kinds[sc.Name], ev.Kind+" "+ev.What)
		}
	}
	if f := strings.Join(kinds["bouncer_server_restart"], "; "); !strings.Contains(f, "restart down:") || !strings.Contains(f, "restart up:") {
		t.Errorf("bouncer_server_restart fault events: %s", f)
	}
	if f := strings.Join(kinds["sentinel_failover"], "; "); !strings.Contains(f, "new master") {
		t.Errorf("sentinel_failover fault events: %s", f)
	}
}

// An interrupt while the topologies start (the sentinels are still
// finding each other) stops what was started: exit 130, no process, no
// directory; and an interrupt in the middle of the run stops them all too.
func TestRunEphemeralTopologyInterrupted(t *testing.T) {
	requireTopologyBinaries(t)
	t.Run("while starting", func(t *testing.T) {
		tmp := privateTemp(t)
		out, stderr := &watchedStderr{}, &watchedStderr{}
		g := &globalOptions{stdin: strings.NewReader(""), stdout: out, stderr: stderr,
			getenv: func(string) string { return "" }}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			deadline := time.Now().Add(30 * time.Second) // bounded
			for time.Now().Before(deadline) {
				if m, _ := filepath.Glob(filepath.Join(tmp, "stressql-ephemeral-sentinel-*")); len(m) == 3 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
		}()
		code := execute(ctx, g, []string{"run", "--ephemeral", "--no-color", "--filter", "sentinel_failover", "testdata/topologies/"})
		if code != exitInterrupted {
			t.Fatalf("exit %d, want %d\n%s\n%s", code, exitInterrupted, out.String(), stderr.String())
		}
		if !strings.Contains(stderr.String(), "interrupted while starting the --ephemeral servers") {
			t.Errorf("stderr: %s", stderr.String())
		}
		nothingLeft(t, nil, tmp)
	})
	t.Run("while running", func(t *testing.T) {
		tmp := privateTemp(t)
		out, stderr := &watchedStderr{}, &watchedStderr{}
		g := &globalOptions{stdin: strings.NewReader(""), stdout: out, stderr: stderr,
			getenv: func(string) string { return "" }}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			deadline := time.Now().Add(60 * time.Second) // bounded
			for time.Now().Before(deadline) && !strings.Contains(out.String(), "[1/") {
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(500 * time.Millisecond) // into the scenario
			cancel()
		}()
		code := execute(ctx, g, []string{"run", "--ephemeral", "--no-color", "--grace", "1s", "testdata/topologies/redis.hcl"})
		if code != exitInterrupted {
			t.Fatalf("exit %d, want %d\n%s\n%s", code, exitInterrupted, out.String(), stderr.String())
		}
		started := topoServers(stderr.String())
		if len(started) != 8 {
			t.Errorf("started %d servers, want 5 of the sentinel set and 3 cluster nodes:\n%s", len(started), stderr.String())
		}
		nothingLeft(t, started, tmp)
	})
}

// Without --ephemeral, a scenario whose topology its target's URL cannot
// be is refused before anything runs (exit 2, the targets never
// contacted); a pgbouncer topology is only a warning (its URL cannot
// tell). A failover fault needs a Sentinel set of stressql's own or
// allow_dangerous = true.
func TestRunTopologyRefused(t *testing.T) {
	dead := testenv.DeadAddr(t)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"cluster topology, plain redis target",
			[]string{"--redis", "redis://" + dead, "--filter", "cluster_keys", "testdata/topologies/redis.hcl"}, exitInvalid,
			[]string{"Target does not match the scenario's topology; nothing ran.", `scenario "cluster_keys" (testdata/topologies/redis.hcl:`,
				`declares topology "cluster" but the target is a redis:// URL, not redis+cluster:// or rediss+cluster://`, "--ephemeral"}},
		{"sentinel topology, cluster target",
			[]string{"--redis", "redis+cluster://" + dead, "testdata/topologies_refused/failover_dangerous.hcl"}, exitInvalid,
			[]string{"Target does not match", `declares topology "sentinel" but the target is a redis+cluster:// URL`, "--redis 'redis+sentinel://HOST:PORT,HOST:PORT/MASTER_NAME/0'"}},
		{"failover without --ephemeral or allow_dangerous",
			[]string{"--redis", "redis+sentinel://" + dead + "/m/0", "--filter", "sentinel_failover", "testdata/topologies/redis.hcl"}, exitInvalid,
			[]string{"Failover fault needs --ephemeral or allow_dangerous; nothing ran.", `scenario "sentinel_failover" has fault "failover" (testdata/topologies/redis.hcl:`,
				`topology { kind = "sentinel" }`, "allow_dangerous = true"}},
		{"failover with --ephemeral and no sentinel topology",
			[]string{"--ephemeral", "testdata/topologies_refused/failover_standalone.hcl"}, exitInvalid,
			[]string{"Failover fault needs a sentinel topology; nothing ran.", `scenario "failover_no_topology" has fault "failover"`,
				`Add topology { kind = "sentinel" }`}},
		// allowed: the run goes on to the preflight, which finds the dead target (exit 1)
		{"failover with allow_dangerous",
			[]string{"--redis", "redis+sentinel://" + dead + "/m/0", "testdata/topologies_refused/failover_dangerous.hcl"}, exitFailed, nil},
		{"pgbouncer topology: a warning",
			[]string{"--postgres", "postgres://u:p@" + dead + "/db", "--filter", "through_bouncer", "testdata/topologies/postgres.hcl"}, exitFailed,
			[]string{`Warning: scenario "through_bouncer" declares a pgbouncer topology`, "does not check that the postgres target is a PgBouncer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cliEnv(t, nil, append([]string{"run", "--no-color"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if tt.code == exitInvalid && r.stdout != "" {
				t.Errorf("something ran:\n%s", r.stdout)
			}
			if regexp.MustCompile(`(?m)^ephemeral: `).MatchString(r.stderr) {
				t.Errorf("servers were started:\n%s", r.stderr)
			}
			if tt.code != exitInvalid && (strings.Contains(r.stderr, "Failover fault needs") || strings.Contains(r.stderr, "Target does not match")) {
				t.Errorf("refused:\n%s", r.stderr)
			}
		})
	}
}
