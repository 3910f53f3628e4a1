package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestValidateGolden runs validate in each format over each directory
// testdata/validate/CASE and compares exit code, stdout and stderr with
// testdata/validate/CASE.FORMAT.golden. Regenerate with
// go test ./cmd/stressql -run ValidateGolden -update, then review the diff.
func TestValidateGolden(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob("testdata/validate/*")
	if err != nil {
		t.Fatal(err)
	}
	formats := []struct {
		name string
		args []string
	}{
		{"text", nil},
		{"json", []string{"-json"}},
		{"github", []string{"--format", "github"}},
	}
	n := 0
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		for _, f := range formats {
			n++
			t.Run(filepath.Base(dir)+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				args := append(append([]string{"validate"}, f.args...), dir)
				r := cli(t, "", args...)
				got := fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
				goldenFile(t, dir+"."+f.name+".golden", got)
			})
		}
	}
	if n < 9 {
		t.Errorf("only %d golden cases", n)
	}
}

// goldenFile compares got with the file at path, or rewrites it with
// -update.
func goldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
