package compiler_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/pmezard/go-difflib/difflib"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCompileGolden compiles each testdata/*.hcl and compares the plan's
// JSON with testdata/*.plan.golden (go test ./compiler -update rewrites
// them; review the diff).
func TestCompileGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.hcl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".hcl")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			plan := compile(t, file)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(plan); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			golden := strings.TrimSuffix(file, ".hcl") + ".plan.golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./compiler -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("plan of %s differs from %s:\n%s", file, golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// compile loads and compiles one file, failing on any diagnostic.
func compile(t *testing.T, paths ...string) *compiler.Plan {
	t.Helper()
	cfg, diags := dsl.Load(paths, dsl.LoadOptions{Drivers: registry.Default()})
	plan, moreDiags := compiler.Compile(cfg)
	diags = append(diags, moreDiags...)
	if len(diags) > 0 {
		var buf bytes.Buffer
		_ = hcl.NewDiagnosticTextWriter(&buf, cfg.Files, 100, false).WriteDiagnostics(diags)
		t.Fatalf("diagnostics:\n%s", buf.String())
	}
	return plan
}

// lineDiff is a unified diff of two texts.
func lineDiff(want, got string) string {
	d, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(want), B: difflib.SplitLines(got),
		FromFile: "want", ToFile: "got", Context: 2,
	})
	return d
}
