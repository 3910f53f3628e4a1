package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
)

// PreflightTimeout bounds a whole Preflight when the caller's context has
// no earlier deadline.
const PreflightTimeout = 5 * time.Second

// Preflight checks, on one connection of its own, that the target answers
// the PostgreSQL protocol, accepts the login, and lets the role create the
// run's schemas: the role must hold CREATE on the database
// (has_database_privilege), and creating and dropping req.Env.Namespace
// inside a transaction that is rolled back must work, so nothing is left
// behind. It also reads the server's connection limits (max_connections
// less the reserved slots, the role's and the database's CONNECTION LIMIT)
// and how many connections others hold now. It stops at the first
// problem; its messages never contain the password. The connection is
// made to the URL as given (its sslmode included), not through
// Env.DialAddr or Env.Host.
func Preflight(ctx context.Context, req drivers.PreflightRequest) drivers.PreflightResult {
	var res drivers.PreflightResult
	ctx, cancel := context.WithTimeout(ctx, PreflightTimeout)
	defer cancel()
	cfg, err := pgx.ParseConfig(req.Env.URL)
	if err != nil {
		res.Problems = append(res.Problems, drivers.Finding{Kind: "other",
			Message: fmt.Sprintf("postgres: the target is not a valid connection string: %v", scrub(err, req.Env.URL))})
		return res
	}
	if cfg.ConnectTimeout <= 0 || cfg.ConnectTimeout > PreflightTimeout {
		cfg.ConnectTimeout = PreflightTimeout
	}
	cfg.RuntimeParams["application_name"] = appName(req.Env.AppName)
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol // works through PgBouncer in any pool mode
	where := net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		res.Problems = append(res.Problems, connectProblem(err, where, cfg.User, cfg.Database, req.Env.URL))
		return res
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()

	var (
		user, db              string
		canCreate, super      bool
		roleLimit, dbLimit    int
		maxConns, reserved    int
		inUse, roleUse, dbUse int
	)
	err = conn.QueryRow(ctx, `select current_user, current_database(),
		has_database_privilege(current_user, current_database(), 'CREATE'),
		r.rolsuper, r.rolconnlimit, d.datconnlimit,
		current_setting('max_connections')::int,
		coalesce((select sum(setting::int) from pg_settings
			where name in ('superuser_reserved_connections', 'reserved_connections')), 0)::int,
		(select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid())::int,
		(select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()
			and usename = current_user)::int,
		(select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()
			and datname = current_database())::int
		from pg_roles r, pg_database d
		where r.rolname = current_user and d.datname = current_database()`).Scan(
		&user, &db, &canCreate, &super, &roleLimit, &dbLimit, &maxConns, &reserved, &inUse, &roleUse, &dbUse)
	if err != nil {
		res.Problems = append(res.Problems, drivers.Finding{Kind: "other",
			Message: fmt.Sprintf("postgres: %s: reading the role's privileges failed: %v", where, scrub(err, req.Env.URL))})
		return res
	}
	if !canCreate {
		res.Problems = append(res.Problems, missingCreate(user, db))
		return res
	}
	if f, ok := tryCreateSchema(ctx, conn, req.Env.Namespace, user, db, req.Env.URL); !ok {
		res.Problems = append(res.Problems, f)
		return res
	}
	if pooled, err := BehindPooler(ctx, conn); err == nil && pooled {
		// The pool's connections go to the pooler, whose own pool bounds
		// the server connections: the server's limits say nothing of the
		// run's. What matters is whether its console can be read.
		if f, ok := adminConsoleProblem(ctx, cfg, req.Env); !ok {
			res.Warnings = append(res.Warnings, f)
		}
		return res
	}

	if super {
		// Superusers may use the reserved slots and ignore CONNECTION LIMITs.
		res.Limits = append(res.Limits, drivers.ConnLimit{
			What: fmt.Sprintf("max_connections %d", maxConns), Max: maxConns, InUse: inUse})
		return res
	}
	res.Limits = append(res.Limits, drivers.ConnLimit{
		What: fmt.Sprintf("max_connections %d minus %d reserved for superusers", maxConns, reserved),
		Max:  maxConns - reserved, InUse: inUse})
	if roleLimit >= 0 {
		res.Limits = append(res.Limits, drivers.ConnLimit{
			What: fmt.Sprintf("role %s CONNECTION LIMIT %d", pgx.Identifier{user}.Sanitize(), roleLimit),
			Max:  roleLimit, InUse: roleUse})
	}
	if dbLimit >= 0 {
		res.Limits = append(res.Limits, drivers.ConnLimit{
			What: fmt.Sprintf("database %s CONNECTION LIMIT %d", pgx.Identifier{db}.Sanitize(), dbLimit),
			Max:  dbLimit, InUse: dbUse})
	}
	return res
}

// adminConsoleProblem tries the admin console of the pooler that target
// is (Env.AdminURL, else database pgbouncer with the target's
// credentials): ok when SHOW VERSION names PgBouncer.
func adminConsoleProblem(ctx context.Context, target *pgx.ConnConfig, env drivers.Env) (drivers.Finding, bool) {
	b, err := newBouncer(target, nil, nil, env)
	if err == nil && b.cfg == nil {
		return drivers.Finding{}, true // the target is the console itself
	}
	if err == nil {
		b.decided, b.is = true, true
		_, err = b.connectLocked(ctx)
		b.closeLocked()
	}
	if err == nil {
		return drivers.Finding{}, true
	}
	return drivers.Finding{Kind: "other",
		Message: fmt.Sprintf("postgres: the target is a connection pooler (the process ID it gave at login is not the server backend's), but its admin console cannot be read: %v; bouncer.* and server.conns will have no data.",
			scrub(scrub(err, env.URL), env.AdminURL)),
		Hint: "List the role in PgBouncer's stats_users (or admin_users), or give the console's URL with --postgres-admin URL (or STRESSQL_POSTGRES_ADMIN_URL)."}, false
}

