package postgres

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
)

// TestPreflight runs the probe against the real server as roles that can
// and cannot do what a run needs.
func TestPreflight(t *testing.T) {
	base := testEnv(t)
	const pw = "pf@:/%!pw"
	noCreate := testenv.TempRole(t, testenv.RoleOptions{Password: pw, CanCreate: false})
	limited := testenv.TempRole(t, testenv.RoleOptions{Password: pw, ConnLimit: 2, CanCreate: true})
	dead := "postgres://stressql:" + "secretpw" + "@" + testenv.DeadAddr(t) + "/stressql"
	// A server that accepts TCP and never speaks (not PostgreSQL).
	silent := testenv.Listen(t, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })

	tests := []struct {
		name     string
		url      string
		kind     string // the problem's kind; "" none
		contains []string
		limit    string // a Limits entry containing this
	}{
		{name: "healthy", url: base.URL, limit: "max_connections"},
		{name: "no CREATE on the database", url: testenv.RoleURL(t, noCreate, pw), kind: "permission",
			contains: []string{`role "` + noCreate + `" may not create schemas in database`, "CREATE privilege missing",
				`GRANT CREATE ON DATABASE "`, `" TO "` + noCreate + `";`}},
		{name: "wrong password", url: testenv.RoleURL(t, noCreate, "wrong"), kind: "auth",
			contains: []string{"rejected the login", "password authentication failed", "28P01"}},
		{name: "dead address", url: dead, kind: "unreachable", contains: []string{"nothing answers at 127.0.0.1:", "connection refused"}},
		{name: "silent server", url: "postgres://u:secretpw@" + silent + "/db", kind: "unreachable",
			contains: []string{silent + " accepts TCP connections but did not complete the PostgreSQL handshake"}},
		{name: "missing database", url: otherDB(base.URL, "stressql_no_such_db"), kind: "other",
			contains: []string{`database "stressql_no_such_db" does not exist`}},
		{name: "role CONNECTION LIMIT", url: testenv.RoleURL(t, limited, pw), limit: `CONNECTION LIMIT 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := testEnv(t).Namespace
			start := time.Now()
			res := Preflight(context.Background(), drivers.PreflightRequest{
				Env: drivers.Env{URL: tt.url, AppName: "stressql:pftest:0:preflight", Namespace: ns}})
			if d := time.Since(start); d > PreflightTimeout+2*time.Second {
				t.Errorf("Preflight took %s", d)
			}
			var got []drivers.Finding
			got = append(got, res.Problems...)
			got = append(got, res.Warnings...)
			for _, f := range got {
				if strings.Contains(f.Message+f.Hint, pw) || strings.Contains(f.Message+f.Hint, "secretpw") {
					t.Errorf("the password appears in %+v", f)
				}
			}
			switch {
			case tt.kind == "" && len(res.Problems) > 0:
				t.Fatalf("problems %+v, want none", res.Problems)
			case tt.kind != "" && (len(res.Problems) != 1 || res.Problems[0].Kind != tt.kind):
				t.Fatalf("problems %+v, want one of kind %s", res.Problems, tt.kind)
			}
			if tt.kind != "" {
				text := res.Problems[0].Message + " " + res.Problems[0].Hint
				for _, want := range tt.contains {
					if !strings.Contains(text, want) {
						t.Errorf("%q lacks %q", text, want)
					}
				}
			}
			if tt.limit != "" {
				found := false
				for _, l := range res.Limits {
					if strings.Contains(l.What, tt.limit) && l.Max > 0 {
						found = true
					}
				}
				if !found {
					t.Errorf("limits %+v lack %q", res.Limits, tt.limit)
				}
			}
			assertNoSchema(t, ns)
		})
	}
}

// otherDB is url with its database replaced.
func otherDB(url, db string) string {
	i := strings.LastIndex(url, "/")
	q := strings.IndexByte(url[i:], '?')
	if q < 0 {
		return url[:i+1] + db
	}
	return url[:i+1] + db + url[i+q:]
}

// assertNoSchema fails when schema ns exists.
func assertNoSchema(t *testing.T, ns string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, testenv.URL(t, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "select count(*) from pg_namespace where nspname = $1", ns).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("schema %s was left behind", ns)
	}
}

// TestPreflightLeavesExistingSchema: the probe creates its namespace for
// real (inside a transaction it rolls back), so a name that already exists
// is a problem, and the existing schema is left alone.
func TestPreflightLeavesExistingSchema(t *testing.T) {
	env := testEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, env.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	ns := env.Namespace
	if _, err := c.Exec(ctx, "create schema "+quoteIdent(ns)); err != nil {
		t.Fatal(err)
	}
	defer c.Exec(context.Background(), "drop schema if exists "+quoteIdent(ns)) //nolint:errcheck
	res := Preflight(ctx, drivers.PreflightRequest{Env: drivers.Env{URL: env.URL, Namespace: ns}})
	// create schema fails on an existing name: the probe says so rather
	// than pass for a namespace it could not create.
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, "could not create a schema") {
		t.Errorf("problems %+v, want one naming the failed create", res.Problems)
	}
	var n int
	if err := c.QueryRow(ctx, "select count(*) from pg_namespace where nspname = $1", ns).Scan(&n); err != nil || n != 1 {
		t.Errorf("the existing schema is gone (%d, %v)", n, err)
	}
}
