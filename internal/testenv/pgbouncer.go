package testenv

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/stressql/stressql/ephemeral"
)

// PgBouncerOptions are the settings of a throwaway PgBouncer beyond its
// pool mode.
type PgBouncerOptions struct {
	// AuthType is md5 or scram-sha-256 (default md5).
	AuthType string
	// PoolSize is default_pool_size: the server connections per
	// database/user pair (default 4).
	PoolSize int
	// MaxClientConn is max_client_conn (default 200).
	MaxClientConn int
	// Settings are extra [pgbouncer] lines, e.g. "max_prepared_statements = 100".
	Settings []string
}

// StartPgBouncer starts a throwaway pgbouncer in front of the PostgreSQL
// test server on a free 127.0.0.1 port, with pool_mode mode (session,
// transaction or statement), a temporary configuration and userlist that
// let the test role in with its password (auth_type md5 unless o says
// scram-sha-256) and make it an admin user, and stops it when the test
// ends (package ephemeral's StartPgBouncer, which `run --ephemeral` uses
// for a pgbouncer topology). It returns the bouncer's URL (same role,
// password and database as the test server's, sslmode=disable); its
// admin console is database `pgbouncer` at the same address
// (PgBouncerAdminURL). A missing pgbouncer binary skips the test, except
// under CI=true.
func StartPgBouncer(t testing.TB, mode string, opts ...PgBouncerOptions) string {
	t.Helper()
	var o PgBouncerOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.PoolSize == 0 {
		o.PoolSize = 4
	}
	if o.MaxClientConn == 0 {
		o.MaxClientConn = 200
	}
	switch mode {
	case "session", "transaction", "statement":
	default:
		t.Fatalf("StartPgBouncer: pool mode %q: want session, transaction or statement", mode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), ephemeral.StartTimeout)
	defer cancel()
	s, err := ephemeral.StartPgBouncer(ctx, ephemeral.PgBouncerConfig{
		Server: URL(t, "postgres"), PoolMode: mode, AuthType: o.AuthType,
		DefaultPoolSize: o.PoolSize, MaxClientConn: o.MaxClientConn, Settings: o.Settings,
	})
	if errors.Is(err, ephemeral.ErrMissing) {
		Missing(t, "pgbouncer is not installed (scripts/ensure-servers.sh installs it)")
	}
	if err != nil {
		t.Fatalf("StartPgBouncer: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("StartPgBouncer: stop: %v", err)
		}
	})
	return s.URL
}

// PgBouncerAdminURL is the URL of the admin console of the bouncer at
// bouncerURL: database `pgbouncer`, same role and password.
func PgBouncerAdminURL(t testing.TB, bouncerURL string) string {
	t.Helper()
	u, err := url.Parse(bouncerURL)
	if err != nil {
		t.Fatalf("PgBouncerAdminURL: %v", err)
	}
	u.Path = "/pgbouncer"
	return u.String()
}
