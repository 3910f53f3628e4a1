package planfmt

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// TestGolden compiles each testdata/NAME.hcl and compares its plan with
// NAME.plan.golden (text) and NAME.plan.json.golden (JSON). Regenerate
// with go test ./planfmt -update, then review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.hcl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(f, ".hcl")
		t.Run(filepath.Base(name), func(t *testing.T) {
			cfg, diags := dsl.Load([]string{f}, dsl.LoadOptions{Drivers: registry.Default()})
			if diags.HasErrors() {
				t.Fatalf("load: %s", diags.Error())
			}
			plan, diags := compiler.Compile(cfg)
			if diags.HasErrors() {
				t.Fatalf("compile: %s", diags.Error())
			}
			var text, js bytes.Buffer
			if err := Text(&text, plan); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&js, plan); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".plan.golden", text.Bytes())
			golden(t, name+".plan.json.golden", js.Bytes())
		})
	}
}
