package errkind_test

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/results"
)

// TestPrecedenceMatchesTable: of an error that is two kinds at once,
// Classify picks the one results.ErrorKindTable ranks first, as the docs'
// error kind table (listed in that order) says.
func TestPrecedenceMatchesTable(t *testing.T) {
	t.Parallel()
	samples := map[string]error{
		errkind.Injected:       drivers.ErrInjected,
		errkind.BreakerOpen:    circuitbreaker.ErrOpen,
		errkind.Auth:           &pgconn.PgError{Severity: "FATAL", Code: "28P01", Message: "password authentication failed"},
		errkind.TLS:            drivers.ErrTLSHandshake,
		errkind.AcquireTimeout: drivers.ErrAcquireTimeout,
		errkind.Closed:         drivers.ErrPoolClosed,
		errkind.DNS:            &net.DNSError{Err: "no such host", Name: "db.invalid", IsNotFound: true},
		errkind.Timeout:        context.DeadlineExceeded,
		errkind.Refused:        syscall.ECONNREFUSED,
		errkind.Reset:          syscall.ECONNRESET,
		errkind.Other:          errors.New("something else"),
	}
	rank := map[string]int{}
	for _, k := range results.ErrorKindTable {
		rank[k.Name] = k.Precedence
	}
	for a, ea := range samples {
		if got := errkind.Classify(ea); got != a {
			t.Fatalf("sample of %s classifies as %s", a, got)
		}
		for b, eb := range samples {
			if a == b {
				continue
			}
			want := a
			if rank[b] < rank[a] {
				want = b
			}
			if got := errkind.Classify(errors.Join(ea, eb)); got != want {
				t.Errorf("%s and %s: Classify = %s; the table ranks %s first", a, b, got, want)
			}
		}
	}
}
