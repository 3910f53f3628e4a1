package dsl_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// TestDroppedUnchecked: a scenario with an open-model load whose checks
// read an error_rate but nothing that drops change (ops.dropped, ops.ok,
// throughput) is warned about, on the error_rate the check reads; closed
// models, and scenarios that check the drops, are not.
func TestDroppedUnchecked(t *testing.T) {
	t.Parallel()
	const open = `
  load "arrivals" {
    pattern     = "constant_rate"
    rate        = 600
    duration    = "2s"
    max_workers = 4
    step "query" {
      sql = "SELECT 1"
    }
  }
`
	const ramping = `
  load "arrivals" {
    pattern    = "ramping_rate"
    stage {
      rate     = 100
      duration = "1s"
    }
    step "query" {
      sql = "SELECT 1"
    }
  }
`
	const closed = `
  load "arrivals" {
    pattern  = "constant_workers"
    workers  = 4
    duration = "2s"
    step "query" {
      sql = "SELECT 1"
    }
  }
`
	phases := func(load, other string) string {
		return "\n  phase \"calm\" {\n" + other + "  }\n  phase \"storm\" {\n" + load + "  }\n"
	}
	const closedOther = `
    load "steady" {
      pattern    = "burst"
      workers    = 1
      iterations = 1
      step "query" {
        sql = "SELECT 1"
      }
    }
`
	for _, tc := range []struct {
		name   string
		loads  string
		checks []string // conditions
		want   []string // the error_rate paths warned about, in order
	}{
		{"constant_rate, error_rate only", open, []string{"error_rate < 0.01"}, []string{"error_rate"}},
		{"ramping_rate", ramping, []string{"error_rate < 0.01 && latency.p95 < 50"}, []string{"error_rate"}},
		{"each check reading error_rate", open, []string{"error_rate < 0.01", "latency.p95 < 50", `load["arrivals"].error_rate == 0`},
			[]string{"error_rate", `load["arrivals"].error_rate`}},
		{"checks ops.dropped", open, []string{"error_rate < 0.01", "ops.dropped == 0"}, nil},
		{"checks the load's drops", open, []string{"error_rate < 0.01", "load.arrivals.ops.dropped < 10"}, nil},
		{"in the same condition", open, []string{"error_rate < 0.01 && ops.dropped == 0"}, nil},
		{"exact ops.ok", open, []string{"error_rate < 0.01 && ops.ok == 1200"}, nil},
		{"throughput bound", open, []string{"error_rate < 0.01", "throughput > 550"}, nil},
		{"ops.total does not cover", open, []string{"error_rate < 0.01", "ops.total == 1200"}, []string{"error_rate"}},
		{"ops.failed does not cover", open, []string{"error_rate < 0.01 && ops.failed == 0"}, []string{"error_rate"}},
		{"closed model", closed, []string{"error_rate < 0.01"}, nil},
		{"no error_rate", open, []string{"latency.p95 < 50"}, nil},
		{"open load in a phase", phases(open, closedOther), []string{"phase.storm.error_rate < 0.01"}, []string{"phase.storm.error_rate"}},
		{"phase without open load", phases(open, closedOther), []string{"phase.calm.error_rate < 0.01"}, nil},
		{"closed load's error_rate", phases(open, closedOther), []string{"load.steady.error_rate < 0.01"}, nil},
		{"scenario error_rate over phases", phases(open, closedOther), []string{"error_rate < 0.01"}, []string{"error_rate"}},
		{"a variable named like it", open, []string{"var.error_rate < 1 && latency.p95 < 50"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := "variable \"error_rate\" {\n  default = 0\n}\nscenario \"s\" {\n  driver = \"postgres\"\n" + tc.loads
			for i, c := range tc.checks {
				src += "  check \"c" + string(rune('0'+i)) + "\" {\n    condition = " + c + "\n  }\n"
			}
			src += "}\n"
			_, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
			var got []string
			lines := strings.Split(src, "\n")
			for _, d := range diags {
				if d.Severity != hcl.DiagWarning || d.Summary != "Error rate ignores dropped iterations" {
					t.Errorf("unexpected diagnostic: %s", d)
					continue
				}
				r := d.Subject
				got = append(got, lines[r.Start.Line-1][r.Start.Column-1:r.End.Column-1])
				if d.Context == nil || !strings.HasPrefix(lines[d.Context.Start.Line-1], "  check ") {
					t.Errorf("context %v is not the check's header", d.Context)
				}
				for _, want := range []string{`"arrivals"`, "ops.dropped == 0", "max_workers", "ops.ok", "throughput", "ops.total"} {
					if !strings.Contains(d.Detail, want) {
						t.Errorf("detail has no %s: %s", want, d.Detail)
					}
				}
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("warned on %q, want %q\n%s", got, tc.want, src)
			}
		})
	}
}

