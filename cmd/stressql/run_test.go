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

// TestRunDeadTarget: a server that does not answer is a clear warning up
// front, refused errors in the report, and exit 1 — never a crash.
func TestRunDeadTarget(t *testing.T) {
	dead := "redis://127.0.0.1:1/0"
	r := cliEnv(t, nil, "run", "testdata/run", "--filter", "tiny_redis", "--redis", dead, "--grace", "1s")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "nothing answers at 127.0.0.1:1") {
		t.Errorf("no preflight warning:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "refused") {
		t.Errorf("report does not name refused errors:\n%s", r.stdout)
	}
}

// TestSeedRedisScenariosFailAgainstDeadPort: breaking the system under
// test turns the seed scenarios red. With --redis pointing at a port where
// nothing listens, every redis scenario fails (or errors) and the report
// names refused errors.
func TestSeedRedisScenariosFailAgainstDeadPort(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the 20 redis seed scenarios")
	}
	pg, _ := servers(t)
	jsonPath := filepath.Join(t.TempDir(), "r.json")
	r := cliEnv(t, nil, "run", "../../scenarios/redis.hcl", "--postgres", pg,
		"--redis", "redis://127.0.0.1:1/0", "--grace", "1s", "--no-color", "--json", jsonPath)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	var run results.Run
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatal(err)
	}
	if len(run.Scenarios) != 20 {
		t.Fatalf("%d scenarios ran, want the 20 redis ones", len(run.Scenarios))
	}
	for _, s := range run.Scenarios {
		if s.Status == results.StatusPass {
			t.Errorf("%s passed against a dead server", s.Name)
		}
		// A fallback can save every iteration (fallback_to_non_cached_operation);
		// the refusal then shows in the scenario's errors.
		if s.Result == nil || s.Result.Errors["refused"] == 0 && !strings.Contains(strings.Join(s.Errors, " "), "connection refused") {
			t.Errorf("%s: no refused errors recorded (status %s, errors %v)", s.Name, s.Status, s.Errors)
		}
	}
	if !strings.Contains(r.stdout, "refused") {
		t.Error("the console report does not name refused errors")
	}
}
