package ephemeral_test

import (
	"context"
	"errors"
	"os"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/ephemeral"
	"github.com/stressql/stressql/internal/testenv"
)

// alive reports whether process pid exists (signal 0).
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func login(ctx context.Context, s *ephemeral.Server) error {
	switch s.Driver {
	case "postgres":
		c, err := pgx.Connect(ctx, s.URL)
		if err != nil {
			return err
		}
		return c.Close(ctx)
	default:
		opt, err := goredis.ParseURL(s.URL)
		if err != nil {
			return err
		}
		c := goredis.NewClient(opt)
		defer c.Close()
		return c.Ping(ctx).Err()
	}
}

// Each mode really ends the server process: the port refuses connections
// and the old PID is gone; Up brings a new process back on the same port
// and data directory. Stop leaves no process and no directory.
func TestRestartAndStop(t *testing.T) {
	for _, driver := range []string{"postgres", "redis"} {
		t.Run(driver, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			set, err := ephemeral.Start(ctx, []string{driver})
			if errors.Is(err, ephemeral.ErrMissing) {
				testenv.Missing(t, "%v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			s := set.Servers[driver]
			t.Cleanup(func() { set.Stop() })
			if err := login(ctx, s); err != nil {
				t.Fatalf("login to the fresh server: %v", err)
			}
			dir := s.Dir
			for _, mode := range []string{drivers.RestartKill, drivers.RestartFast} {
				old := s.PID()
				if old == 0 {
					t.Fatal("no PID while up")
				}
				if err := s.Down(ctx, mode); err != nil {
					t.Fatalf("%s: Down: %v", mode, err)
				}
				if alive(old) {
					t.Errorf("%s: process %d still alive after Down", mode, old)
				}
				if !testenv.Refused(s.Addr) {
					t.Errorf("%s: %s still accepts connections while down", mode, s.Addr)
				}
				if err := s.Down(ctx, mode); err == nil {
					t.Errorf("%s: a second Down did not fail", mode)
				}
				if err := s.Up(ctx); err != nil {
					t.Fatalf("%s: Up: %v", mode, err)
				}
				if s.PID() == 0 || s.PID() == old {
					t.Errorf("%s: PID after Up = %d (was %d)", mode, s.PID(), old)
				}
				if err := login(ctx, s); err != nil {
					t.Errorf("%s: login after Up: %v", mode, err)
				}
			}
			pid := s.PID()
			if err := set.Stop(); err != nil {
				t.Fatal(err)
			}
			if alive(pid) {
				t.Errorf("process %d alive after Stop", pid)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("%s still exists after Stop (%v)", dir, err)
			}
			if !testenv.Refused(s.Addr) {
				t.Errorf("%s accepts connections after Stop", s.Addr)
			}
			if err := s.Up(ctx); err == nil {
				t.Error("Up after Stop did not fail")
			}
		})
	}
}

// The PostgreSQL data survive a kill: the same data directory is used
// (crash recovery), not a fresh one.
func TestPostgresKeepsDataDir(t *testing.T) {
	s := testenv.Ephemeral(t, "postgres")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	exec := func(sql string) error {
		c, err := pgx.Connect(ctx, s.URL)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		_, err = c.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE TABLE kept (x int); INSERT INTO kept VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	if err := s.Down(ctx, drivers.RestartKill); err != nil {
		t.Fatal(err)
	}
	if err := s.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if err := exec("SELECT x FROM kept"); err != nil {
		t.Fatalf("table lost over the restart: %v", err)
	}
}

// A server started again stays up while the runtime ends threads (a
// goroutine that exits locked to its thread, as the engine's precise
// sleeps do): the parent-death signal must not follow the thread that
// happened to fork it.
func TestUpSurvivesThreadExits(t *testing.T) {
	s := testenv.Ephemeral(t, "redis")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Down(ctx, drivers.RestartKill); err != nil {
		t.Fatal(err)
	}
	if err := s.Up(ctx); err != nil {
		t.Fatal(err)
	}
	pid := s.PID()
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ { // bounded: 200 short-lived threads
		wg.Go(func() {
			runtime.LockOSThread() // exits locked: the runtime ends this thread
			time.Sleep(time.Millisecond)
		})
	}
	wg.Wait()
	time.Sleep(100 * time.Millisecond)
	if !alive(pid) || login(ctx, s) != nil {
		t.Fatalf("redis-server %d died when the threads ended", pid)
	}
}

// With Debian's snakeoil certificate readable (ssl-cert), the throwaway
// cluster serves TLS as the machine's does: sslmode=require logs in.
func TestPostgresTLS(t *testing.T) {
	if _, err := os.Stat("/etc/ssl/private/ssl-cert-snakeoil.key"); err != nil {
		testenv.Missing(t, "no snakeoil key (install ssl-cert): %v", err)
	}
	s := testenv.Ephemeral(t, "postgres")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.URL+"?sslmode=require")
	if err != nil {
		t.Fatalf("TLS login: %v", err)
	}
	defer c.Close(ctx)
	var ssl bool
	if err := c.QueryRow(ctx, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl); err != nil || !ssl {
		t.Fatalf("connection not over TLS: %v %v", ssl, err)
	}
}
