package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

const clusterMigrationHCL = `
scenario "migration" {
  driver = "redis"
  pool {
    pool_size = 4
  }
  load "steady" {
    pattern     = "constant_rate"
    rate        = 200
    duration    = "4s"
    max_workers = 20
    step "set" {
      key   = "{mig}:${iteration % 100}"
      value = "v"
    }
    step "get" {
      key = "{mig}:${iteration % 100}"
    }
  }
  check "redirected, and every operation ok" {
    condition = pool.moved > 0 && pool.ask > 0 && ops.failed == 0
  }
  check "no redirection before the migration" {
    condition = pool.moved == 0 && pool.ask == 0
    window    = "1s"
  }
}
`

// TestClusterRedirectsInResults: the slot a constant-rate load uses is
// migrated to another master during the run; pool.moved and pool.ask
// have the redirections, checks read them, every iteration succeeds, and
// the series has them in the intervals of the migration only (a windowed
// check that wants none fails in a window of the migration, not before).
func TestClusterRedirectsInResults(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := compileHCL(t, clusterMigrationHCL)
	opts := Options{Targets: map[string]string{"redis": cl.URL}, Interval: time.Second,
		Windows: func(sc *plan.Scenario, iv time.Duration) WindowJudge { return checks.NewWindows(sc, iv) }}
	var wg sync.WaitGroup
	wg.Go(func() {
		time.Sleep(1500 * time.Millisecond)
		cl.MigrateSlot(t, ctx, "{mig}", 400*time.Millisecond)
	})
	r := run(t, ctx, p, opts)
	wg.Wait()
	sr := r.Scenarios[0]
	res := sr.Result
	t.Logf("status %s, ops %+v, errors %v, moved %v, ask %v", sr.Status, res.Ops, nonZero(res.Errors), ptrVal(res.Pool.Moved), ptrVal(res.Pool.Ask))
	mustStatus(t, sr, results.StatusFail)
	if c := sr.Checks[0]; !c.Passed {
		t.Errorf("check %q: %+v", c.Condition, c)
	}
	if c := sr.Checks[1]; c.Passed || c.Window == nil || c.Window.TMs < 1000 {
		t.Errorf("windowed check %q = %+v: want failed in a window of the migration (from 1.5 s)", c.Condition, c)
	}
	// The pool per node: every master, adding up to the pool's counters,
	// in the series too; the slot's keys were on two of them (before and
	// after the migration), which served the load (the third only
	// answers the client's slot map queries).
	var hits int64
	used := 0
	for _, n := range res.Pool.Nodes {
		hits += n.Hits + n.Misses
		if n.TotalConns.Max >= 1 && n.Hits >= 100 {
			used++
		}
	}
	if used != 2 {
		t.Errorf("pool.nodes %+v: want the slot's two masters to have served the load", res.Pool.Nodes)
	}
	if len(res.Pool.Nodes) != 3 || hits != ptrVal(res.Pool.Hits)+ptrVal(res.Pool.Misses) {
		t.Errorf("pool.nodes %+v: want the 3 masters, hits+misses adding up to %d", res.Pool.Nodes, ptrVal(res.Pool.Hits)+ptrVal(res.Pool.Misses))
	}
	var moved, ask int64
	var seriesHits int64
	for i, iv := range res.Series {
		for _, n := range iv.Pool.Nodes {
			seriesHits += n.Hits + n.Misses
		}
		if iv.Pool.Moved == nil || iv.Pool.Ask == nil {
			t.Fatalf("series record %d: pool.moved / pool.ask no data", i)
		}
		moved += *iv.Pool.Moved
		ask += *iv.Pool.Ask
		if iv.TMs+1000 <= 1400 && *iv.Pool.Moved+*iv.Pool.Ask > 0 {
			t.Errorf("series record at %.0f ms: %d MOVED, %d ASK before the migration", iv.TMs, *iv.Pool.Moved, *iv.Pool.Ask)
		}
	}
	if seriesHits != hits {
		t.Errorf("the series' per-node hits+misses add up to %d, the scenario's to %d", seriesHits, hits)
	}
	if moved != ptrVal(res.Pool.Moved) || ask != ptrVal(res.Pool.Ask) {
		t.Errorf("series sums MOVED %d, ASK %d; the scenario %v, %v", moved, ask, ptrVal(res.Pool.Moved), ptrVal(res.Pool.Ask))
	}
}

func ptrVal(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}
