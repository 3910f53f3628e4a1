package engine

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

// phaseLoadsSuite runs the load "l" in two phases with different
// iteration counts, and "m" in the second only.
const phaseLoadsSuite = `
scenario "phase_loads" {
  driver = "redis"

  phase "a" {
    load "l" {
      pattern    = "burst"
      workers    = 2
      iterations = 30
      step "ping" {}
    }
  }

  phase "b" {
    load "l" {
      pattern    = "burst"
      workers    = 2
      iterations = 20
      step "ping" {}
    }
    load "m" {
      pattern    = "burst"
      workers    = 1
      iterations = 7
      step "ping" {}
    }
  }

  check "per phase" {
    condition = phase.a.load.l.ops.total == 30 && phase.b.load.l.ops.total == 20 && phase.b.load.m.ops.ok == 7
  }
  check "across phases" {
    condition = load.l.ops.total == 50 && load.m.ops.total == 7
  }
  check "latency per phase" {
    condition = phase.a.load.l.latency.count == 30 && phase.b.load.l.latency.p99 >= 0
  }
}
`

// TestPhaseLoads: phase.NAME.load.NAME is the load's results within that
// phase, for checks and in JSON; load.NAME still sums its runs in every
// phase.
func TestPhaseLoads(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	cfg, diags := dsl.LoadSources(map[string][]byte{"phase_loads.hcl": []byte(phaseLoadsSuite)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	plan, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile: %s", diags.Error())
	}
	sr := run(t, context.Background(), plan, Options{Targets: targets}).Scenarios[0]
	mustStatus(t, sr, results.StatusPass)
	for _, c := range sr.Checks {
		if !c.Passed {
			t.Errorf("check %q failed: %s (values %+v)", c.Name, c.Message, c.Values)
		}
	}

	r := sr.Result
	for _, tc := range []struct {
		phase, load string
		want        int64
	}{{"a", "l", 30}, {"b", "l", 20}, {"b", "m", 7}} {
		ph := r.Phases[tc.phase]
		if ph == nil || ph.Loads[tc.load] == nil {
			t.Errorf("phase %s has no load %s: %+v", tc.phase, tc.load, ph)
			continue
		}
		if got := ph.Loads[tc.load]; got.Ops.Total != tc.want || got.Ops.OK != tc.want || got.Latency.Count != tc.want || got.Duration <= 0 {
			t.Errorf("phase.%s.load.%s: ops %+v, latency.count %d, duration %v; want %d iterations",
				tc.phase, tc.load, got.Ops, got.Latency.Count, got.Duration, tc.want)
		}
	}
	if _, ok := r.Phases["a"].Loads["m"]; ok {
		t.Errorf("phase a has load m, which runs in phase b only")
	}
	if n := r.Loads["l"].Ops.Total; n != 50 {
		t.Errorf("load.l.ops.total = %d, want 50 (both phases)", n)
	}

	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Phase map[string]struct {
			Load map[string]struct {
				Ops results.Ops `json:"ops"`
			} `json:"load"`
		} `json:"phase"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Phase["b"].Load["l"].Ops.Total; got != 20 {
		t.Errorf("JSON phase.b.load.l.ops.total = %d, want 20", got)
	}
}
