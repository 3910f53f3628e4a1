package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/stressql/stressql/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name.golden, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if got != string(want) {
		diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(want)), B: difflib.SplitLines(got),
			FromFile: path, ToFile: "got", Context: 2,
		})
		t.Errorf("output differs from %s:\n%s", path, diff)
	}
}

// checkWidth fails on any line wider than the console allows.
func checkWidth(t *testing.T, out string) {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > maxWidth {
			t.Errorf("line is %d columns wide: %q", n, l)
		}
	}
}

func TestScenarioFinishedGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		s    *results.ScenarioRun
	}{
		{"pass", passing()},
		{"fail", failing()},
		{"error", errored()},
		{"interrupted", interrupted()},
		{"dropped", dropping()},
		{"overtime", overTime()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			NewConsole(&buf, ConsoleOptions{}).ScenarioFinished(tc.s)
			out := buf.String()
			checkWidth(t, out)
			if strings.Contains(out, "\x1b") {
				t.Error("escape sequences in output to a non-terminal")
			}
			golden(t, tc.name, out)
		})
	}
}

// TestDroppedNextToErrorRate: wherever an error rate is printed (the
// error rate line, a check's read line, JUnit), the iterations an open
// model dropped are flagged beside it, since error_rate does not count
// them.
func TestDroppedNextToErrorRate(t *testing.T) {
	t.Parallel()
	const flag = "— 346 of 1,200 iterations (28.8 %) dropped: not sent, no worker free"
	var con bytes.Buffer
	NewConsole(&con, ConsoleOptions{}).ScenarioFinished(dropping())
	if !strings.Contains(con.String(), "error rate  0.00 % "+flag) {
		t.Errorf("no error rate line with the drops:\n%s", con.String())
	}
	if !strings.Contains(strings.Join(strings.Fields(con.String()), " "), `load["arrivals"].error_rate = 0 `+flag) { // wrapped
		t.Errorf("no read line with the drops:\n%s", con.String())
	}
	var ju bytes.Buffer
	if err := WriteJUnit(&ju, &results.Run{Scenarios: []*results.ScenarioRun{dropping()}}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(strings.Fields(ju.String()), " "), flag); n != 2 {
		t.Errorf("JUnit flags the drops %d times, want 2 (system-out, failure):\n%s", n, ju.String())
	}
	// Without drops, nothing is flagged.
	var plain bytes.Buffer
	NewConsole(&plain, ConsoleOptions{}).ScenarioFinished(failing())
	if strings.Contains(plain.String(), "dropped:") {
		t.Errorf("drops flagged without drops:\n%s", plain.String())
	}
}

func TestRunGolden(t *testing.T) {
	t.Parallel()
	r := run()
	var buf bytes.Buffer
	c := NewConsole(&buf, ConsoleOptions{})
	c.RunStarted(len(r.Scenarios), r.Targets, r.Seed)
	for i, s := range r.Scenarios {
		if s.Status == results.StatusSkipped {
			continue
		}
		c.ScenarioStarted(i+1, len(r.Scenarios), s.Name, s.Driver, time.Duration(s.ExpectedMs)*time.Millisecond)
		c.Progress(results.Progress{Scenario: s.Name, I: i + 1, N: len(r.Scenarios), Ops: 5}) // not a terminal: nothing
		c.ScenarioFinished(s)
	}
	c.RunFinished(r)
	out := buf.String()
	checkWidth(t, out)
	if strings.Contains(out, "hunter2") || strings.Contains(out, "stressql:stressql@") {
		t.Error("a password was printed")
	}
	golden(t, "run", out)

	var sum bytes.Buffer
	NewConsole(&sum, ConsoleOptions{}).RunFinished(r)
	golden(t, "summary", sum.String())
}

func TestRunFinishedAllPassed(t *testing.T) {
	t.Parallel()
	r := &results.Run{DurationMs: 2013.4, Scenarios: []*results.ScenarioRun{passing()},
		Summary: results.Counts{Total: 1, Passed: 1}}
	var buf bytes.Buffer
	NewConsole(&buf, ConsoleOptions{}).RunFinished(r)
	want := "\nstressql: 1 scenario in 2.01s: 1 passed\nscenarios: 1 passed, 0 failed\n"
	if buf.String() != want {
		t.Errorf("RunFinished = %q, want %q", buf.String(), want)
	}
}

func TestColor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		opts      ConsoleOptions
		wantColor bool
	}{
		{"not a terminal", ConsoleOptions{}, false},
		{"terminal", ConsoleOptions{Terminal: true}, true},
		{"terminal, no color", ConsoleOptions{Terminal: true, NoColor: true}, false},
	} {
		var buf bytes.Buffer
		NewConsole(&buf, tc.opts).ScenarioFinished(failing())
		if got := strings.Contains(buf.String(), "\x1b["); got != tc.wantColor {
			t.Errorf("%s: colored = %v, want %v", tc.name, got, tc.wantColor)
		}
		// With or without color, the text is the same.
		if plain := stripANSI(buf.String()); !strings.Contains(plain, "FAIL  pool_max_size_enforcement  postgres, 1.52s") {
			t.Errorf("%s: unexpected header in %q", tc.name, plain)
		}
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' && s[i] != 'K' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
