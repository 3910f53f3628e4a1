package dsl_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// scenarioText is a minimal valid scenario named name.
func scenarioText(name string) string {
	return `scenario "` + name + `" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
`
}

func names(cfg *dsl.Config) string {
	var out []string
	for _, sc := range cfg.Scenarios {
		out = append(out, sc.Name)
	}
	return strings.Join(out, ",")
}

func TestLoadPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(rel, text string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("suite/b.hcl", scenarioText("b1")+scenarioText("b2"))
	write("suite/a.hcl", scenarioText("a1"))
	write("suite/notes.txt", "not a scenario file")
	write("suite/nested/c.hcl", scenarioText("nested"))
	write("suite/empty.hcl", "")
	single := write("single.hcl", scenarioText("single"))
	dupe := write("dupe.hcl", scenarioText("a1"))
	write("none/x.txt", "")

	for _, tc := range []struct {
		name      string
		paths     []string
		want      string // scenario names in order
		wantDiags []string
	}{
		// A directory: its *.hcl files sorted, not recursive; an empty
		// file is fine.
		{name: "directory", paths: []string{filepath.Join(dir, "suite")}, want: "a1,b1,b2"},
		{name: "file", paths: []string{single}, want: "single"},
		// Paths keep their order; a file named twice loads once.
		{name: "file then directory", paths: []string{single, filepath.Join(dir, "suite"), single}, want: "single,a1,b1,b2"},
		{name: "duplicate across files", paths: []string{filepath.Join(dir, "suite"), dupe}, want: "a1,b1,b2,a1",
			wantDiags: []string{"Duplicate scenario"}},
		{name: "missing path", paths: []string{filepath.Join(dir, "nope.hcl"), single}, want: "single",
			wantDiags: []string{"Cannot read scenarios"}},
		{name: "no scenarios", paths: []string{filepath.Join(dir, "suite", "empty.hcl")}, wantDiags: []string{"No scenarios"}},
		{name: "no hcl files", paths: []string{filepath.Join(dir, "none")}, wantDiags: []string{"No scenarios"}},
		{name: "nothing", paths: nil, wantDiags: []string{"No scenarios"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := dsl.Load(tc.paths, dsl.LoadOptions{Drivers: registry.Default()})
			if cfg == nil || cfg.Files == nil {
				t.Fatal("Config and Files must always be set")
			}
			if got := names(cfg); got != tc.want {
				t.Errorf("scenarios %q, want %q", got, tc.want)
			}
			var got []string
			for _, d := range diags {
				got = append(got, d.Summary)
				if d.Severity != hcl.DiagError {
					t.Errorf("%s is a warning, want an error", d.Summary)
				}
			}
			if strings.Join(got, ";") != strings.Join(tc.wantDiags, ";") {
				t.Errorf("diagnostics %q, want %q", got, tc.wantDiags)
			}
		})
	}

	// The duplicate's detail names the first definition.
	_, diags := dsl.Load([]string{filepath.Join(dir, "suite"), dupe}, dsl.LoadOptions{Drivers: registry.Default()})
	if len(diags) != 1 || !strings.Contains(diags[0].Detail, filepath.Join(dir, "suite", "a.hcl")+":1:1") ||
		diags[0].Subject.Filename != dupe {
		t.Errorf("duplicate diagnostic %v should point at %s and name the first definition", diags, dupe)
	}
}

func TestLoadSources(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		srcs    map[string][]byte
		want    string
		wantErr bool // errors expected; with no scenario, a "No scenarios" warning too
	}{
		// Files are decoded in name order.
		{name: "name order", srcs: map[string][]byte{"b.hcl": []byte(scenarioText("b")), "a.hcl": []byte(scenarioText("a"))}, want: "a,b"},
		// No scenario at all is only a warning here.
		{name: "empty", srcs: map[string][]byte{"e.hcl": nil}},
		{name: "none", srcs: nil},
		{name: "comments only", srcs: map[string][]byte{"c.hcl": []byte("# nothing\n// here\n")}},
		// Junk gives diagnostics, never a panic; Files is still set.
		{name: "junk", srcs: map[string][]byte{"j.hcl": {0xff, 0xfe, 0, '{', '"'}}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := dsl.LoadSources(tc.srcs, dsl.LoadOptions{Drivers: registry.Default()})
			if cfg == nil || cfg.Files == nil {
				t.Fatal("Config and Files must always be set")
			}
			for name := range tc.srcs {
				if cfg.Files[name] == nil {
					t.Errorf("Files lacks %s", name)
				}
			}
			if got := names(cfg); got != tc.want {
				t.Errorf("scenarios %q, want %q", got, tc.want)
			}
			if diags.HasErrors() != tc.wantErr {
				t.Errorf("diagnostics %v, want errors: %v", diags, tc.wantErr)
			}
			noScenarios := 0
			for _, d := range diags {
				if d.Summary == "No scenarios" && d.Severity == hcl.DiagWarning {
					noScenarios++
				}
			}
			if want := map[bool]int{true: 0, false: 1}[tc.want != ""]; noScenarios != want {
				t.Errorf("%d \"No scenarios\" warnings, want %d: %v", noScenarios, want, diags)
			}
		})
	}
}

// TestAllErrorsInAllFiles: errors of every file are reported together.
func TestAllErrorsInAllFiles(t *testing.T) {
	t.Parallel()
	srcs := map[string][]byte{
		"a.hcl": []byte("scenario \"a\" {\n  driver = \"mysql\"\n}\n"),
		"b.hcl": []byte("scenario \"b\" {\n  driver = \"redis\"\n  load \"l\" {\n    pattern = \"burst\"\n    workers = 0\n    step \"ping\" {}\n  }\n}\n"),
		"c.hcl": []byte("scenario \"c\" {\n  driver = \n}\n"),
	}
	_, diags := dsl.LoadSources(srcs, dsl.LoadOptions{Drivers: registry.Default()})
	files := map[string]bool{}
	for _, d := range diags {
		if d.Subject != nil && d.Severity == hcl.DiagError {
			files[d.Subject.Filename] = true
		}
	}
	if len(files) != 3 {
		t.Errorf("errors in %v, want in all of a.hcl, b.hcl, c.hcl:\n%v", files, diags)
	}
}
