package redis

import (
	"context"
	"testing"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
)

// TestNoGoroutineLeak runs iterations, closes and cleans up, and expects
// the process to be back to the goroutines it had before Open: the engine
// reports goroutine growth, and the driver must not be the cause.
func TestNoGoroutineLeak(t *testing.T) {
	testenv.NoGoroutineLeak(t, func(t *testing.T, enabled bool) (drivers.Pool, error) {
		cfg := testConfig()
		cfg.Enabled = enabled
		cfg.MinIdleConns = 2
		return Open(context.Background(), cfg, testEnv(t))
	}, drivers.Step{Kind: KindCommand, Args: consts("SET", "k", "v")})
}
