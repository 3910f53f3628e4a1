package docs

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

var hclBlock = regexp.MustCompile("(?s)```hcl\n(.*?)```")

// examples returns the complete scenarios of dsl.md: the hcl blocks that
// declare a scenario and elide nothing ("...").
func examples(t *testing.T) map[string][]byte {
	t.Helper()
	src, err := os.ReadFile("dsl.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for i, m := range hclBlock.FindAllStringSubmatch(string(src), -1) {
		if strings.Contains(m[1], `scenario "`) && !strings.Contains(m[1], "...") {
			out[fmt.Sprintf("dsl.md#example%02d.hcl", i+1)] = []byte(m[1])
		}
	}
	if len(out) < 15 {
		t.Fatalf("found %d complete examples in dsl.md, want every fault and policy covered", len(out))
	}
	return out
}

func compile(t *testing.T) *plan.Plan {
	t.Helper()
	cfg, diags := dsl.LoadSources(examples(t), dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("dsl.md examples do not load: %s", diags.Error())
	}
	plan, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("dsl.md examples do not compile: %s", diags.Error())
	}
	return plan
}

// TestExamplesValidate needs no server.
func TestExamplesValidate(t *testing.T) {
	t.Parallel()
	plan := compile(t)
	kinds := map[string]bool{}
	for _, sc := range plan.Scenarios {
		for _, ph := range sc.Phases {
			for _, f := range ph.Faults {
				kinds[f.Kind] = true
			}
		}
	}
	for _, k := range []string{"latency", "bandwidth", "reset", "outage", "timeout", "terminate", "pause", "error", "dns", "close_pool"} {
		if !kinds[k] {
			t.Errorf("no complete example of the %s fault in dsl.md", k)
		}
	}
}

// TestExamplesPass runs every complete example against the real servers.
func TestExamplesPass(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the examples against the servers")
	}
	targets := testenv.Targets(t, "postgres", "redis")
	plan := compile(t)
	run := engine.Run(context.Background(), plan, engine.Options{Targets: targets, Seed: 1, Judge: checks.Evaluate})
	for _, s := range run.Scenarios {
		if s.Status == results.StatusPass {
			continue
		}
		var why []string
		for _, c := range s.Checks {
			if !c.Passed {
				why = append(why, fmt.Sprintf("check %q: %s %v", c.Name, c.Message, c.Values))
			}
		}
		t.Errorf("%s (%s): %s %v", s.Name, s.Source, strings.Join(why, "; "), s.Errors)
	}
}
