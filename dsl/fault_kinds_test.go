package dsl

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/internal/faultkind"
)

// testDrivers are the drivers the tool ships.
var testDrivers = registry.Default()

// driverHas reports whether driver has capability ("" = every driver).
func driverHas(driver, capability string) bool {
	d := testDrivers.Lookup(driver)
	return d != nil && (capability == "" || d.Has(capability))
}

// namesWith lists the drivers that have capability.
func namesWith(capability string) []string {
	var out []string
	for _, name := range testDrivers.Names() {
		if driverHas(name, capability) {
			out = append(out, name)
		}
	}
	return out
}

// faultScenario is a scenario with one fault of kind k on a driver that
// supports it, writing the attributes attrs with sample values.
func faultScenario(t *testing.T, k faultkind.Kind, attrs []string) string {
	t.Helper()
	drivers := namesWith(k.Capability)
	if len(drivers) == 0 {
		t.Fatalf("%s: no driver has capability %q", k.Name, k.Capability)
	}
	return faultScenarioOn(t, k, drivers[0], attrs)
}

// faultScenarioOn is faultScenario on driver, allowing a dangerous kind.
func faultScenarioOn(t *testing.T, k faultkind.Kind, driver string, attrs []string) string {
	t.Helper()
	dangerous := ""
	if k.Dangerous != "" && driverHas(driver, k.Capability) {
		dangerous = "  allow_dangerous = true\n"
	}
	var body strings.Builder
	for _, name := range attrs {
		a, ok := faultkind.AttrOf(name)
		if !ok {
			t.Fatalf("%s: attribute %q is not in faultkind.Attrs", k.Name, name)
		}
		fmt.Fprintf(&body, "    %s = %s\n", name, a.Example())
	}
	return fmt.Sprintf(`scenario "s" {
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
}

func decodeFaultText(src string) (*Fault, []string) {
	cfg, diags := LoadSources(map[string][]byte{"f.hcl": []byte(src)}, LoadOptions{Drivers: testDrivers})
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Summary+": "+d.Detail)
	}
	if len(cfg.Scenarios) == 0 || len(cfg.Scenarios[0].Faults) == 0 {
		return nil, msgs
	}
	return cfg.Scenarios[0].Faults[0], msgs
}

// TestFaultKindsValidate: every kind of the table decodes with all its
// attributes written, each attribute landing in its field; each required
// attribute left out is an error naming it; every attribute of the table
// has a field.
func TestFaultKindsValidate(t *testing.T) {
	t.Parallel()
	for _, a := range faultkind.Attrs {
		if (&Fault{}).field(a.Name) == nil {
			t.Errorf("fault attribute %q has no field in dsl.Fault", a.Name)
		}
	}
	for _, k := range faultkind.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			f, msgs := decodeFaultText(faultScenario(t, k, k.Attrs))
			if len(msgs) > 0 || f == nil {
				t.Fatalf("all attributes written: %q", msgs)
			}
			for _, name := range k.Attrs {
				if !reflect.ValueOf(f.field(name)).Elem().FieldByName("Set").Bool() {
					t.Errorf("attribute %q written but not decoded", name)
				}
			}
			for _, req := range k.Required {
				var rest []string
				for _, name := range k.Attrs {
					if name != req {
						rest = append(rest, name)
					}
				}
				_, msgs := decodeFaultText(faultScenario(t, k, rest))
				want := fmt.Sprintf("Missing required argument: %s fault needs %q", upper(an(k.Name)), req)
				if len(msgs) != 1 || !strings.HasPrefix(msgs[0], want) {
					t.Errorf("without %s: %q, want one %q", req, msgs, want)
				}
			}
		})
	}
}

// TestFaultKindsDrivers: a kind whose capability a driver lacks is refused
// on that driver, with the name of those that have it.
func TestFaultKindsDrivers(t *testing.T) {
	t.Parallel()
	for _, k := range faultkind.Kinds {
		for _, d := range testDrivers.Names() {
			if driverHas(d, k.Capability) {
				continue
			}
			_, msgs := decodeFaultText(faultScenarioOn(t, k, d, k.Required))
			if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "Fault not supported by the driver: ") {
				t.Errorf("%s on %s: %q, want it refused", k.Name, d, msgs)
			}
		}
	}
}

// TestFaultKindsDocs: docs/dsl.md's fault table has one row per kind, in
// the table's order, with the table's cells and the drivers that have its
// capability.
func TestFaultKindsDocs(t *testing.T) {
	t.Parallel()
	var want []string
	for _, k := range faultkind.Kinds {
		drivers := namesWith(k.Capability)
		driver := strings.Join(drivers, ", ")
		if len(drivers) == len(testDrivers.Names()) {
			driver = "both"
		}
		want = append(want, fmt.Sprintf("| `%s` | %s | %s | %s |", k.Name, k.DocAttrs, k.DocWhat, driver))
	}
	compareRows(t, "fault table", docTable(t, "| kind | attributes | what really happens | driver |\n|---|---|---|---|\n"), want)
}