// missingCreate is the problem of a role without CREATE on the database,
// with the statement that fixes it.
func missingCreate(user, db string) drivers.Finding {
	u, d := pgx.Identifier{user}.Sanitize(), pgx.Identifier{db}.Sanitize()
	return drivers.Finding{
		Kind: "permission",
		Message: fmt.Sprintf("postgres: role %s may not create schemas in database %s (CREATE privilege missing).",
			u, d),
		Hint: fmt.Sprintf("Run as a superuser or the database owner: GRANT CREATE ON DATABASE %s TO %s;", d, u),
	}
}

// tryCreateSchema creates and drops the schema name in one simple-protocol
// query, which the server runs as one implicit transaction: when either
// statement fails, neither stays, so the server keeps nothing. One query,
// not BEGIN … ROLLBACK, so that it also works through PgBouncer in
// statement mode, which refuses transaction blocks (and closes the
// connection).
func tryCreateSchema(ctx context.Context, conn *pgx.Conn, name, user, db, url string) (drivers.Finding, bool) {
	if name == "" {
		name = "stressql_preflight"
	}
	q := quoteIdent(name)
	_, err := conn.Exec(ctx, "create schema "+q+"; drop schema "+q, pgx.QueryExecModeSimpleProtocol)
	if err == nil {
		return drivers.Finding{}, true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42501" { // insufficient_privilege
		return missingCreate(user, db), false
	}
	return drivers.Finding{Kind: "permission",
		Message: fmt.Sprintf("postgres: role %s could not create a schema in database %s: %v",
			pgx.Identifier{user}.Sanitize(), pgx.Identifier{db}.Sanitize(), scrub(err, url)),
		Hint: "stressql puts each scenario's tables in a schema of its own; it needs a writable primary server and CREATE on the database.",
	}, false
}

// connectProblem explains why connecting failed: nothing answers, the
// login was refused, the database is missing, or the server is full.
func connectProblem(err error, where, user, db, url string) drivers.Finding {
	u, d := pgx.Identifier{user}.Sanitize(), pgx.Identifier{db}.Sanitize()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "28P01", "28000": // invalid_password, invalid_authorization_specification
			return drivers.Finding{Kind: "auth",
				Message: fmt.Sprintf("postgres: %s rejected the login of role %s to database %s: %s (SQLSTATE %s).",
					where, u, d, pgErr.Message, pgErr.Code),
				Hint: "Check the user name and password of the target URL (and pg_hba.conf on the server)."}
		case "3D000": // invalid_catalog_name
			return drivers.Finding{Kind: "other",
				Message: fmt.Sprintf("postgres: database %s does not exist on %s.", d, where),
				Hint:    fmt.Sprintf("Create it (CREATE DATABASE %s OWNER %s;) or name another database in the target URL.", d, u)}
		case "53300": // too_many_connections
			return drivers.Finding{Kind: "limit",
				Message: fmt.Sprintf("postgres: %s accepts no more connections: %s (SQLSTATE 53300).", where, pgErr.Message),
				Hint:    "Close other clients of the server, or raise max_connections (or the role's CONNECTION LIMIT)."}
		}
		return drivers.Finding{Kind: "other",
			Message: fmt.Sprintf("postgres: %s refused the connection: %s (SQLSTATE %s).", where, pgErr.Message, pgErr.Code)}
	}
	switch kind := Classify(err); kind {
	case errkind.Timeout, errkind.Reset:
		if drivers.TCPAnswers(where) {
			return drivers.Finding{Kind: "unreachable",
				Message: fmt.Sprintf("postgres: %s accepts TCP connections but did not complete the PostgreSQL handshake (%s): is it a PostgreSQL server?",
					where, netReason(err, kind))}
		}
		return drivers.Finding{Kind: "unreachable",
			Message: fmt.Sprintf("postgres: nothing answers at %s (%s).", where, netReason(err, kind))}
	case errkind.Refused, errkind.DNS:
		return drivers.Finding{Kind: "unreachable",
			Message: fmt.Sprintf("postgres: nothing answers at %s (%s).", where, netReason(err, kind))}
	case errkind.TLS:
		return drivers.Finding{Kind: "other",
			Message: fmt.Sprintf("postgres: TLS with %s failed: %v", where, scrub(err, url)),
			Hint:    "Check the sslmode of the target URL against the server's ssl setting."}
	}
	return drivers.Finding{Kind: "unreachable",
		Message: fmt.Sprintf("postgres: connecting to %s failed: %v", where, scrub(err, url))}
}

// netReason is a short reason for a network failure.
func netReason(err error, kind string) string {
	switch kind {
	case errkind.Refused:
		return "connection refused"
	case errkind.Timeout:
		return fmt.Sprintf("no answer within %s", PreflightTimeout)
	case errkind.Reset:
		return "the connection was closed before the server answered"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "host name " + dnsErr.Name + " does not resolve"
	}
	return err.Error()
}
