package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Redis workloads, the same for every contender.
const (
	redisPing = "ping"
	redisSet  = "set"
	// redisKeys is how many distinct keys SET cycles through, and
	// redisValue the value it writes (redis-benchmark's default 3 bytes).
	redisKeys  = 1000
	redisValue = "xxx"
	// bareKeyPrefix namespaces the bare loop's keys; they are deleted
	// afterwards.
	bareKeyPrefix = "stressql:bench:bare:"
)

// bareRedis runs the go-redis ceiling: one client with a pool of n
// connections, opened before the clock starts, and n goroutines sending
// PING or SET back to back for d.
func bareRedis(ctx context.Context, url, workload string, n int, d time.Duration) (sample, error) {
	opt, err := redisOptions(url, n)
	if err != nil {
		return sample{}, err
	}
	c := goredis.NewClient(opt)
	defer c.Close()
	if err := warmRedis(ctx, c, n); err != nil {
		return sample{}, err
	}
	var op opFunc
	switch workload {
	case redisPing:
		op = func(ctx context.Context, _ int, _ int64) error { return c.Ping(ctx).Err() }
	case redisSet:
		defer deleteKeys(c, bareKeyPrefix, "%d")
		op = func(ctx context.Context, _ int, seq int64) error {
			var buf [64]byte
			key := strconv.AppendInt(append(buf[:0], bareKeyPrefix...), seq%redisKeys, 10)
			return c.Set(ctx, string(key), redisValue, 0).Err()
		}
	default:
		return sample{}, fmt.Errorf("unknown redis workload %q", workload)
	}
	return closedLoop(ctx, n, d, op)
}

// warmRedis waits until the client's pool holds n connections, so that
// no contender pays for dialling inside the measured window.
func warmRedis(ctx context.Context, c *goredis.Client, n int) error {
	if err := c.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis ping: %w", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for int(c.PoolStats().TotalConns) < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// deleteKeys removes the redisKeys keys prefix+format(i) a SET workload
// wrote.
func deleteKeys(c *goredis.Client, prefix, format string) {
	keys := make([]string, redisKeys)
	for i := range keys {
		keys[i] = prefix + fmt.Sprintf(format, i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.Del(ctx, keys...).Err()
}
