package postgres

import (
	"time"

	"github.com/stressql/stressql/drivers"
)

// Config is the pool configuration of a PostgreSQL scenario or phase, with
// every default already applied by the interpreter (see DefaultConfig).
type Config struct {
	// Enabled=false opens a fresh connection per iteration (no pool), the
	// baseline for pooled-vs-direct comparisons.
	Enabled               bool          `json:"enabled"`
	MinConns              int32         `json:"min_conns"`
	MaxConns              int32         `json:"max_conns"`
	AcquireTimeout        time.Duration `json:"acquire_timeout"`
	MaxConnLifetime       time.Duration `json:"max_conn_lifetime"`
	MaxConnLifetimeJitter time.Duration `json:"max_conn_lifetime_jitter"`
	MaxConnIdleTime       time.Duration `json:"max_conn_idle_time"`
	HealthCheckPeriod     time.Duration `json:"health_check_period"`
	ConnectTimeout        time.Duration `json:"connect_timeout"`
	// TLS is a libpq sslmode: disable, prefer, require (default "disable"
	// so that runs measure the pool, not the handshake, unless asked).
	TLS string `json:"tls"`
	// PingOnAcquire validates an idle connection with a ping before handing
	// it out (pgxpool's ShouldPing / validation on acquire).
	PingOnAcquire bool `json:"ping_on_acquire"`
	// QueryExecMode is how a query step with args is sent, named after
	// pgx's QueryExecMode (see queryExecModes).
	QueryExecMode string `json:"query_exec_mode"`
}

// The values of query_exec_mode (pgx's QueryExecMode names).
const (
	// ModeCacheStatement prepares a named statement once per connection
	// and executes it (one round trip once prepared). Through PgBouncer in
	// transaction or statement mode the statement lives on a server
	// connection the client may not get next time: SQLSTATE 42P05 / 26000.
	ModeCacheStatement = "cache_statement"
	// ModeCacheDescribe describes the statement once per connection (its
	// parameter types, unnamed statement) and then sends Parse/Bind/
	// Execute of the unnamed statement in one round trip.
	ModeCacheDescribe = "cache_describe"
	// ModeDescribeExec describes the statement on every execution, then
	// executes it: two round trips, no cached state.
	ModeDescribeExec = "describe_exec"
	// ModeExec sends Parse/Bind/Execute of the unnamed statement with the
	// args as untyped text in one round trip: no state on the server.
	ModeExec = "exec"
	// ModeSimpleProtocol interpolates the args as quoted literals into
	// the SQL client-side and sends it with the simple query protocol.
	ModeSimpleProtocol = "simple_protocol"
)

var queryExecModes = []string{ModeCacheStatement, ModeCacheDescribe, ModeDescribeExec, ModeExec, ModeSimpleProtocol}

// DefaultConfig is what a scenario gets for attributes it does not set:
// the defaults of Descriptor's pool attributes. The values are fixed (not
// derived from the machine) so plans are the same everywhere.
func DefaultConfig() Config {
	var c Config
	drivers.FillConfig(&c, drivers.DefaultsOf(poolAttrs))
	return c
}
