package results

import (
	"github.com/stressql/stressql/internal/faultkind"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// leafPaths lists the dotted paths of every number or string a check can
// read in a results object; the kinds of errors and error_examples are
// written KIND, as the docs do.
func leafPaths(t cty.Type, prefix string, out map[string]bool) {
	if !t.IsObjectType() {
		out[prefix] = true
		return
	}
	for name, at := range t.AttributeTypes() {
		if prefix == "errors" || prefix == "error_examples" ||
			prefix == "faults" && slices.Contains(faultkind.Names(), name) {
			name = "KIND"
		}
		p := name
		if prefix != "" {
			p = prefix + "." + name
		}
		leafPaths(at, p, out)
	}
}

var braces = regexp.MustCompile(`\{([^{}]*)\}`)

// expand expands the first {a,b,...} group of a docs name, recursively:
// pool.{hits,misses} is pool.hits and pool.misses.
func expand(name string) []string {
	loc := braces.FindStringSubmatchIndex(name)
	if loc == nil {
		return []string{name}
	}
	var out []string
	for _, alt := range strings.Split(name[loc[2]:loc[3]], ",") {
		out = append(out, expand(name[:loc[0]]+alt+name[loc[1]:])...)
	}
	return out
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

// TestResultNamesDocumented: docs/dsl.md's results table names exactly the
// values the results object has (the cty type checks are validated
// against): every name of the type is in the table, every name of the
// table is in the type.
func TestResultNamesDocumented(t *testing.T) {
	t.Parallel()
	have := map[string]bool{}
	leafPaths(partType(), "", have)
	have["load.NAME"], have["phase.NAME"] = true, true // the same object per load, per phase

	documented := map[string]bool{}
	for _, row := range docTable(t, dslDoc(t), "| name | meaning |\n|---|---|\n") {
		cells := strings.Split(row, " | ")
		for _, m := range codeSpan.FindAllStringSubmatch(strings.TrimPrefix(cells[0], "| "), -1) {
			for _, name := range expand(m[1]) {
				documented[name] = true
			}
		}
	}
	documented["load.NAME"], documented["phase.NAME"] = true, true // the paragraph above the table

	var missing, unknown []string
	for name := range have {
		if !documented[name] {
			missing = append(missing, name)
		}
	}
	for name := range documented {
		if !have[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(missing)
	sort.Strings(unknown)
	if len(missing) > 0 {
		t.Errorf("results names not in docs/dsl.md's results table: %q", missing)
	}
	if len(unknown) > 0 {
		t.Errorf("docs/dsl.md's results table names what the results object lacks: %q", unknown)
	}
}

// TestResultNamesInJSONExample: every name of the results object (each
// segment of its paths) appears as a member in docs/results.md's example
// of the --json report, and so does every error kind.
func TestResultNamesInJSONExample(t *testing.T) {
	t.Parallel()
	b, err := readDoc("../docs/results.md")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	leafPaths(partType(), "", have)
	var segs []string
	for p := range have {
		for _, s := range strings.Split(p, ".") {
			if s != "KIND" && !slices.Contains(segs, s) {
				segs = append(segs, s)
			}
		}
	}
	segs = append(segs, ErrorKinds...)
	segs = append(segs, "load", "phase", "histograms", "series")
	sort.Strings(segs)
	for _, s := range segs {
		if !strings.Contains(b, `"`+s+`":`) {
			t.Errorf("docs/results.md's example has no %q member", s)
		}
	}
}
