package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stressql/stressql/runcompare"
)

// TestCompareUsage: bad flags, arguments and reports exit 2 with a
// message saying what is wrong, before anything is compared.
func TestCompareUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("ok.json", `{"schema_version": 3, "scenarios": []}`)
	old := write("old.json", `{"schema_version": 2, "scenarios": []}`)
	junk := write("junk.json", `<xml/>`)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"one argument", []string{"compare", ok}, 2, "", "accepts 2 arg(s)"},
		{"missing file", []string{"compare", ok, filepath.Join(dir, "nope.json")}, 2, "", "nope.json"},
		{"other schema", []string{"compare", old, ok}, 2, "", "schema_version 2, this stressql reads 3"},
		{"not JSON", []string{"compare", ok, junk}, 2, "", "not a stressql JSON report"},
		{"bad format", []string{"compare", "--format", "html", ok, ok}, 2, "", `unknown --format "html"`},
		{"-json and markdown", []string{"compare", "-json", "--format", "markdown", ok, ok}, 2, "", "conflicts"},
		{"unknown metric", []string{"compare", "--max-regression", "p98=5%", ok, ok}, 2, "", `unknown metric "p98"`},
		{"bad percentage", []string{"compare", "--max-regression", "lots", ok, ok}, 2, "", "want a percentage"},
		{"empty runs", []string{"compare", ok, ok}, 0, "0 regressed", ""},
		{"empty runs, markdown", []string{"compare", "--format", "markdown", ok, ok}, 0, "### stressql compare", ""},
		{"run: bad baseline", []string{"run", "--baseline", old, "testdata/valid"}, 2, "", "--baseline: "},
		{"run: thresholds without a baseline", []string{"run", "--max-regression", "5%", "testdata/valid"}, 2, "", "needs --baseline"},
		{"help", []string{"compare", "--help"}, 0, "Examples:", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := cli(t, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, want %d with %q / %q\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, tt.stdout, tt.stderr, r.stdout, r.stderr)
			}
		})
	}
}

// TestCompareRealReruns runs the same small constant_rate scenario twice
// against the real Redis and once more with 15 ms of network latency
// (fault "latency" through the proxy). The rerun is no regression, on a
// machine shared with other work; the slow run is, with exit 1, and run
// --baseline says the same right after the run.
func TestCompareRealReruns(t *testing.T) {
	_, rd := servers(t)
	dir := t.TempDir()
	first, second, slow := filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json"), filepath.Join(dir, "slow.json")
	run := func(scenarios, out string, extra ...string) result {
		args := append([]string{"run", scenarios, "--redis", rd, "--interval", "500ms", "--json", out, "--no-color"}, extra...)
		return cliEnv(t, nil, args...)
	}
	if r := run("testdata/compare/steady", first); r.code != 0 {
		t.Fatalf("first run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The rerun is real too, on a machine shared with the other packages'
	// tests and, on a VM, with the host's other guests: a stall in one of
	// its few intervals can move a p95 past every guard (CI once saw p95
	// 1.25 → 3.03 ms at p = 0.045). It gets three tries; a compare that
	// flags a rerun of the same scenario every time still fails.
	var r result
	for try := 1; try <= 3; try++ {
		r = run("testdata/compare/steady", second, "--baseline", first)
		if r.code == 0 && strings.Contains(r.stdout, "compared with the baseline "+first) && strings.Contains(r.stdout, "0 regressed") {
			break
		}
		if try == 3 {
			t.Fatalf("rerun against the first run, 3 tries: exit %d, want 0 and no regression\n%s%s", r.code, r.stdout, r.stderr)
		}
		t.Logf("rerun against the first run, try %d: exit %d, a regression on this machine's noise; again\n%s", try, r.code, r.stdout)
	}
	r = run("testdata/compare/slow", slow, "--baseline", first)
	if r.code != 1 || !strings.Contains(r.stdout, "regressed") {
		t.Fatalf("slow run against the first: exit %d, want 1 and a regression\n%s%s", r.code, r.stdout, r.stderr)
	}

	same := cli(t, "", "compare", first, second)
	if same.code != 0 || strings.Contains(same.stdout, " regressed\n") || !strings.Contains(same.stdout, "compare_ping load.pings") {
		t.Errorf("compare of two runs of the same scenario: exit %d, want 0 and no regression\n%s%s", same.code, same.stdout, same.stderr)
	}

	text := cli(t, "", "compare", first, slow)
	if text.code != 1 {
		t.Errorf("compare with the slow run: exit %d, want 1\n%s%s", text.code, text.stdout, text.stderr)
	}
	regressedLine := false
	for _, line := range strings.Split(text.stdout, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "p50" && strings.HasSuffix(line, "regressed") {
			regressedLine = true
		}
	}
	if !regressedLine {
		t.Errorf("no p50 regression in the text:\n%s", text.stdout)
	}

	md := cli(t, "", "compare", "--format", "markdown", first, slow)
	if md.code != 1 || !strings.Contains(md.stdout, "| part | metric | baseline | new | change | p | verdict |\n|---|") ||
		!strings.Contains(md.stdout, "| compare_ping load.pings | p50 |") || !strings.Contains(md.stdout, "**regressed**") {
		t.Errorf("markdown: exit %d\n%s%s", md.code, md.stdout, md.stderr)
	}

	js := cli(t, "", "compare", "-json", first, slow)
	var rep runcompare.Report
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil || js.code != 1 {
		t.Fatalf("-json: exit %d, %v\n%s", js.code, err, js.stdout)
	}
	found := false
	for _, p := range rep.Parts {
		for _, c := range p.Metrics {
			if p.Name() == "compare_ping load.pings" && c.Metric == "p50" {
				found = true
				if c.Verdict != runcompare.Regressed || c.Absolute == nil || *c.Absolute < 10 || c.P == nil || *c.P >= 0.05 {
					t.Errorf("p50 of the slow run: %+v", c)
				}
			}
		}
	}
	if !found || rep.Summary.Regressed == 0 {
		t.Errorf("-json: no p50 of load pings, or no regression: %+v", rep.Summary)
	}
}
