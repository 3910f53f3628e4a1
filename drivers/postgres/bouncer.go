package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stressql/stressql/drivers"
)

// bouncerAdminDB is PgBouncer's admin console database.
const bouncerAdminDB = "pgbouncer"

// BehindPooler tells whether c, a connection to the target, goes through
// a connection pooler rather than straight to a PostgreSQL backend: the
// process ID the server announced at login (BackendKeyData) is not the
// backend's pg_backend_pid(). PgBouncer (session, transaction and
// statement mode alike) makes up a cancel key of its own for every client,
// so the two differ; a PostgreSQL server gives its backend's PID. A plain
// TCP proxy, which passes BackendKeyData through, is not a pooler. It
// runs one simple-protocol query, so it works in any pool mode, and never
// logs in anywhere else.
func BehindPooler(ctx context.Context, c *pgx.Conn) (bool, error) {
	var pid int64
	if err := c.QueryRow(ctx, "select pg_backend_pid()", pgx.QueryExecModeSimpleProtocol).Scan(&pid); err != nil {
		return false, err
	}
	return uint32(pid) != c.PgConn().PID(), nil
}

// bouncer reads the admin console of a PgBouncer target. Whether the
// target is one is decided first without logging in anywhere else
// (BehindPooler on the monitor connection), so a PostgreSQL server never
// sees a login to a database `pgbouncer` that it would log as FATAL. Only
// then is the admin console opened: database `pgbouncer` at the target's
// address with the same credentials (the role must be in admin_users or
// stats_users), or Env.AdminURL when given (then no detection: the user
// said it is a bouncer).
type bouncer struct {
	cfg      *pgx.ConnConfig // nil: the target cannot be a bouncer
	db       string          // the pool's database as the bouncer names it
	user     string
	explicit bool     // cfg is Env.AdminURL
	mon      *monitor // the detection's connection
	closed   func() bool
	secret   string // the URL whose secrets errors must not show

	mu      sync.Mutex
	decided bool
	is      bool
	conn    *pgx.Conn
}

func newBouncer(monitor *pgx.ConnConfig, mon *monitor, closed func() bool, env drivers.Env) (*bouncer, error) {
	b := &bouncer{db: monitor.Database, user: monitor.User, mon: mon, closed: closed, secret: env.URL}
	var c *pgx.ConnConfig
	switch {
	case env.AdminURL != "":
		admin, err := pgx.ParseConfig(env.AdminURL)
		if err != nil {
			return nil, fmt.Errorf("postgres: admin console URL: %w", scrub(err, env.AdminURL))
		}
		c = admin
		b.explicit, b.decided, b.is = true, true, true
		b.secret = env.AdminURL
	case monitor.Database == bouncerAdminDB:
		return b, nil // the target is the admin console itself
	default:
		c = monitor.Copy()
		c.Database = bouncerAdminDB
	}
	// The admin console speaks only the simple query protocol and takes
	// no startup parameters but application_name and client_encoding.
	c.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	c.RuntimeParams = map[string]string{"application_name": monitor.RuntimeParams["application_name"]}
	if c.ConnectTimeout <= 0 || c.ConnectTimeout > 2*time.Second {
		c.ConnectTimeout = 2 * time.Second
	}
	b.cfg = c
	return b, nil
}

// Bouncer implements drivers.BouncerPool.
func (p *pool) Bouncer(ctx context.Context) (drivers.BouncerSample, bool, error) {
	return p.bouncer.sample(ctx)
}

func (b *bouncer) sample(ctx context.Context) (drivers.BouncerSample, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if is, err := b.connectLocked(ctx); !is || err != nil {
		return drivers.BouncerSample{}, is, err
	}
	s, err := b.showPools(ctx)
	if err != nil {
		b.closeLocked()
		return drivers.BouncerSample{}, true, fmt.Errorf("pgbouncer SHOW POOLS: %w", err)
	}
	if err := b.showStats(ctx, &s); err != nil {
		b.closeLocked()
		return drivers.BouncerSample{}, true, fmt.Errorf("pgbouncer SHOW STATS: %w", err)
	}
	return s, true, nil
}

// detectLocked decides, on the monitor connection, whether the target is
// behind a pooler. A failure to connect decides nothing yet; a server
// that refuses the query decides "no".
func (b *bouncer) detectLocked(ctx context.Context) {
	var pooled bool
	err := b.mon.do(ctx, !b.closed(), func(c *pgx.Conn) error {
		var err error
		pooled, err = BehindPooler(ctx, c)
		return err
	})
	if err != nil {
		if _, isPg := errors.AsType[*pgconn.PgError](err); isPg {
			b.decided = true
		}
		return
	}
	b.decided, b.is = true, pooled
}

// behind reports whether the target is a pooler (deciding it on the
// monitor connection when not yet decided), without opening the admin
// console.
func (b *bouncer) behind(ctx context.Context) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cfg == nil {
		return false
	}
	if !b.decided {
		b.detectLocked(ctx)
	}
	return b.decided && b.is
}

