package testenv

import (
	"runtime"
	"testing"
	"time"
)

// WaitGoroutines waits for the number of goroutines to come back to
// before, as pgx and go-redis end theirs shortly after Close returns. When
// it does not within the given time it fails the test (without stopping
// it), showing the goroutines left, and returns false.
func WaitGoroutines(t testing.TB, before int, within time.Duration) bool {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		now := runtime.NumGoroutine()
		if now <= before {
			return true
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Errorf("goroutines: %d before, %d after %s of waiting\n%s", before, now, within, buf[:n])
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
