package redis

import (
	"context"
	"fmt"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/redis/rediscmd"
)

// maxPoolSize bounds the connection counts of a pool block.
const maxPoolSize = 10000

// poolAttrs are the attributes of a pool block, in the order `plan`
// prints them (the fields of Config).
var poolAttrs = []drivers.PoolAttr{
	drivers.EnabledAttr,
	{Name: "pool_size", Type: drivers.TypeCount, Default: int64(10), Min: 1, Max: maxPoolSize, Meaning: drivers.MeaningMaxConns,
		Description: "maximum connections (1..10000)"},
	{Name: "min_idle_conns", Type: drivers.TypeCount, Default: int64(0), Min: 0, Max: maxPoolSize, Meaning: drivers.MeaningMinConns,
		Description: "idle connections kept open; opened before load starts"},
	{Name: "max_idle_conns", Type: drivers.TypeCount, Default: int64(0), Min: 0, Max: maxPoolSize,
		Description: "idle connections above this are closed (0 = no limit)"},
	{Name: "max_active_conns", Type: drivers.TypeCount, Default: int64(0), Min: 0, Max: maxPoolSize,
		Description: "cap on connections including ones being dialled (0 = pool_size)"},
	{Name: "pool_timeout", Type: drivers.TypeDuration, Default: 4 * time.Second, Positive: true, Meaning: "acquire_timeout",
		Description: "longest wait for a free connection (`acquire_timeout` errors)"},
	{Name: "dial_timeout", Type: drivers.TypeDuration, Default: 5 * time.Second, Positive: true, Meaning: "connect_timeout"},
	{Name: "read_timeout", Type: drivers.TypeDuration, Default: 3 * time.Second, Positive: true},
	{Name: "write_timeout", Type: drivers.TypeDuration, Default: 3 * time.Second, Positive: true},
	{Name: "conn_max_idle_time", Type: drivers.TypeDuration, Default: 30 * time.Minute, Positive: true, Meaning: "max_conn_idle_time",
		Description: "(go-redis reads 0 as its default, so 0 is rejected here)"},
	{Name: "conn_max_lifetime", Type: drivers.TypeDuration, Default: time.Duration(0), Meaning: "max_conn_lifetime",
		Description: "0 = forever"},
	{Name: "pool_fifo", Type: drivers.TypeBool, Default: false,
		Description: "FIFO instead of LIFO connection reuse"},
	{Name: "db", Type: drivers.TypeCount, Default: int64(0), Min: 0, Max: 15,
		Description: "database index (0..15)"},
}

// Descriptor is the Redis driver as the rest of the tool sees it (see
// drivers.Descriptor); drivers/registry lists it.
var Descriptor = drivers.Descriptor{
	Name:        "redis",
	Title:       "Redis",
	Schemes:     []string{"redis", "rediss", SchemeSentinel, SchemeSentinelTLS, SchemeCluster, SchemeClusterTLS},
	EnvVar:      "STRESSQL_REDIS_URL",
	DefaultURL:  "redis://127.0.0.1:6379/0",
	DefaultPort: "6379",
	Pool:        poolAttrs,
	Rules: []drivers.PoolRule{
		{
			Subject: []string{"min_idle_conns", "pool_size"},
			Check: func(v drivers.Values) string {
				if v.Bool("enabled") && v.Int("min_idle_conns") > v.Int("pool_size") {
					return fmt.Sprintf("min_idle_conns (%d) is above pool_size (%d): the pool cannot keep more idle connections than it may have. Lower min_idle_conns or raise pool_size.",
						v.Int("min_idle_conns"), v.Int("pool_size"))
				}
				return ""
			},
		},
		{
			Subject: []string{"max_idle_conns", "min_idle_conns"},
			Check: func(v drivers.Values) string {
				if maxIdle, minIdle := v.Int("max_idle_conns"), v.Int("min_idle_conns"); v.Bool("enabled") && maxIdle > 0 && maxIdle < minIdle {
					return fmt.Sprintf("max_idle_conns (%d) is below min_idle_conns (%d): the pool would close the idle connections it must keep. Raise max_idle_conns (0 = no limit) or lower min_idle_conns.",
						maxIdle, minIdle)
				}
				return ""
			},
		},
	},
	Steps: []drivers.StepKind{
		{Name: KindPing},
		{Name: KindCommand, Attrs: []string{"args"}, Required: []string{"args"}, Preflight: true, CheckArgs: checkCommand},
		{Name: KindGet, Attrs: []string{"key"}, Required: []string{"key"}},
		{Name: KindSet, Attrs: []string{"key", "value", "ttl"}, Required: []string{"key", "value"}},
	},
	Capabilities:  []string{drivers.CapServerConns, drivers.CapTerminate, drivers.CapPause, drivers.CapAllowDangerous, drivers.CapFailover},
	PoolMetrics:   []string{"hits", "misses", "timeouts", "stale_conns", "reuse_ratio", "moved", "ask"},
	Namespace:     drivers.NamespaceKeyPrefix,
	DangerousHelp: "send commands outside the Redis command policy (EVAL, CONFIG, KEYS...) and use the pause fault",
	NewConfig: func(v drivers.Values) any {
		var c Config
		drivers.FillConfig(&c, v)
		return c
	},
	Open: func(ctx context.Context, cfg any, env drivers.Env) (drivers.Pool, error) {
		c, ok := cfg.(Config)
		if !ok {
			return nil, fmt.Errorf("redis: pool configuration is a %T, not a redis.Config", cfg)
		}
		return Open(ctx, c, env)
	},
	Classify:   Classify,
	Preflight:  Preflight,
	NewCleaner: NewCleaner,
}

// commandExample is how a command step's args start.
const commandExample = `args must start with the command name, like ["INCR", "hits"].`

// checkCommand checks a command step against the command policy
// (drivers/redis/rediscmd) before the run: the name constant, a plain word and
// allowed, and every argument that decides what the command does or
// where its keys are constant and harmless. A dangerous command passes
// only when the scenario sets allow_dangerous = true.
func checkCommand(args []drivers.StepArg, allowDangerous bool) *drivers.ArgProblem {
	if len(args) == 0 {
		return &drivers.ArgProblem{Index: -1, Summary: "Missing command name", Detail: commandExample}
	}
	policy := make([]rediscmd.Arg, len(args))
	for i, a := range args {
		policy[i] = rediscmd.Arg{Value: a.Value, Const: a.Const}
	}
	_, r := rediscmd.Check(policy)
	if r == nil || r.Liftable() && allowDangerous {
		return nil
	}
	p := &drivers.ArgProblem{Index: r.Index, Summary: r.Summary, Liftable: r.Liftable()}
	switch {
	case r.Summary == "Missing command name":
		p.Detail = commandExample
	case r.Summary == "Command name must be constant":
		p.Detail = "The first element of args is the command name; it cannot depend on iteration or worker."
	case r.Liftable():
		p.Detail = r.Detail + " If this scenario really needs it, set allow_dangerous = true in the scenario."
	default:
		p.Detail = r.Detail
	}
	return p
}
