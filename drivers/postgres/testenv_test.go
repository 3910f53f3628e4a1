package postgres

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stressql/stressql/drivers"
)

// serverURL returns the test server's URL. Without one the test skips,
// except under CI=true, where a missing server is a failure.
func serverURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("STRESSQL_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("STRESSQL_TEST_POSTGRES_URL is not set (CI=true: integration tests must run)")
		}
		t.Skip("STRESSQL_TEST_POSTGRES_URL is not set")
	}
	return u
}

var testSeq atomic.Int64

// testEnv returns an Env with a name unique to this test run.
func testEnv(t testing.TB) drivers.Env {
	n := testSeq.Add(1)
	return drivers.Env{
		URL:       serverURL(t),
		AppName:   fmt.Sprintf("stressql-test-%d-%d", os.Getpid(), n),
		Namespace: fmt.Sprintf("stressql_test_%d_%d", os.Getpid(), n),
	}
}

func testConfig() Config {
	c := DefaultConfig()
	c.ConnectTimeout = 5 * time.Second
	c.AcquireTimeout = 5 * time.Second
	return c
}

// openPool opens a pool and closes and cleans it up when the test ends.
func openPool(t testing.TB, cfg Config, env drivers.Env) *pool {
	t.Helper()
	dp, err := Open(context.Background(), cfg, env)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := dp.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := dp.Cleanup(ctx); err != nil {
			t.Errorf("Cleanup: %v", err)
		}
	})
	return dp.(*pool)
}

func prepare(t testing.TB, p drivers.Pool, s drivers.Step) drivers.Op {
	t.Helper()
	op, err := p.Prepare(s)
	if err != nil {
		t.Fatalf("Prepare(%s): %v", s.Kind, err)
	}
	return op
}

// rawConn is a plain connection for checking what the driver did.
func rawConn(t testing.TB) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, serverURL(t))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// waitConns polls ServerConns until it reports want, for at most 5s.
func waitConns(t testing.TB, p drivers.Pool, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, err := p.ServerConns(context.Background())
		if err != nil {
			t.Fatalf("ServerConns: %v", err)
		}
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("ServerConns = %d, want %d", n, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// forwarder is a TCP relay on 127.0.0.1 standing in for the fault proxy.
type forwarder struct {
	ln       net.Listener
	accepted atomic.Int64
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
}

func newForwarder(t testing.TB, target string) *forwarder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &forwarder{ln: ln}
	f.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.accepted.Add(1)
			up, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			f.mu.Lock()
			f.conns = append(f.conns, c, up)
			f.mu.Unlock()
			f.wg.Go(func() { _, _ = io.Copy(up, c); _ = up.Close() })
			f.wg.Go(func() { _, _ = io.Copy(c, up); _ = c.Close() })
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		f.mu.Lock()
		for _, c := range f.conns {
			_ = c.Close()
		}
		f.mu.Unlock()
		f.wg.Wait()
	})
	return f
}

func (f *forwarder) addr() string { return f.ln.Addr().String() }

// deadAddr returns a 127.0.0.1 address nothing listens on.
func deadAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}
