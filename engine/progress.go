package engine

import (
	"sync"
	"time"

	"github.com/stressql/stressql/results"
)

// progressInterval is how often the observer hears about progress.
const progressInterval = 250 * time.Millisecond

// startProgress reports live totals, rate and p95 to the observer until
// the returned stop is called; stop waits for the last report.
func (s *scenarioRun) startProgress() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer s.recoverGoroutine()
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		var prevOps int64
		prevAt := s.started
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				snap := s.live.Snapshot()
				ops := snap.Ops()
				var rate float64
				if dt := now.Sub(prevAt).Seconds(); dt > 0 {
					rate = float64(ops-prevOps) / dt
				}
				prevOps, prevAt = ops, now
				s.e.opts.Observer.Progress(results.Progress{
					Scenario: s.sc.Name,
					I:        s.index,
					N:        s.total,
					Elapsed:  now.Sub(s.started),
					Expected: s.sc.ExpectedDuration,
					Ops:      ops,
					Errors:   snap.Failed,
					Rate:     rate,
					P95:      snap.P95,
					Last:     s.lastRecord(),
				})
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// lastRecord is a copy of the scenario's latest series record, nil before
// the first one.
func (s *scenarioRun) lastRecord() *results.Interval {
	if s.ser == nil {
		return nil
	}
	s.ser.mu.Lock()
	defer s.ser.mu.Unlock()
	if len(s.ser.records) == 0 {
		return nil
	}
	r := s.ser.records[len(s.ser.records)-1]
	r.Errors, r.ErrorExamples = nil, nil
	return &r
}
