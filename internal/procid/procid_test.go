package procid

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCurrentInRange: every goroutine's processor is one of GOMAXPROCS,
// and with several of them busy at once more than one is seen. The
// goroutines keep running (yielding to the global run queue, which idle
// processors take from) until a second processor has been seen or a
// generous bound passes: how soon the scheduler spreads them is its own
// business, and a fixed number of calls raced it (CI once saw only one).
func TestCurrentInRange(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	seen := make([]atomic.Bool, procs)
	var distinct atomic.Int32
	stop := time.Now().Add(20 * time.Second)
	var wg sync.WaitGroup
	for range 4 * procs {
		wg.Go(func() {
			for i := 0; ; i++ {
				id := Current()
				if id < 0 || id >= procs {
					t.Errorf("Current() = %d, want 0..%d", id, procs-1)
					return
				}
				if !seen[id].Swap(true) {
					distinct.Add(1)
				}
				if int(distinct.Load()) == procs || (i%1024 == 0 && time.Now().After(stop)) {
					return
				}
				if i%64 == 0 {
					runtime.Gosched()
				}
			}
		})
	}
	wg.Wait()
	if procs > 1 && distinct.Load() < 2 {
		t.Errorf("processors seen %d of %d, want more than one", distinct.Load(), procs)
	}
}

func BenchmarkCurrent(b *testing.B) {
	for b.Loop() {
		_ = Current()
	}
}
