package errkind_test

import (
	"context"
	"errors"
	"io"
	"maps"
	"net"
	"syscall"
	"testing"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	redisdriver "github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/results"
)

// TestPrecedenceMatchesTable: of an error that is two kinds at once, each
// classifier picks the one results.ErrorKindTable ranks first, as the
// docs' error kind table (listed in that order) says. The samples are the
// driver-independent ones and each driver's own, each paired with every
// other but another of the driver's own.
func TestPrecedenceMatchesTable(t *testing.T) {
	t.Parallel()
	common := map[string]error{
		errkind.Injected:       drivers.ErrInjected,
		errkind.BreakerOpen:    circuitbreaker.ErrOpen,
		errkind.TLS:            drivers.ErrTLSHandshake,
		errkind.AcquireTimeout: drivers.ErrAcquireTimeout,
		errkind.Closed:         drivers.ErrPoolClosed,
		errkind.DNS:            &net.DNSError{Err: "no such host", Name: "db.invalid", IsNotFound: true},
		errkind.Timeout:        context.DeadlineExceeded,
		errkind.Refused:        syscall.ECONNREFUSED,
		errkind.Reset:          syscall.ECONNRESET,
		errkind.Other:          errors.New("something else"),
	}
	with := func(own map[string]error) map[string]error {
		m := maps.Clone(common)
		maps.Copy(m, own)
		return m
	}
	samples := map[string]map[string]error{
		"errkind": common,
		"postgres": with(map[string]error{
			errkind.Auth:       &pgconn.PgError{Severity: "FATAL", Code: "28P01", Message: "password authentication failed"},
			errkind.ConnLimit:  &pgconn.PgError{Severity: "FATAL", Code: "53300", Message: "sorry, too many clients already"},
			errkind.Permission: &pgconn.PgError{Code: "42501", Message: "permission denied for table t"},
			errkind.Query:      &pgconn.PgError{Code: "42601", Message: "syntax error"},
		}),
		"redis": with(map[string]error{
			errkind.Auth:       redisReply("WRONGPASS invalid username-password pair or user is disabled."),
			errkind.ConnLimit:  redisReply("ERR max number of clients reached"),
			errkind.Permission: redisReply("NOPERM No permissions to access a key"),
			errkind.Query:      redisReply("ERR value is not an integer or out of range"),
			errkind.ReadOnly:   redisReply("READONLY You can't write against a read only replica."),
			errkind.StaleConn:  &redisdriver.StaleConnError{Addr: "127.0.0.1:6379", Err: io.EOF},
		}),
	}
	rank := map[string]int{}
	for _, k := range results.ErrorKindTable {
		rank[k.Name] = k.Precedence
	}
	for _, c := range classifiers {
		for a, ea := range samples[c.name] {
			if got := c.classify(ea); got != a {
				t.Fatalf("%s: sample of %s classifies as %s", c.name, a, got)
			}
			for b, eb := range samples[c.name] {
				// Two server errors in one chain do not happen: the
				// first the driver finds decides, whatever its rank.
				_, commonA := common[a]
				_, commonB := common[b]
				if a == b || !commonA && !commonB {
					continue
				}
				want := a
				if rank[b] < rank[a] {
					want = b
				}
				if got := c.classify(errors.Join(ea, eb)); got != want {
					t.Errorf("%s: %s and %s: Classify = %s; the table ranks %s first", c.name, a, b, got, want)
				}
			}
		}
	}
}

// TestFirst: First follows the table's ranks, and "" ranks last.
func TestFirst(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{errkind.Auth, errkind.AcquireTimeout, errkind.Auth},
		{errkind.AcquireTimeout, errkind.Auth, errkind.Auth},
		{errkind.Query, errkind.Reset, errkind.Reset},
		{"", errkind.Query, errkind.Query},
		{errkind.Other, "", errkind.Other},
		{"", "", ""},
	} {
		if got := errkind.First(tt.a, tt.b); got != tt.want {
			t.Errorf("First(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}
