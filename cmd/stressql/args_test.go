package main

import (
	"slices"
	"testing"
)

func TestNormalizeArgs(t *testing.T) {
	root := newRootCommand(&globalOptions{})
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"single-dash bool flag", []string{"validate", "-json", "x"}, []string{"validate", "--json", "x"}},
		{"double dash left alone", []string{"validate", "--json", "x"}, []string{"validate", "--json", "x"}},
		{"value flag with =", []string{"validate", "-var-file=a.hcl", "x"}, []string{"validate", "--var-file=a.hcl", "x"}},
		{"value of a flag left alone", []string{"validate", "-var", "-json", "x"}, []string{"validate", "--var", "-json", "x"}},
		{"value of a double-dash flag left alone", []string{"plan", "--filter", "-json", "x"}, []string{"plan", "--filter", "-json", "x"}},
		{"fmt flags", []string{"fmt", "-check", "-diff", "-recursive", "d"}, []string{"fmt", "--check", "--diff", "--recursive", "d"}},
		{"stdin dash left alone", []string{"fmt", "-"}, []string{"fmt", "-"}},
		{"shorthand left alone", []string{"fmt", "-h"}, []string{"fmt", "-h"}},
		{"help in long form", []string{"plan", "-help"}, []string{"plan", "--help"}},
		{"unknown flag left for pflag to report", []string{"validate", "-bogus"}, []string{"validate", "-bogus"}},
		{"flag of another command not rewritten", []string{"version", "-check"}, []string{"version", "-check"}},
		{"run --json takes a value", []string{"run", "-json", "out.json", "-junit", "j.xml", "d"}, []string{"run", "--json", "out.json", "--junit", "j.xml", "d"}},
		{"after -- nothing changes", []string{"validate", "--", "-json"}, []string{"validate", "--", "-json"}},
		{"flags before paths and after", []string{"list", "d", "-json"}, []string{"list", "d", "--json"}},
		{"nested command", []string{"completion", "bash", "-no-descriptions"}, []string{"completion", "bash", "--no-descriptions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := normalizeArgs(root, tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("normalizeArgs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
