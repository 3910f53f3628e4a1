package drivers

import (
	"context"
	"errors"
	"time"

	"github.com/stressql/stressql/drivers/arg"
)

// ErrUnsupported is returned by a Pool method the driver does not offer
// (for example Pause on PostgreSQL).
var ErrUnsupported = errors.New("not supported by this driver")

// Env is what the engine tells a driver about where and as whom to connect.
type Env struct {
	// URL is the target, e.g. postgres://u:p@127.0.0.1:5432/db or
	// redis://127.0.0.1:6379/0. It may carry a password: never print it.
	URL string
	// DialAddr, when set, replaces host:port of URL for dialing (the fault
	// proxy listens there). TLS server names still come from URL.
	DialAddr string
	// Host, when set, replaces the host name of URL (the dns fault sets a
	// name under .invalid so that resolution really fails).
	Host string
	// AppName tags every connection (application_name / CLIENT SETNAME) so
	// the server side can count this scenario's connections.
	AppName string
	// Namespace prefixes everything the tool writes: Redis keys
	// ("stressql:<run>:<scenario>:") and, for PostgreSQL, a schema name
	// ("stressql_<run>_<n>") put first on search_path.
	Namespace string
	// SafetyTTL, when positive, is the expiry a driver gives what it
	// writes without an expiry of its own (Redis keys), so that a run
	// killed before its cleanup leaves nothing forever. The engine makes
	// it longer than the scenario can run; a step's own TTL is never
	// changed.
	SafetyTTL time.Duration
	// AdminURL, when set, is the admin console of a connection pooler in
	// front of the server (PostgreSQL: PgBouncer's database `pgbouncer`),
	// for when it is not at URL's address with URL's credentials. It may
	// carry a password: never print it.
	AdminURL string
}

// Step is one action of an iteration, as compiled by the interpreter.
// Which fields matter depends on Kind.
//
//	postgres: query{SQL,Args} acquire hold{Duration} ping tx{Statements}
//	redis:    command{Args} ping get{Key} set{Key,Value,TTL}
//	both:     sleep{Duration} (handled by the engine, never by a driver)
type Step struct {
	Kind       string        `json:"kind"`
	SQL        string        `json:"sql,omitempty"`
	Args       []arg.Expr    `json:"args,omitempty"`
	Statements []string      `json:"statements,omitempty"`
	Duration   time.Duration `json:"duration,omitempty"`
	Key        *arg.Expr     `json:"key,omitempty"`
	Value      *arg.Expr     `json:"value,omitempty"`
	TTL        time.Duration `json:"ttl,omitempty"`
	// AllowDangerous lets a redis command step send what the command
	// policy (drivers/redis/rediscmd) refuses: its scenario sets
	// allow_dangerous = true. The scenario's plan shows it.
	AllowDangerous bool `json:"-"`
}

// WorkerState is the per-worker state an Op runs with: which iteration
// it runs now, and buffers the worker reuses from one iteration to the
// next. The engine owns one per worker, so Ops must not retain it.
type WorkerState struct {
	Seq    int64 // iteration number, 0-based, unique within a load
	Worker int64 // worker index within the load
	// Acquire is set by the Op to the time spent waiting for a connection
	// (0 when the driver cannot tell).
	Acquire time.Duration
	// Scratch is a reusable buffer for building keys and arguments.
	Scratch []byte
	// Local is the driver's own per-worker state, kept between
	// iterations (the postgres driver keeps its acquire deadline here).
	// The engine starts it nil and never reads it.
	Local any
}

// Op is a compiled step. Do must be safe for concurrent use by many
// workers and should not allocate beyond what the client library does.
type Op interface {
	Do(ctx context.Context, it *WorkerState) error
}

// PoolStats is a sample of a pool's own counters. Fields a driver cannot
// report stay zero; Has says which groups are meaningful.
type PoolStats struct {
	TotalConns int64 `json:"total_conns"`
	IdleConns  int64 `json:"idle_conns"`
	InUseConns int64 `json:"in_use_conns"`

	// pgxpool counters (cumulative).
	NewConns             int64 `json:"new_conns"`
	AcquireCount         int64 `json:"acquire_count"`
	EmptyAcquireCount    int64 `json:"empty_acquire_count"`
	CanceledAcquireCount int64 `json:"canceled_acquire_count"`

	// go-redis counters (cumulative).
	Hits       int64         `json:"hits"`
	Misses     int64         `json:"misses"`
	Timeouts   int64         `json:"timeouts"`
	StaleConns int64         `json:"stale_conns"`
	WaitCount  int64         `json:"wait_count"`
	WaitTime   time.Duration `json:"wait_time"`

	// Redis Cluster redirections (cumulative): MOVED and ASK replies the
	// nodes sent, which the cluster client followed.
	Moved int64 `json:"moved"`
	Ask   int64 `json:"ask"`

	// Nodes are the same numbers per node of a Redis Cluster pool (pool
	// attributes apply per node), by address; nil for other pools.
	Nodes []NodeStats `json:"nodes,omitempty"`
}

