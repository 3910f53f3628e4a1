package engine

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// TestRuntimeImportsNoHCL: the runtime executes a plan that is data; the
// checks' HCL stays with the compiler and package checks.
func TestRuntimeImportsNoHCL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, pkg := range []string{".", "../plan"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "github.com/hashicorp/hcl") || dep == "github.com/stressql/stressql/checks" ||
				dep == "github.com/stressql/stressql/compiler" || dep == "github.com/stressql/stressql/dsl" {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}

// TestJudge: the engine hands each finished scenario and its results to
// Options.Judge and records what it says; without a judge no check
// passes. The scenario has no target, so no server is needed: it ends in
// error, with results and checks all the same.
func TestJudge(t *testing.T) {
	t.Parallel()
	load := &plan.Load{Name: "l", Pattern: plan.Burst, Workers: 1, Steps: []drivers.Step{step("ping")}}
	sc := scenario("judged", "redis", redisPool(nil), load)
	sc.Checks = []*plan.Check{{Name: "c", Condition: "ops.ok > 0", Reads: []string{"ops.ok"},
		Source: plan.Source{Filename: "f.hcl", Line: 2, Column: 3}}}
	p := &plan.Plan{Scenarios: []*plan.Scenario{sc}}

	r := Run(context.Background(), p, Options{Grace: time.Second})
	got := r.Scenarios[0].Checks
	if len(got) != 1 || got[0].Passed || got[0].Name != "c" || got[0].Source != "f.hcl:2:3" ||
		!strings.Contains(got[0].Message, "not evaluated") || got[0].Values == nil {
		t.Errorf("without a judge: checks = %+v, want one failed as not evaluated", got)
	}

	var calls int
	r = Run(context.Background(), p, Options{Grace: time.Second, Judge: func(s *plan.Scenario, res *results.Result) []results.CheckResult {
		calls++
		if s != sc || res == nil || res.Ops.Total != 0 {
			t.Errorf("judge got %p (want %p), results %+v", s, sc, res)
		}
		return []results.CheckResult{{Name: "c", Passed: true, Values: []results.CheckValue{{Path: "ops.ok", Value: 0.0}}}}
	}})
	if sr := r.Scenarios[0]; calls != 1 || len(sr.Checks) != 1 || !sr.Checks[0].Passed {
		t.Errorf("with a judge: %d calls, checks %+v", calls, sr.Checks)
	}
}
