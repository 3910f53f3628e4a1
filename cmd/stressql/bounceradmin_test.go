package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stressql/stressql/internal/testenv"
)

// bouncerScenario is a postgres scenario that reads bouncer.* in a check.
const bouncerScenario = `scenario "through_bouncer" {
  driver = "postgres"

  pool {
    query_exec_mode = "exec"
  }

  load "selects" {
    pattern  = "constant_workers"
    workers  = 2
    duration = "1s"
    step "query" {
      sql  = "SELECT $1::int"
      args = [iteration]
    }
  }

  check "the bouncer's stats are read" {
    condition = ops.failed == 0 && bouncer.sv_active.samples > 0 && bouncer.xacts > 0
  }
}
`

// TestPostgresAdminFlag: --postgres-admin (and STRESSQL_POSTGRES_ADMIN_URL)
// is where the bouncer's admin console is read — a relay in front of it
// sees the connections and the scenario's bouncer checks pass — and its
// password, wrong or right, given in the flag or the environment, never
// appears on stdout, stderr or in the JSON report.
func TestPostgresAdminFlag(t *testing.T) {
	bouncer := testenv.StartPgBouncer(t, "transaction", testenv.PgBouncerOptions{PoolSize: 2})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.hcl"), []byte(bouncerScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	admin, err := url.Parse(testenv.PgBouncerAdminURL(t, bouncer))
	if err != nil {
		t.Fatal(err)
	}
	relay := testenv.NewForwarder(t, admin.Host)
	secret, _ := admin.User.Password()
	const wrong = "Adm1nWr0ngPw"
	withPassword := func(pw string) string {
		u := *admin
		u.Host = relay.Addr()
		u.User = url.UserPassword(admin.User.Username(), pw)
		return u.String()
	}
	for _, c := range []struct {
		name     string
		flag     string
		env      string
		wantCode int
		secret   string
	}{
		{"flag", withPassword(secret), "", 0, ""},
		{"environment", "", withPassword(secret), 0, ""},
		{"flag, wrong password", withPassword(wrong), "", 1, wrong},
		{"environment, unparsable", "", "postgres://" + admin.User.Username() + ":" + wrong + "%zz@" + relay.Addr() + "/pgbouncer", 1, wrong},
	} {
		t.Run(c.name, func(t *testing.T) {
			accepted := relay.Accepted()
			jsonPath := filepath.Join(t.TempDir(), "r.json")
			args := []string{"run", dir, "--postgres", bouncer, "--json", jsonPath, "--no-color", "--grace", "1s", "--seed", "1"}
			if c.flag != "" {
				args = append(args, "--postgres-admin", c.flag)
			}
			res := cliEnv(t, map[string]string{"STRESSQL_POSTGRES_ADMIN_URL": c.env}, args...)
			if res.code != c.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, c.wantCode, res.stdout, res.stderr)
			}
			if c.wantCode == 0 && relay.Accepted() == accepted {
				t.Errorf("no connection to the admin console URL given")
			}
			data, err := os.ReadFile(jsonPath)
			if err != nil {
				t.Fatal(err)
			}
			data = withoutHistograms(t, data)
			if !json.Valid(data) {
				t.Fatal("invalid JSON report")
			}
			for where, out := range map[string]string{"stdout": res.stdout, "stderr": res.stderr, "JSON": string(data)} {
				if c.secret != "" && strings.Contains(out, c.secret) {
					t.Errorf("%s holds the admin console's password:\n%s", where, out)
				}
			}
		})
	}
}
