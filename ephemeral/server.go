package ephemeral

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/stressql/stressql/drivers"
)

// ErrMissing is wrapped by the error of a start whose server binary is
// not installed.
var ErrMissing = errors.New("server binary not installed")

// StartTimeout bounds a server's start (initdb included) and each Up.
const StartTimeout = 30 * time.Second

// stopTimeout is how long a clean shutdown may take before the process
// group is killed.
const stopTimeout = 5 * time.Second

// Server is one throwaway server process. Its methods are safe for
// concurrent use.
type Server struct {
	// Driver is the stressql driver that talks to it: "postgres" or
	// "redis".
	Driver string
	// URL is its target for that driver; Addr its 127.0.0.1:PORT.
	URL  string
	Addr string
	// Dir is its temporary directory (data directory and log inside);
	// Stop removes it.
	Dir string

	// argv is the command line that starts the server; cred, when set,
	// the user it runs as. fast is the signal of a clean shutdown.
	argv  []string
	cred  *syscall.Credential
	fast  syscall.Signal
	ready func(ctx context.Context) error
	log   string

	mu      sync.Mutex
	proc    *process // nil while down
	stopped bool
}

var _ drivers.ServerControl = (*Server)(nil)

// process is one run of the server binary.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once it exited (and was waited for)
}

// PID is the server's process id, 0 while it is down or stopped.
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return 0
	}
	return s.proc.cmd.Process.Pid
}

// launch is a server's first start (see start).
func (s *Server) launch(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.start(ctx)
}

// start runs the server binary and waits until it accepts logins. A
// process that exits while starting is tried again (a killed PostgreSQL's
// shared memory may still be attached by a dying backend for a moment).
// The caller holds mu.
func (s *Server) start(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("start %s: %w (last: %v)", s.Driver, ctx.Err(), err)
			case <-time.After(200 * time.Millisecond):
			}
		}
		var p *process
		p, err = s.spawn()
		if err != nil {
			return err
		}
		if err = s.waitReady(ctx, p); err == nil {
			s.proc = p
			return nil
		}
		s.killGroup(p)
		if ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("start %s on %s: %v%s", s.Driver, s.Addr, err, s.logTail())
}

// spawn starts the binary in a process group of its own, its output
// appended to the log.
func (s *Server) spawn() (*process, error) {
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(s.argv[0], s.argv[1:]...)
	cmd.Dir = s.Dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: s.cred, Pdeathsig: syscall.SIGKILL}
	if err := startOnSpawner(cmd); err != nil {
		return nil, fmt.Errorf("start %s: %w", s.argv[0], err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// waitReady polls the server until it accepts a login, the process
// exits, or ctx ends.
func (s *Server) waitReady(ctx context.Context, p *process) error {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		err := s.ready(pctx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("the server exited while starting (%v)", p.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("not ready: %w (last: %v)", ctx.Err(), err)
		case <-t.C:
		}
	}
}

// Down stops the server: mode drivers.RestartKill sends SIGKILL to its
// process group (a crash), drivers.RestartFast asks for a clean, fast
// shutdown (killing the group if it takes longer than 5 s or ctx ends).
// It returns once every process of the server is gone.
func (s *Server) Down(ctx context.Context, mode string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.stopped:
		return errors.New("the server was stopped")
	case s.proc == nil:
		return errors.New("the server is already down")
	}
	p := s.proc
	s.proc = nil
	switch mode {
	case drivers.RestartKill:
		s.killGroup(p)
	case drivers.RestartFast:
		s.shutdown(ctx, p)
	default:
		s.proc = p
		return fmt.Errorf("unknown restart mode %q (kill or fast)", mode)
	}
	return nil
}

// Up starts the server again on the same port and data directory and
// returns once it accepts logins.
func (s *Server) Up(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.stopped:
		return errors.New("the server was stopped")
	case s.proc != nil:
		return errors.New("the server is already up")
	}
	return s.start(ctx)
}

// Stop shuts the server down (cleanly, then by SIGKILL to its group) and
// removes its directory. It is idempotent.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil
	}
	s.stopped = true
	if s.proc != nil {
		ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
		s.shutdown(ctx, s.proc)
		cancel()
		s.proc = nil
	}
	if err := os.RemoveAll(s.Dir); err != nil {
		return fmt.Errorf("remove %s: %w", s.Dir, err)
	}
	return nil
}

// shutdown sends the clean-shutdown signal and waits for the process;
// past stopTimeout or ctx, the group is killed.
func (s *Server) shutdown(ctx context.Context, p *process) {
	_ = p.cmd.Process.Signal(s.fast)
	t := time.NewTimer(stopTimeout)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
	case <-ctx.Done():
	}
	s.killGroup(p)
}

// killGroup kills the process group (the server and its children, e.g.
// PostgreSQL's backends) and waits until none of it is left, at most a
// few seconds.
func (s *Server) killGroup(p *process) {
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-p.done
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// logTail is the end of the server's log, for an error message.
func (s *Server) logTail() string {
	b, err := os.ReadFile(s.log)
	if err != nil || len(b) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return "; its log ends:\n  " + strings.Join(lines, "\n  ")
}

// The parent-death signal of a child is tied to the OS thread that forked
// it, not to the process: when that thread ends, the child gets SIGKILL.
// The runtime ends threads (a goroutine that exits while locked to its
// thread, as the engine's precise sleeps do), so every server is started
// from one goroutine locked to a thread that lives as long as stressql.
var (
	spawnOnce sync.Once
	spawnReq  chan spawnRequest
)

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

func startOnSpawner(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnReq = make(chan spawnRequest)
		go func() {
			runtime.LockOSThread() // never unlocked: the thread lives on
			for r := range spawnReq {
				r.done <- r.cmd.Start()
			}
		}()
	})
	r := spawnRequest{cmd: cmd, done: make(chan error, 1)}
	spawnReq <- r
	return <-r.done
}

// freePort returns a TCP port of 127.0.0.1 nothing listens on now.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func addr(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }
