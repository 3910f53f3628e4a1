package faultkind

import (
	"slices"
	"testing"
)

// TestTable: every kind is complete and consistent: a unique name, known
// attributes, required ones among them, a timing and a layer, window
// attributes that match the timing, and its docs cells.
func TestTable(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, a := range Attrs {
		if seen[a.Name] || a.Type == 0 {
			t.Errorf("attribute %q: duplicate or without a type", a.Name)
		}
		seen[a.Name] = true
		if a.Example() == "" {
			t.Errorf("attribute %q: no example value", a.Name)
		}
		if a.Type == Count && a.Min > a.Max {
			t.Errorf("attribute %q: bounds %d..%d", a.Name, a.Min, a.Max)
		}
	}
	names := map[string]bool{}
	for _, k := range Kinds {
		if names[k.Name] || k.Name == "" {
			t.Errorf("kind %q: empty or duplicate", k.Name)
		}
		names[k.Name] = true
		if got, ok := Of(k.Name); !ok || got.Name != k.Name {
			t.Errorf("Of(%q) = %v, %v", k.Name, got, ok)
		}
		for _, a := range k.Attrs {
			if _, ok := AttrOf(a); !ok {
				t.Errorf("%s: attribute %q is not in Attrs", k.Name, a)
			}
		}
		for _, r := range k.Required {
			if !k.Takes(r) {
				t.Errorf("%s: requires %q, which it does not take", k.Name, r)
			}
		}
		after, duration := k.Takes("after"), k.Takes("duration")
		switch k.Timing {
		case Window:
			if !after || !duration {
				t.Errorf("%s: a window fault takes after and duration", k.Name)
			}
		case Instant:
			if !after || duration {
				t.Errorf("%s: an instant fault takes after and no duration", k.Name)
			}
		case Whole:
			if after || duration {
				t.Errorf("%s: a whole-phase fault takes no after or duration", k.Name)
			}
		default:
			t.Errorf("%s: no timing", k.Name)
		}
		if k.Layer < Network || k.Layer > Client {
			t.Errorf("%s: no layer", k.Name)
		}
		// recovery_ms runs from the fault's end: a window that sets a
		// recovery point must end inside its phase.
		if k.Recovery && k.Timing == Window && !slices.Contains(k.Required, "duration") {
			t.Errorf("%s: sets a recovery point, so duration must be required", k.Name)
		}
		if k.Recovery && k.Timing == Whole {
			t.Errorf("%s: a whole-phase fault has no end to recover from", k.Name)
		}
		if k.Capability != "" && k.Mechanism == "" {
			t.Errorf("%s: needs capability %q but says no mechanism for the diagnostic", k.Name, k.Capability)
		}
		if k.DocAttrs == "" || k.DocWhat == "" {
			t.Errorf("%s: no docs cells", k.Name)
		}
	}
	if !slices.Equal(Names(), func() []string {
		var out []string
		for _, k := range Kinds {
			out = append(out, k.Name)
		}
		return out
	}()) {
		t.Errorf("Names() = %q", Names())
	}
	if !slices.Contains(Directions, DefaultDirection) {
		t.Errorf("DefaultDirection %q is not one of %q", DefaultDirection, Directions)
	}
}
