package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

// servers returns the test targets, skipping the test when they are not
// set and failing it under CI=true, where the servers must be there.
func servers(t *testing.T) (pg, rd string) {
	t.Helper()
	return testenv.URL(t, "postgres"), testenv.URL(t, "redis")
}

// cliEnv runs the command line with an environment.
func cliEnv(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return env[k] }}
	code := execute(context.Background(), g, args)
	return result{code, out.String(), errb.String()}
}

func TestRunEndToEnd(t *testing.T) {
	pg, rd := servers(t)
	dir := t.TempDir()
	jsonPath, junitPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")

	r := cliEnv(t, nil, "run", "testdata/run", "--tag", "smoke", "--postgres", pg, "--redis", rd,
		"--json", jsonPath, "--junit", junitPath, "--seed", "7")
	if r.code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"PASS  tiny_redis", "PASS  tiny_postgres", "seed 7", "scenarios: 2 passed, 0 failed"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "stressql:stressql@") {
		t.Error("the password appears in the output")
	}
	if r.stderr != "" {
		t.Errorf("a healthy run prints nothing on stderr (the preflight is silent):\n%s", r.stderr)
	}

	var run results.Run
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	if run.Seed != 7 || run.Summary.Passed != 2 || len(run.Scenarios) != 2 || run.Scenarios[0].Result.Ops.OK != 40 {
		t.Errorf("JSON report: seed %d, summary %+v", run.Seed, run.Summary)
	}
	x, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Suites []struct {
			Tests int `xml:"tests,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(x, &suites); err != nil || len(suites.Suites) != 1 || suites.Suites[0].Tests != 2 {
		t.Errorf("JUnit report: %v %+v\n%s", err, suites, x)
	}
}

func TestRunImpossibleCheckExits1(t *testing.T) {
	pg, rd := servers(t)
	r := cliEnv(t, nil, "run", "testdata/run", "--tag", "impossible", "--postgres", pg, "--redis", rd, "--no-color")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"FAIL  tiny_impossible", `check "impossible latency" failed`,
		"latency.max < 0", "latency.max = ", "max latency was", "scenarios: 0 passed, 1 failed"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestRunDeadTarget: a server that does not answer stops the run before
// its first scenario with one message (what does not answer, where the URL
// came from, what to do) and exit 1, never a crash; the reports are still
// written, every selected scenario errored with that message.
func TestRunDeadTarget(t *testing.T) {
	dead := "redis://:secretpw@127.0.0.1:1/0"
	dir := t.TempDir()
	jsonPath, junitPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")
	r := cliEnv(t, nil, "run", "testdata/run", "--filter", "tiny_redis", "--redis", dead, "--grace", "1s",
		"--json", jsonPath, "--junit", junitPath)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"Error: preflight: redis: nothing answers at 127.0.0.1:1 (connection refused).",
		"Check that the server named by the --redis flag is running", "redis://:xxxxx@127.0.0.1:1/0 came from the --redis flag",
		"stopped before its first scenario", "recorded as errored in " + jsonPath + ", " + junitPath} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := strings.Count(r.stderr, "Error:"); n != 1 {
		t.Errorf("%d error messages, want one:\n%s", n, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "secretpw") {
		t.Error("the password appears in the output")
	}
	run := readRun(t, jsonPath)
	if run.Summary.Errored != 1 || len(run.Scenarios) != 1 || run.Scenarios[0].Status != results.StatusError ||
		!strings.Contains(strings.Join(run.Scenarios[0].Errors, " "), "connection refused") {
		t.Errorf("JSON report: summary %+v, scenarios %+v", run.Summary, run.Scenarios)
	}
	x, err := os.ReadFile(junitPath)
	if err != nil || !strings.Contains(string(x), "nothing answers at 127.0.0.1:1") {
		t.Errorf("JUnit report lacks the preflight message (%v):\n%s", err, x)
	}
}

func ptr[T any](v T) *T { return &v }

// TestPreflightHints: the lines under a preflight problem say where the
// target came from and, for the default target, how to set it up.
func TestPreflightHints(t *testing.T) {
	down := drivers.Finding{Kind: "unreachable", Message: "redis: nothing answers at 127.0.0.1:6379 (connection refused)."}
	auth := drivers.Finding{Kind: "auth", Message: "postgres: ... rejected the login", Hint: "Check the user name and password."}
	tests := []struct {
		name    string
		o       runOptions
		env     map[string]string
		driver  string
		f       drivers.Finding
		want    []string
		notWant string
	}{
		{"default target down", runOptions{}, nil, "redis", down,
			[]string{"bash scripts/ensure-servers.sh", "--redis / STRESSQL_REDIS_URL", "came from the default target"}, ""},
		{"flag target down", runOptions{targetFlags: map[string]*string{"redis": ptr("redis://:pw@h:1/0")}}, nil, "redis", down,
			[]string{"Check that the server named by the --redis flag", "redis://:xxxxx@h:1/0 came from the --redis flag"}, "ensure-servers"},
		{"env target down", runOptions{}, map[string]string{"STRESSQL_REDIS_URL": "redis://h:1/0"}, "redis", down,
			[]string{"named by STRESSQL_REDIS_URL"}, "ensure-servers"},
		{"default target rejects the login", runOptions{}, nil, "postgres", auth,
			[]string{"Check the user name and password.", "scripts/ensure-servers.sh", "came from the default target"}, ""},
		{"env target rejects the login", runOptions{}, map[string]string{"STRESSQL_POSTGRES_URL": "postgres://u:secret@h/db"}, "postgres", auth,
			[]string{"postgres://u:xxxxx@h/db came from STRESSQL_POSTGRES_URL"}, "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &globalOptions{getenv: func(k string) string { return tt.env[k] }}
			target := tt.o.targets(g)[tt.driver]
			text := strings.Join(hints(g, &tt.o, tt.driver, target, tt.f), "\n")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("hints lack %q:\n%s", w, text)
				}
			}
			if tt.notWant != "" && strings.Contains(text, tt.notWant) {
				t.Errorf("hints contain %q:\n%s", tt.notWant, text)
			}
		})
	}
}

func readRun(t *testing.T, path string) results.Run {
	t.Helper()
	var run results.Run
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	return run
}

// TestSeedRedisScenariosStopAgainstDeadPort: breaking the system under
// test turns the seed scenarios red. With --redis pointing at a port where
// nothing listens, the run stops at the preflight, and every redis
// scenario is recorded as errored with the refusal (the engine's own tests
// prove that a server dying during a scenario is recorded per iteration).
func TestSeedRedisScenariosStopAgainstDeadPort(t *testing.T) {
	pg, _ := servers(t)
	jsonPath := filepath.Join(t.TempDir(), "r.json")
	r := cliEnv(t, nil, "run", "../../scenarios/redis.hcl", "--postgres", pg,
		"--redis", "redis://127.0.0.1:1/0", "--grace", "1s", "--no-color", "--json", jsonPath)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	run := readRun(t, jsonPath)
	if len(run.Scenarios) != 20 || run.Summary.Errored != 20 {
		t.Fatalf("%d scenarios, summary %+v, want the 20 redis ones errored", len(run.Scenarios), run.Summary)
	}
	for _, s := range run.Scenarios {
		if s.Status != results.StatusError || !strings.Contains(strings.Join(s.Errors, " "), "connection refused") {
			t.Errorf("%s: status %s, errors %v", s.Name, s.Status, s.Errors)
		}
	}
	if !strings.Contains(r.stderr, "refused") {
		t.Error("the console does not name the refusal")
	}
}

// TestSeedSuiteWithoutCreate: the seed suite run as a role that may not
// create schemas stops at once with the GRANT to run, exit 1, and leaves
// no schema behind.
func TestSeedSuiteWithoutCreate(t *testing.T) {
	_, rd := servers(t)
	const pw = "no-create"
	role := testenv.TempRole(t, testenv.RoleOptions{Password: pw, CanCreate: false})
	jsonPath := filepath.Join(t.TempDir(), "r.json")
	before := countSchemas(t)
	start := time.Now()
	r := cliEnv(t, nil, "run", "../../scenarios", "--postgres", testenv.RoleURL(t, role, pw), "--redis", rd,
		"--no-color", "--json", jsonPath)
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("the run took %s, want well under 15s", d)
	}
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	grant := `GRANT CREATE ON DATABASE "stressql" TO "` + role + `";`
	for _, want := range []string{`role "` + role + `" may not create schemas`, "CREATE privilege missing", grant} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("no scenario should have started:\n%s", r.stdout)
	}
	run := readRun(t, jsonPath)
	if run.Summary.Total != 50 || run.Summary.Errored != 50 {
		t.Errorf("summary %+v, want 50 errored", run.Summary)
	}
	if after := countSchemas(t); after != before {
		t.Errorf("%d schemas before, %d after", before, after)
	}
}

// TestRunConnectionLimitWarns: a role whose CONNECTION LIMIT is below the
// scenario's pool is a warning naming the scenario and the numbers; the
// run goes on.
func TestRunConnectionLimitWarns(t *testing.T) {
	_, rd := servers(t)
	role := testenv.TempRole(t, testenv.RoleOptions{Password: "pw", ConnLimit: 2, CanCreate: true})
	dir := t.TempDir()
	hcl := `scenario "wide_pool" {
  driver = "postgres"
  pool {
    max_conns = 20
  }
  load "one" {
    pattern    = "burst"
    workers    = 1
    iterations = 1
    step "query" {
      sql = "SELECT 1"
    }
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "wide.hcl"), []byte(hcl), 0o644); err != nil {
		t.Fatal(err)
	}
	r := cliEnv(t, nil, "run", dir, "--postgres", testenv.RoleURL(t, role, "pw"), "--redis", rd, "--no-color")
	for _, want := range []string{`Warning: postgres: scenario "wide_pool" opens up to 21 connections at once`,
		`role "` + role + `" CONNECTION LIMIT 2 leaves 2`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.code != 0 || !strings.Contains(r.stdout, "PASS  wide_pool") {
		t.Errorf("exit %d, want the run to go on and pass\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestRunWrongPassword: a rejected password is one message naming the
// login and where the URL came from, without the password.
func TestRunWrongPassword(t *testing.T) {
	_, rd := servers(t)
	role := testenv.TempRole(t, testenv.RoleOptions{Password: "right", CanCreate: true})
	url := testenv.RoleURL(t, role, "wr@ng:pass")
	r := cliEnv(t, map[string]string{"STRESSQL_POSTGRES_URL": url}, "run", "testdata/run", "--filter", "tiny_postgres",
		"--redis", rd, "--no-color")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"Error: preflight: postgres:", `rejected the login of role "` + role + `"`,
		"password authentication failed", "came from STRESSQL_POSTGRES_URL"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Count(r.stderr, "Error:") != 1 || strings.Contains(r.stderr, "wr@ng") || strings.Contains(r.stderr, "wr%40ng") {
		t.Errorf("want one message without the password:\n%s", r.stderr)
	}
}

func countSchemas(t *testing.T) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, testenv.URL(t, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "select count(*) from pg_namespace").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
