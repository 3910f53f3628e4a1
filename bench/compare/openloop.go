package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/metrics"
)

// openResult is what a bare open-model loop did.
type openResult struct {
	ok, failed, dropped int64
	elapsed             time.Duration
	// latency is from each iteration's intended start, in µs.
	latency *hdrhistogram.Histogram
}

// bareOpenRedis is the open model without stressql: a scheduler sleeping
// on a timer until the next PING is due, dispatching every due one to
// maxWorkers goroutines through a buffered channel, dropping one when all
// are busy, and latency from the intended start. It is what the engine's
// constant_rate does, minus the engine, so that its drops and latencies
// tell what the platform (runtime, client library, server, two cores)
// does at this rate.
func bareOpenRedis(ctx context.Context, url string, rate float64, d time.Duration, maxWorkers int) (openResult, error) {
	opt, err := redisOptions(url, maxWorkers)
	if err != nil {
		return openResult{}, err
	}
	opt.MinIdleConns = min(maxWorkers, 20) // as bench_redis_rate
	c := goredis.NewClient(opt)
	defer c.Close()
	if err := warmRedis(ctx, c, opt.MinIdleConns); err != nil {
		return openResult{}, err
	}
	type job struct{ intended time.Time }
	jobs := make(chan job, maxWorkers)
	var inFlight, ok, failed atomic.Int64
	hists := make([]*hdrhistogram.Histogram, maxWorkers)
	var wg sync.WaitGroup
	for i := range hists {
		h := metrics.NewHistogram()
		hists[i] = h
		wg.Go(func() {
			for j := range jobs {
				err := c.Ping(ctx).Err()
				_ = h.RecordValue(max(int64(time.Since(j.intended)/time.Microsecond), 1))
				if err != nil {
					failed.Add(1)
				} else {
					ok.Add(1)
				}
				inFlight.Add(-1)
			}
		})
	}
	n := int64(rate * d.Seconds())
	var dropped int64
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	start := time.Now()
	due := func(i int64) time.Time { return start.Add(time.Duration(float64(i) * float64(time.Second) / rate)) }
	for i := int64(0); i < n && ctx.Err() == nil; {
		if w := time.Until(due(i)); w > 0 {
			timer.Reset(w)
			<-timer.C
		}
		now := time.Now()
		for ; i < n && !due(i).After(now); i++ {
			if inFlight.Load() >= int64(maxWorkers) {
				dropped++
				continue
			}
			inFlight.Add(1)
			jobs <- job{intended: due(i)}
		}
	}
	close(jobs)
	wg.Wait()
	r := openResult{ok: ok.Load(), failed: failed.Load(), dropped: dropped, elapsed: time.Since(start), latency: metrics.NewHistogram()}
	for _, h := range hists {
		r.latency.Merge(h)
	}
	return r, ctx.Err()
}
