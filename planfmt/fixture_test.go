package planfmt

import (
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// handPlan is a plan built without the compiler, covering every kind of
// element the printers handle.
func handPlan() *plan.Plan {
	pg := postgres.DefaultConfig()
	pg.MinConns, pg.MaxConns, pg.AcquireTimeout = 5, 20, 500*time.Millisecond
	rd := redis.DefaultConfig()
	rd2 := rd
	rd2.PoolSize = 50
	src := func(line int) plan.Source { return plan.Source{Filename: "hand.hcl", Line: line, Column: 3} }
	key := arg.Template(`"k:${iteration % 100}"`, arg.Part{Lit: "k:"}, arg.Part{Num: arg.Iteration()})
	val := arg.Const("v")
	return &plan.Plan{Scenarios: []*plan.Scenario{
		{
			Name:        "pool_max",
			Driver:      "postgres",
			Desc:        &postgres.Descriptor,
			Description: "The pool never opens more than max_conns.",
			Tags:        []string{"exhaustion", "pool"},
			Timeout:     30 * time.Second,
			Source:      plan.Source{Filename: "hand.hcl", Line: 1, Column: 1},
			Phases: []*plan.Phase{{
				Pool: &plan.Pool{Desc: &postgres.Descriptor, Config: pg, Source: src(7)},
				Loads: []*plan.Load{
					{
						Name: "holders", Pattern: plan.Burst, Workers: 40, Iterations: 40,
						Steps: []drivers.Step{
							{Kind: "hold", Duration: time.Second},
							{Kind: "query", SQL: "SELECT $1::int", Args: []arg.Expr{arg.Number("iteration % 10", nil), arg.Const("x")}},
						},
						Timeout:            2 * time.Second,
						Retry:              &plan.Retry{Attempts: 3, Backoff: 10 * time.Millisecond, MaxBackoff: time.Second},
						Breaker:            &plan.CircuitBreaker{FailureThreshold: 5, OpenFor: time.Second, HalfOpenSuccesses: 1},
						Fallback:           []drivers.Step{{Kind: "query", SQL: "SELECT 1"}},
						ExpectedIterations: 40, ExpectedDuration: time.Second, Source: src(12),
					},
					{
						Name: "loopers", Pattern: plan.ConstantWorkers, Workers: 4, Duration: 5 * time.Second,
						StartAfter: 500 * time.Millisecond,
						Steps:      []drivers.Step{{Kind: "tx", Statements: []string{"SELECT 1", "SELECT 2"}}, {Kind: "sleep", Duration: 10 * time.Millisecond}},
						Retry:      &plan.Retry{Attempts: 2, MaxBackoff: time.Second, Jitter: 0.1, On: []string{"reset", "refused"}},
						// ExpectedIterations stays 0: unknown for a closed model.
						ExpectedDuration: 5500 * time.Millisecond, Source: src(20),
					},
				},
				Faults: []*plan.Fault{
					{Kind: faultkind.Terminate, After: 2 * time.Second, IdleOnly: true, Source: src(30)},
					{Kind: faultkind.Outage, After: time.Second, Duration: 2 * time.Second, Source: src(31)},
					{Kind: faultkind.Latency, After: 3 * time.Second, Delay: 50 * time.Millisecond, Jitter: 5 * time.Millisecond, Direction: plan.Both, Source: src(32)},
					{Kind: faultkind.Error, Probability: 0.25, Load: "loopers", Source: src(33)},
				},
				ExpectedDuration: 5500 * time.Millisecond,
			}},
			Checks: []*plan.Check{
				{Name: "pool never exceeds max", Condition: "pool.total_conns.max <= var.pg_max_conns"},
				{Name: "multi", Condition: "error_rate < 0.1 &&\nlatency.p95 < 50"},
				{Name: "windowed", Condition: "error_rate < 0.01", Window: 2 * time.Second, Abort: true},
			},
			ExpectedDuration: 5500 * time.Millisecond,
		},
		{
			Name:           "ramp[fast]",
			Driver:         "redis",
			Desc:           &redis.Descriptor,
			Timeout:        time.Minute,
			AllowDangerous: true,
			Source:         plan.Source{Filename: "hand.hcl", Line: 40, Column: 1},
			Phases: []*plan.Phase{
				{
					Name: "warm",
					Pool: &plan.Pool{Desc: &redis.Descriptor, Config: rd},
					Loads: []*plan.Load{{
						Name: "w", Pattern: plan.RampingRate, StartRate: 0, MaxWorkers: 100,
						Stages:             []plan.Stage{{Rate: 10, Duration: time.Second}, {Rate: 20.5, Duration: 90 * time.Second}},
						Steps:              []drivers.Step{{Kind: "set", Key: &key, Value: &val, TTL: time.Minute}, {Kind: "get", Key: &key}},
						ExpectedIterations: 1400, ExpectedDuration: 91 * time.Second,
					}},
					ExpectedDuration: 91 * time.Second,
				},
				{
					Name: "big",
					Pool: &plan.Pool{Desc: &redis.Descriptor, Config: rd2},
					Loads: []*plan.Load{{
						Name: "w", Pattern: plan.ConstantRate, Rate: 100, Duration: time.Hour, MaxWorkers: 10,
						Steps:              []drivers.Step{{Kind: "command", Args: []arg.Expr{arg.Const("INCR"), arg.Const("hits")}}},
						ExpectedIterations: 360000, ExpectedDuration: time.Hour,
					}},
					Faults:           []*plan.Fault{{Kind: faultkind.Pause, After: time.Minute, Duration: 90 * time.Second}, {Kind: faultkind.ClosePool, After: 30 * time.Minute}},
					ExpectedDuration: time.Hour,
				},
				{
					Name: "cool",
					Loads: []*plan.Load{{
						Name: "p", Pattern: plan.Burst, Workers: 1, Iterations: 1,
						Steps:              []drivers.Step{{Kind: "ping"}},
						ExpectedIterations: 1,
					}},
				},
			},
			ExpectedDuration: time.Hour + 91*time.Second,
		},
	}}
}
