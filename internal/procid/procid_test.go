package procid

import (
	"runtime"
	"sync"
	"testing"
)

// TestCurrentInRange: every goroutine's processor is one of GOMAXPROCS,
// and with several of them running at once more than one is seen.
func TestCurrentInRange(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	var mu sync.Mutex
	seen := map[int]bool{}
	var wg sync.WaitGroup
	for range 4 * procs {
		wg.Go(func() {
			for range 10000 {
				id := Current()
				if id < 0 || id >= procs {
					t.Errorf("Current() = %d, want 0..%d", id, procs-1)
					return
				}
				mu.Lock()
				seen[id] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if procs > 1 && len(seen) < 2 {
		t.Errorf("processors seen %v, want more than one of %d", seen, procs)
	}
}

func BenchmarkCurrent(b *testing.B) {
	for b.Loop() {
		_ = Current()
	}
}