// NodeStats is one node's share of a PoolStats: gauges now, counters
// cumulative.
type NodeStats struct {
	Addr       string `json:"addr"`
	TotalConns int64  `json:"total_conns"`
	IdleConns  int64  `json:"idle_conns"`
	InUseConns int64  `json:"in_use_conns"`
	Hits       int64  `json:"hits"`
	Misses     int64  `json:"misses"`
	Timeouts   int64  `json:"timeouts"`
	StaleConns int64  `json:"stale_conns"`
}

// Pool is one scenario's (or phase's) connection pool against one target.
type Pool interface {
	// Prepare compiles a step once; the Op is then run many times.
	Prepare(s Step) (Op, error)
	// Stats samples the pool's counters; cheap, safe while Ops run.
	Stats() PoolStats
	// ServerConns asks the server how many connections carry Env.AppName.
	// It uses its own connection, outside the pool, and that connection is
	// not counted.
	ServerConns(ctx context.Context) (int, error)
	// Terminate has the server kill this scenario's connections
	// (pg_terminate_backend / CLIENT KILL), only idle ones when idleOnly.
	// It returns how many were killed.
	Terminate(ctx context.Context, idleOnly bool) (int, error)
	// Pause stalls every client of the server for d (Redis CLIENT PAUSE).
	Pause(ctx context.Context, d time.Duration) error
	// Close closes the pool, waiting for connections in use to be
	// released until ctx is done.
	Close(ctx context.Context) error
	// Cleanup removes everything written under Env.Namespace. It uses its
	// own connection and works after Close.
	Cleanup(ctx context.Context) error
}

// Failoverer is a Pool whose deployment can fail over on request (a Redis
// Sentinel target): the failover fault's action. It is not part of Pool,
// so that drivers without it need nothing.
type Failoverer interface {
	// Failover asks the deployment to promote a replica now, calls sent
	// (with the old master's address) once the request was accepted, and
	// waits until the new master is seen, returning its address. It fails
	// for a target that cannot fail over.
	Failover(ctx context.Context, sent func(old string)) (newMaster string, err error)
}

// PreflightRequest is what a driver's Preflight probes before a run.
type PreflightRequest struct {
	// Env is the target; Namespace is a throwaway name in the run's
	// namespace style that the probe may create and must remove, AppName
	// tags the probe's connection.
	Env Env
	// Commands are the Redis command steps of the run, as sample
	// arguments (name first): their keys are found with COMMAND INFO /
	// COMMAND GETKEYS.
	Commands [][]string
	// Faults are the fault kinds the run's scenarios of this driver use
	// (each once), for the driver to refuse those its target cannot take.
	Faults []string
}

// PreflightResult is what a driver found about a target before a run:
// plain data, printed by the caller. Problems are fatal (the run cannot
// work against this target); Warnings are not. Limits are the server's
// connection limits the probe could read, for the caller to compare with
// what the run will open.
type PreflightResult struct {
	Problems []Finding
	Warnings []Finding
	Limits   []ConnLimit
}

// Finding is one thing a preflight found, with what to do about it.
type Finding struct {
	// Kind is a short class: "unreachable", "auth", "permission",
	// "limit" or "other".
	Kind string
	// Message says what is wrong, naming the target (never its password).
	Message string
	// Hint says how to fix it; "" when there is nothing to add.
	Hint string
}

// ConnLimit is one limit on the connections a server accepts from the
// run: at most Max, of which InUse are already open by others (the
// preflight's own connection not counted).
type ConnLimit struct {
	// What names the limit, e.g. "max_connections 100 minus 3
	// superuser_reserved_connections" or `role "x" CONNECTION LIMIT 2`.
	What  string
	Max   int
	InUse int
}

// Free is how many more connections the limit allows.
func (l ConnLimit) Free() int { return max(l.Max-l.InUse, 0) }
