package dsl

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stressql/stressql/internal/loadpattern"
)

// patternScenario is a scenario with one load of pattern p writing attrs
// with example values.
func patternScenario(t *testing.T, p string, attrs []string) string {
	t.Helper()
	var body strings.Builder
	for _, name := range attrs {
		a, ok := loadpattern.AttrOf(name)
		if !ok {
			t.Fatalf("%s: attribute %q is not in loadpattern.Attrs", p, name)
		}
		fmt.Fprintf(&body, "    %s\n", a.Example())
	}
	return fmt.Sprintf(`scenario "s" {
  driver = "redis"
  load "l" {
    pattern = %q
%s    step "ping" {}
  }
}
`, p, body.String())
}

func decodeLoadText(src string) (*Workload, []string) {
	cfg, diags := LoadSources(map[string][]byte{"l.hcl": []byte(src)}, LoadOptions{Drivers: testDrivers})
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Summary+": "+d.Detail)
	}
	if len(cfg.Scenarios) == 0 || len(cfg.Scenarios[0].Loads) == 0 {
		return nil, msgs
	}
	return cfg.Scenarios[0].Loads[0], msgs
}

// TestPatternsValidate: every pattern of the table decodes with all its
// attributes, each landing in its field; leaving out a required one is an
// error; every attribute of the table has a field or is the stage blocks.
func TestPatternsValidate(t *testing.T) {
	t.Parallel()
	for _, a := range loadpattern.Attrs {
		if (&Workload{}).field(a.Name) == nil && a.Type != loadpattern.Stages {
			t.Errorf("pattern attribute %q has no field in dsl.Workload", a.Name)
		}
	}
	for _, p := range loadpattern.Patterns {
		t.Run(p.Name, func(t *testing.T) {
			w, msgs := decodeLoadText(patternScenario(t, p.Name, p.Attrs))
			if len(msgs) > 0 || w == nil {
				t.Fatalf("all attributes written: %q", msgs)
			}
			for _, name := range p.Attrs {
				set := len(w.Stages) > 0
				if f := w.field(name); f != nil {
					set = reflect.ValueOf(f).Elem().FieldByName("Set").Bool()
				}
				if !set {
					t.Errorf("attribute %q written but not decoded", name)
				}
			}
			for _, req := range p.Required {
				var rest []string
				for _, name := range p.Attrs {
					if name != req {
						rest = append(rest, name)
					}
				}
				_, msgs := decodeLoadText(patternScenario(t, p.Name, rest))
				if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "Missing") || !strings.Contains(msgs[0], strings.TrimSuffix(req, "s")) {
					t.Errorf("without %s: %q, want one error naming it", req, msgs)
				}
			}
		})
	}
}

// docTable returns the rows of the docs/dsl.md table under header.
func docTable(t *testing.T, header string) []string {
	t.Helper()
	doc, err := os.ReadFile("../docs/dsl.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i := strings.Index(text, header)
	if i < 0 {
		t.Fatalf("docs/dsl.md has no table starting %q", header)
	}
	text = text[i+len(header):]
	if j := strings.Index(text, "\n\n"); j >= 0 {
		text = text[:j]
	}
	return strings.Split(strings.TrimRight(text, "\n"), "\n")
}

// compareRows reports where the docs' rows differ from the table's.
func compareRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s row %d:\n docs  %s\n table %s", what, i+1, g, w)
		}
	}
}

// TestPatternsDocs: docs/dsl.md's load pattern and expected duration
// tables have one row per pattern, in order, with the table's cells.
func TestPatternsDocs(t *testing.T) {
	t.Parallel()
	var patterns, expected []string
	for _, p := range loadpattern.Patterns {
		patterns = append(patterns, fmt.Sprintf("| `%s` | %s | %s |", p.Name, p.DocAttrs, p.DocModel))
		expected = append(expected, fmt.Sprintf("| `%s` | %s | %s |", p.Name, p.DocIterations, p.DocDuration))
	}
	compareRows(t, "load pattern table",
		docTable(t, "| pattern | attributes | model |\n|---|---|---|\n"), patterns)
	compareRows(t, "expected duration table",
		docTable(t, "| pattern | expected iterations | expected duration |\n|---|---|---|\n"), expected)
}
