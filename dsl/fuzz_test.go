package dsl_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// FuzzLoad feeds arbitrary bytes through LoadSources and Compile, and
// through Load from a file that is both a scenario file and a var file
// (the file-reading paths and the limits): they may report anything but
// must never panic, and must always return Files.
// The seed corpus (testdata/fuzz/FuzzLoad) runs as a normal test; explore
// with go test ./dsl -run '^$' -fuzz FuzzLoad -fuzztime 1m.
func FuzzLoad(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/invalid"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, diags := dsl.LoadSources(map[string][]byte{"fuzz.hcl": src}, dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"n=3"}})
		if cfg == nil || cfg.Files["fuzz.hcl"] == nil {
			t.Fatal("LoadSources must return a Config with Files")
		}
		plan, moreDiags := compiler.Compile(cfg)
		if plan == nil {
			t.Fatal("Compile must return a Plan")
		}
		diags = append(diags, moreDiags...)
		if !diags.HasErrors() {
			for _, sc := range plan.Scenarios {
				if len(sc.Phases) == 0 || sc.Phases[0].Pool == nil || sc.Timeout <= 0 {
					t.Fatalf("scenario %s compiled without a pool or timeout", sc.Name)
				}
			}
		}
		for _, d := range diags {
			if d.Summary == "" {
				t.Fatalf("diagnostic without summary: %#v", d)
			}
		}

		dir := t.TempDir()
		scenarios, vars := filepath.Join(dir, "fuzz.hcl"), filepath.Join(dir, "vars.hcl")
		for _, name := range []string{scenarios, vars} {
			if err := os.WriteFile(name, src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cfg, diags = dsl.Load([]string{dir}, dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{vars}, Vars: []string{"n=3"}})
		if cfg == nil || (len(src) <= dsl.MaxFileBytes && cfg.Files[scenarios] == nil) {
			t.Fatal("Load must return a Config with Files")
		}
		if _, moreDiags := compiler.Compile(cfg); moreDiags == nil && diags == nil && len(cfg.Scenarios) == 0 {
			t.Fatal("a load without scenarios must say so")
		}
	})
}
