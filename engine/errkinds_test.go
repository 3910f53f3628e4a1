package engine

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// wrongPassword has the characters that percent-encoding changes, so a
// leak in any form shows.
const wrongPassword = "wr0ng@p:ss/%w!#?&="

// TestErrorKindsThroughTheEngine: a scenario against a server that
// rejects its credentials or its privileges counts every failed
// iteration in the kind that explains it, not query or acquire_timeout,
// and carries the first message of that kind, without the password, at
// the scenario and the load level.
func TestErrorKindsThroughTheEngine(t *testing.T) {
	const n = 6
	pgRole := func(t *testing.T, o testenv.RoleOptions, password string) string {
		return testenv.RoleURL(t, testenv.TempRole(t, o), password)
	}
	for _, tc := range []struct {
		name, driver string
		target       func(t *testing.T) string
		pool         *plan.Pool
		step         drivers.Step
		kind         string
		message      string // the example must contain it
		status       string // error when the monitor cannot log in either
	}{
		{"postgres wrong password", "postgres",
			func(t *testing.T) string { return pgRole(t, testenv.RoleOptions{Password: "right"}, wrongPassword) },
			pgPool(nil), query("SELECT 1"), "auth", "password authentication failed", results.StatusError},
		{"postgres wrong password, min_conns and a short acquire_timeout", "postgres",
			func(t *testing.T) string { return pgRole(t, testenv.RoleOptions{Password: "right"}, wrongPassword) },
			pgPool(func(c *postgres.Config) { c.MinConns, c.MaxConns, c.AcquireTimeout = 2, 2, 200e6 }),
			query("SELECT 1"), "auth", "(SQLSTATE 28P01)", results.StatusError},
		{"postgres without CREATE for the scenario's schema", "postgres",
			func(t *testing.T) string {
				return pgRole(t, testenv.RoleOptions{Password: wrongPassword}, wrongPassword)
			},
			pgPool(nil), query("SELECT 1"), "permission", "permission denied for database", results.StatusPass},
		{"redis wrong password", "redis",
			func(t *testing.T) string {
				return testenv.RedisUserURL(t, testenv.TempRedisUser(t, "right"), wrongPassword)
			},
			redisPool(nil), step(redis.KindPing), "auth", "WRONGPASS", results.StatusError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target(t)
			sc := scenario("kinds", tc.driver, tc.pool, &plan.Load{
				Name: "l", Pattern: plan.Burst, Workers: 2, Iterations: n, Steps: []drivers.Step{tc.step},
			})
			sc.Checks = []*plan.Check{check(t, "explained", fmt.Sprintf("errors.%s == %d", tc.kind, n), nil)}
			r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}},
				Options{Targets: map[string]string{tc.driver: target}})
			sr := r.Scenarios[0]
			res := sr.Result
			for _, k := range results.ErrorKinds {
				want := int64(0)
				if k == tc.kind {
					want = n
				}
				if got := res.Errors[k]; got != want {
					t.Errorf("errors.%s = %d, want %d (examples %v)", k, got, want, res.ErrorExamples)
				}
			}
			mustStatus(t, sr, tc.status)
			if c := sr.Checks; len(c) != 1 || !c[0].Passed {
				t.Errorf("checks = %+v, want errors.%s == %d to pass", c, tc.kind, n)
			}
			if len(res.ErrorExamples) != 1 {
				t.Fatalf("error_examples = %v, want only %s", res.ErrorExamples, tc.kind)
			}
			ex := res.ErrorExamples[tc.kind]
			if !strings.Contains(ex.Message, tc.message) || ex.AtMs <= 0 || ex.AtMs > sr.DurationMs {
				t.Errorf("example = %+v, want a message with %q within the scenario's %.0f ms", ex, tc.message, sr.DurationMs)
			}
			for _, form := range []string{wrongPassword, url.PathEscape(wrongPassword), url.QueryEscape(wrongPassword), "wr0ng"} {
				if strings.Contains(ex.Message, form) {
					t.Errorf("the example shows the password (%q): %s", form, ex.Message)
				}
			}
			if got := res.Loads["l"].ErrorExamples[tc.kind]; got != ex {
				t.Errorf("load example = %+v, want the scenario's %+v", got, ex)
			}
			t.Logf("%s: %s", tc.kind, ex.Message)
		})
	}
}

// TestRedactMessage: an example never shows the target's password, in
// any form, and is bounded after redaction so a cut cannot leave half of
// one.
func TestRedactMessage(t *testing.T) {
	t.Parallel()
	target := "postgres://u:" + url.QueryEscape(wrongPassword) + "@127.0.0.1:5432/db"
	s := &scenarioRun{target: target}
	long := strings.Repeat("x", results.MaxExampleBytes-20)
	for _, msg := range []string{
		"cannot parse `" + target + "`: bad",
		"dial postgres://u:" + wrongPassword + "@127.0.0.1:5432/db: refused",
		long + " postgres://u:" + url.PathEscape(wrongPassword) + "@h/db",
	} {
		got := s.redactMessage(msg)
		if len(got) > results.MaxExampleBytes {
			t.Errorf("%d bytes, want at most %d", len(got), results.MaxExampleBytes)
		}
		for _, form := range []string{wrongPassword, url.PathEscape(wrongPassword), url.QueryEscape(wrongPassword), "wr0ng"} {
			if strings.Contains(got, form) {
				t.Errorf("redactMessage(%q) = %q shows %q", msg, got, form)
			}
		}
	}
	if got := s.redactMessage("ERROR: relation \"t\" does not exist (SQLSTATE 42P01)"); got != "ERROR: relation \"t\" does not exist (SQLSTATE 42P01)" {
		t.Errorf("a message without a secret changed: %q", got)
	}
}
