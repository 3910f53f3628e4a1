package format

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeTree creates files (path → content) under a new temporary directory
// and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCollect(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"b.hcl":          "",
		"a.hcl":          "",
		"notes.txt":      "",
		"sub/c.hcl":      "",
		"sub/deep/d.hcl": "",
		".git/e.hcl":     "",
	})
	j := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	tests := []struct {
		name      string
		paths     []string
		recursive bool
		want      []string
	}{
		{"directory: its own hcl files, sorted", j(""), false, j("a.hcl", "b.hcl")},
		{"recursive: subdirectories too, hidden skipped", j(""), true, j("a.hcl", "b.hcl", "sub/c.hcl", "sub/deep/d.hcl")},
		{"a named file is taken whatever its extension", j("notes.txt"), false, j("notes.txt")},
		{"each file once, in the order named", j("b.hcl", "", "sub"), false, j("b.hcl", "a.hcl", "sub/c.hcl")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Collect(tt.paths, tt.recursive)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Collect = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := Collect(j("missing.hcl"), false); err == nil || !strings.Contains(err.Error(), "missing.hcl") {
		t.Errorf("missing path: err = %v, want one naming the path", err)
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		want    string // file content afterwards
		wantErr bool
	}{
		{"rewrites a changed file, keeping its mode", "a=1\n", 0o600, "a = 1\n", false},
		{"keeps an executable bit", "a=1\n", 0o755, "a = 1\n", false},
		{"leaves a canonical file alone", "a = 1\n", 0o644, "a = 1\n", false},
		{"never writes a file with syntax errors", "a = \n", 0o644, "a = \n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.hcl")
			if err := os.WriteFile(p, []byte(tt.content), tt.mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, tt.mode); err != nil { // umask-proof
				t.Fatal(err)
			}
			r, err := File(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Write(); (err != nil) != tt.wantErr {
				t.Fatalf("Write error = %v, want error %v", err, tt.wantErr)
			}
			got, _ := os.ReadFile(p)
			if string(got) != tt.want {
				t.Errorf("content = %q, want %q", got, tt.want)
			}
			info, _ := os.Stat(p)
			if info.Mode().Perm() != tt.mode {
				t.Errorf("mode = %v, want %v", info.Mode().Perm(), tt.mode)
			}
		})
	}
	if _, err := File(filepath.Join(t.TempDir(), "missing.hcl")); err == nil {
		t.Error("File of a missing file: no error")
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, filename, src, want string
	}{
		{"unchanged: no diff", "x.hcl", "a = 1\n", ""},
		{"syntax error: no diff", "x.hcl", "a =\n", ""},
		{
			"changed", "dir/x.hcl", "a = 1\nlong=2\n",
			"--- old/dir/x.hcl\n+++ new/dir/x.hcl\n@@ -1,2 +1,2 @@\n-a = 1\n-long=2\n+a    = 1\n+long = 2\n",
		},
		{
			"paths are cleaned", "./dir/../x.hcl", "a=1\n",
			"--- old/x.hcl\n+++ new/x.hcl\n@@ -1 +1 @@\n-a=1\n+a = 1\n",
		},
		{
			"absolute paths lose their leading slash", "/tmp/x.hcl", "a=1",
			"--- old/tmp/x.hcl\n+++ new/tmp/x.hcl\n@@ -1 +1 @@\n-a=1\n+a = 1\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Bytes(tt.filename, []byte(tt.src)).Diff()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Diff =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
