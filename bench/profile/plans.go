package main

import (
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/plan"
)

// params shape a workload's plan.
type params struct {
	duration time.Duration
	conns    int // 0: the workload's default
	rate     float64
	// acquireTimeout is the postgres pool's acquire_timeout.
	acquireTimeout time.Duration
}

func (p params) n(def int) int {
	if p.conns > 0 {
		return p.conns
	}
	return def
}

// workloads build the plans of the bench/scenarios files.
var workloads = map[string]func(params) *plan.Plan{
	"redis-ping": func(p params) *plan.Plan {
		return redisPlan(p.n(50), closed("ping", p.n(50), p.duration, drivers.Step{Kind: "ping"}))
	},
	"redis-set": func(p params) *plan.Plan {
		key := arg.Template(`"bench:${iteration % 1000}"`, arg.Part{Lit: "bench:"},
			arg.Part{Num: func(i, _ int64) int64 { return i % 1000 }})
		step := drivers.Step{Kind: "set", Key: &key, Value: new(arg.Const("xxx"))}
		return redisPlan(p.n(50), closed("set", p.n(50), p.duration, step))
	},
	"redis-rate": func(p params) *plan.Plan {
		l := &plan.Load{Name: "ping", Pattern: plan.ConstantRate, Rate: p.rate, Duration: p.duration,
			MaxWorkers: int64(p.n(100)), Steps: []drivers.Step{{Kind: "ping"}},
			ExpectedIterations: int64(p.rate * p.duration.Seconds()), ExpectedDuration: p.duration}
		return redisPlan(p.n(100), l)
	},
	"pg-select1": func(p params) *plan.Plan {
		return postgresPlan(p, closed("select1", p.n(20), p.duration, drivers.Step{Kind: "query", SQL: "SELECT 1"}))
	},
	"pg-acquire": func(p params) *plan.Plan {
		return postgresPlan(p, closed("acquire", p.n(20), p.duration, drivers.Step{Kind: "acquire"}))
	},
}

// closed is a constant_workers load of n workers running step.
func closed(name string, n int, d time.Duration, step drivers.Step) *plan.Load {
	return &plan.Load{Name: name, Pattern: plan.ConstantWorkers, Workers: int64(n), Duration: d,
		Steps: []drivers.Step{step}, ExpectedDuration: d}
}

func redisPlan(conns int, l *plan.Load) *plan.Plan {
	cfg := redis.DefaultConfig()
	cfg.PoolSize, cfg.MinIdleConns = conns, min(conns, 50)
	return onePhase("bench_redis", &plan.Pool{Desc: &redis.Descriptor, Config: cfg}, l)
}

func postgresPlan(p params, l *plan.Load) *plan.Plan {
	cfg := postgres.DefaultConfig()
	cfg.MaxConns, cfg.MinConns = int32(p.n(20)), int32(p.n(20))
	cfg.AcquireTimeout = p.acquireTimeout
	return onePhase("bench_postgres", &plan.Pool{Desc: &postgres.Descriptor, Config: cfg}, l)
}

// onePhase is one scenario with one phase holding l.
func onePhase(name string, pool *plan.Pool, l *plan.Load) *plan.Plan {
	return &plan.Plan{Scenarios: []*plan.Scenario{{
		Name:             name,
		Driver:           pool.Desc.Name,
		Desc:             pool.Desc,
		Tags:             []string{"bench"},
		Timeout:          2*l.ExpectedDuration + 30*time.Second,
		Phases:           []*plan.Phase{{Pool: pool, Loads: []*plan.Load{l}, ExpectedDuration: l.ExpectedDuration}},
		ExpectedDuration: l.ExpectedDuration,
	}}}
}
