package dsl_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// suite50 is 50 scenarios in the shape of the seed suite: the valid
// testdata repeated under new names.
func suite50(tb testing.TB) map[string][]byte {
	tb.Helper()
	var base []string
	for _, f := range []string{"postgres_full.hcl", "redis_full.hcl", "values.hcl", "first_scenario.hcl"} {
		src, err := os.ReadFile("testdata/valid/" + f)
		if err != nil {
			tb.Fatal(err)
		}
		base = append(base, string(src))
	}
	srcs := map[string][]byte{}
	count := 0
	for i := 0; count < 50; i++ {
		text := base[i%len(base)]
		// Rename scenarios and variables so copies do not collide.
		suffix := fmt.Sprintf("_%d", i)
		text = strings.ReplaceAll(text, `scenario "`, `scenario "c`+suffix+`_`)
		for _, v := range []string{"max_conns", "prefix", "keys", "sizes", "limits", "enabled", "anything", "pg_max_conns"} {
			text = strings.ReplaceAll(text, `variable "`+v+`"`, `variable "`+v+suffix+`"`)
			text = strings.ReplaceAll(text, `var.`+v, `var.`+v+suffix)
		}
		for _, l := range []string{"spike_conns", "hold", "biggest", "workers", "slow", "name", "unset", "statement"} {
			text = strings.ReplaceAll(text, "local."+l+"", "local."+l+suffix)
			text = strings.ReplaceAll(text, "\n  "+l+" ", "\n  "+l+suffix+" ")
		}
		count += strings.Count(text, "\nscenario \"")
		if strings.HasPrefix(text, "scenario \"") {
			count++
		}
		srcs[fmt.Sprintf("f%02d.hcl", i)] = []byte(text)
	}
	return srcs
}

// BenchmarkLoadCompile50 loads and compiles a 50-scenario suite; it should
// take well under 200 ms.
func BenchmarkLoadCompile50(b *testing.B) {
	srcs := suite50(b)
	for b.Loop() {
		cfg, diags := dsl.LoadSources(srcs, dsl.LoadOptions{Drivers: registry.Default()})
		plan, moreDiags := compiler.Compile(cfg)
		if diags.HasErrors() || moreDiags.HasErrors() || len(plan.Scenarios) < 50 {
			b.Fatalf("%d scenarios; %v %v", len(plan.Scenarios), diags, moreDiags)
		}
	}
}

// TestSuite50 checks the benchmark's input is what it claims.
func TestSuite50(t *testing.T) {
	t.Parallel()
	cfg, diags := dsl.LoadSources(suite50(t), dsl.LoadOptions{Drivers: registry.Default()})
	plan, moreDiags := compiler.Compile(cfg)
	if len(diags)+len(moreDiags) > 0 {
		t.Fatalf("%v %v", diags, moreDiags)
	}
	if n := len(plan.Scenarios); n < 50 || n > 55 {
		t.Errorf("%d scenarios, want about 50", n)
	}
}
