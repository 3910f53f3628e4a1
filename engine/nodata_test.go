package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// TestUnmeasuredPoolCounters: a pool counter the scenario's driver does
// not measure (its descriptor's PoolMetrics) is no data: a check reading
// it fails with "no data" instead of passing on a 0, and JSON writes null.
// The counters the driver measures have values.
func TestUnmeasuredPoolCounters(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	cases := []struct {
		driver   string
		pool     *plan.Pool
		step     drivers.Step
		measured string // a check on a counter the driver measures: passes
		other    string // a check on one it does not: no data
		null     []string
	}{
		{"redis", redisPool(nil), step("ping"),
			"pool.hits + pool.misses > 0 && pool.reuse_ratio >= 0 && pool.moved == 0 && pool.ask == 0",
			"pool.acquire_count == 0 && pool.new_conns == 0",
			[]string{"new_conns", "acquire_count", "empty_acquire_count", "canceled_acquire_count"}},
		{"postgres", pgPool(nil), query("SELECT 1"),
			"pool.acquire_count >= 20 && pool.new_conns > 0",
			"pool.hits == 0",
			[]string{"hits", "misses", "timeouts", "stale_conns", "reuse_ratio", "moved", "ask"}},
	}
	for _, c := range cases {
		t.Run(c.driver, func(t *testing.T) {
			sc := scenario("nodata_"+c.driver, c.driver, c.pool, &plan.Load{
				Name: "l", Pattern: plan.Burst, Workers: 2, Iterations: 20, Steps: []drivers.Step{c.step},
			})
			sc.Checks = []*plan.Check{check(t, "measured", c.measured, nil), check(t, "not measured", c.other, nil)}
			r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets})
			sr := r.Scenarios[0]
			mustStatus(t, sr, results.StatusFail)
			if m := sr.Checks[0]; !m.Passed {
				t.Errorf("check %q = %+v, want passed", m.Condition, m)
			}
			if o := sr.Checks[1]; o.Passed || !o.NoData || !strings.HasPrefix(o.Message, "no data for pool.") {
				t.Errorf("check %q = %+v, want failed with no data", o.Condition, o)
			}
			b, err := json.Marshal(sr.Result.Pool)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range c.null {
				if !strings.Contains(string(b), `"`+name+`":null`) {
					t.Errorf("JSON pool = %s, want %s null", b, name)
				}
			}
			for _, name := range desc(c.driver).PoolMetrics {
				if strings.Contains(string(b), `"`+name+`":null`) {
					t.Errorf("JSON pool = %s, want a value for %s (the driver measures it)", b, name)
				}
			}
		})
	}
}

// TestWarmupNoData: pool.warmup_ms is the time to open the pool with its
// minimum connections ready; without a pool (enabled = false) or with a
// minimum of 0 there is nothing to warm: no data.
func TestWarmupNoData(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	cases := []struct {
		name   string
		driver string
		pool   *plan.Pool
		step   drivers.Step
		warms  bool
	}{
		{"postgres disabled", "postgres", pgPool(func(c *postgres.Config) { c.Enabled, c.MinConns = false, 2 }), query("SELECT 1"), false},
		{"postgres min 0", "postgres", pgPool(func(c *postgres.Config) { c.MinConns = 0 }), query("SELECT 1"), false},
		{"postgres min 2", "postgres", pgPool(func(c *postgres.Config) { c.MinConns = 2 }), query("SELECT 1"), true},
		{"redis disabled", "redis", redisPool(func(c *redis.Config) { c.Enabled, c.MinIdleConns = false, 2 }), step("ping"), false},
		{"redis min 0", "redis", redisPool(func(c *redis.Config) { c.MinIdleConns = 0 }), step("ping"), false},
		{"redis min 2", "redis", redisPool(func(c *redis.Config) { c.MinIdleConns = 2 }), step("ping"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := scenario("warmup", c.driver, c.pool, &plan.Load{
				Name: "l", Pattern: plan.Burst, Workers: 1, Iterations: 3, Steps: []drivers.Step{c.step},
			})
			sc.Checks = []*plan.Check{check(t, "warm", "pool.warmup_ms >= 0", nil)}
			r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets})
			sr := r.Scenarios[0]
			w := sr.Result.Pool.WarmupMs
			b, err := json.Marshal(sr.Result.Pool)
			if err != nil {
				t.Fatal(err)
			}
			nullJSON := strings.Contains(string(b), `"warmup_ms":null`)
			ch := sr.Checks[0]
			if c.warms {
				mustStatus(t, sr, results.StatusPass)
				if w == nil || *w <= 0 || nullJSON {
					t.Errorf("warmup_ms = %s (JSON %s), want a number above 0", fmtPtr(w), b)
				}
				return
			}
			mustStatus(t, sr, results.StatusFail)
			if w != nil || !nullJSON || ch.Passed || !ch.NoData {
				t.Errorf("warmup_ms = %s (JSON %s), check %+v; want no data", fmtPtr(w), b, ch)
			}
		})
	}
}
