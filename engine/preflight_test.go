package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

func burst(workers int64) *plan.Load {
	return &plan.Load{Name: "l", Pattern: plan.Burst, Workers: workers, Iterations: workers, Steps: []drivers.Step{step("ping")}}
}

func pgMax(n int32) *plan.Pool { return pgPool(func(c *postgres.Config) { c.MaxConns = n }) }

// TestPlanNeeds: the connections a scenario opens at once are the largest
// of its phases' pools plus the monitor, the old and new pools together
// where a phase swaps pools; a run needs the most of any scenario.
func TestPlanNeeds(t *testing.T) {
	phases := func(ps ...*plan.Phase) *plan.Scenario {
		return &plan.Scenario{Name: "phased", Driver: "postgres", Desc: desc("postgres"), Phases: ps}
	}
	tests := []struct {
		name string
		sc   *plan.Scenario
		want int
		how  string
	}{
		{"one pool", scenario("s", "postgres", pgMax(20), burst(40)), 21, "pool of 20 + 1 monitor"},
		{"redis pool_size", scenario("s", "redis", redisPool(func(c *redis.Config) { c.PoolSize = 7 }), burst(1)), 8, "pool of 7"},
		{"disabled pool: one connection per worker",
			scenario("s", "postgres", pgPool(func(c *postgres.Config) { c.Enabled = false }), burst(5),
				&plan.Load{Pattern: plan.ConstantRate, MaxWorkers: 3}), 9, "pool of 8"},
		{"phase without a pool keeps the pool", phases(
			&plan.Phase{Pool: pgMax(10), Loads: []*plan.Load{burst(1)}},
			&plan.Phase{Name: "b", Loads: []*plan.Load{burst(1)}}), 11, "pool of 10"},
		{"phase pool swap: both pools at once", phases(
			&plan.Phase{Pool: pgMax(10), Loads: []*plan.Load{burst(1)}},
			&plan.Phase{Name: "b", Pool: pgMax(5), Loads: []*plan.Load{burst(1)}}), 17, `phase "b"'s pool of 5`},
		{"a big single phase beats a swap of small pools", phases(
			&plan.Phase{Pool: pgMax(2), Loads: []*plan.Load{burst(1)}},
			&plan.Phase{Name: "b", Pool: pgMax(3), Loads: []*plan.Load{burst(1)}},
			&plan.Phase{Name: "c", Pool: pgMax(30), Loads: []*plan.Load{burst(1)}}), 35, `phase "c"`},
		{"resize under traffic: both pools while the old drains", phases(
			&plan.Phase{Pool: pgMax(5), Resize: &plan.Resize{Pool: pgMax(15)}, Loads: []*plan.Load{burst(1)}},
			&plan.Phase{Name: "b", Loads: []*plan.Load{burst(1)}}), 22, `resize to a pool of 15 + 1 monitor beside its pool of 6`},
		{"dns fault swaps too", phases(
			&plan.Phase{Pool: pgMax(4), Loads: []*plan.Load{burst(1)}},
			&plan.Phase{Name: "b", Faults: []*plan.Fault{{Kind: faultkind.DNS}}, Loads: []*plan.Load{burst(1)}}), 10, `phase "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how := scenarioConns(tt.sc)
			if got != tt.want || !strings.Contains(how, tt.how) {
				t.Errorf("scenarioConns = %d (%s), want %d (%s)", got, how, tt.want, tt.how)
			}
		})
	}

	cmd := drivers.Step{Kind: redis.KindCommand, Args: []arg.Expr{arg.Const("BLPOP"), arg.Const("q"), arg.Const("1")}}
	plan := &plan.Plan{Scenarios: []*plan.Scenario{
		scenario("small", "postgres", pgMax(5), burst(1)),
		scenario("big", "postgres", pgMax(50), burst(1)),
		scenario("mid", "postgres", pgMax(20), burst(1)),
		scenario("r", "redis", redisPool(nil), &plan.Load{Pattern: plan.Burst, Workers: 1, Steps: []drivers.Step{step("ping")},
			Fallback: []drivers.Step{cmd}}),
	}}
	needs := planNeeds(plan)
	if n := needs["postgres"]; n.conns != 51 || n.scenario != "big" {
		t.Errorf("postgres needs %+v, want 51 for scenario big", n)
	}
	if n := needs["redis"]; n.conns != 11 || len(n.commands) != 1 || strings.Join(n.commands[0], " ") != "BLPOP q 1" {
		t.Errorf("redis needs %+v, want 11 and the BLPOP command", n)
	}
}

func TestLimitWarnings(t *testing.T) {
	tp := &TargetPreflight{Driver: "postgres", Need: 21, NeedScenario: "big", NeedHow: "pool of 20 + 1 monitor",
		PreflightResult: drivers.PreflightResult{Limits: []drivers.ConnLimit{
			{What: "max_connections 100 minus 3 reserved for superusers", Max: 97, InUse: 10},
			{What: `role "x" CONNECTION LIMIT 2`, Max: 2, InUse: 1},
		}}}
	w := limitWarnings(tp)
	if len(w) != 1 {
		t.Fatalf("warnings %+v, want one (the role's limit)", w)
	}
	for _, want := range []string{`scenario "big"`, "up to 21 connections", "pool of 20 + 1 monitor", `role "x" CONNECTION LIMIT 2 leaves 1`, "1 in use by others"} {
		if !strings.Contains(w[0].Message, want) {
			t.Errorf("%q lacks %q", w[0].Message, want)
		}
	}
	tp.Need = 1
	if w := limitWarnings(tp); len(w) != 0 {
		t.Errorf("warnings %+v for a run that fits", w)
	}
}

// TestPreflightTargets runs the orchestration against the real servers: a
// healthy pair passes without warnings, a role without CREATE and a dead
// Redis are one problem each, within the timeout, and the report of the
// stopped run has every scenario errored with its target's message.
func TestPreflightTargets(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	plan := &plan.Plan{Scenarios: []*plan.Scenario{
		scenario("pg", "postgres", pgMax(5), burst(1)),
		scenario("rd", "redis", redisPool(nil), burst(1)),
	}}
	pre := Preflight(context.Background(), plan, Options{Targets: targets})
	if pre.Failed() || len(pre.Targets) != 2 || pre.RunID == "" {
		t.Fatalf("healthy targets: %+v", pre)
	}
	for _, tp := range pre.Targets {
		if len(tp.Warnings) > 0 {
			t.Errorf("%s: warnings %+v", tp.Driver, tp.Warnings)
		}
	}

	role := testenv.TempRole(t, testenv.RoleOptions{Password: "pw", CanCreate: false})
	bad := map[string]string{"postgres": testenv.RoleURL(t, role, "pw"), "redis": "redis://:secretpw@" + testenv.DeadAddr(t) + "/0"}
	start := time.Now()
	pre = Preflight(context.Background(), plan, Options{Targets: bad, RunID: "pftest"})
	if d := time.Since(start); d > PreflightTimeout+2*time.Second {
		t.Errorf("Preflight took %s", d)
	}
	if !pre.Failed() || pre.RunID != "pftest" {
		t.Fatalf("want failed with run id pftest: %+v", pre)
	}
	r := PreflightFailed(plan, Options{Targets: bad, Seed: 3}, pre)
	if r.Summary.Errored != 2 || r.Summary.Total != 2 || r.Seed != 3 || r.RunID != "pftest" {
		t.Errorf("summary %+v seed %d run %s", r.Summary, r.Seed, r.RunID)
	}
	if strings.Contains(r.Targets["redis"], "secretpw") {
		t.Errorf("targets not redacted: %v", r.Targets)
	}
	want := map[string]string{"pg": "CREATE privilege missing", "rd": "nothing answers"}
	for _, sr := range r.Scenarios {
		if sr.Status != results.StatusError || len(sr.Errors) != 1 || !strings.Contains(sr.Errors[0], want[sr.Name]) ||
			!strings.HasPrefix(sr.Errors[0], "preflight: ") {
			t.Errorf("%s: status %s errors %q, want error with %q", sr.Name, sr.Status, sr.Errors, want[sr.Name])
		}
	}

	// A scenario of a healthy target in a stopped run says why it did not run.
	mixed := map[string]string{"postgres": bad["postgres"], "redis": targets["redis"]}
	pre = Preflight(context.Background(), plan, Options{Targets: mixed})
	r = PreflightFailed(plan, Options{Targets: mixed}, pre)
	if e := r.Scenarios[1].Errors; len(e) != 1 || !strings.HasPrefix(e[0], "not run: preflight: postgres:") {
		t.Errorf("redis scenario's errors %q", e)
	}
}
