package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
)

// opFunc is one operation of a bare client loop: worker w's seq-th.
type opFunc func(ctx context.Context, w int, seq int64) error

// closedLoop is the bare-client ceiling: n goroutines call op back to
// back for d, all starting together, each with its own counters and HDR
// histogram (the same per-worker recording stressql does, so the
// comparison is of the engine and drivers, not of bookkeeping). The stop
// is an atomic flag: an operation in flight at the end finishes, as in
// stressql's constant_workers. Throughput is ok ÷ the time from the start
// to the last goroutine's end.
func closedLoop(ctx context.Context, n int, d time.Duration, op opFunc) (sample, error) {
	type worker struct {
		ok, failed int64
		hist       *hdrhistogram.Histogram
		firstErr   error
	}
	workers := make([]*worker, n)
	var stop atomic.Bool
	var next atomic.Int64
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	for i := range workers {
		wk := &worker{hist: metrics.NewHistogram()}
		workers[i] = wk
		ready.Add(1)
		done.Go(func() {
			ready.Done()
			<-gate
			for !stop.Load() && ctx.Err() == nil {
				t0 := time.Now()
				err := op(ctx, i, next.Add(1)-1)
				us := int64(time.Since(t0) / time.Microsecond)
				_ = wk.hist.RecordValue(max(us, 1))
				if err != nil {
					wk.failed++
					if wk.firstErr == nil {
						wk.firstErr = err
					}
					continue
				}
				wk.ok++
			}
		})
	}
	ready.Wait()
	cpu0 := selfCPU()
	start := time.Now()
	timer := time.AfterFunc(d, func() { stop.Store(true) })
	close(gate)
	done.Wait()
	timer.Stop()
	s := sample{Elapsed: time.Since(start), CPU: selfCPU() - cpu0}
	all := metrics.NewHistogram()
	var firstErr error
	for _, wk := range workers {
		s.OK += wk.ok
		s.Failed += wk.failed
		all.Merge(wk.hist)
		if firstErr == nil {
			firstErr = wk.firstErr
		}
	}
	s.Throughput = float64(s.OK) / s.Elapsed.Seconds()
	s.fromHistogram(all)
	if err := ctx.Err(); err != nil {
		return s, err
	}
	if s.OK == 0 && firstErr != nil {
		return s, firstErr
	}
	return s, nil
}
