package testenv

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/stressql/stressql/ephemeral"
)

// Ephemeral starts a throwaway server for driver ("postgres" or "redis")
// with package ephemeral, and stops it (removing its directory) when the
// test ends. A missing server binary skips the test, except under CI=true.
func Ephemeral(t testing.TB, driver string) *ephemeral.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), ephemeral.StartTimeout)
	defer cancel()
	set, err := ephemeral.Start(ctx, []string{driver})
	if errors.Is(err, ephemeral.ErrMissing) {
		Missing(t, "%v", err)
	}
	if err != nil {
		t.Fatalf("ephemeral %s: %v", driver, err)
	}
	t.Cleanup(func() {
		if err := set.Stop(); err != nil {
			t.Errorf("ephemeral %s: stop: %v", driver, err)
		}
	})
	return set.Servers[driver]
}

// Refused reports whether a TCP connection to addr is refused now
// (ECONNREFUSED: nothing listens there).
func Refused(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		c.Close()
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}
