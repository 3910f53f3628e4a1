package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// TestScenarioErrorsWithoutServer: a scenario that cannot start (no
// target, a pool the driver refuses) is an error with a clear message and
// evaluated checks; the run goes on. No server is needed: nothing is
// dialled.
func TestScenarioErrorsWithoutServer(t *testing.T) {
	t.Parallel()
	load := &plan.Load{Name: "l", Pattern: plan.Burst, Workers: 1, Steps: []drivers.Step{query("SELECT 1")}}
	noTarget := scenario("no_target", "redis", redisPool(nil), load)
	badPool := scenario("bad_pool", "postgres", pgPool(func(c *postgres.Config) { c.MaxConns = 0 }), load)
	badPool.Checks = []*plan.Check{check(t, "fast", "latency.p95 < 10", nil)}
	noPool := scenario("no_pool", "postgres", nil, load)
	plan := &plan.Plan{Scenarios: []*plan.Scenario{noTarget, badPool, noPool}}
	r := Run(context.Background(), plan, Options{
		Targets: map[string]string{"postgres": "postgres://u:hunter2@127.0.0.1:1/db"},
		Grace:   time.Second,
		Judge:   checks.Evaluate,
	})
	for i, want := range []string{
		"no redis target: pass --redis URL or set STRESSQL_REDIS_URL",
		"open the postgres pool: postgres: max_conns = 0: want at least 1",
		"open the postgres pool: the plan has no pool configuration for this phase",
	} {
		sr := r.Scenarios[i]
		if sr.Status != results.StatusError || len(sr.Errors) != 1 || sr.Errors[0] != want {
			t.Errorf("%s: status %s, errors %q; want error %q", sr.Name, sr.Status, sr.Errors, want)
		}
		if sr.Result == nil || sr.Result.Ops.Total != 0 || len(sr.Result.Errors) != len(results.ErrorKinds) {
			t.Errorf("%s: result = %+v", sr.Name, sr.Result)
		}
	}
	if c := r.Scenarios[1].Checks; len(c) != 1 || !c[0].NoData {
		t.Errorf("checks = %+v, want evaluated, no data", c)
	}
	if r.Summary != (results.Counts{Total: 3, Errored: 3}) || r.Interrupted {
		t.Errorf("summary = %+v, interrupted = %v", r.Summary, r.Interrupted)
	}
	if got := r.Targets["postgres"]; got != "postgres://u:xxxxx@127.0.0.1:1/db" {
		t.Errorf("targets = %v", r.Targets)
	}
}

// TestRunInterruptedBeforeStart: a cancelled context skips everything.
func TestRunInterruptedBeforeStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sc := scenario("never", "redis", redisPool(nil))
	r := Run(ctx, &plan.Plan{Scenarios: []*plan.Scenario{sc, sc}}, Options{})
	if r.Summary != (results.Counts{Total: 2, Skipped: 2}) || !r.Interrupted || r.SchemaVersion != results.SchemaVersion {
		t.Errorf("run = %+v", r)
	}
	if len(r.RunID) != 8 || strings.Trim(r.RunID, "0123456789abcdef") != "" {
		t.Errorf("run id = %q, want 8 random hex digits", r.RunID)
	}
}
