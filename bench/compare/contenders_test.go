package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/internal/testenv"
)

// needTool skips (or, under CI=true, fails) when a C tool is missing.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		testenv.Missing(t, "%s not installed", name)
	}
}

// checkSample asserts what any working contender's sample satisfies.
func checkSample(t *testing.T, name string, s sample, wantLatency bool) {
	t.Helper()
	if s.OK < 100 || s.Throughput <= 0 || s.Failed != 0 {
		t.Errorf("%s: %d ok, %d failed, %.0f ops/s: want at least 100 ok, none failed", name, s.OK, s.Failed, s.Throughput)
	}
	if wantLatency && (s.P50 <= 0 || s.P99 < s.P50) {
		t.Errorf("%s: p50 %.3f ms, p99 %.3f ms: want 0 < p50 <= p99", name, s.P50, s.P99)
	}
	if s.CPU <= 0 {
		t.Errorf("%s: no CPU time measured", name)
	}
}

// The contenders run briefly against the real servers: a sample must
// come back with real counts, and the SET loops must leave no keys.
func TestRedisContenders(t *testing.T) {
	url := testenv.URL(t, "redis")
	ctx := context.Background()
	const d = 300 * time.Millisecond
	for _, w := range []string{redisPing, redisSet, redisSetTTL} {
		s, err := bareRedis(ctx, url, w, 4, d)
		if err != nil {
			t.Fatalf("bare %s: %v", w, err)
		}
		checkSample(t, "bare "+w, s, true)
	}
	opt, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(opt)
	defer c.Close()
	if n, err := c.Exists(ctx, bareKeyPrefix+"0", bareKeyPrefix+"999", bareTTLKeyPrefix+"0", bareTTLKeyPrefix+"999").Result(); err != nil || n != 0 {
		t.Errorf("bare SET left %d keys (%v)", n, err)
	}

	// The open loop runs exactly its schedule: 600 PINGs at 2000/s for
	// 300 ms, each done or dropped, none failed.
	o, err := bareOpenRedis(ctx, url, 2000, d, 8)
	if err != nil {
		t.Fatalf("bare open loop: %v", err)
	}
	if o.ok+o.dropped != 600 || o.failed != 0 || o.ok == 0 || o.latency.TotalCount() != o.ok {
		t.Errorf("bare open loop: %d ok, %d failed, %d dropped, %d latencies: want 600 ok or dropped, none failed",
			o.ok, o.failed, o.dropped, o.latency.TotalCount())
	}
	if o.elapsed < d-time.Millisecond {
		t.Errorf("bare open loop took %s, less than its %s schedule", o.elapsed, d)
	}

	needTool(t, "redis-benchmark")
	for _, w := range []string{redisPing, redisSet} {
		s, err := redisBenchmark(ctx, url, w, 4, d)
		if err != nil {
			t.Fatalf("redis-benchmark %s: %v", w, err)
		}
		checkSample(t, "redis-benchmark "+w, s, true)
	}
	if n, err := c.Exists(ctx, "key:000000000000", "key:000000000999").Result(); err != nil || n != 0 {
		t.Errorf("redis-benchmark SET left %d keys (%v)", n, err)
	}
}

func TestPostgresContenders(t *testing.T) {
	url := testenv.URL(t, "postgres")
	ctx := context.Background()
	const d = 300 * time.Millisecond
	for _, w := range []string{pgSelect1, pgAcquire} {
		s, err := barePostgres(ctx, url, w, 4, d)
		if err != nil {
			t.Fatalf("bare %s: %v", w, err)
		}
		checkSample(t, "bare "+w, s, true)
	}
	needTool(t, "pgbench")
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s, err := pgbench(ctx, url, filepath.Join(root, "bench", "scenarios"), 4, time.Second)
	if err != nil {
		t.Fatalf("pgbench: %v", err)
	}
	checkSample(t, "pgbench", s, false)
}