// connectLocked makes sure the admin connection is open; it reports
// whether the target is a bouncer (deciding that on the first call).
func (b *bouncer) connectLocked(ctx context.Context) (bool, error) {
	if b.cfg == nil {
		return false, nil
	}
	if !b.decided {
		b.detectLocked(ctx)
	}
	if !b.decided || !b.is {
		return false, nil
	}
	if b.conn != nil && !b.conn.IsClosed() {
		return true, nil
	}
	c, err := pgx.ConnectConfig(ctx, b.cfg)
	if err != nil {
		return true, fmt.Errorf("pgbouncer admin console: %w", scrub(err, b.secret))
	}
	var version string
	if err := c.QueryRow(ctx, "SHOW VERSION").Scan(&version); err != nil || !strings.Contains(version, "PgBouncer") {
		_ = c.Close(ctx)
		if err == nil {
			err = fmt.Errorf("SHOW VERSION says %q", version)
		}
		return true, fmt.Errorf("pgbouncer admin console: not a PgBouncer admin console: %w", scrub(err, b.secret))
	}
	b.conn = c
	return true, nil
}

// clients counts the bouncer's client connections named app (SHOW
// CLIENTS): behind a bouncer these are the pool's connections, while the
// server connections belong to the bouncer and outlive the pool. ok is
// false when the target is not a bouncer.
func (b *bouncer) clients(ctx context.Context, app string) (n int, ok bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if is, err := b.connectLocked(ctx); !is || err != nil {
		return 0, is, err
	}
	rows, err := b.conn.Query(ctx, "SHOW CLIENTS")
	if err != nil {
		b.closeLocked()
		return 0, true, fmt.Errorf("pgbouncer SHOW CLIENTS: %w", err)
	}
	defer rows.Close()
	at := -1
	for i, f := range rows.FieldDescriptions() {
		if f.Name == "application_name" {
			at = i
		}
	}
	if at < 0 {
		return 0, true, fmt.Errorf("pgbouncer SHOW CLIENTS: no column application_name (PgBouncer older than 1.7?)")
	}
	for rows.Next() {
		if string(rows.RawValues()[at]) == app {
			n++
		}
	}
	return n, true, rows.Err()
}

// showPools sums SHOW POOLS over the rows of the pool's database and
// user (one, unless the bouncer lists the pair per pool mode).
func (b *bouncer) showPools(ctx context.Context) (drivers.BouncerSample, error) {
	rows, err := b.conn.Query(ctx, "SHOW POOLS")
	if err != nil {
		return drivers.BouncerSample{}, err
	}
	defer rows.Close()
	col, err := columns(rows, "database", "user", "cl_active", "cl_waiting", "sv_active", "sv_idle", "maxwait")
	if err != nil {
		return drivers.BouncerSample{}, err
	}
	var s drivers.BouncerSample
	for rows.Next() {
		raw := rows.RawValues()
		if string(raw[col["database"]]) != b.db || string(raw[col["user"]]) != b.user {
			continue
		}
		num := func(name string) int64 { return rawInt(raw, col, name) }
		s.ClActive += num("cl_active")
		s.ClWaiting += num("cl_waiting")
		s.SvActive += num("sv_active")
		s.SvIdle += num("sv_idle")
		w := time.Duration(num("maxwait"))*time.Second + time.Duration(num("maxwait_us"))*time.Microsecond
		s.MaxWait = max(s.MaxWait, w)
	}
	return s, rows.Err()
}

// showStats reads the running totals of SHOW STATS for the pool's
// database into s (the bouncer keeps them per database, for all users).
// Its avg_* columns are averages over the bouncer's stats_period (60s by
// default), too coarse for a run: the differences of the totals between
// samples are used instead.
func (b *bouncer) showStats(ctx context.Context, s *drivers.BouncerSample) error {
	rows, err := b.conn.Query(ctx, "SHOW STATS")
	if err != nil {
		return err
	}
	defer rows.Close()
	col, err := columns(rows, "database", "total_xact_count", "total_query_count", "total_xact_time", "total_query_time", "total_wait_time")
	if err != nil {
		return err
	}
	for rows.Next() {
		raw := rows.RawValues()
		if string(raw[col["database"]]) != b.db {
			continue
		}
		s.Stats = true
		s.Xacts += rawInt(raw, col, "total_xact_count")
		s.Queries += rawInt(raw, col, "total_query_count")
		s.XactTime += time.Duration(rawInt(raw, col, "total_xact_time")) * time.Microsecond
		s.QueryTime += time.Duration(rawInt(raw, col, "total_query_time")) * time.Microsecond
		s.WaitTime += time.Duration(rawInt(raw, col, "total_wait_time")) * time.Microsecond
	}
	return rows.Err()
}

// columns maps the column names of rows to their index, requiring want.
func columns(rows pgx.Rows, want ...string) (map[string]int, error) {
	col := map[string]int{}
	for i, f := range rows.FieldDescriptions() {
		col[f.Name] = i
	}
	for _, name := range want {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("no column %q", name)
		}
	}
	return col, nil
}

// rawInt is the integer in column name of raw (0 when absent).
func rawInt(raw [][]byte, col map[string]int, name string) int64 {
	i, ok := col[name]
	if !ok {
		return 0
	}
	n, _ := strconv.ParseInt(string(raw[i]), 10, 64)
	return n
}

func (b *bouncer) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closeLocked()
}

func (b *bouncer) closeLocked() {
	if b.conn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = b.conn.Close(ctx)
	b.conn = nil
}
