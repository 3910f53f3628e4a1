package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/results"
)

// explained is a failed scenario whose errors carry their first messages,
// one longer than a line.
func explained() *results.ScenarioRun {
	examples := map[string]results.ErrorExample{
		"permission": {Message: "ERROR: permission denied for schema app (SQLSTATE 42501)", AtMs: 3.25},
		"auth": {Message: "acquire: failed to connect to `user=qa database=app`: 127.0.0.1:5432 (127.0.0.1): " +
			"failed SASL auth: FATAL: password authentication failed for user \"qa\" (SQLSTATE 28P01)", AtMs: 1.5},
		"query":   {Message: "ERROR: relation \"tenant_7.orders\" does not exist (SQLSTATE 42P01)", AtMs: 12},
		"timeout": {Message: "timeout: context deadline exceeded", AtMs: 1003.2},
	}
	errs := errorsOf(map[string]int64{"permission": 1, "auth": 3, "query": 44, "timeout": 2})
	load := &results.Result{Errors: errs, ErrorExamples: examples}
	return &results.ScenarioRun{
		Name: "schema_per_tenant", Driver: "postgres", Tags: []string{},
		Source: "scenarios/postgres.hcl:200:1", Status: results.StatusFail,
		StartedAt: t0, DurationMs: 2010, ExpectedMs: 2000,
		Result: &results.Result{
			Ops:        results.Ops{Total: 60, OK: 10, Failed: 50},
			ErrorRate:  50.0 / 60,
			Throughput: 5, Duration: 2010,
			Errors:        errs,
			ErrorExamples: examples,
			Latency:       results.Summary{Count: 60, P50: 1.2, P95: 1001, P99: 1003},
			Loads:         map[string]*results.Result{"tenants": load},
		},
		Checks: []results.CheckResult{
			{Name: "no errors", Condition: "ops.failed == 0", Source: "scenarios/postgres.hcl:210:3",
				Message: "condition was false", Values: []results.CheckValue{{Path: "ops.failed", Value: 50.0}}},
		},
	}
}

func explainedRun() *results.Run {
	r := &results.Run{
		SchemaVersion: results.SchemaVersion, Version: "0.1.0-test", RunID: "20261126-093000-ab12", Seed: 42,
		StartedAt: t0, DurationMs: 2100,
		Targets:   map[string]string{"postgres": "postgres://qa:xxxxx@127.0.0.1:5432/app"},
		Scenarios: []*results.ScenarioRun{explained()},
	}
	r.Summary = results.Counts{Total: 1, Failed: 1}
	return r
}

// TestErrorExamplesReported: the console, JSON and JUnit reports carry the
// first message of each error kind, in kind order, redacted, wrapped to
// the console's width.
func TestErrorExamplesReported(t *testing.T) {
	t.Parallel()
	var con bytes.Buffer
	NewConsole(&con, ConsoleOptions{}).ScenarioFinished(explained())
	out := con.String()
	checkWidth(t, out)
	golden(t, "examples", out)

	var js bytes.Buffer
	if err := WriteJSON(&js, explainedRun()); err != nil {
		t.Fatal(err)
	}
	golden(t, "examples.json", js.String())

	var ju bytes.Buffer
	if err := WriteJUnit(&ju, explainedRun()); err != nil {
		t.Fatal(err)
	}
	golden(t, "examples.junit", ju.String())

	for _, k := range []string{"auth", "permission", "query", "timeout"} {
		if !strings.Contains(out, "first "+k+" error: ") {
			t.Errorf("console has no first %s error", k)
		}
	}
	if i, j := strings.Index(out, "first auth error"), strings.Index(out, "first query error"); i < 0 || j < i {
		t.Error("examples are not in kind order")
	}
	var back results.Run
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if got := back.Scenarios[0].Result.ErrorExamples["permission"]; got.AtMs != 3.25 ||
		got.Message != "ERROR: permission denied for schema app (SQLSTATE 42501)" {
		t.Errorf("JSON error_examples.permission = %+v", got)
	}
	if got := back.Scenarios[0].Result.Loads["tenants"].ErrorExamples["query"]; got.AtMs != 12 {
		t.Errorf("JSON load.tenants.error_examples.query = %+v", got)
	}
}

// TestExampleLinesRedact: the console redacts again what the engine
// handed over (the engine redacts the target's password already).
func TestExampleLinesRedact(t *testing.T) {
	t.Parallel()
	r := &results.Result{
		Errors:        errorsOf(map[string]int64{"refused": 1}),
		ErrorExamples: map[string]results.ErrorExample{"refused": {Message: "dial redis://:hunter2@127.0.0.1:1/0: connection refused"}},
	}
	got := strings.Join(errorCountLines(r, maxWidth), "\n")
	if strings.Contains(got, "hunter2") || !strings.Contains(got, "first refused error: dial redis://:xxxxx@127.0.0.1:1/0") {
		t.Errorf("example lines:\n%s", got)
	}
}

// TestNoExamplesNoLines: a scenario without failures prints no example
// lines and writes no error_examples.
func TestNoExamplesNoLines(t *testing.T) {
	t.Parallel()
	s := passing()
	var con bytes.Buffer
	NewConsole(&con, ConsoleOptions{}).ScenarioFinished(s)
	if strings.Contains(con.String(), "first ") {
		t.Errorf("example lines without failures:\n%s", con.String())
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, &results.Run{Scenarios: []*results.ScenarioRun{s}, StartedAt: t0.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), "error_examples") {
		t.Error("error_examples written for a scenario without failures")
	}
}
