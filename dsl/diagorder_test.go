package dsl

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestSortDiagnostics(t *testing.T) {
	at := func(summary, file string, line, col int) *hcl.Diagnostic {
		d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary}
		if file != "" {
			p := hcl.Pos{Line: line, Column: col}
			d.Subject = &hcl.Range{Filename: file, Start: p, End: p}
		}
		return d
	}
	tests := []struct {
		name string
		in   hcl.Diagnostics
		want string
	}{
		{"empty", nil, ""},
		{"by line, then column", hcl.Diagnostics{
			at("a12", "a.hcl", 12, 3), at("a5", "a.hcl", 5, 16), at("a10", "a.hcl", 10, 5), at("a9", "a.hcl", 9, 3), at("a5b", "a.hcl", 5, 4),
		}, "a5b a5 a9 a10 a12"},
		{"files by name", hcl.Diagnostics{
			at("z3", "z.hcl", 3, 1), at("a1", "a.hcl", 1, 1), at("z1", "z.hcl", 1, 1),
		}, "a1 z1 z3"},
		{"sourceless first, in their order", hcl.Diagnostics{
			at("a2", "a.hcl", 2, 1), at("none1", "", 0, 0), at("a1", "a.hcl", 1, 1), at("none2", "", 0, 0),
		}, "none1 none2 a1 a2"},
		{"a file's syntax errors first", hcl.Diagnostics{
			at("cause", "a.hcl", 3, 13), at("b-other", "b.hcl", 1, 1), at("consequence", "a.hcl", 1, 1), at("cause2", "a.hcl", 9, 1),
		}, "cause cause2 consequence b-other"},
		{"one position keeps its order", hcl.Diagnostics{
			at("second", "a.hcl", 4, 2), at("first", "a.hcl", 1, 1), at("third", "a.hcl", 4, 2),
		}, "first second third"},
	}
	// "cause" and "cause2" are syntax errors, as the loader marks them.
	for _, tt := range tests {
		for _, d := range tt.in {
			if strings.HasPrefix(d.Summary, "cause") {
				markSyntax(hcl.Diagnostics{d})
			}
		}
		t.Run(tt.name, func(t *testing.T) {
			SortDiagnostics(tt.in)
			var got []string
			for _, d := range tt.in {
				got = append(got, d.Summary)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("order %q, want %q", g, tt.want)
			}
		})
	}
}

// TestSyntaxMarkKeepsExtra: the mark wraps what a parse diagnostic's
// Extra held, and hcl still finds it.
func TestSyntaxMarkKeepsExtra(t *testing.T) {
	type note struct{ s string }
	d := &hcl.Diagnostic{Extra: note{"kept"}}
	markSyntax(hcl.Diagnostics{d})
	markSyntax(hcl.Diagnostics{d}) // twice: still one mark
	if got, ok := hcl.DiagnosticExtra[note](d); !ok || got.s != "kept" {
		t.Errorf("DiagnosticExtra = %v, %v; want the wrapped note", got, ok)
	}
	if _, ok := d.Extra.(syntaxExtra).wrapped.(syntaxExtra); ok {
		t.Error("marked twice")
	}
}
