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
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgVerdicts[pgErr.Code]
	}
	var redisErr redis.Error
	if errors.As(err, &redisErr) {
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
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

func isTLS(err error) bool {
	var (
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
		verifyErr   *tls.CertificateVerificationError
		authErr     x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		echRejected *tls.ECHRejectionError
	)
	if errors.Is(err, drivers.ErrTLSHandshake) {
		return true
	}
	return errors.As(err, &recordErr) || errors.As(err, &alertErr) ||
		errors.As(err, &verifyErr) || errors.As(err, &authErr) ||
		errors.As(err, &hostErr) || errors.As(err, &invalidErr) ||
		errors.As(err, &echRejected)
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
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		pgconn.Timeout(err) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
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
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		for _, code := range serverEnded {
			if pgErr.Code == code {
				return true
			}
		}
	}
	return false
}

func isQuery(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return true
	}
	var redisErr redis.Error
	return errors.As(err, &redisErr)
}
