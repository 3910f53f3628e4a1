package loadpattern

import "testing"

// TestTable: every pattern is complete and consistent.
func TestTable(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, a := range Attrs {
		if seen[a.Name] || a.Type == 0 || a.Example() == "" {
			t.Errorf("attribute %q: duplicate, without a type or an example", a.Name)
		}
		seen[a.Name] = true
	}
	names := map[string]bool{}
	for _, p := range Patterns {
		if names[p.Name] || p.Name == "" {
			t.Errorf("pattern %q: empty or duplicate", p.Name)
		}
		names[p.Name] = true
		if got, ok := Of(p.Name); !ok || got.Name != p.Name {
			t.Errorf("Of(%q) = %v, %v", p.Name, got, ok)
		}
		for _, a := range p.Attrs {
			if _, ok := AttrOf(a); !ok {
				t.Errorf("%s: attribute %q is not in Attrs", p.Name, a)
			}
		}
		for _, r := range p.Required {
			if !p.Takes(r) {
				t.Errorf("%s: requires %q, which it does not take", p.Name, r)
			}
		}
		// An open model bounds its workers by max_workers; a closed
		// model has a fixed number of workers.
		if p.Open != p.Takes("max_workers") || p.Open == p.Takes("workers") {
			t.Errorf("%s: open %v, but takes workers %v, max_workers %v", p.Name, p.Open, p.Takes("workers"), p.Takes("max_workers"))
		}
		if p.Open && (p.UnknownIterations || p.EstimatedDuration) {
			t.Errorf("%s: an open model's schedule is known ahead", p.Name)
		}
		if p.DocAttrs == "" || p.DocModel == "" || p.DocIterations == "" || p.DocDuration == "" {
			t.Errorf("%s: docs cells missing", p.Name)
		}
	}
	if IsOpen("nope") || !IsOpen(ConstantRate) || IsOpen(Burst) {
		t.Error("IsOpen disagrees with the table")
	}
}
