package dsl_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/pmezard/go-difflib/difflib"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

var update = flag.Bool("update", false, "rewrite golden files")

// check loads paths and compiles them, as `stressql validate` does.
func check(paths []string, opts dsl.LoadOptions) (*dsl.Config, hcl.Diagnostics) {
	cfg, diags := dsl.Load(paths, opts)
	_, moreDiags := compiler.Compile(cfg)
	return cfg, append(diags, moreDiags...)
}

// TestValid: every file of testdata/valid loads and compiles without any
// diagnostic, warnings included.
func TestValid(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/valid/*.hcl")
	if len(files) == 0 {
		t.Fatal("no testdata/valid files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			cfg, diags := check([]string{file}, dsl.LoadOptions{Drivers: registry.Default()})
			if len(diags) > 0 {
				t.Errorf("diagnostics:\n%s", render(cfg, diags))
			}
			if len(cfg.Scenarios) == 0 {
				t.Error("no scenarios")
			}
		})
	}
}

// TestInvalid: every file of testdata/invalid has errors. Their rendering
// must match NAME.golden (go test ./dsl -update rewrites them; review the
// diff), and each must sit on a line marked "# ERROR: Summary" or
// "# WARNING: Summary" (several separated by " | ", a severity carrying
// over), every marker matched: the goldens cannot be blindly regenerated
// into accepting a diagnostic on the wrong line.
func TestInvalid(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/invalid/*.hcl")
	if len(files) < 30 {
		t.Fatalf("%d invalid files, want at least 30", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			cfg, diags := check([]string{file}, dsl.LoadOptions{Drivers: registry.Default()})
			if !diags.HasErrors() {
				t.Fatalf("no error; diagnostics:\n%s", render(cfg, diags))
			}
			golden(t, strings.TrimSuffix(file, ".hcl")+".golden", lines(diags))
			markers(t, file, diags)
		})
	}
}

// lines renders diagnostics one per line, sorted by position:
// file:line:col: severity: summary; detail
func lines(diags hcl.Diagnostics) string {
	var out []string
	for _, d := range diags {
		where := "-"
		if d.Subject != nil {
			where = fmt.Sprintf("%s:%d:%d", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column)
		}
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		out = append(out, fmt.Sprintf("%s: %s: %s; %s", where, sev, d.Summary, d.Detail))
	}
	slices.SortStableFunc(out, func(a, b string) int { return compareWhere(a, b) })
	return strings.Join(out, "\n") + "\n"
}

// compareWhere orders rendered lines by file, line and column.
func compareWhere(a, b string) int {
	ka, kb := whereKey(a), whereKey(b)
	return strings.Compare(ka, kb)
}

var whereRe = regexp.MustCompile(`^([^:]*):(\d+):(\d+):`)

func whereKey(s string) string {
	m := whereRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	return fmt.Sprintf("%s:%08s:%08s", m[1], m[2], m[3])
}

// golden compares got with a golden file, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dsl -update)", err)
	}
	if string(want) != got {
		d, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(want)), B: difflib.SplitLines(got),
			FromFile: path, ToFile: "got", Context: 1,
		})
		t.Errorf("diagnostics differ from %s:\n%s", path, d)
	}
}

var markerRe = regexp.MustCompile(`# ((?:ERROR|WARNING): .*)$`)

// markers checks that the diagnostics of file are exactly the ones its
// "# ERROR: Summary" / "# WARNING: Summary" comments announce, by line.
func markers(t *testing.T, file string, diags hcl.Diagnostics) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for i, line := range strings.Split(string(src), "\n") {
		m := markerRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		sev := "error"
		for _, summary := range strings.Split(m[1], " | ") {
			if s, ok := strings.CutPrefix(summary, "ERROR: "); ok {
				sev, summary = "error", s
			} else if s, ok := strings.CutPrefix(summary, "WARNING: "); ok {
				sev, summary = "warning", s
			}
			want[fmt.Sprintf("%d: %s: %s", i+1, sev, strings.TrimSpace(summary))]++
		}
	}
	got := map[string]int{}
	for _, d := range diags {
		line := 0
		if d.Subject != nil {
			line = d.Subject.Start.Line
		}
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		got[fmt.Sprintf("%d: %s: %s", line, sev, d.Summary)]++
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("marker %q: %d diagnostics, want %d", k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("unmarked diagnostic %q (x%d)", k, n)
		}
	}
}

// render prints diagnostics as the CLI would.
func render(cfg *dsl.Config, diags hcl.Diagnostics) string {
	var buf bytes.Buffer
	var files map[string]*hcl.File
	if cfg != nil {
		files = cfg.Files
	}
	_ = hcl.NewDiagnosticTextWriter(&buf, files, 100, false).WriteDiagnostics(diags)
	return buf.String()
}
