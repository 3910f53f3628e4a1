package main

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// result is what one invocation of the command line produced.
type result struct {
	code           int
	stdout, stderr string
}

// cli runs the command line with args, stdin as standard input, and an
// empty environment.
func cli(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	g := &globalOptions{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errb,
		getenv: func(string) string { return "" },
	}
	code := execute(context.Background(), g, args)
	return result{code, out.String(), errb.String()}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string // substrings expected
	}{
		{"version", []string{"version"}, 0, "stressql dev (" + runtime.Version(), ""},
		{"--version", []string{"--version"}, 0, "stressql dev", ""},
		{"no command prints help", nil, 0, "Available Commands:", ""},
		{"unknown command", []string{"bogus"}, 2, "", `unknown command "bogus"`},
		{"version takes no arguments", []string{"version", "x"}, 2, "", "unknown command"},
		{"missing PATH", []string{"validate"}, 2, "", "requires at least 1 arg"},
		{"unknown flag", []string{"validate", "--bogus", "testdata/valid"}, 2, "", "unknown flag: --bogus"},
		{"unknown single-dash flag", []string{"validate", "-bogus", "testdata/valid"}, 2, "", "unknown shorthand flag"},
		{"usage errors point to help", []string{"plan", "--bogus", "x"}, 2, "", "Run 'stressql plan --help' for usage."},

		{"validate valid", []string{"validate", "testdata/valid"}, 0, "Success! 3 scenarios in 2 files are valid.", ""},
		{"validate one file", []string{"validate", "testdata/valid/postgres.hcl"}, 0, "Success! 1 scenario in 1 file is valid.", ""},
		{"validate malformed: file:line:column", []string{"validate", "testdata/malformed"}, 2, "", "on testdata/malformed/syntax.hcl:3:"},
		{"validate malformed: every file reported", []string{"validate", "testdata/malformed"}, 2, "", "testdata/malformed/unclosed.hcl:"},
		{"validate malformed: summary", []string{"validate", "testdata/malformed"}, 2, "", "the configuration is invalid."},
		{"validate missing path", []string{"validate", "testdata/nope"}, 2, "", "testdata/nope"},
		{"validate bad format", []string{"validate", "--format", "yaml", "testdata/valid"}, 2, "", `unknown --format "yaml"`},
		{"validate -json conflicts with --format github", []string{"validate", "-json", "--format", "github", "testdata/valid"}, 2, "", "conflicts"},
		{"validate github", []string{"validate", "--format", "github", "testdata/malformed"}, 2, "::error file=testdata/malformed/syntax.hcl,line=3,", ""},

		{"fmt -check on formatted files", []string{"fmt", "-check", "testdata/valid"}, 0, "", ""},
		{"fmt -check on malformed files", []string{"fmt", "-check", "testdata/malformed"}, 2, "", "syntax.hcl:3:"},
		{"fmt missing path", []string{"fmt", "testdata/nope"}, 2, "", "testdata/nope"},
		{"fmt - with other paths", []string{"fmt", "-", "testdata/valid"}, 2, "", "cannot be combined"},

		{"plan", []string{"plan", "testdata/valid"}, 0, `scenario "pool_max_size_enforcement"`, ""},
		{"plan -json", []string{"plan", "-json", "testdata/valid"}, 0, `"scenarios": [`, ""},
		{"plan filter", []string{"plan", "--filter", "redis_sweep", "testdata/valid"}, 0, `scenario "redis_sweep[fast]"`, ""},
		{"plan filter matching nothing", []string{"plan", "--filter", "nope*", "testdata/valid"}, 2, "", "no scenario matches --filter nope*"},
		{"plan bad glob", []string{"plan", "--filter", "a[", "testdata/valid"}, 2, "", "syntax error in pattern"},
		{"plan malformed", []string{"plan", "testdata/malformed"}, 2, "", "syntax.hcl:3:"},

		{"list", []string{"list", "testdata/valid"}, 0, "NAME", ""},
		{"list tag", []string{"list", "--tag", "exhaustion", "testdata/valid"}, 0, "pool_max_size_enforcement", ""},
		{"list malformed", []string{"list", "testdata/malformed"}, 2, "", "syntax.hcl:3:"},

		{"run: bad seed", []string{"run", "--seed", "x", "testdata/valid"}, 2, "", "invalid argument"},
		{"run: bad sample interval", []string{"run", "--sample-interval", "0s", "testdata/valid"}, 2, "", "--sample-interval must be positive"},
		{"run: bad duration", []string{"run", "--grace", "soon", "testdata/valid"}, 2, "", "invalid argument"},
		{"run: same report file twice", []string{"run", "--json", "r", "--junit", "r", "testdata/valid"}, 2, "", "same file"},
		{"run: malformed", []string{"run", "testdata/malformed"}, 2, "", "syntax.hcl:3:"},
		{"run: filter matching nothing", []string{"run", "--tag", "nope", "testdata/valid"}, 2, "", "no scenario matches --tag nope"},

		{"completion", []string{"completion", "bash"}, 0, "bash completion", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := cli(t, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.stdout, r.stdout)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, r.stderr)
			}
		})
	}
}

