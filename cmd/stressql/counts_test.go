package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stressql/stressql/results"
)

// cancelOnWrite is a stdout that cancels the run when a text shows up in
// it, as Ctrl-C would at that moment.
type cancelOnWrite struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	when   string
	cancel context.CancelFunc
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if w.when != "" && strings.Contains(w.buf.String(), w.when) {
		w.cancel()
		w.when = ""
	}
	return n, err
}

func (w *cancelOnWrite) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// closingLine is the form CI systems read as a test count: the last line,
// "N passed, N failed" after at most one word and a colon, then at most
// ", N skipped".
var closingLine = regexp.MustCompile(`^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$`)

// TestSummaryAgreesWithJSON: a run with a scenario of each outcome — pass,
// fail, error (its timeout cut a blocking pop), interrupted (Ctrl-C while
// it runs), skipped — prints the same counts as the JSON summary and
// JUnit, exits 130, and its closing line keeps the CI form. An
// interrupted scenario is never counted as failed.
func TestSummaryAgreesWithJSON(t *testing.T) {
	pg, rd := servers(t)
	dir := t.TempDir()
	jsonPath, junitPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOnWrite{when: "[4/5] counts_interrupted", cancel: cancel}
	var errb bytes.Buffer
	g := &globalOptions{stdin: strings.NewReader(""), stdout: out, stderr: &errb,
		getenv: func(string) string { return "" }}
	code := execute(ctx, g, []string{"run", "testdata/counts", "--postgres", pg, "--redis", rd,
		"--json", jsonPath, "--junit", junitPath, "--grace", "1s", "--no-color"})
	stdout := out.String()
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitInterrupted, stdout, errb.String())
	}

	var run results.Run
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	want := results.Counts{Total: 5, Passed: 1, Failed: 1, Errored: 1, Interrupted: 1, Skipped: 1}
	if run.Summary != want || !run.Interrupted {
		t.Fatalf("JSON summary = %+v, interrupted = %v; want %+v, true\n%s", run.Summary, run.Interrupted, want, stdout)
	}
	for i, status := range []string{"pass", "fail", "error", "interrupted", "skipped"} {
		if s := run.Scenarios[i]; s.Status != status {
			t.Errorf("%s: status %s, want %s", s.Name, s.Status, status)
		}
	}
	if e := run.Scenarios[2].Result; e.Ops.Failed != 2 || e.Errors["timeout"] != 2 {
		t.Errorf("counts_error: ops %+v, errors %v; want the 2 pops in flight failed as timeout", e.Ops, e.Errors)
	}

	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	counts := func(line string) map[string]int {
		m := map[string]int{}
		for _, c := range regexp.MustCompile(`(\d+) (passed|failed|errored|interrupted|skipped)\b`).FindAllStringSubmatch(line, -1) {
			m[c[2]], _ = strconv.Atoi(c[1])
		}
		return m
	}
	jsonCounts := map[string]int{"passed": 1, "failed": 1, "errored": 1, "interrupted": 1, "skipped": 1}

	// The first summary line has every count.
	var first string
	for _, l := range lines {
		if strings.HasPrefix(l, "stressql: 5 scenarios in ") {
			first = l
		}
	}
	if got := counts(first); !equalCounts(got, jsonCounts) {
		t.Errorf("summary line %q counts %v, JSON %v", first, got, jsonCounts)
	}

	// The last line keeps the CI form with the JSON's passed, failed and
	// skipped; the line before counts the rest.
	last, before := lines[len(lines)-1], lines[len(lines)-2]
	m := closingLine.FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("closing line %q is not of the form N passed, N failed[, N skipped]", last)
	}
	if m[1] != "1" || m[2] != "1" || m[3] != "1" {
		t.Errorf("closing line %q, want 1 passed, 1 failed, 1 skipped", last)
	}
	if before != "not counted as passed or failed: 1 errored, 1 interrupted" {
		t.Errorf("line before the closing line = %q", before)
	}
	all := counts(before + " " + last)
	if !equalCounts(all, jsonCounts) {
		t.Errorf("closing lines count %v, JSON %v", all, jsonCounts)
	}

	// JUnit: an interrupted scenario is an error, not a failure.
	x, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
	}
	if err := xml.Unmarshal(x, &suites); err != nil || suites.Tests != 5 || suites.Failures != 1 ||
		suites.Errors != 2 || suites.Skipped != 1 {
		t.Errorf("JUnit: %v %+v, want 5 tests, 1 failure, 2 errors (errored, interrupted), 1 skipped", err, suites)
	}
}

// TestExitCodesByOutcome: any failed or errored scenario exits 1, and
// the closing line still has the CI form.
func TestExitCodesByOutcome(t *testing.T) {
	pg, rd := servers(t)
	for _, tc := range []struct {
		filter  string
		code    int
		closing string
		before  string
	}{
		{"counts_pass", exitOK, "scenarios: 1 passed, 0 failed", "stressql: 1 scenario in"},
		{"counts_fail", exitFailed, "scenarios: 0 passed, 1 failed", "  FAIL"},
		{"counts_error", exitFailed, "scenarios: 0 passed, 0 failed", "not counted as passed or failed: 1 errored"},
	} {
		t.Run(tc.filter, func(t *testing.T) {
			r := cliEnv(t, nil, "run", "testdata/counts", "--filter", tc.filter, "--postgres", pg, "--redis", rd, "--no-color")
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
			}
			lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
			last, before := lines[len(lines)-1], lines[len(lines)-2]
			if last != tc.closing || !closingLine.MatchString(last) || !strings.HasPrefix(before, tc.before) {
				t.Errorf("last lines %q, %q; want %q after %q…", before, last, tc.closing, tc.before)
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestNonFiniteCheckFailsEverywhere: a check that divides by zero (which
// HCL lets pass: +Inf > 1) fails, and console, JSON and JUnit say why.
func TestNonFiniteCheckFailsEverywhere(t *testing.T) {
	pg, rd := servers(t)
	dir := t.TempDir()
	jsonPath, junitPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")
	if r := cliEnv(t, nil, "validate", "testdata/nonfinite"); r.code != 0 {
		t.Fatalf("validate: exit %d, want 0 (a division by zero is a run-time finding)\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := cliEnv(t, nil, "run", "testdata/nonfinite", "--postgres", pg, "--redis", rd,
		"--json", jsonPath, "--junit", junitPath, "--no-color")
	if r.code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, exitFailed, r.stdout, r.stderr)
	}
	const want = "the condition computed a non-finite number (ops.ok / ops.dropped = 3 / 0 = +Inf): a division by zero"
	if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), want) {
		t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
	}
	var run results.Run
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatal(err)
	}
	if c := run.Scenarios[0].Checks[0]; c.Passed || c.Message != want || run.Scenarios[0].Status != results.StatusFail {
		t.Errorf("JSON check = %+v, status %s; want failed with %q", c, run.Scenarios[0].Status, want)
	}
	x, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(x), "ops.ok / ops.dropped = 3 / 0 = +Inf") {
		t.Errorf("JUnit lacks the message:\n%s", x)
	}
}
