package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffGolden runs diff over each pair testdata/diff/CASE/old.hcl and
// new.hcl, in each format, and compares exit code, stdout and stderr with
// testdata/diff/CASE.FORMAT.golden. A file CASE/args.NAME adds a variant
// with those arguments (one a line), compared with CASE.NAME.golden.
// Regenerate with go test ./cmd/stressql -run DiffGolden -update, then
// review the diff.
func TestDiffGolden(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob("testdata/diff/*")
	if err != nil {
		t.Fatal(err)
	}
	formats := []struct {
		name string
		args []string
	}{
		{"text", nil},
		{"json", []string{"-json"}},
		{"markdown", []string{"--format", "markdown"}},
		{"github", []string{"--format", "github"}},
	}
	n := 0
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		variants := map[string][]string{}
		for _, f := range formats {
			variants[f.name] = f.args
		}
		extra, _ := filepath.Glob(filepath.Join(dir, "args.*"))
		for _, e := range extra {
			b, err := os.ReadFile(e)
			if err != nil {
				t.Fatal(err)
			}
			variants[strings.TrimPrefix(filepath.Ext(e), ".")] = strings.Fields(string(b))
		}
		for name, args := range variants {
			n++
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				t.Parallel()
				all := append(append([]string{"diff"}, args...), filepath.Join(dir, "old.hcl"), filepath.Join(dir, "new.hcl"))
				r := cli(t, "", all...)
				got := fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
				goldenFile(t, dir+"."+name+".golden", got)
			})
		}
	}
	if n < 28 {
		t.Errorf("only %d golden cases", n)
	}
}

// TestDiffSelf: a file, or a directory, diffed with itself prints nothing
// and exits 0, in every format but markdown (which says so).
func TestDiffSelf(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"testdata/diff/settings/new.hcl", "testdata/diff/checks/old.hcl", "testdata/valid", "../../scenarios/postgres.hcl"} {
		for _, format := range []string{"text", "json", "github"} {
			r := cli(t, "", "diff", "--format", format, path, path)
			if r.code != 0 {
				t.Errorf("diff --format %s %s %s: exit %d, want 0\n%s", format, path, path, r.code, r.stderr)
			}
			if format != "json" && r.stdout != "" {
				t.Errorf("diff --format %s of %s with itself printed %q", format, path, r.stdout)
			}
		}
	}
}

// TestDiffErrors: an invalid side, a missing file, bad flags and a bad
// git revision exit 1 (2 means the plans differ).
func TestDiffErrors(t *testing.T) {
	t.Parallel()
	ok := "testdata/diff/reviewer/old.hcl"
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"invalid new side", []string{"diff", ok, "testdata/validate/errors"}, "NEW side"},
		{"missing file", []string{"diff", "testdata/diff/nothing.hcl", ok}, "Cannot read scenarios"},
		{"one argument", []string{"diff", ok}, "takes two arguments"},
		{"unknown flag", []string{"diff", "--bogus", ok, ok}, "unknown flag"},
		{"bad format", []string{"diff", "--format", "xml", ok, ok}, "--format must be"},
		{"bad fail-on", []string{"diff", "--fail-on", "changed", ok, ok}, "--fail-on takes loosened"},
		{"bad revision", []string{"diff", "git:no-such-rev-xyz:" + ok, ok}, "git cat-file"},
		{"no revision", []string{"diff", "git::" + ok, ok}, "no revision"},
	}
	for _, tt := range tests {
		r := cli(t, "", tt.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", tt.name, r.code, r.stderr, tt.stderr)
		}
	}
}

