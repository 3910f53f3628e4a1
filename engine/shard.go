package engine

import (
	"runtime"
	"sync"
	"time"

	"github.com/stressql/stressql/metrics"
)

// recShard is a Recorder that a few workers of a load share under a lock.
// A Recorder holds ~170 KB of HDR histogram, so one per worker made
// memory grow with the worker count (10 000 workers: 1.7 GB) and, for
// open models that start workers on demand, with a run's busiest moment.
// A load has at most shardsPerProc × GOMAXPROCS shards: workers that share
// one rarely run at the same instant, and the uncontended lock costs
// ~15 ns of an iteration that does I/O.
type recShard struct {
	mu  sync.Mutex
	rec *metrics.Recorder
}

// shardsPerProc bounds a load's recorders: enough that two workers
// running at once seldom share one, few enough to stay small.
const shardsPerProc = 4

func (s *recShard) ok(latency, acquire time.Duration) {
	s.mu.Lock()
	s.rec.OK(latency, acquire)
	s.mu.Unlock()
}

func (s *recShard) fail(kind int, latency, acquire time.Duration) {
	s.mu.Lock()
	s.rec.Fail(kind, latency, acquire)
	s.mu.Unlock()
}

// shard returns the recorder shard of worker index: a new one for each of
// the first workers, then the existing ones in turn.
func (lr *loadRun) shard(index int64) *recShard {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	if lr.maxShards == 0 {
		lr.maxShards = shardsPerProc * runtime.GOMAXPROCS(0)
	}
	if len(lr.shards) < lr.maxShards {
		s := &recShard{rec: metrics.NewRecorder(lr.recOpts)}
		lr.shards = append(lr.shards, s)
		return s
	}
	return lr.shards[index%int64(len(lr.shards))]
}

// preallocShards makes the load's recorder shards before it starts: each
// holds ~170 KB of histograms, which the first workers of an open model
// otherwise allocate (and zero) on the load's clock, in its first
// milliseconds, while the scheduler is dispatching.
func (lr *loadRun) preallocShards() {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	if lr.maxShards == 0 {
		lr.maxShards = shardsPerProc * runtime.GOMAXPROCS(0)
	}
	n := lr.maxShards
	if l := lr.load; l != nil && l.Workers > 0 && int(l.Workers) < n {
		n = int(l.Workers) // a closed model never needs more than a shard per worker
	}
	for len(lr.shards) < n {
		lr.shards = append(lr.shards, &recShard{rec: metrics.NewRecorder(lr.recOpts)})
	}
}