// TestDroppedUncheckedExample: the warning's example bound is in the
// numbers of the load it names (its planned iterations and rate, 99 %
// of each), on the load's own paths unless it is the scenario's only
// load, and points at plan's expected_iterations where the schedule is a
// ramp.
func TestDroppedUncheckedExample(t *testing.T) {
	t.Parallel()
	load := func(name, body string) string {
		return "  load \"" + name + "\" {\n" + body + "    step \"query\" {\n      sql = \"SELECT 1\"\n    }\n  }\n"
	}
	rate := func(r, d string) string {
		return "    pattern  = \"constant_rate\"\n    rate     = " + r + "\n    duration = \"" + d + "\"\n"
	}
	const ramp = "    pattern = \"ramping_rate\"\n    stage {\n      rate     = 100\n      duration = \"1s\"\n    }\n"
	const closed = "    pattern  = \"constant_workers\"\n    workers  = 2\n    duration = \"1s\"\n"
	for _, tc := range []struct {
		name, loads string
		want        string
	}{
		{"500/s for 2s", load("q", rate("500", "2s")),
			`load "q" plans 1000 iterations (500/s for 2s), so ops.ok >= 990 or throughput >= 495 fails`},
		{"a fractional rate", load("q", rate("333.33", "3s")),
			`load "q" plans 1000 iterations (333.33/s for 3s), so ops.ok >= 990 or throughput >= 329.99 fails`},
		{"beside another load", load("warm", closed) + load("q", rate("50", "1m")),
			`load "q" plans 3000 iterations (50/s for 1m0s), so load.q.ops.ok >= 2970 or load.q.throughput >= 49.5 fails`},
		{"a name with a dash", load("warm", closed) + load("peak-hour", rate("10", "10s")),
			`so load.peak-hour.ops.ok >= 99 or load.peak-hour.throughput >= 9.9 fails`},
		{"few iterations: 99 % rounded up", load("q", rate("5", "1s")),
			`load "q" plans 5 iterations (5/s for 1s), so ops.ok >= 5 or throughput >= 4.95 fails`},
		{"one iteration", load("q", rate("1", "1s")),
			`load "q" plans 1 iteration (1/s for 1s), so ops.ok >= 1 or throughput >= 0.99 fails`},
		{"99 % exact", load("q", rate("100", "1s")),
			`load "q" plans 100 iterations (100/s for 1s), so ops.ok >= 99 or throughput >= 99 fails`},
		{"a ramp", load("q", ramp),
			`ops.ok >= 99 % of the expected_iterations that stressql plan prints for load "q"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := "scenario \"s\" {\n  driver = \"postgres\"\n" + tc.loads + "  check \"c\" {\n    condition = error_rate < 0.01\n  }\n}\n"
			_, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
			if len(diags) != 1 || diags[0].Summary != "Error rate ignores dropped iterations" {
				t.Fatalf("diagnostics %v, want the one warning\n%s", diags, src)
			}
			if !strings.Contains(diags[0].Detail, tc.want) {
				t.Errorf("detail has no %q:\n%s", tc.want, diags[0].Detail)
			}
		})
	}
}
