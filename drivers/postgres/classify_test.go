package postgres

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
)

// TestClassifyConstructed: the kinds pgx's error types decide, and where
// they rank against the driver-independent ones (the real failures are in
// drivers/errkind's TestPostgresFailures).
func TestClassifyConstructed(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		// A pool that dialed for the acquire while its deadline passed
		// wraps the dial's error in the acquire timeout: the dial's cause
		// explains the failure.
		{"auth beats the acquire timeout that wraps it",
			fmt.Errorf("acquire: %w after 5s: %w", drivers.ErrAcquireTimeout, &pgconn.PgError{Severity: "FATAL", Code: "28P01"}), errkind.Auth},
		{"no pg_hba.conf entry", &pgconn.PgError{Severity: "FATAL", Code: "28000"}, errkind.Auth},
		{"conn_limit beats the acquire timeout that wraps it",
			fmt.Errorf("acquire: %w after 5s: %w", drivers.ErrAcquireTimeout, &pgconn.PgError{Severity: "FATAL", Code: "53300"}), errkind.ConnLimit},
		{"permission beats the acquire timeout that wraps it",
			fmt.Errorf("acquire: %w after 5s: %w", drivers.ErrAcquireTimeout, &pgconn.PgError{Code: "42501"}), errkind.Permission},
		{"auth beats tls", errors.Join(x509.UnknownAuthorityError{}, &pgconn.PgError{Code: "28P01"}), errkind.Auth},
		{"prepared statement already exists (PgBouncer transaction pooling)", &pgconn.PgError{Code: "42P05",
			Message: `prepared statement "stressql_0a1b" already exists`}, errkind.PreparedStmt},
		{"prepared statement does not exist", fmt.Errorf("query: %w", &pgconn.PgError{Code: "26000",
			Message: `prepared statement "stressql_0a1b" does not exist`}), errkind.PreparedStmt},
		{"other SQLSTATEs stay query", &pgconn.PgError{Code: "42P01"}, errkind.Query},
		{"a server error whose message speaks of TLS stays query", &pgconn.PgError{Code: "XX000", Message: "tls: bad"}, errkind.Query},
		{"reserved connection slots", &pgconn.PgError{Severity: "FATAL", Code: "53300",
			Message: "remaining connection slots are reserved for roles with the SUPERUSER attribute"}, errkind.ConnLimit},
		{"terminated by the server", &pgconn.PgError{Severity: "FATAL", Code: "57P01"}, errkind.Reset},
		{"server starting up", &pgconn.PgError{Severity: "FATAL", Code: "57P03"}, errkind.Reset},
		{"a deadline beats a server end", errors.Join(context.DeadlineExceeded, &pgconn.PgError{Code: "57P01"}), errkind.Timeout},
		{"pgconn's closed connection", fmt.Errorf("x: %w", pgconn.ErrConnClosed), errkind.Reset},
		{"puddle's closed pool", fmt.Errorf("acquire: %w", puddle.ErrClosedPool), errkind.Closed},
		{"acquire timeout beats a closed pool", errors.Join(puddle.ErrClosedPool, drivers.ErrAcquireTimeout), errkind.AcquireTimeout},
		{"the server answered the SSLRequest with N", errors.New("failed to connect to `host=h`: server refused TLS connection"), errkind.TLS},
		{"canceled", context.Canceled, errkind.Other},
		{"injected", fmt.Errorf("x: %w", drivers.ErrInjected), errkind.Injected},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("%s: Classify(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
	if got := Descriptor.Classify(&pgconn.PgError{Code: "28P01"}); got != errkind.Auth {
		t.Errorf("Descriptor.Classify is not the driver's: %q", got)
	}
}
