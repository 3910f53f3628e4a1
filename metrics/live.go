package metrics

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// liveBuckets is the coarse latency histogram of one recorder.
type liveBuckets [numBuckets]atomic.Int64

// liveCounters are the parts of a Recorder that another goroutine may read
// while the owner records. The owner is the only writer, so the atomic adds
// never contend; they only make the reads race-free.
type liveCounters struct {
	ok      atomic.Int64
	failed  atomic.Int64
	dropped atomic.Int64
	buckets liveBuckets
}

// Live sums the live counters of the recorders registered with it, for a
// progress line. Reading it never blocks a worker: workers do not take its
// lock, only registration and Snapshot do.
type Live struct {
	mu   sync.Mutex
	recs []*liveCounters
}

// NewLive returns a Live view with no recorders; pass it in Options.
func NewLive() *Live { return &Live{} }

func (l *Live) register(c *liveCounters) {
	l.mu.Lock()
	l.recs = append(l.recs, c)
	l.mu.Unlock()
}

// LiveSnapshot is an approximate, instantaneous view of the recorders of a
// Live view. The counts are exact at the moment each was read; P95 is
// within about 6% of the true value.
type LiveSnapshot struct {
	OK, Failed, Dropped int64
	// P95 of the latency of finished iterations (ok and failed); 0 when
	// there are none yet.
	P95 time.Duration
}

// Ops returns every iteration counted so far: ok, failed and dropped.
func (s LiveSnapshot) Ops() int64 { return s.OK + s.Failed + s.Dropped }

// Snapshot sums every registered recorder. It is safe to call from any
// goroutine while the recorders record.
func (l *Live) Snapshot() LiveSnapshot {
	var s LiveSnapshot
	var sum [numBuckets]int64
	var total int64
	l.mu.Lock()
	for _, c := range l.recs {
		s.OK += c.ok.Load()
		s.Failed += c.failed.Load()
		s.Dropped += c.dropped.Load()
		for i := range c.buckets {
			n := c.buckets[i].Load()
			sum[i] += n
			total += n
		}
	}
	l.mu.Unlock()
	s.P95 = time.Duration(quantile(sum[:], total, 0.95)) * time.Microsecond
	return s
}

// quantile returns the midpoint of the bucket holding the q-quantile of
// counts, in µs; 0 when total is 0.
func quantile(counts []int64, total int64, q float64) int64 {
	if total <= 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(total)))
	if rank < 1 {
		rank = 1
	}
	var seen int64
	for i, n := range counts {
		seen += n
		if seen >= rank {
			return bucketMid(i)
		}
	}
	return bucketMid(len(counts) - 1)
}
