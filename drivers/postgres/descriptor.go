package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/stressql/stressql/drivers"
)

// maxPoolSize bounds the connection counts of a pool block.
const maxPoolSize = 10000

// poolAttrs are the attributes of a pool block, in the order `plan`
// prints them (the fields of Config).
var poolAttrs = []drivers.PoolAttr{
	drivers.EnabledAttr,
	{Name: "min_conns", Type: drivers.TypeCount, Default: int64(0), Min: 0, Max: maxPoolSize, Meaning: drivers.MeaningMinConns,
		Description: "connections kept open; opened before load starts"},
	{Name: "max_conns", Type: drivers.TypeCount, Default: int64(10), Min: 1, Max: maxPoolSize, Meaning: drivers.MeaningMaxConns,
		Description: "hard cap on open connections (1..10000)"},
	{Name: "acquire_timeout", Type: drivers.TypeDuration, Default: 30 * time.Second, Positive: true, Meaning: "acquire_timeout",
		Description: "longest wait for a free connection (above 0); then the iteration fails with `acquire_timeout`"},
	{Name: "max_conn_lifetime", Type: drivers.TypeDuration, Default: time.Hour, Meaning: "max_conn_lifetime",
		Description: "connections older than this are closed and replaced"},
	{Name: "max_conn_lifetime_jitter", Type: drivers.TypeDuration, Default: time.Duration(0),
		Description: "random extra lifetime per connection"},
	{Name: "max_conn_idle_time", Type: drivers.TypeDuration, Default: 30 * time.Minute, Meaning: "max_conn_idle_time",
		Description: "idle connections older than this are closed"},
	{Name: "health_check_period", Type: drivers.TypeDuration, Default: time.Minute, Positive: true,
		Description: "how often idle connections are checked (above 0)"},
	{Name: "connect_timeout", Type: drivers.TypeDuration, Default: 5 * time.Second, Positive: true, Meaning: "connect_timeout",
		Description: "dial + handshake limit (above 0)"},
	{Name: "tls", Type: drivers.TypeEnum, Default: "disable", Enum: []string{"disable", "prefer", "require"}, EnumSummary: "Invalid tls mode",
		Description: "sslmode: `disable`, `prefer`, `require`"},
	{Name: "ping_on_acquire", Type: drivers.TypeBool, Default: false,
		Description: "validate an idle connection with a ping before handing it out"},
	{Name: "query_exec_mode", Type: drivers.TypeEnum, Default: "cache_statement", Enum: queryExecModes, EnumSummary: "Invalid query_exec_mode",
		Description: "how a `query` step with `args` is sent (pgx's QueryExecMode): `cache_statement`, `cache_describe`, `describe_exec`, `exec`, `simple_protocol`"},
}

// Descriptor is the PostgreSQL driver as the rest of the tool sees it
// (see drivers.Descriptor); drivers/registry lists it.
var Descriptor = drivers.Descriptor{
	Name:        "postgres",
	Title:       "PostgreSQL",
	Schemes:     []string{"postgres", "postgresql"},
	EnvVar:      "STRESSQL_POSTGRES_URL",
	DefaultURL:  "postgres://stressql:stressql@127.0.0.1:5432/stressql",
	DefaultPort: "5432",
	Pool:        poolAttrs,
	Rules: []drivers.PoolRule{{
		Subject: []string{"min_conns", "max_conns"},
		Check: func(v drivers.Values) string {
			if v.Bool("enabled") && v.Int("min_conns") > v.Int("max_conns") {
				return fmt.Sprintf("min_conns (%d) is above max_conns (%d): the pool cannot keep more connections open than it may have. Lower min_conns or raise max_conns.",
					v.Int("min_conns"), v.Int("max_conns"))
			}
			return ""
		},
	}},
	Steps: []drivers.StepKind{
		{Name: KindQuery, Attrs: []string{"sql", "args"}, Required: []string{"sql"}},
		{Name: KindAcquire},
		{Name: KindHold, Attrs: []string{"duration"}, Required: []string{"duration"}, Timed: true, HoldsConn: true},
		{Name: KindPing},
		{Name: KindTx, Attrs: []string{"statements"}, Required: []string{"statements"}},
	},
	Capabilities: []string{drivers.CapAcquireWaits, drivers.CapServerConns, drivers.CapTerminate},
	PoolMetrics:  []string{"new_conns", "acquire_count", "empty_acquire_count", "canceled_acquire_count"},
	Namespace:    drivers.NamespaceSchema,
	NewConfig: func(v drivers.Values) any {
		var c Config
		drivers.FillConfig(&c, v)
		return c
	},
	Open: func(ctx context.Context, cfg any, env drivers.Env) (drivers.Pool, error) {
		c, ok := cfg.(Config)
		if !ok {
			return nil, fmt.Errorf("postgres: pool configuration is a %T, not a postgres.Config", cfg)
		}
		return Open(ctx, c, env)
	},
	Classify:   Classify,
	Preflight:  Preflight,
	NewCleaner: NewCleaner,
}
