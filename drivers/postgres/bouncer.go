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

// bouncer reads the admin console of a PgBouncer target: database
// `pgbouncer` at the target's address with the same credentials (the
// role must be in admin_users or stats_users). Against a PostgreSQL
// server that connection fails (no such database) or SHOW VERSION does
// not name PgBouncer: the target is then not a bouncer, for good.
type bouncer struct {
	cfg  *pgx.ConnConfig // nil: the target cannot be a bouncer
	db   string          // the pool's database as the bouncer names it
	user string

	mu      sync.Mutex
	decided bool
	is      bool
	conn    *pgx.Conn
}

func newBouncer(monitor *pgx.ConnConfig) *bouncer {
	b := &bouncer{db: monitor.Database, user: monitor.User}
	if monitor.Database == bouncerAdminDB {
		return b // the target is the admin console itself
	}
	c := monitor.Copy()
	c.Database = bouncerAdminDB
	// The admin console speaks only the simple query protocol and takes
	// no startup parameters but application_name and client_encoding.
	c.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	c.RuntimeParams = map[string]string{"application_name": monitor.RuntimeParams["application_name"]}
	if c.ConnectTimeout <= 0 || c.ConnectTimeout > 2*time.Second {
		c.ConnectTimeout = 2 * time.Second
	}
	b.cfg = c
	return b
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
	return s, true, nil
}

// connectLocked makes sure the admin connection is open; it reports
// whether the target is a bouncer (deciding that on the first call).
func (b *bouncer) connectLocked(ctx context.Context) (bool, error) {
	if b.cfg == nil || (b.decided && !b.is) {
		return false, nil
	}
	if b.conn != nil && !b.conn.IsClosed() {
		return true, nil
	}
	c, err := pgx.ConnectConfig(ctx, b.cfg)
	if err != nil {
		if !b.decided {
			// The server's refusal of database "pgbouncer" (does not
			// exist, not allowed) means it is no admin console we can
			// read; a timeout or a network error decides nothing yet.
			if _, isPg := errors.AsType[*pgconn.PgError](err); isPg {
				b.decided = true
			}
			return false, nil
		}
		return true, fmt.Errorf("pgbouncer admin console: %w", scrub(err, b.cfg.ConnString()))
	}
	b.conn = c
	if !b.decided {
		var version string
		err := c.QueryRow(ctx, "SHOW VERSION").Scan(&version)
		b.decided = true
		b.is = err == nil && strings.Contains(version, "PgBouncer")
		if !b.is {
			b.closeLocked()
			return false, nil
		}
	}
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
	col := map[string]int{}
	for i, f := range rows.FieldDescriptions() {
		col[f.Name] = i
	}
	for _, name := range []string{"database", "user", "cl_active", "cl_waiting", "sv_active", "sv_idle", "maxwait"} {
		if _, ok := col[name]; !ok {
			return drivers.BouncerSample{}, fmt.Errorf("no column %q", name)
		}
	}
	var s drivers.BouncerSample
	for rows.Next() {
		raw := rows.RawValues()
		if string(raw[col["database"]]) != b.db || string(raw[col["user"]]) != b.user {
			continue
		}
		num := func(name string) int64 {
			i, ok := col[name]
			if !ok {
				return 0
			}
			n, _ := strconv.ParseInt(string(raw[i]), 10, 64)
			return n
		}
		s.ClActive += num("cl_active")
		s.ClWaiting += num("cl_waiting")
		s.SvActive += num("sv_active")
		s.SvIdle += num("sv_idle")
		w := time.Duration(num("maxwait"))*time.Second + time.Duration(num("maxwait_us"))*time.Microsecond
		s.MaxWait = max(s.MaxWait, w)
	}
	return s, rows.Err()
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
