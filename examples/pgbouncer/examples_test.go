// Package pgbouncer_test runs the PgBouncer examples (examples/pgbouncer)
// against a real PgBouncer in transaction mode that the test starts
// itself in front of the PostgreSQL test server. Without pgbouncer or the
// server the test skips, except under CI=true, where it fails.
package pgbouncer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

func TestExamplesThroughPgBouncer(t *testing.T) {
	// default_pool_size 4 is what pool_sizing.hcl's var.bouncer_pool_size says.
	bouncer := testenv.StartPgBouncer(t, "transaction", testenv.PgBouncerOptions{PoolSize: 4})
	cfg, diags := dsl.Load([]string{"."}, dsl.LoadOptions{Drivers: registry.Default(), Interval: time.Second})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	p, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile: %s", diags.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := engine.Run(ctx, p, engine.Options{
		Targets:  map[string]string{"postgres": bouncer},
		RunID:    engine.NewRunID(),
		Grace:    2 * time.Second,
		Interval: time.Second,
		Judge:    checks.Evaluate,
	})
	byName := map[string]*results.ScenarioRun{}
	for _, s := range r.Scenarios {
		byName[s.Name] = s
		if s.Status != results.StatusPass {
			t.Errorf("%s: %s %q", s.Name, s.Status, s.Errors)
			for _, c := range s.Checks {
				if !c.Passed {
					t.Errorf("  check %q: %s", c.Name, c.Message)
				}
			}
		}
	}
	for _, name := range []string{"pgbouncer_prepared_statement_pitfall", "pgbouncer_fix_exec",
		"pgbouncer_fix_simple_protocol", "pgbouncer_clients_exceed_server_conns"} {
		if byName[name] == nil {
			t.Fatalf("no scenario %s in the examples", name)
		}
	}
	// The pitfall is its own kind, never query.
	pit := byName["pgbouncer_prepared_statement_pitfall"].Result
	if pit.Errors["prepared_statement"] == 0 || pit.Errors["query"] != 0 {
		t.Errorf("pitfall: errors %v, want prepared_statement only", pit.Errors)
	}
	// Parameterized queries with query_exec_mode = "exec" pass, and the
	// bouncer's gauges have data.
	fix := byName["pgbouncer_fix_exec"].Result
	if fix.Ops.Failed != 0 || fix.Ops.OK == 0 {
		t.Errorf("exec: ops %+v", fix.Ops)
	}
	b := fix.Bouncer
	if b.ClWaiting.Samples == 0 || b.SvActive.Samples == 0 || b.SvActive.Max < 1 || b.SvActive.Max > 4 {
		t.Errorf("exec: bouncer %+v: want cl_waiting and sv_active sampled, 1..4 server connections", b)
	}
	// Clients ≫ server connections: they queue at the bouncer.
	sz := byName["pgbouncer_clients_exceed_server_conns"].Result
	if sz.Bouncer.ClWaiting.Max <= 0 || sz.Bouncer.SvActive.Max > 4 || sz.Pool.TotalConns.Max != 40 {
		t.Errorf("sizing: bouncer %+v, pool %+v", sz.Bouncer, sz.Pool.TotalConns)
	}
	// SHOW STATS: transactions counted (most of the iterations: the
	// samples that bound the part miss its edges), and the wait at the
	// bouncer dominates the time on the server; per interval too.
	if b := sz.Bouncer; b.Xacts == nil || *b.Xacts < sz.Ops.OK/2 || *b.Xacts > 2*sz.Ops.OK || b.AvgWaitMs == nil || b.AvgQueryMs == nil || *b.AvgWaitMs <= *b.AvgQueryMs-*b.AvgWaitMs {
		t.Errorf("sizing: SHOW STATS %s", statsText(b))
	}
	withStats := 0
	for _, iv := range sz.Series {
		if iv.Bouncer.Xacts != nil && *iv.Bouncer.Xacts > 0 && iv.Bouncer.AvgWaitMs != nil {
			withStats++
		}
	}
	if withStats == 0 {
		t.Errorf("sizing: no interval of the series has SHOW STATS data")
	}
}

func statsText(b results.Bouncer) string {
	f := func(v *float64) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprint(*v)
	}
	n := func(v *int64) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprint(*v)
	}
	return "xacts " + n(b.Xacts) + " queries " + n(b.Queries) + " wait_ms " + f(b.WaitMs) + " query_ms " + f(b.QueryMs) +
		" avg_wait_ms " + f(b.AvgWaitMs) + " avg_query_ms " + f(b.AvgQueryMs)
}
