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
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/testenv"
)

// watchedStderr is an output that a test reads while the command writes
// it.
type watchedStderr struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *watchedStderr) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *watchedStderr) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

var ephemeralLine = regexp.MustCompile(`ephemeral: (\w+) server on (127\.0\.0\.1:\d+) \(pid (\d+), ([^)]+)\)`)

type startedServer struct {
	driver, addr, dir string
	pid               int
}

func startedServers(stderr string) []startedServer {
	var out []startedServer
	for _, m := range ephemeralLine.FindAllStringSubmatch(stderr, -1) {
		pid, _ := strconv.Atoi(m[3])
		out = append(out, startedServer{driver: m[1], addr: m[2], pid: pid, dir: m[4]})
	}
	return out
}

func requireServerBinaries(t *testing.T) {
	t.Helper()
	for _, b := range []string{"/usr/lib/postgresql/15/bin/initdb", "/usr/lib/postgresql/15/bin/postgres", "/usr/bin/redis-server"} {
		if _, err := os.Stat(b); err != nil {
			testenv.Missing(t, "%s is not installed", b)
		}
	}
}

// `run --ephemeral` with the restart examples: each server really goes
// down (connections refused) and comes back, every scenario passes with
// recovery_ms measured from the server being back, the report has the
// down and up events, and afterwards no server process or directory is
// left.
func TestRunEphemeralRestart(t *testing.T) {
	requireServerBinaries(t)
	dir := t.TempDir()
	jsonPath := filepath.Join(dir, "run.json")
	var out bytes.Buffer
	stderr := &watchedStderr{}
	g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: stderr,
		getenv: func(string) string { return "" }}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// Watch the servers' ports while the run goes: a refused connection
	// proves a server process really went down, an accepted one after it
	// that it came back.
	type seen struct{ refused, backAfter bool }
	var mu sync.Mutex
	watch := map[string]*seen{}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			for _, s := range startedServers(stderr.String()) {
				refused := testenv.Refused(s.addr)
				mu.Lock()
				w := watch[s.addr]
				if w == nil {
					w = &seen{}
					watch[s.addr] = w
				}
				if refused {
					w.refused = true
				} else if w.refused {
					w.backAfter = true
				}
				mu.Unlock()
			}
		}
	})
	code := execute(ctx, g, []string{"run", "--ephemeral", "--no-color", "--seed", "1", "--json", jsonPath, "../../examples/restart/"})
	close(done)
	wg.Wait()
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), stderr.String())
	}
	started := startedServers(stderr.String())
	if len(started) != 2 {
		t.Fatalf("started %d servers, want postgres and redis:\n%s", len(started), stderr.String())
	}
	for _, s := range started {
		w := watch[s.addr]
		if w == nil || !w.refused || !w.backAfter {
			t.Errorf("%s on %s: refused seen %v, back after it %v: the server did not really go down and up", s.driver, s.addr, w != nil && w.refused, w != nil && w.backAfter)
		}
		if err := syscall.Kill(s.pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("%s: the first server process %d is still there after the run (%v)", s.driver, s.pid, err)
		}
		if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
			t.Errorf("%s: %s is left after the run (%v)", s.driver, s.dir, err)
		}
		if !testenv.Refused(s.addr) {
			t.Errorf("%s: something still listens on %s after the run", s.driver, s.addr)
		}
	}
	// The servers were restarted: the process a restart started is not the
	// one stderr named; no process of the tool's server binaries may
	// remain with the ephemeral data directories on its command line.
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, s := range started {
			if bytes.Contains(b, []byte(s.dir)) {
				t.Errorf("process %s still runs with %s: %q", p, s.dir, bytes.ReplaceAll(b, []byte{0}, []byte{' '}))
			}
		}
	}

	run := readRun(t, jsonPath)
	if run.Summary.Passed != 4 || run.Summary.Total != 4 {
		t.Errorf("summary %+v, want 4 of 4 passed", run.Summary)
	}
	for _, sc := range run.Scenarios {
		var down, up float64 = -1, -1
		for _, ev := range sc.Faults {
			if ev.Kind != "restart" {
				continue
			}
			switch {
			case strings.HasPrefix(ev.What, "down:"):
				down = ev.AtMs
			case strings.HasPrefix(ev.What, "up:"):
				up = ev.AtMs
			}
		}
		if down < 0 || up < down {
			t.Errorf("%s: restart events down at %v ms, up at %v ms: %+v", sc.Name, down, up, sc.Faults)
		}
		if strings.HasSuffix(sc.Name, "_restart") && up-down < 1000 {
			t.Errorf("%s: up %v ms after down, want at least down_for (1s)", sc.Name, up-down)
		}
		if sc.Result == nil || sc.Result.RecoveryMs == nil {
			t.Errorf("%s: recovery_ms has no data", sc.Name)
		}
	}
}

// Without --ephemeral a restart scenario is refused before anything runs,
// with exit 2 and a message that says to use --ephemeral, and the
// targets are never contacted (a dead target would fail the preflight,
// exit 1, had they been).
func TestRunRestartWithoutEphemeralRefused(t *testing.T) {
	dead := "postgres://u:p@" + testenv.DeadAddr(t) + "/db"
	r := cliEnv(t, nil, "run", "--postgres", dead, "--redis", "redis://"+testenv.DeadAddr(t), "--no-color", "../../examples/restart/")
	if r.code != exitInvalid {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, exitInvalid, r.stdout, r.stderr)
	}
	for _, want := range []string{"Restart fault needs --ephemeral", `scenario "pool_recovery_after_database_restart" has fault "restart" (`,
		"examples/restart/redis.hcl:", "stressql run --ephemeral"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("something ran:\n%s", r.stdout)
	}
	// --ephemeral takes no target flag: the servers are its own.
	r = cliEnv(t, nil, "run", "--ephemeral", "--redis", "redis://127.0.0.1:6379", "../../examples/restart/redis.hcl")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "drop --redis") {
		t.Errorf("--ephemeral with --redis: exit %d, stderr %s", r.code, r.stderr)
	}
}

// An interrupt (the first Ctrl-C cancels the run's context) in the middle
// of an --ephemeral run still stops the servers and removes their
// directories: exit 130, no process, no directory.
func TestRunEphemeralInterrupted(t *testing.T) {
	requireServerBinaries(t)
	out, stderr := &watchedStderr{}, &watchedStderr{}
	g := &globalOptions{stdin: strings.NewReader(""), stdout: out, stderr: stderr,
		getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		deadline := time.Now().Add(30 * time.Second) // bounded
		for time.Now().Before(deadline) && !strings.Contains(out.String(), "[1/") {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(500 * time.Millisecond) // into the scenario
		cancel()
	}()
	code := execute(ctx, g, []string{"run", "--ephemeral", "--no-color", "--grace", "1s", "../../examples/restart/redis.hcl"})
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, exitInterrupted, out.String(), stderr.String())
	}
	started := startedServers(stderr.String())
	if len(started) != 1 {
		t.Fatalf("started %v:\n%s", started, stderr.String())
	}
	s := started[0]
	if err := syscall.Kill(s.pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("server process %d is left after the interrupt (%v)", s.pid, err)
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("%s is left after the interrupt (%v)", s.dir, err)
	}
}