// TestDiffGit diffs git:HEAD:PATH against the working tree in a
// temporary repository: a file and a directory, a revision that is not
// HEAD, and the color of the text on a terminal.
func TestDiffGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	dir := t.TempDir()
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	copyFile := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn("init", "-q")
	copyFile("testdata/diff/reviewer/old.hcl", filepath.Join(dir, "scenarios", "api.hcl"))
	copyFile("testdata/diff/renamed/old.hcl", filepath.Join(dir, "scenarios", "other.hcl"))
	if err := os.WriteFile(filepath.Join(dir, "scenarios", "README.md"), []byte("not HCL"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn("add", ".")
	gitIn("commit", "-q", "-m", "one")
	copyFile("testdata/diff/reviewer/new.hcl", filepath.Join(dir, "scenarios", "api.hcl"))

	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir) // git:REV:PATH is relative to the current directory

	want, err := os.ReadFile(filepath.Join(wd, "testdata/diff/reviewer.text.golden"))
	if err != nil {
		t.Fatal(err)
	}
	wantOut := strings.ReplaceAll(goldenStdout(string(want)), "testdata/diff/reviewer/new.hcl", "scenarios/api.hcl")
	for _, args := range [][]string{
		{"git:HEAD:scenarios/api.hcl", "scenarios/api.hcl"},
		{"git:HEAD:scenarios/", "scenarios/"},
		{"git:HEAD:scenarios", "scenarios"},
	} {
		r := cli(t, "", append([]string{"diff"}, args...)...)
		if r.code != 2 || r.stdout != wantOut {
			t.Errorf("diff %v: exit %d, stdout\n%s\nstderr %s\nwant exit 2 and\n%s", args, r.code, r.stdout, r.stderr, wantOut)
		}
	}
	gitIn("add", ".")
	gitIn("commit", "-q", "-m", "two")
	if r := cli(t, "", "diff", "git:HEAD:scenarios/", "scenarios/"); r.code != 0 || r.stdout != "" {
		t.Errorf("diff against the committed tree: exit %d, stdout %q, stderr %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
	r := cli(t, "", "diff", "--fail-on", "loosened", "git:HEAD~1:scenarios/api.hcl", "git:HEAD:scenarios/api.hcl")
	if r.code != 3 || r.stdout != wantOut {
		t.Errorf("diff of two revisions: exit %d, stdout\n%s\nstderr %s\nwant exit 3 and\n%s", r.code, r.stdout, r.stderr, wantOut)
	}
	if r := cli(t, "", "diff", "git:HEAD:missing.hcl", "scenarios/"); r.code != 1 || !strings.Contains(r.stderr, "missing.hcl") {
		t.Errorf("diff of a path not in the revision: exit %d, stderr %q; want 1 naming it", r.code, r.stderr)
	}
}

// goldenStdout cuts the stdout part out of a golden file.
func goldenStdout(golden string) string {
	_, rest, _ := strings.Cut(golden, "--- stdout\n")
	out, _, _ := strings.Cut(rest, "--- stderr\n")
	return out
}

// TestDiffColor: text is colored on a terminal, and not with --no-color
// or NO_COLOR.
func TestDiffColor(t *testing.T) {
	t.Parallel()
	args := []string{"diff", "testdata/diff/reviewer/old.hcl", "testdata/diff/reviewer/new.hcl"}
	for _, tt := range []struct {
		name  string
		env   map[string]string
		extra []string
		color bool
	}{
		{"terminal", nil, nil, true},
		{"--no-color", nil, []string{"--no-color"}, false},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1"}, nil, false},
	} {
		var out, errb strings.Builder
		g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, stdoutTTY: true,
			getenv: func(k string) string { return tt.env[k] }}
		code := execute(t.Context(), g, append(args, tt.extra...))
		if code != 2 {
			t.Fatalf("%s: exit %d, want 2\n%s", tt.name, code, errb.String())
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tt.color {
			t.Errorf("%s: colored = %v, want %v\n%q", tt.name, got, tt.color, out.String())
		}
		if tt.color && !strings.Contains(out.String(), "\x1b[31mcheck \"throughput\" loosened") {
			t.Errorf("%s: the loosened check is not red:\n%q", tt.name, out.String())
		}
	}
}
