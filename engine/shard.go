package engine

import (
	"runtime"
	"sync"
	"time"

	"github.com/stressql/stressql/internal/procid"
	"github.com/stressql/stressql/metrics"
)

// recShard is a Recorder that the workers of a load share under a lock.
// A Recorder holds ~170 KB of HDR histogram, so one per worker made
// memory grow with the worker count (10 000 workers: 1.7 GB) and, for
// open models that start workers on demand, with a run's busiest moment.
//
// A load has one shard per processor (GOMAXPROCS), and an iteration
// records into the shard of the processor it ends on (shardSet.pick), not
// into one chosen by worker index: workers that share a shard by index
// run on different cores at once, and the shard's lock, live counters and
// histogram lines then move between the cores on every iteration (two
// CPU profiles at 50 workers put 89 and 230 ns of a PING in the histogram
// write). Picked by processor, they stay in one core's cache and the lock
// is uncontended but for a goroutine preempted while holding it, or moved
// to another processor between pick and Lock.
//
// Each shard fills two cache lines of its own (shardPad): unpadded, the
// shards were 16-byte objects side by side, so the locks of the two
// processors' shards shared a line, which every iteration wrote from both
// cores. BenchmarkIterationParallel, one worker per processor, two sets
// of counts: 53–63 and 82–98 ns/op unpadded, 43–50 and 44–48 padded, where
// BenchmarkIteration's 78–88 ns on one worker, halved, is 39–44: padded,
// the shards scale.
type recShard struct {
	mu  sync.Mutex
	rec *metrics.Recorder
	_   shardPad
}

// shardPad makes a recShard 128 bytes: a line and its neighbour, which
// x86's adjacent-line prefetcher fetches in pairs.
type shardPad [128 - 16]byte

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

// shardSet is a load's recorder shards, complete once made: workers keep
// it and read it without a lock.
type shardSet []*recShard

// pick returns the shard of the processor the caller runs on.
func (s shardSet) pick() *recShard {
	if len(s) == 1 {
		return s[0]
	}
	return s[uint(procid.Current())%uint(len(s))]
}

// shardCount is how many shards a load has: one per processor, or one
// per worker for a closed model with fewer workers than processors.
func (lr *loadRun) shardCount() int {
	n := runtime.GOMAXPROCS(0)
	if l := lr.load; l != nil && l.Workers > 0 && int(l.Workers) < n {
		n = int(l.Workers)
	}
	return max(n, 1)
}

// workerShards returns the load's shards, making them at the first call.
func (lr *loadRun) workerShards() shardSet {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	if lr.shards == nil {
		n := lr.shardCount()
		lr.shards = make(shardSet, n)
		for i := range lr.shards {
			lr.shards[i] = &recShard{rec: metrics.NewRecorder(lr.recOpts)}
		}
	}
	return lr.shards
}

// preallocShards makes the load's recorder shards before it starts: each
// holds ~170 KB of histograms, which the first workers of an open model
// otherwise allocate (and zero) on the load's clock, in its first
// milliseconds, while the scheduler is dispatching.
func (lr *loadRun) preallocShards() { lr.workerShards() }
