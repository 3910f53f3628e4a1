package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

func compileHCL(t *testing.T, src string) *plan.Plan {
	t.Helper()
	cfg, diags := dsl.LoadSources(map[string][]byte{"t.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	p, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile: %s", diags.Error())
	}
	return p
}

const sentinelFailoverHCL = `
scenario "failover" {
  driver = "redis"
  pool {
    pool_size     = 4
    read_timeout  = "1s"
    write_timeout = "1s"
  }
  load "steady" {
    pattern     = "constant_rate"
    rate        = 100
    duration    = "6s"
    max_workers = 20
    step "set" {
      key   = "k:${iteration % 50}"
      value = "v"
    }
  }
  fault "failover" {
    after = "2s"
  }
  check "recovers" {
    condition = recovery_ms < 3000 && faults.failover.end_ms > faults.failover.start_ms
  }
}
`

// TestSentinelFailoverScenario: a steady rate through a real SENTINEL
// FAILOVER recovers: recovery_ms has data, the fault's end is when the
// new master was seen, and iterations fail only around the failover.
func TestSentinelFailoverScenario(t *testing.T) {
	set := testenv.StartRedisSentinelSet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := compileHCL(t, sentinelFailoverHCL)
	opts := Options{Targets: map[string]string{"redis": set.URL}, Interval: 500 * time.Millisecond}
	if pre := Preflight(ctx, p, opts); pre.Failed() {
		t.Fatalf("preflight: %+v", pre.Targets)
	}
	r := run(t, ctx, p, opts)
	sr := r.Scenarios[0]
	res := sr.Result
	t.Logf("status %s, ops %+v, errors %v, recovery_ms %v, faults %+v", sr.Status, res.Ops, nonZero(res.Errors), floatOrNil(res.RecoveryMs), sr.Faults)
	mustStatus(t, sr, results.StatusPass)
	if res.RecoveryMs == nil {
		t.Fatal("recovery_ms has no data")
	}
	ft, ok := res.Faults.Kinds["failover"]
	if !ok || ft.StartMs == nil || ft.EndMs == nil {
		t.Fatalf("faults.failover = %+v: want a start and the new master's sighting", ft)
	}
	var seen bool
	for _, ev := range sr.Faults {
		if ev.Kind == "failover" && strings.Contains(ev.What, "new master "+set.Replica+" seen") {
			seen = true
		}
	}
	if !seen {
		t.Errorf("no fault event names the new master %s: %+v", set.Replica, sr.Faults)
	}
	if got := testenvMaster(t, set); got != set.Replica {
		t.Errorf("the sentinels name %s, want the promoted replica %s", got, set.Replica)
	}
	// Failures only around the failover: none in the intervals that end
	// before it started, none from 2 s after the new master was seen.
	for _, iv := range res.Series {
		end := iv.TMs + 500
		if iv.Ops.Failed > 0 && (end <= *ft.StartMs || iv.TMs >= *ft.EndMs+2000) {
			t.Errorf("interval at %.0f ms: %d failures (failover %.0f..%.0f ms)", iv.TMs, iv.Ops.Failed, *ft.StartMs, *ft.EndMs)
		}
	}
	for k, n := range res.Errors {
		if n > 0 && k != "stale_conn" && k != "readonly" && k != "reset" && k != "closed" {
			t.Errorf("%d errors of kind %s around a failover", n, k)
		}
	}
}

func testenvMaster(t *testing.T, set *testenv.SentinelSet) string { return set.SentinelMaster(t) }

func nonZero(m map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// TestFailoverRefusedWithoutSentinel: against a plain Redis, the failover
// fault is refused before the run, saying what target it needs.
func TestFailoverRefusedWithoutSentinel(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	p := compileHCL(t, sentinelFailoverHCL)
	pre := Preflight(context.Background(), p, Options{Targets: targets})
	if !pre.Failed() || len(pre.Targets) != 1 || len(pre.Targets[0].Problems) != 1 ||
		!strings.Contains(pre.Targets[0].Problems[0].Message, "needs a Redis Sentinel target") {
		t.Fatalf("preflight %+v: want the failover refused", pre.Targets)
	}
}

const clusterHCL = `
scenario "cluster" {
  driver = "redis"
  pool {
    pool_size = 2
  }
  load "writes" {
    pattern    = "burst"
    workers    = 4
    iterations = 400
    step "set" {
      key   = "k:${iteration}"
      value = "v${worker}"
    }
    step "get" {
      key = "k:${iteration}"
    }
    step "command" {
      args = ["MSET", "{user${iteration % 7}}:a", "1", "{user${iteration % 7}}:b", "2"]
    }
  }
  check "all ok" {
    condition = ops.failed == 0 && ops.ok == 400
  }
}
`

// TestClusterScenario: SET/GET over many keys and a hash-tagged MSET on
// a real three-master cluster pass, and the scenario's cleanup leaves no
// key of the run on any master.
func TestClusterScenario(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := compileHCL(t, clusterHCL)
	opts := Options{Targets: map[string]string{"redis": cl.URL}, RunID: newRunID()}
	if pre := Preflight(ctx, p, opts); pre.Failed() {
		t.Fatalf("preflight: %+v", pre.Targets)
	}
	r := run(t, ctx, p, opts)
	sr := r.Scenarios[0]
	t.Logf("status %s, ops %+v, errors %v, pool %+v", sr.Status, sr.Result.Ops, nonZero(sr.Result.Errors), sr.Errors)
	mustStatus(t, sr, results.StatusPass)
	prefix := "stressql:" + safeID(opts.RunID) + ":"
	for _, a := range cl.Masters {
		c := goredis.NewClient(&goredis.Options{Addr: a})
		keys, _, err := c.Scan(ctx, 0, prefix+"*", 10000).Result()
		conns, err2 := c.ClientList(ctx).Result()
		_ = c.Close()
		if err != nil || err2 != nil || len(keys) != 0 || strings.Contains(conns, "name="+prefix) {
			t.Errorf("master %s after the run: keys %v, connections of the run %v (%v %v)", a, keys, strings.Count(conns, "name="+prefix), err, err2)
		}
	}
}

func compileDir(t *testing.T, dir string) *plan.Plan {
	t.Helper()
	cfg, diags := dsl.Load([]string{dir}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("load %s: %s", dir, diags.Error())
	}
	p, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile %s: %s", dir, diags.Error())
	}
	if len(p.Scenarios) == 0 {
		t.Fatalf("%s has no scenario", dir)
	}
	return p
}

// TestExamplesAgainstTopologies runs examples/redis-sentinel against a
// real Sentinel set and examples/redis-cluster against a real cluster:
// every scenario passes.
func TestExamplesAgainstTopologies(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		start func(t *testing.T) string
	}{
		{"../examples/redis-sentinel", func(t *testing.T) string { return testenv.StartRedisSentinelSet(t).URL }},
		{"../examples/redis-cluster", func(t *testing.T) string { return testenv.StartRedisCluster(t).URL }},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			p := compileDir(t, tc.dir)
			url := tc.start(t)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			opts := Options{Targets: map[string]string{"redis": url}}
			if pre := Preflight(ctx, p, opts); pre.Failed() {
				t.Fatalf("preflight: %+v", pre.Targets)
			}
			r := run(t, ctx, p, opts)
			for _, sr := range r.Scenarios {
				t.Logf("%s: %s, ops %+v, errors %v, recovery_ms %v", sr.Name, sr.Status, sr.Result.Ops, nonZero(sr.Result.Errors), floatOrNil(sr.Result.RecoveryMs))
				mustStatus(t, sr, results.StatusPass)
			}
		})
	}
}
