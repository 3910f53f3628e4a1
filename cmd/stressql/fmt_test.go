package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	messy = "scenario \"a\" {\ndriver=\"redis\"\n\n\n  timeout = \"1s\"\n}\n"
	tidy  = "scenario \"a\" {\n  driver = \"redis\"\n\n  timeout = \"1s\"\n}\n"
	bad   = "scenario \"a\" {\n  driver = = 1\n}\n"
)

// fmtTree writes files into a new directory and returns it.
func fmtTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFmt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		files  map[string]string
		flags  []string
		code   int
		stdout []string          // lines expected, dir-relative names prefixed with the dir
		after  map[string]string // file contents afterwards
		stderr string
	}{
		{
			name:   "rewrites changed files and lists them",
			files:  map[string]string{"a.hcl": messy, "b.hcl": tidy},
			code:   0,
			stdout: []string{"a.hcl"},
			after:  map[string]string{"a.hcl": tidy, "b.hcl": tidy},
		},
		{
			name:   "-check lists, writes nothing, exits 1",
			files:  map[string]string{"a.hcl": messy, "b.hcl": tidy},
			flags:  []string{"-check"},
			code:   1,
			stdout: []string{"a.hcl"},
			after:  map[string]string{"a.hcl": messy, "b.hcl": tidy},
		},
		{
			name:  "-check on formatted files exits 0",
			files: map[string]string{"b.hcl": tidy},
			flags: []string{"-check"},
			code:  0,
			after: map[string]string{"b.hcl": tidy},
		},
		{
			name:   "-diff prints a unified diff",
			files:  map[string]string{"a.hcl": messy},
			flags:  []string{"-check", "-diff"},
			code:   1,
			stdout: []string{"a.hcl", "--- old/", "+++ new/", `-driver="redis"`, `+  driver = "redis"`},
			after:  map[string]string{"a.hcl": messy},
		},
		{
			name:   "syntax errors: reported, never written, exit 2; other files still formatted",
			files:  map[string]string{"a.hcl": messy, "bad.hcl": bad},
			code:   2,
			stdout: []string{"a.hcl"},
			after:  map[string]string{"a.hcl": tidy, "bad.hcl": bad},
			stderr: "bad.hcl:2:",
		},
		{
			name:  "subdirectories only with -recursive",
			files: map[string]string{"sub/a.hcl": messy},
			code:  0,
			after: map[string]string{"sub/a.hcl": messy},
		},
		{
			name:   "-recursive",
			files:  map[string]string{"sub/a.hcl": messy},
			flags:  []string{"-recursive"},
			code:   0,
			stdout: []string{"a.hcl"},
			after:  map[string]string{"sub/a.hcl": tidy},
		},
		{
			name:  "other extensions are not collected from directories",
			files: map[string]string{"a.txt": messy},
			code:  0,
			after: map[string]string{"a.txt": messy},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := fmtTree(t, tt.files)
			r := cli(t, "", append(append([]string{"fmt"}, tt.flags...), dir)...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("stdout does not contain %q:\n%s", want, r.stdout)
				}
			}
			if len(tt.stdout) == 0 && r.stdout != "" {
				t.Errorf("unexpected stdout:\n%s", r.stdout)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, r.stderr)
			}
			for name, want := range tt.after {
				p := filepath.Join(dir, name)
				if got := readFile(t, p); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
				if info, _ := os.Stat(p); info.Mode().Perm() != 0o640 {
					t.Errorf("%s: mode %v, want 0640", name, info.Mode().Perm())
				}
			}
		})
	}
}

func TestFmtStdin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, stdin string
		flags       []string
		code        int
		stdout      string
		stderr      string
	}{
		{"formats stdin to stdout", messy, nil, 0, tidy, ""},
		{"formatted input comes back unchanged", tidy, nil, 0, tidy, ""},
		{"-check: nothing printed, exit 1", messy, []string{"-check"}, 1, "", ""},
		{"-check on formatted input", tidy, []string{"-check"}, 0, "", ""},
		{"syntax error: nothing on stdout, exit 2", bad, nil, 2, "", "<stdin>:2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := cli(t, tt.stdin, append(append([]string{"fmt"}, tt.flags...), "-")...)
			if r.code != tt.code || r.stdout != tt.stdout || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d stdout %q stderr %q; want %d %q %q", r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	r := cli(t, messy, "fmt", "-diff", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "+++ new/<stdin>") {
		t.Errorf("fmt -diff -: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}

// TestFmtDefaultsToCurrentDirectory runs fmt without a path in a
// temporary working directory (not in parallel: it changes directory).
func TestFmtDefaultsToCurrentDirectory(t *testing.T) {
	dir := fmtTree(t, map[string]string{"a.hcl": messy})
	t.Chdir(dir)
	r := cli(t, "", "fmt")
	if r.code != 0 || r.stdout != "a.hcl\n" || readFile(t, "a.hcl") != tidy {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
