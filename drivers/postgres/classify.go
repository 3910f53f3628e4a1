package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"

	"github.com/stressql/stressql/drivers/errkind"
)

// Classify returns the kind of an error of the driver (one of
// results.ErrorKinds; "" for nil): the kind pgx's error types decide or
// the driver-independent one (errkind.Common), whichever
// results.ErrorKindTable ranks first, else errkind.Last. pgconn wraps the
// network's errors (a pgconn.ConnectError unwraps to the dial's cause),
// and the server's verdict on a connection (auth, conn_limit, permission)
// ranks before tls and acquire_timeout: a pool that dials for an acquire
// returns the dial's error, possibly wrapped in an acquire timeout when
// the deadline passed meanwhile, and the dial's cause explains the
// failure. Classifying an error its type explains allocates nothing.
func Classify(err error) string {
	if err == nil {
		return ""
	}
	kind, _ := errkind.Common(err)
	if own := pgKind(err); own != "" {
		kind = errkind.First(kind, own)
	}
	if kind != "" {
		return kind
	}
	// pgconn's "server refused TLS connection": the server answered the
	// SSLRequest with 'N'.
	return errkind.Last(err, "refused TLS")
}

// SQLSTATEs of the kinds the server decides (PostgreSQL appendix A).
var pgVerdicts = map[string]string{
	"28P01": errkind.Auth,       // invalid_password
	"28000": errkind.Auth,       // invalid_authorization_specification: no pg_hba.conf entry, NOLOGIN role
	"53300": errkind.ConnLimit,  // too_many_connections: max_connections, reserved slots, role or database CONNECTION LIMIT
	"42501": errkind.Permission, // insufficient_privilege
	// duplicate_prepared_statement / invalid_sql_statement_name: the
	// statement cache of a connection does not match the server
	// connection it is on (PgBouncer in transaction or statement mode).
	"42P05": errkind.PreparedStmt,
	"26000": errkind.PreparedStmt,
}

// serverEnded are the SQLSTATEs of a backend the server ended:
// admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now.
var serverEnded = [...]string{"57P01", "57P02", "57P03"}

// pgKind is the kind pgx's own error types decide, "" when none does. Its
// tests are in the table's order: the server's verdict by SQLSTATE, a
// closed pool, pgconn's timeout, a connection pgconn or the server
// closed, any other server error.
func pgKind(err error) string {
	pgErr, isPg := errors.AsType[*pgconn.PgError](err)
	if isPg {
		if kind := pgVerdicts[pgErr.Code]; kind != "" {
			return kind
		}
	}
	switch {
	case errors.Is(err, puddle.ErrClosedPool):
		return errkind.Closed
	// pgconn's timeout wraps the context's error or a net.Error timeout,
	// both errkind.Common's, except a cancellation. pgconn.Timeout uses
	// errors.As, which allocates: ask it only then.
	case errors.Is(err, context.Canceled) && pgconn.Timeout(err):
		return errkind.Timeout
	case errors.Is(err, pgconn.ErrConnClosed):
		return errkind.Reset
	}
	if !isPg {
		return ""
	}
	for _, code := range serverEnded {
		if pgErr.Code == code {
			return errkind.Reset
		}
	}
	return errkind.Query
}
