package compiler_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/netfault"
	"github.com/stressql/stressql/plan"
)

// compileFault compiles a scenario with one fault of kind k writing attrs
// (example values), on the first driver that accepts it.
func compileFault(t *testing.T, k faultkind.Kind, attrs []string) *compiler.Fault {
	t.Helper()
	var body strings.Builder
	for _, name := range attrs {
		a, _ := faultkind.AttrOf(name)
		fmt.Fprintf(&body, "    %s = %s\n", name, a.Example())
	}
	var msgs []string
	for _, driver := range registry.Default().Names() {
		dangerous := ""
		if k.Dangerous != "" {
			dangerous = "  allow_dangerous = true\n"
		}
		src := fmt.Sprintf(`scenario "s" {
  driver = %q
%s  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "1s"
    step "sleep" { duration = "1ms" }
  }
  fault %q {
%s  }
}
`, driver, dangerous, k.Name, body.String())
		cfg, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
		if !diags.HasErrors() {
			plan, diags := compiler.Compile(cfg)
			if diags.HasErrors() {
				t.Fatalf("%s on %s: %s", k.Name, driver, diags.Error())
			}
			return plan.Scenarios[0].Phases[0].Faults[0]
		}
		msgs = append(msgs, driver+": "+diags.Error())
	}
	t.Fatalf("%s: no driver accepts it: %q", k.Name, msgs)
	return nil
}

// planField returns the field of f whose JSON name is name.
func planField(f *compiler.Fault, name string) (reflect.Value, bool) {
	v := reflect.ValueOf(f).Elem()
	for i := range v.NumField() {
		if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); tag == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// TestFaultKindsCompile: every kind of the table compiles; the plan has a
// field for each of its attributes and carries the written value; the
// direction default is applied by the compiler, typed, to the kinds that
// take one and to no other.
func TestFaultKindsCompile(t *testing.T) {
	t.Parallel()
	for _, a := range faultkind.Attrs {
		if _, ok := planField(&compiler.Fault{}, a.Name); !ok {
			t.Errorf("fault attribute %q has no field in compiler.Fault", a.Name)
		}
	}
	for _, k := range faultkind.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			f := compileFault(t, k, k.Attrs)
			if f.Kind != k.Name {
				t.Errorf("kind %q", f.Kind)
			}
			for _, name := range k.Attrs {
				if v, ok := planField(f, name); !ok || v.IsZero() {
					t.Errorf("attribute %q written but not in the plan", name)
				}
			}
			if f.Network() != (k.Layer == faultkind.Network) {
				t.Errorf("Network() = %v, layer %d", f.Network(), k.Layer)
			}
			f = compileFault(t, k, k.Required)
			want := plan.Direction("")
			if k.Takes("direction") {
				want = plan.Direction(faultkind.DefaultDirection)
			}
			if f.Direction != want {
				t.Errorf("direction unset: %v, want %v", f.Direction, want)
			}
		})
	}
}

// TestDirections: every direction a scenario may write is one the fault
// proxy knows, spelled the same way back.
func TestDirections(t *testing.T) {
	t.Parallel()
	for _, s := range faultkind.Directions {
		d, err := netfault.ParseDirection(string(plan.Direction(s)))
		if err != nil || d.String() != s {
			t.Errorf("%q: %v, %v", s, d, err)
		}
		if b, err := d.MarshalText(); err != nil || string(b) != s {
			t.Errorf("%q: MarshalText %q, %v", s, b, err)
		}
	}
}
