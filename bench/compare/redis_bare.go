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
	// redisSetTTL is SET as stressql sends it (the bare loop's twin of
	// its set step): every key stressql writes without a TTL of its own
	// gets the safety-net expiry, SET key value PX <ms>, which costs the
	// server an entry in its expires table (INFO commandstats: 0.89-1.27
	// against 0.67 µs per SET here), so the bare loop compared with
	// stressql sends it too. redisSet, the plain SET, is noted beside it.
	redisSetTTL = "set-ttl"
	// redisKeys is how many distinct keys SET cycles through, and
	// redisValue the value it writes (redis-benchmark's default 3 bytes).
	redisKeys  = 1000
	redisValue = "xxx"
	// bareKeyPrefix namespaces the bare loop's keys; they are deleted
	// afterwards.
	bareKeyPrefix = "stressql:bench:bare:"
	// bareTTLKeyPrefix is as long as the namespace stressql's keys carry
	// in the bench runs (stressql:<run id>:<scenario>:), so that both
	// send commands of the same size.
	bareTTLKeyPrefix = "stressql:bare-ttl:1:bench:"
	// bareSafetyTTL is about the expiry stressql gives the bench's keys
	// (its scenario timeout plus the hour of the safety margin: PX 3630200
	// for a 100 ms run), not whole seconds, so go-redis sends it as PX too.
	bareSafetyTTL = time.Hour + 30*time.Second + 200*time.Millisecond
)

// bareRedis runs the go-redis ceiling: one client with a pool of n
// connections, opened before the clock starts, and n goroutines sending
// PING or SET back to back for d.
func bareRedis(ctx context.Context, url, workload string, n int, d time.Duration) (sample, error) {
	op, done, err := redisWorkload(ctx, url, workload, n)
	if err != nil {
		return sample{}, err
	}
	defer done()
	return closedLoop(ctx, n, d, op)
}

// redisWorkload opens a go-redis client with a pool of n connections,
// waits until they are dialled, and returns workload's operation on it;
// done deletes the keys it wrote and closes the client.
func redisWorkload(ctx context.Context, url, workload string, n int) (op opFunc, done func(), err error) {
	opt, err := redisOptions(url, n)
	if err != nil {
		return nil, nil, err
	}
	c := goredis.NewClient(opt)
	if err := warmRedis(ctx, c, n); err != nil {
		c.Close()
		return nil, nil, err
	}
	done = func() { c.Close() }
	switch workload {
	case redisPing:
		op = func(ctx context.Context, _ int, _ int64) error { return c.Ping(ctx).Err() }
	case redisSet:
		done = func() { deleteKeys(c, bareKeyPrefix, "%d"); c.Close() }
		op = func(ctx context.Context, _ int, seq int64) error {
			var buf [64]byte
			key := strconv.AppendInt(append(buf[:0], bareKeyPrefix...), seq%redisKeys, 10)
			return c.Set(ctx, string(key), redisValue, 0).Err()
		}
	case redisSetTTL:
		done = func() { deleteKeys(c, bareTTLKeyPrefix, "%d"); c.Close() }
		op = func(ctx context.Context, _ int, seq int64) error {
			var buf [64]byte
			key := strconv.AppendInt(append(buf[:0], bareTTLKeyPrefix...), seq%redisKeys, 10)
			return c.Set(ctx, string(key), redisValue, bareSafetyTTL).Err()
		}
	default:
		c.Close()
		return nil, nil, fmt.Errorf("unknown redis workload %q", workload)
	}
	return op, done, nil
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
