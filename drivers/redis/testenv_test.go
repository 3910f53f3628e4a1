package redis

import (
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
)

// testEnv returns an Env for the test server with names unique to this
// test run; without a server the test skips (fails under CI=true).
func testEnv(t testing.TB) drivers.Env {
	t.Helper()
	return testenv.Env(t, "redis")
}

func testConfig() Config {
	c := DefaultConfig()
	c.DialTimeout = 5 * time.Second
	return c
}

// openPool opens a pool and closes and cleans it up when the test ends.
func openPool(t testing.TB, cfg Config, env drivers.Env) *pool {
	t.Helper()
	return testenv.OpenPool(t, Open, cfg, env).(*pool)
}

// rawClient is a plain client for checking what the driver did.
func rawClient(t testing.TB) *goredis.Client {
	t.Helper()
	opt, err := goredis.ParseURL(testenv.URL(t, "redis"))
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(opt)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// waitConns polls ServerConns until it reports want, for at most 5s.
func waitConns(t testing.TB, p drivers.Pool, want int) {
	t.Helper()
	testenv.WaitServerConns(t, p, want, 5*time.Second)
}
