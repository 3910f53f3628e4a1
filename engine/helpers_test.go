package engine

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

func pgPool(set func(*postgres.Config)) *plan.Pool {
	c := postgres.DefaultConfig()
	c.ConnectTimeout = 2 * time.Second
	if set != nil {
		set(&c)
	}
	return &plan.Pool{Desc: &postgres.Descriptor, Config: c}
}

func redisPool(set func(*redis.Config)) *plan.Pool {
	c := redis.DefaultConfig()
	c.DialTimeout = time.Second
	if set != nil {
		set(&c)
	}
	return &plan.Pool{Desc: &redis.Descriptor, Config: c}
}

// desc is the descriptor of the tool's driver name.
func desc(name string) *drivers.Descriptor { return registry.Default().Lookup(name) }

// scenario is a scenario with loads directly (one unnamed phase).
func scenario(name, driver string, pool *plan.Pool, loads ...*plan.Load) *plan.Scenario {
	return &plan.Scenario{
		Name: name, Driver: driver, Desc: desc(driver), Timeout: time.Minute, Tags: []string{},
		Phases: []*plan.Phase{{Pool: pool, Loads: loads}},
	}
}

func step(kind string) drivers.Step { return drivers.Step{Kind: kind} }

func query(sql string) drivers.Step { return drivers.Step{Kind: "query", SQL: sql} }

func hold(d time.Duration) drivers.Step { return drivers.Step{Kind: "hold", Duration: d} }

// check parses a condition (and an optional error message) with var.*
// available, as compiler.Compile would hand it over.
func check(t *testing.T, name, cond string, vars map[string]cty.Value) *plan.Check {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(cond), "it.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %q: %s", cond, diags.Error())
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}}
	if vars != nil {
		ctx.Variables["var"] = cty.ObjectVal(vars)
	}
	p := checks.Compile(expr, nil, ctx)
	return &plan.Check{Name: name, Condition: cond, Reads: p.Reads(), Program: p,
		Source: plan.Source{Filename: "it.hcl", Line: 1, Column: 1}}
}

// run executes the plan and returns the report. It checks what every run
// must guarantee: a complete report, no goroutine left behind, and none
// of the run's connections left on the servers.
func run(t *testing.T, ctx context.Context, plan *plan.Plan, opts Options) *results.Run {
	t.Helper()
	before := runtime.NumGoroutine()
	if opts.RunID == "" {
		opts.RunID = newRunID()
	}
	if opts.Grace == 0 {
		opts.Grace = 2 * time.Second
	}
	if opts.Judge == nil {
		opts.Judge = checks.Evaluate
	}
	r := Run(ctx, plan, opts)
	if len(r.Scenarios) != len(plan.Scenarios) {
		t.Fatalf("report has %d scenarios, plan %d", len(r.Scenarios), len(plan.Scenarios))
	}
	for _, sr := range r.Scenarios {
		if sr.Status == "" || sr.Checks == nil {
			t.Errorf("%s: incomplete report: %+v", sr.Name, sr)
		}
		if sr.Status != results.StatusSkipped && sr.Result == nil {
			t.Errorf("%s: no results", sr.Name)
		}
	}
	testenv.WaitGoroutines(t, before, 5*time.Second)
	assertNothingLeft(t, opts)
	return r
}

// assertNothingLeft asks the servers directly for connections and data of
// this run. Connections get a few seconds to go: a backend whose client
// just closed (the monitor's last query) takes a moment to exit.
func assertNothingLeft(t *testing.T, opts Options) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	prefix := "stressql:" + safeID(opts.RunID) + ":"
	if u := opts.Targets["postgres"]; u != "" && u == os.Getenv(testenv.EnvVar("postgres")) {
		c, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Fatalf("connect to postgres to check for leftovers: %v", err)
		}
		defer c.Close(ctx)
		eventually(t, "postgres connections and schemas of the run", func() (string, bool) {
			var apps []string
			var schemas int
			err := c.QueryRow(ctx, `select
				(select coalesce(array_agg(application_name), '{}') from pg_stat_activity where application_name like $1 || '%'),
				(select count(*) from pg_namespace where nspname like $2 || '%')`,
				prefix, "stressql_"+safeID(opts.RunID)+"_").Scan(&apps, &schemas)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("connections %q, %d schemas", apps, schemas), len(apps) == 0 && schemas == 0
		})
	}
	if u := opts.Targets["redis"]; u != "" && u == os.Getenv(testenv.EnvVar("redis")) {
		o, err := goredis.ParseURL(u)
		if err != nil {
			t.Fatal(err)
		}
		c := goredis.NewClient(o)
		defer c.Close()
		eventually(t, "redis connections and keys of the run", func() (string, bool) {
			list, err := c.ClientList(ctx).Result()
			if err != nil {
				t.Fatal(err)
			}
			keys, _, err := c.Scan(ctx, 0, prefix+"*", 1000).Result()
			if err != nil {
				t.Fatal(err)
			}
			n := strings.Count(list, "name="+prefix)
			return fmt.Sprintf("%d connections, keys %v", n, keys), n == 0 && len(keys) == 0
		})
	}
}

// eventually polls cond for up to 3 seconds.
func eventually(t *testing.T, what string, cond func() (string, bool)) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		got, ok := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s left: %s", what, got)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mustStatus fails the test, showing the scenario's errors and failed
// checks, unless the scenario ended with status want.
func mustStatus(t *testing.T, sr *results.ScenarioRun, want string) {
	t.Helper()
	if sr.Status == want {
		return
	}
	var b strings.Builder
	for _, e := range sr.Errors {
		b.WriteString("\n  error: " + e)
	}
	for _, c := range sr.Checks {
		if !c.Passed {
			b.WriteString("\n  check " + c.Name + ": " + c.Message)
			for _, v := range c.Values {
				b.WriteString("\n    " + v.Path + " = " + v.Text())
			}
		}
	}
	t.Fatalf("%s: status %s, want %s%s", sr.Name, sr.Status, want, b.String())
}
