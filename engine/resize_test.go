package engine

import (
	"context"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

// TestEnterAfterSwap: an iteration that takes the load's set counts itself
// in on it; once the set is swapped, new iterations enter the new set and
// the old one keeps only those already in it.
func TestEnterAfterSwap(t *testing.T) {
	lr := &loadRun{}
	a, b := &opSet{}, &opSet{}
	lr.live.Store(a)
	first := lr.enter(lr.live.Load())
	if first != a || a.inflight.Load() != 1 {
		t.Fatalf("before the swap: entered %p (a %p), a in flight %d", first, a, a.inflight.Load())
	}
	stale := lr.live.Load() // taken before the swap, entered after it
	lr.live.Swap(b)
	if got := lr.enter(stale); got != b || a.inflight.Load() != 1 || b.inflight.Load() != 1 {
		t.Fatalf("after the swap: entered %p (b %p), in flight a %d b %d", got, b, a.inflight.Load(), b.inflight.Load())
	}
	first.leave(true)
	if a.inflight.Load() != 0 || a.done.Load() != 1 || a.failed.Load() != 1 || b.done.Load() != 0 {
		t.Errorf("a: in flight %d done %d failed %d; b done %d", a.inflight.Load(), a.done.Load(), a.failed.Load(), b.done.Load())
	}
}

// resizeSuite resizes a pool(min 2, max 4) to a pool(min 6, max 6) while
// two-query iterations run (80/s of 40 ms: about 3 in flight), then runs a phase on the
// new pool alone. The second scenario's drain gives the iterations in
// flight 1 ms: the old pool is closed under them.
const resizeSuite = `
scenario "drained" {
  driver = "postgres"
  phase "traffic" {
    pool {
      min_conns = 2
      max_conns = 4
    }
    load "work" {
      pattern     = "constant_rate"
      rate        = 80
      duration    = "1500ms"
      max_workers = 20
      step "query" {
        sql = "SELECT pg_sleep(0.02)"
      }
      step "query" {
        sql = "SELECT pg_sleep(0.02)"
      }
    }
    resize {
      after = "700ms"
      pool {
        min_conns = 6
        max_conns = 6
      }
    }
  }
  phase "after" {
    load "idle" {
      pattern  = "constant_workers"
      workers  = 6
      duration = "600ms"
      step "hold" {
        duration = "50ms"
      }
    }
  }
}

scenario "cut" {
  driver = "postgres"
  phase "traffic" {
    pool {
      min_conns = 2
      max_conns = 4
    }
    load "work" {
      pattern     = "constant_rate"
      rate        = 80
      duration    = "1500ms"
      max_workers = 20
      step "query" {
        sql = "SELECT pg_sleep(0.02)"
      }
      step "query" {
        sql = "SELECT pg_sleep(0.02)"
      }
    }
    resize {
      after         = "700ms"
      drain_timeout = "1ms"
      pool {
        min_conns = 6
        max_conns = 6
      }
    }
  }
}
`

// TestResizeUnderTraffic: iterations in flight at the swap finish on the
// old pool, which is then closed with no connection left; new iterations
// use the new pool (more connections than the old one could hold, and in
// the next phase the server sees only the new pool's). Closing the old
// pool without the drain fails iterations in flight on it: they really
// ran there.
func TestResizeUnderTraffic(t *testing.T) {
	targets := testenv.Targets(t, "postgres")
	cfg, diags := dsl.LoadSources(map[string][]byte{"resize.hcl": []byte(resizeSuite)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	pl, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile: %s", diags.Error())
	}
	r := run(t, context.Background(), pl, Options{Targets: targets, Seed: 7})

	drained := r.Scenarios[0]
	mustStatus(t, drained, results.StatusPass)
	ph := drained.Result.Phases["traffic"]
	rs := ph.Resize
	if rs.Count != 1 || rs.InFlight == nil || rs.StartMs == nil || rs.SwapMs == nil || rs.DrainMs == nil || rs.DurationMs == nil || rs.OldConns == nil || rs.OpenMs == nil {
		t.Fatalf("resize = %+v, want every field", rs)
	}
	t.Logf("resize: planned %.1f start %.1f open %.1f swap %.1f in flight %d drain %.1f close %.1f duration %.1f",
		*rs.PlannedMs, *rs.StartMs, *rs.OpenMs, *rs.SwapMs, *rs.InFlight, *rs.DrainMs, *rs.CloseMs, *rs.DurationMs)
	if *rs.InFlight < 1 || *rs.InFlightFailed != 0 || *rs.OldConns != 0 {
		t.Errorf("in flight %d (failed %d), old pool left %d connections; want some in flight, none failed, none left",
			*rs.InFlight, *rs.InFlightFailed, *rs.OldConns)
	}
	if *rs.StartMs < *rs.PlannedMs || *rs.SwapMs < *rs.StartMs+*rs.OpenMs || *rs.DurationMs < *rs.OpenMs+*rs.DrainMs {
		t.Errorf("planned %.1f start %.1f open %.1f swap %.1f drain %.1f duration %.1f: out of order",
			*rs.PlannedMs, *rs.StartMs, *rs.OpenMs, *rs.SwapMs, *rs.DrainMs, *rs.DurationMs)
	}
	if ops := ph.Ops; ops.Failed != 0 || ops.Dropped != 0 || ops.OK != 120 {
		t.Errorf("traffic ops = %+v, want 120 ok", ops)
	}
	// Only the new pool (min 6) holds more than 4 connections.
	if ph.Pool.TotalConns.Max < 6 {
		t.Errorf("traffic pool.total_conns.max = %v, want the new pool's 6", ph.Pool.TotalConns.Max)
	}
	if top := drained.Result.Resize; top.Count != 1 || top.SwapMs == nil || *top.SwapMs != *rs.SwapMs {
		t.Errorf("scenario resize = %+v, want the phase's", top)
	}
	// The server sees the new pool's 6 connections, no more: the old
	// pool's are gone.
	after := drained.Result.Phases["after"]
	if s := after.Server.Conns; s.Samples == 0 || s.Max > 6 || s.Min < 6 {
		t.Errorf("after the resize the server saw %v..%v connections (%d samples), want the new pool's 6", s.Min, s.Max, s.Samples)
	}

	cut := r.Scenarios[1]
	crs := cut.Result.Phases["traffic"].Resize
	if crs.InFlight == nil || *crs.InFlight < 1 || *crs.InFlightFailed < 1 {
		t.Fatalf("drain of 1 ms: resize = %+v, want iterations in flight failing on the closed old pool", crs)
	}
	if f := cut.Result.Ops.Failed; f != *crs.InFlightFailed {
		t.Errorf("drain of 1 ms: %d failed, %d of them in flight at the swap: others failed too", f, *crs.InFlightFailed)
	}
	if len(cut.Errors) != 0 {
		t.Errorf("drain of 1 ms: scenario errors %q (the forced close is what the file asked for)", cut.Errors)
	}
}

// resizeRedis resizes a go-redis pool (pool_size 3) to pool_size 8 with 6
// idle connections kept, while iterations of ping, 20 ms of sleep and ping
// run (about 2 in flight).
const resizeRedis = `
scenario "redis_drained" {
  driver = "redis"
  phase "traffic" {
    pool {
      pool_size = 3
    }
    load "work" {
      pattern     = "constant_rate"
      rate        = 100
      duration    = "1s"
      max_workers = 20
      step "ping" {}
      step "sleep" {
        duration = "20ms"
      }
      step "ping" {}
    }
    resize {
      after = "500ms"
      pool {
        pool_size      = 8
        min_idle_conns = 6
      }
    }
  }
}
`

// TestResizeUnderTrafficRedis: the same with the Redis driver: the
// iterations in flight at the swap finish, the old pool is closed with
// none of its connections left, the new one holds more than the old
// could.
func TestResizeUnderTrafficRedis(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	cfg, diags := dsl.LoadSources(map[string][]byte{"resize.hcl": []byte(resizeRedis)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	pl, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile: %s", diags.Error())
	}
	r := run(t, context.Background(), pl, Options{Targets: targets, Seed: 7})
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusPass)
	ph := sr.Result.Phases["traffic"]
	rs := ph.Resize
	if rs.Count != 1 || rs.InFlight == nil || rs.DrainMs == nil || rs.OldConns == nil {
		t.Fatalf("resize = %+v, want every field", rs)
	}
	if *rs.InFlight < 1 || *rs.InFlightFailed != 0 || *rs.OldConns != 0 {
		t.Errorf("in flight %d (failed %d), old pool left %d connections; want some in flight, none failed, none left",
			*rs.InFlight, *rs.InFlightFailed, *rs.OldConns)
	}
	if ops := ph.Ops; ops.Failed != 0 || ops.Dropped != 0 || ops.OK != 100 {
		t.Errorf("traffic ops = %+v, want 100 ok", ops)
	}
	if ph.Pool.TotalConns.Max < 6 {
		t.Errorf("pool.total_conns.max = %v, want the new pool's 6 idle connections", ph.Pool.TotalConns.Max)
	}
}
