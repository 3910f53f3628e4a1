package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
)

// testEnv returns an Env for the test server with names unique to this
// test run; without a server the test skips (fails under CI=true).
func testEnv(t testing.TB) drivers.Env {
	t.Helper()
	return testenv.Env(t, "postgres")
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
	return testenv.OpenPool(t, Open, cfg, env).(*pool)
}

// rawConn is a plain connection for checking what the driver did.
func rawConn(t testing.TB) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, testenv.URL(t, "postgres"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// waitConns polls ServerConns until it reports want, for at most 5s.
func waitConns(t testing.TB, p drivers.Pool, want int) {
	t.Helper()
	testenv.WaitServerConns(t, p, want, 5*time.Second)
}
