package errkind

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"
	"github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
)

// Classify returns the kind of err, one of results.ErrorKinds, or "" for
// a nil error. The order of the tests matters: pgconn and go-redis wrap
// network errors, and a deadline hit while waiting for a pool connection
// is an acquire timeout, not an I/O timeout. The server's own verdict on a
// connection (auth, conn_limit, permission) and a failed TLS handshake come
// before acquire_timeout: a pool that dials for an acquire returns the
// dial's error, possibly wrapped in an acquire timeout when the deadline
// passed meanwhile, and the dial's cause is what explains the failure.
func Classify(err error) string {
	if err == nil {
		return ""
	}
	switch {
	case errors.Is(err, drivers.ErrInjected):
		return Injected
	case errors.Is(err, circuitbreaker.ErrOpen):
		return BreakerOpen
	}
	if kind := serverVerdict(err); kind != "" {
		return kind
	}
	switch {
	case isTLS(err):
		return TLS
	case errors.Is(err, drivers.ErrAcquireTimeout), errors.Is(err, redis.ErrPoolTimeout),
		errors.Is(err, redis.ErrPoolExhausted):
		return AcquireTimeout
	case errors.Is(err, drivers.ErrPoolClosed), errors.Is(err, puddle.ErrClosedPool),
		errors.Is(err, redis.ErrClosed):
		return Closed
	case isDNS(err):
		return DNS
	case isTimeout(err):
		return Timeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return Refused
	case isReset(err):
		return Reset
	case isQuery(err):
		return Query
	case errors.Is(err, net.ErrClosed):
		return Closed
	case isTLSMessage(err):
		return TLS
	}
	return Other
}

// SQLSTATEs of the kinds the server decides (PostgreSQL appendix A).
var pgVerdicts = map[string]string{
	"28P01": Auth,       // invalid_password
	"28000": Auth,       // invalid_authorization_specification: no pg_hba.conf entry, NOLOGIN role
	"53300": ConnLimit,  // too_many_connections: max_connections, reserved slots, role or database CONNECTION LIMIT
	"42501": Permission, // insufficient_privilege
}

// serverVerdict returns auth, conn_limit or permission when the server
// said so in a PostgreSQL error (by SQLSTATE) or a Redis error reply (by
// its code word, which Redis documents as the stable part), else "".
func serverVerdict(err error) string {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pgVerdicts[pgErr.Code]
	}
	if redisErr, ok := errors.AsType[redis.Error](err); ok {
		return redisVerdict(redisErr.Error())
	}
	return ""
}

// redisVerdict classifies a Redis error reply (without its leading '-').
func redisVerdict(msg string) string {
	switch {
	case strings.HasPrefix(msg, "WRONGPASS"), strings.HasPrefix(msg, "NOAUTH"),
		strings.Contains(msg, "invalid username-password pair"),
		strings.HasPrefix(msg, "ERR invalid password"), // Redis before 6
		strings.HasPrefix(msg, "ERR AUTH") && strings.Contains(msg, "without any password configured"):
		return Auth
	case strings.HasPrefix(msg, "ERR max number of clients reached"):
		return ConnLimit
	case strings.HasPrefix(msg, "NOPERM"):
		return Permission
	}
	return ""
}

func isDNS(err error) bool {
	_, ok := errors.AsType[*net.DNSError](err)
	return ok
}

func isTLS(err error) bool {
	if errors.Is(err, drivers.ErrTLSHandshake) {
		return true
	}
	return is[tls.RecordHeaderError](err) || is[tls.AlertError](err) ||
		is[*tls.CertificateVerificationError](err) || is[x509.UnknownAuthorityError](err) ||
		is[x509.HostnameError](err) || is[x509.CertificateInvalidError](err) ||
		is[*tls.ECHRejectionError](err)
}

// is reports whether err's chain has an E. errors.AsType, unlike
// errors.As, needs no pointer that escapes: classifying allocates nothing.
func is[E error](err error) bool {
	_, ok := errors.AsType[E](err)
	return ok
}

// isTLSMessage catches TLS failures that only exist as messages: pgconn's
// "server refused TLS connection" (the server answered the SSLRequest with
// 'N') and crypto/tls's plain errors ("tls: ..."). It is the last test
// because building a message can allocate.
func isTLSMessage(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "refused TLS") || strings.Contains(msg, "tls: ")
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	if netErr, ok := errors.AsType[net.Error](err); ok && netErr.Timeout() {
		return true
	}
	// pgconn's timeout wraps the context's error or a net.Error timeout,
	// both caught above, except a cancellation. pgconn.Timeout uses
	// errors.As, which allocates: ask it only then.
	return errors.Is(err, context.Canceled) && pgconn.Timeout(err)
}

// serverEnded are the SQLSTATEs of a backend the server ended:
// admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now.
var serverEnded = [...]string{"57P01", "57P02", "57P03"}

func isReset(err error) bool {
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, pgconn.ErrConnClosed) {
		return true
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		for _, code := range serverEnded {
			if pgErr.Code == code {
				return true
			}
		}
	}
	return false
}

func isQuery(err error) bool {
	return is[*pgconn.PgError](err) || is[redis.Error](err)
}
