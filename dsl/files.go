package dsl

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// Load loads scenario files: each path is a file, or a directory whose
// *.hcl files (sorted, not recursive) are loaded. All files share one
// namespace of variables, locals and scenarios. Finding no scenario at
// all is an error.
func Load(paths []string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(paths))
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			diags = append(diags, fileless("Cannot read scenarios", "Cannot read %s: %s.", path, unwrapPathErr(err)))
			continue
		}
		if !info.IsDir() {
			names = append(names, path)
			continue
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			diags = append(diags, fileless("Cannot read scenarios", "Cannot list directory %s: %s.", path, unwrapPathErr(err)))
			continue
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".hcl") {
				names = append(names, filepath.Join(path, e.Name()))
			}
		}
	}

	p := hclparse.NewParser()
	var files []parsed
	seen := make(map[string]bool)
	for _, name := range names {
		if clean := filepath.Clean(name); seen[clean] {
			continue
		} else {
			seen[clean] = true
		}
		src, err := os.ReadFile(name)
		if err != nil {
			diags = append(diags, fileless("Cannot read scenarios", "Cannot read %s: %s.", name, unwrapPathErr(err)))
			continue
		}
		f, moreDiags := p.ParseHCL(src, name)
		diags = append(diags, moreDiags...)
		if f != nil {
			files = append(files, parsed{file: f, broken: moreDiags.HasErrors()})
		}
	}

	cfg, scenarios, moreDiags := decodeFiles(p, files, opts)
	diags = append(diags, moreDiags...)
	if scenarios == 0 && !diags.HasErrors() {
		diags = append(diags, fileless("No scenarios",
			"No scenario block found in %s. Name .hcl files or directories that hold them.", strings.Join(paths, ", ")))
	}
	return cfg, dedupe(diags)
}

// LoadSources is Load for files held in memory, by name (tests, fuzzing).
// Files are decoded in name order. Finding no scenario is a warning.
func LoadSources(srcs map[string][]byte, opts LoadOptions) (*Config, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(srcs))
	for name := range srcs {
		names = append(names, name)
	}
	slices.Sort(names)
	p := hclparse.NewParser()
	files := make([]parsed, 0, len(names))
	for _, name := range names {
		f, moreDiags := p.ParseHCL(srcs[name], name)
		diags = append(diags, moreDiags...)
		if f != nil {
			files = append(files, parsed{file: f, broken: moreDiags.HasErrors()})
		}
	}
	cfg, scenarios, moreDiags := decodeFiles(p, files, opts)
	diags = append(diags, moreDiags...)
	if scenarios == 0 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "No scenarios",
			Detail: "The files hold no scenario block, so there is nothing to run."})
	}
	return cfg, dedupe(diags)
}

// unwrapPathErr drops the operation and path that the message around it
// already names.
func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
