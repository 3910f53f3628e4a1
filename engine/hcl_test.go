package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
)

// hclSuite goes through the whole pipeline: HCL, dsl, compiler.Compile,
// the engine. The second scenario's checks fail on purpose.
const hclSuite = `
variable "max" {
  default = 4
}

scenario "resize" {
  driver = "postgres"

  pool {
    max_conns       = var.max
    acquire_timeout = "2s"
  }

  phase "wide" {
    load "work" {
      pattern    = "burst"
      workers    = 8
      iterations = 40
      step "query" {
        sql  = "SELECT $1::int + $2::int"
        args = [iteration, worker]
      }
    }
  }

  phase "narrow" {
    pool {
      max_conns = 1
    }
    load "work" {
      pattern    = "constant_rate"
      rate       = 100
      duration   = "500ms"
      max_workers = 10
      step "query" {
        sql = "SELECT 1"
      }
    }
  }

  check "narrow stays narrow" {
    condition     = phase.narrow.pool.total_conns.max <= 1 && phase.wide.pool.total_conns.max <= var.max
    error_message = "narrow pool grew to ${phase.narrow.pool.total_conns.max}"
  }
  check "every iteration ran" {
    condition = load.work.ops.ok == 90 && ops.failed == 0
  }
}

scenario "flaky" {
  driver = "redis"

  load "writes" {
    pattern    = "burst"
    workers    = 2
    iterations = 50
    step "set" {
      key   = "k:${iteration % 10}"
      value = "w${worker}"
    }
    retry {
      attempts = 2
      on       = ["injected"]
    }
  }

  fault "error" {
    probability = 0.5
  }

  check "no retries needed" {
    condition     = retries == 0
    error_message = "${retries} retries, ${errors.injected} still failed"
  }
  check "recovered quickly" {
    condition = recovery_ms < 10
  }
}
`

func TestHCLPipeline(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	cfg, diags := dsl.LoadSources(map[string][]byte{"suite.hcl": []byte(hclSuite)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	plan, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile: %s", diags.Error())
	}
	r := run(t, context.Background(), plan, Options{Targets: targets, Seed: 42})

	resize := r.Scenarios[0]
	mustStatus(t, resize, results.StatusPass)
	if !strings.HasPrefix(resize.Source, "suite.hcl:") {
		t.Errorf("source = %q", resize.Source)
	}
	if n := resize.Result.Phases["narrow"].Ops.Total; n != 50 {
		t.Errorf("narrow phase ran %d iterations, want the plan's 50", n)
	}

	flaky := r.Scenarios[1]
	mustStatus(t, flaky, results.StatusFail)
	res := flaky.Result
	// Half the tries fail; a retry saves most: every failure is a retry
	// that failed too.
	if res.Retries < 10 || res.Retries > 40 || res.Errors["injected"] >= res.Retries || res.Ops.Total != 50 {
		t.Errorf("retries %d, injected %d, ops %+v", res.Retries, res.Errors["injected"], res.Ops)
	}
	retries, recovered := flaky.Checks[0], flaky.Checks[1]
	want := results.FormatNumber(float64(res.Retries)) + " retries, " + results.FormatNumber(float64(res.Errors["injected"])) + " still failed"
	if retries.Passed || retries.Message != want || retries.Source == "" {
		t.Errorf("check %q = %+v, want failed with message %q", retries.Name, retries, want)
	}
	if recovered.Passed || !recovered.NoData {
		t.Errorf("check %q = %+v, want no data", recovered.Name, recovered)
	}

	// The same seed draws the same failures.
	again := run(t, context.Background(), plan, Options{Targets: targets, Seed: 42})
	if a, b := again.Scenarios[1].Result, res; a.Retries != b.Retries || a.Errors["injected"] != b.Errors["injected"] {
		t.Errorf("seed 42 twice: retries %d then %d, injected %d then %d", b.Retries, a.Retries, b.Errors["injected"], a.Errors["injected"])
	}
}
