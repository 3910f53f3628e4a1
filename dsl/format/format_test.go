package format

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestSourceGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/unformatted.hcl")
	if err != nil {
		t.Fatal(err)
	}
	got, diags := Source(src, "unformatted.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	golden(t, "testdata/formatted.hcl", got)
}

// TestCases formats testdata/cases/NAME.in.hcl and compares the result with
// NAME.out.hcl.
func TestCases(t *testing.T) {
	ins, err := filepath.Glob("testdata/cases/*.in.hcl")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.hcl")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, diags := Source(src, in)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			golden(t, strings.TrimSuffix(in, ".in.hcl")+".out.hcl", got)
			if name == "formatted" && string(got) != string(src) {
				t.Errorf("canonical input changed:\n%s", got)
			}
		})
	}
}

// TestIdempotent: formatting canonical source changes nothing, for every
// input and every golden output.
func TestIdempotent(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.hcl")
	cases, _ := filepath.Glob("testdata/cases/*.hcl")
	for _, f := range append(files, cases...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			once, diags := Source(src, f)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			twice, diags := Source(once, f)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if string(once) != string(twice) {
				t.Errorf("not idempotent:\n--- once\n%s\n--- twice\n%s", once, twice)
			}
		})
	}
}

func TestSourceInline(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty file stays empty", "", ""},
		{"blank file becomes empty", "\n\n  \n", ""},
		{"adds the final newline", `a = 1`, "a = 1\n"},
		{"CRLF becomes LF", "a = 1\r\nbb = 2\r\n", "a  = 1\nbb = 2\n"},
		{"aligns equals in a run", "a = 1\nlong = 2\n", "a    = 1\nlong = 2\n"},
		{"a blank line splits alignment runs", "a = 1\n\nlong = 2\n", "a = 1\n\nlong = 2\n"},
		{"collapses blank lines", "a = 1\n\n\n\nb = 2\n", "a = 1\n\nb = 2\n"},
		{"no blank line after an opening brace", "x {\n\n  a = 1\n}\n", "x {\n  a = 1\n}\n"},
		{"no blank line before a closing brace", "x {\n  a = 1\n\n}\n", "x {\n  a = 1\n}\n"},
		{"no blank lines inside brackets", "a = [\n\n  1,\n\n]\n", "a = [\n  1,\n]\n"},
		{"a comment after a brace is not a brace", "# x {\n\na = 1\n", "# x {\n\na = 1\n"},
		{"a trailing comment after a brace still opens", "x { # c\n\n  a = 1\n}\n", "x { # c\n  a = 1\n}\n"},
		{"heredoc content kept", "a = <<EOT\n\n\n  x   \nEOT\n", "a = <<EOT\n\n\n  x   \nEOT\n"},
		{"heredoc blank line before a closing brace kept", "x {\n  a = <<EOT\n\n}\nEOT\n}\n", "x {\n  a = <<EOT\n\n}\nEOT\n}\n"},
		{"block comment kept", "/*\n\n\n*/\na = 1\n", "/*\n\n\n*/\na = 1\n"},
		{"comments kept", "# one\na = 1 # two\n// three\n", "# one\na = 1 # two\n// three\n"},
		{"indents nested blocks", "a {\nb {\nc = 1\n}\n}\n", "a {\n  b {\n    c = 1\n  }\n}\n"},
		{"spaces around operators", "a = 1+2*3\n", "a = 1 + 2 * 3\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := Source([]byte(tt.in), "in.hcl")
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if string(got) != tt.want {
				t.Errorf("Source(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSourceSyntaxError(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
	}{
		{"unclosed block", "x {\n  a = 1\n", 1},
		{"missing value", "a = 1\nb =\n", 2},
		{"bad token", "a = 1\nb = @\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := Source([]byte(tt.in), "bad.hcl")
			if got != nil {
				t.Errorf("got output %q for invalid source", got)
			}
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			if r := diags[0].Subject; r == nil || r.Filename != "bad.hcl" || r.Start.Line < tt.line {
				t.Errorf("subject = %v, want bad.hcl from line %d", r, tt.line)
			}
		})
	}
}