func TestHelpHasExamples(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"run", "validate", "fmt", "plan", "list", "version", "completion"} {
		for _, flag := range []string{"--help", "-help"} {
			r := cli(t, "", name, flag)
			if r.code != 0 || !strings.Contains(r.stdout, "Usage:") || !strings.Contains(r.stdout, "Examples:") {
				t.Errorf("%s %s: exit %d, want 0 and help with examples:\n%s%s", name, flag, r.code, r.stdout, r.stderr)
			}
		}
	}
}

// TestSingleDashLongFlags: -json and --json are the same flag.
func TestSingleDashLongFlags(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"testdata/valid", "testdata/malformed"} {
		single := cli(t, "", "validate", "-json", dir)
		double := cli(t, "", "validate", "--json", dir)
		format := cli(t, "", "validate", "--format=json", dir)
		if single != double || single != format {
			t.Errorf("%s: -json, --json and --format=json differ:\n%+v\n%+v\n%+v", dir, single, double, format)
		}
		if !json.Valid([]byte(single.stdout)) {
			t.Errorf("%s: not JSON:\n%s", dir, single.stdout)
		}
	}
}

func TestValidateJSONShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dir   string
		code  int
		valid bool
	}{
		{"testdata/valid", 0, true},
		{"testdata/malformed", 2, false},
	}
	for _, tt := range tests {
		r := cli(t, "", "validate", "-json", tt.dir)
		if r.code != tt.code {
			t.Errorf("%s: exit %d, want %d", tt.dir, r.code, tt.code)
		}
		var doc struct {
			FormatVersion string            `json:"format_version"`
			Valid         *bool             `json:"valid"`
			ErrorCount    *int              `json:"error_count"`
			WarningCount  *int              `json:"warning_count"`
			Diagnostics   []json.RawMessage `json:"diagnostics"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("%s: %v\n%s", tt.dir, err, r.stdout)
		}
		if doc.FormatVersion != "1.0" || doc.Valid == nil || *doc.Valid != tt.valid || doc.ErrorCount == nil || doc.WarningCount == nil || doc.Diagnostics == nil {
			t.Errorf("%s: bad document:\n%s", tt.dir, r.stdout)
		}
		if tt.valid != (*doc.ErrorCount == 0) {
			t.Errorf("%s: valid=%v with %d errors", tt.dir, *doc.Valid, *doc.ErrorCount)
		}
		if r.stderr != "" {
			t.Errorf("%s: -json wrote to stderr:\n%s", tt.dir, r.stderr)
		}
	}
}

func TestListJSON(t *testing.T) {
	t.Parallel()
	r := cli(t, "", "list", "--json", "testdata/valid")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var entries []listEntry
	if err := json.Unmarshal([]byte(r.stdout), &entries); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name+"/"+e.Driver)
		if e.Tags == nil || e.ExpectedDuration == "" || !strings.HasPrefix(e.Source, "testdata/valid/") {
			t.Errorf("incomplete entry %+v", e)
		}
	}
	want := "pool_max_size_enforcement/postgres redis_sweep[fast]/redis redis_sweep[slow]/redis"
	if strings.Join(names, " ") != want {
		t.Errorf("names = %v, want %s", names, want)
	}
}

// TestInterruptedExitCode: a command that ends after an interrupt exits
// 130, whatever it returned.
func TestInterruptedExitCode(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	if code := execute(ctx, g, []string{"run", "testdata/valid"}); code != exitInterrupted {
		t.Errorf("exit %d, want %d", code, exitInterrupted)
	}
}

// TestReleaseSignals: every command but run gives interrupts back to the
// default handling.
func TestReleaseSignals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		release bool
	}{
		{[]string{"version"}, true},
		{[]string{"validate", "testdata/valid"}, true},
		{[]string{"fmt", "-check", "testdata/valid"}, true},
		{[]string{"run", "testdata/valid"}, false},
	}
	for _, tt := range tests {
		released := false
		var out, errb bytes.Buffer
		g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, releaseSignals: func() { released = true }}
		execute(context.Background(), g, tt.args)
		if released != tt.release {
			t.Errorf("%v: released = %v, want %v", tt.args, released, tt.release)
		}
	}
}
