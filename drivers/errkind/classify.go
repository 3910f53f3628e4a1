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
// is an acquire timeout, not an I/O timeout.
func Classify(err error) string {
	if err == nil {
		return ""
	}
	switch {
	case errors.Is(err, drivers.ErrInjected):
		return Injected
	case errors.Is(err, circuitbreaker.ErrOpen):
		return BreakerOpen
	case errors.Is(err, drivers.ErrAcquireTimeout), errors.Is(err, redis.ErrPoolTimeout),
		errors.Is(err, redis.ErrPoolExhausted):
		return AcquireTimeout
	case errors.Is(err, drivers.ErrPoolClosed), errors.Is(err, puddle.ErrClosedPool),
		errors.Is(err, redis.ErrClosed):
		return Closed
	case isDNS(err):
		return DNS
	case isTLS(err):
		return TLS
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
