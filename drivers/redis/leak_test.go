package redis

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
)

// TestNoGoroutineLeak runs iterations, closes and cleans up, and expects
// the process to be back to the goroutines it had before Open: the engine
// reports goroutine growth, and the driver must not be the cause.
func TestNoGoroutineLeak(t *testing.T) {
	for _, enabled := range []bool{true, false} {
		t.Run(fmt.Sprintf("pool enabled=%v", enabled), func(t *testing.T) {
			before := runtime.NumGoroutine()
			cfg := testConfig()
			cfg.Enabled = enabled
			cfg.MinIdleConns = 2
			dp, err := Open(context.Background(), cfg, testEnv(t))
			if err != nil {
				t.Fatal(err)
			}
			op := prepare(t, dp, drivers.Step{Kind: KindCommand, Args: consts("SET", "k", "v")})
			for range 30 {
				if err := op.Do(context.Background(), &drivers.Iter{}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := dp.ServerConns(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := dp.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := dp.Cleanup(context.Background()); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(3 * time.Second)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Fatalf("goroutines: %d before Open, %d after Close and Cleanup", before, n)
			}
		})
	}
}
