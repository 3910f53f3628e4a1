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

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/results"
)

// Classify returns the kind of err, one of results.ErrorKinds, or "" for
// a nil error, by the driver-independent tests alone: Common, then Last.
// It is the classifier of a driver without its own error types; a
// driver's Classify adds its types' kinds (postgres.Classify,
// redis.Classify).
func Classify(err error) string {
	if err == nil {
		return ""
	}
	if kind, ok := Common(err); ok {
		return kind
	}
	return Last(err)
}

// Common returns the kind of err that the driver-independent types in its
// chain decide, ranked first in results.ErrorKindTable, and true; "" and
// false when none does (a nil err included). They are the engine's own
// errors (package drivers, circuitbreaker.ErrOpen), TLS and certificate
// errors, DNS, deadlines and network timeouts, and the syscall and io
// errors of a refused or broken connection. The order of the tests is the
// table's: a deadline hit while waiting for a pool connection is an
// acquire timeout, not an I/O timeout. It reads no message, so it
// allocates nothing.
//
// A driver's classifier calls Common, finds the kind its own error types
// decide, keeps the one the table ranks first (First), and falls back on
// Last when neither applies.
func Common(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	switch {
	case errors.Is(err, drivers.ErrInjected):
		return Injected, true
	case errors.Is(err, circuitbreaker.ErrOpen):
		return BreakerOpen, true
	case isTLS(err):
		return TLS, true
	case errors.Is(err, drivers.ErrAcquireTimeout):
		return AcquireTimeout, true
	case errors.Is(err, drivers.ErrPoolClosed):
		return Closed, true
	case isDNS(err):
		return DNS, true
	case isTimeout(err):
		return Timeout, true
	case errors.Is(err, syscall.ECONNREFUSED):
		return Refused, true
	case isReset(err):
		return Reset, true
	}
	return "", false
}

// Last is the classification's last resort, once neither Common nor the
// driver's own types decided: closed for a use of a closed network
// connection (net.ErrClosed), tls for a TLS failure that only exists as a
// message (crypto/tls's plain errors, "tls: ...", or one of the driver's
// tlsPhrases, such as pgconn's "refused TLS"), else other. It comes last
// because building a message can allocate.
func Last(err error, tlsPhrases ...string) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, net.ErrClosed) {
		return Closed
	}
	msg := err.Error()
	if strings.Contains(msg, "tls: ") {
		return TLS
	}
	for _, p := range tlsPhrases {
		if strings.Contains(msg, p) {
			return TLS
		}
	}
	return Other
}

// rank is each kind's Precedence in results.ErrorKindTable.
var rank = func() map[string]int {
	m := make(map[string]int, len(results.ErrorKindTable))
	for _, k := range results.ErrorKindTable {
		m[k.Name] = k.Precedence
	}
	return m
}()

// First returns whichever of kinds a and b results.ErrorKindTable ranks
// first; "" ranks after every kind.
func First(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case rank[b] < rank[a]:
		return b
	}
	return a
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

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	netErr, ok := errors.AsType[net.Error](err)
	return ok && netErr.Timeout()
}

func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF)
}
