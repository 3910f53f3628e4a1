package compiler

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/loadpattern"
)

// TestEveryPatternCompiles: every pattern of the table has a compiler
// entry; a load of it with all its attributes compiles, carries each in
// the plan, and gets the expectations the table says are known.
func TestEveryPatternCompiles(t *testing.T) {
	t.Parallel()
	for name, c := range patternCompilers {
		if _, ok := loadpattern.Of(name); !ok || c.fill == nil || c.expect == nil {
			t.Errorf("compiler entry %q: not in the table, or incomplete", name)
		}
	}
	for _, p := range loadpattern.Patterns {
		t.Run(p.Name, func(t *testing.T) {
			if _, ok := patternCompilers[p.Name]; !ok {
				t.Fatalf("no compiler entry in compiler (compile_load.go)")
			}
			var body strings.Builder
			for _, name := range p.Attrs {
				a, _ := loadpattern.AttrOf(name)
				fmt.Fprintf(&body, "    %s\n", a.Example())
			}
			src := fmt.Sprintf(`scenario "s" {
  driver = "redis"
  load "l" {
    pattern = %q
%s    step "sleep" { duration = "1ms" }
  }
}
`, p.Name, body.String())
			cfg, diags := dsl.LoadSources(map[string][]byte{"l.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			plan, diags := Compile(cfg)
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			l := plan.Scenarios[0].Phases[0].Loads[0]
			v := reflect.ValueOf(l).Elem()
			for _, name := range p.Attrs {
				found := false
				for i := range v.NumField() {
					if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); tag == name {
						found = !v.Field(i).IsZero()
					}
				}
				if !found {
					t.Errorf("attribute %q written but not in the plan", name)
				}
			}
			if (l.ExpectedIterations == 0) != p.UnknownIterations {
				t.Errorf("expected iterations %d; the table says unknown: %v", l.ExpectedIterations, p.UnknownIterations)
			}
			if l.ExpectedDuration <= 0 {
				t.Errorf("expected duration %s", l.ExpectedDuration)
			}
		})
	}
}
