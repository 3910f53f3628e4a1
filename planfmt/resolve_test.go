package planfmt

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// planText loads src as one file, compiles it and returns its plan text.
func planText(t *testing.T, src string) string {
	t.Helper()
	cfg, diags := dsl.LoadSources(map[string][]byte{"r.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	p, diags := compiler.Compile(cfg)
	if diags.HasErrors() {
		t.Fatalf("compile: %s", diags.Error())
	}
	var b bytes.Buffer
	if err := Text(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// resolveHead declares the variables and locals the cases read.
const resolveHead = `
variable "max_p95" {
  default = 50
}
variable "prefix" {
  default = "app"
}
locals {
  keyspan = 1000
  limits  = { p99 = 80 }
  dollar  = "$${x}"
}
`

// TestPlanResolves: step arguments and check conditions are printed with
// every part that does not depend on iteration, worker or the results
// resolved, and the written form beside them only when it differs.
func TestPlanResolves(t *testing.T) {
	t.Parallel()
	redis := func(step, check string) string {
		return resolveHead + `
scenario "s" {
  for_each = { small = 10, big = 500 }
  driver   = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    ` + step + `
  }
  check "c" {
    condition = ` + check + `
  }
}`
	}
	postgres := func(args string) string {
		return resolveHead + `
scenario "s" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "query" {
      sql  = "select $1, $2"
      args = ` + args + `
    }
  }
}`
	}
	for _, tc := range []struct {
		name string
		src  string
		want []string // lines (trimmed of leading spaces) the plan holds
		not  []string // texts it must not hold
	}{
		{
			name: "local in a step key",
			src:  redis(`step "get" { key = "sess:${iteration % local.keyspan}" }`, `latency.p95 < 100`),
			want: []string{
				`step 1               get key="sess:${iteration % 1000}"  # written: key="sess:${iteration % local.keyspan}"`,
				`check "c": latency.p95 < 100`,
			},
			not: []string{`latency.p95 < 100  # written`},
		},
		{
			name: "variable and each in a template, as literal text",
			src: redis(`step "set" {
      key   = "${var.prefix}:${each.key}:${iteration}"
      value = "v${worker}-${each.value}"
    }`, `ops.ok > 0`),
			want: []string{
				`step 1               set key="app:big:${iteration}" value="v${worker}-500"  # written: key="${var.prefix}:${each.key}:${iteration}" value="v${worker}-${each.value}"`,
				`step 1               set key="app:small:${iteration}" value="v${worker}-10"  # written: key="${var.prefix}:${each.key}:${iteration}" value="v${worker}-${each.value}"`,
			},
		},
		{
			name: "each.value in arithmetic",
			src:  redis(`step "get" { key = "k${(iteration + each.value) % local.keyspan}" }`, `ops.ok > 0`),
			want: []string{
				`step 1               get key="k${(iteration + 500) % 1000}"  # written: key="k${(iteration + each.value) % local.keyspan}"`,
				`step 1               get key="k${(iteration + 10) % 1000}"  # written: key="k${(iteration + each.value) % local.keyspan}"`,
			},
		},
		{
			name: "a value that looks like an interpolation stays literal",
			src:  redis(`step "get" { key = "${local.dollar}-${iteration}" }`, `ops.ok > 0`),
			want: []string{`step 1               get key="$${x}-${iteration}"  # written: key="${local.dollar}-${iteration}"`},
		},
		{
			name: "a step without per-iteration parts is a constant already",
			src:  redis(`step "get" { key = "${var.prefix}:fixed" }`, `ops.ok > 0`),
			want: []string{`step 1               get key="app:fixed"`},
			not:  []string{`# written: key`},
		},
		{
			name: "check with a variable, each and a local map",
			src:  redis(`step "ping" {}`, `latency.p95 < var.max_p95 && latency.p99 < local.limits.p99 && ops.ok >= each.value * 2`),
			want: []string{
				`check "c": latency.p95 < 50 && latency.p99 < 80 && ops.ok >= 1000  # written: latency.p95 < var.max_p95 && latency.p99 < local.limits.p99 && ops.ok >= each.value * 2`,
				`check "c": latency.p95 < 50 && latency.p99 < 80 && ops.ok >= 20  # written: latency.p95 < var.max_p95 && latency.p99 < local.limits.p99 && ops.ok >= each.value * 2`,
			},
		},
		{
			name: "check with a function of a variable",
			src:  redis(`step "ping" {}`, `latency.p95 < max(var.max_p95, 10) * 2`),
			want: []string{`check "c": latency.p95 < 100  # written: latency.p95 < max(var.max_p95, 10) * 2`},
		},
		{
			name: "sql arguments",
			src:  postgres(`["${var.prefix}-${iteration % local.keyspan}", iteration * local.keyspan + 1, "const"]`),
			want: []string{`step 1               query sql="select $1, $2" args=["app-${iteration % 1000}", iteration * 1000 + 1, "const"]  # written: args=["${var.prefix}-${iteration % local.keyspan}", iteration * local.keyspan + 1, "const"]`},
		},
		{
			name: "sql arguments already resolved",
			src:  postgres(`[iteration, var.prefix]`),
			want: []string{`step 1               query sql="select $1, $2" args=[iteration, "app"]`},
			not:  []string{`# written`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := planText(t, tc.src)
			lines := map[string]bool{}
			for _, l := range strings.Split(out, "\n") {
				lines[strings.TrimSpace(l)] = true
			}
			for _, w := range tc.want {
				if !lines[w] {
					t.Errorf("plan lacks the line\n%s\nin:\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("plan holds %q:\n%s", n, out)
				}
			}
		})
	}
}

// TestPlanDefaultMeansUnset: "(default)" marks the pool attributes the
// file did not set, even when a set one has its default value.
func TestPlanDefaultMeansUnset(t *testing.T) {
	t.Parallel()
	out := planText(t, `
scenario "s" {
  driver = "postgres"
  pool {
    tls       = "disable"
    enabled   = true
    min_conns = 0
  }
  phase "one" {
    load "l" {
      pattern = "burst"
      workers = 1
      step "query" { sql = "select 1" }
    }
  }
  phase "two" {
    pool {
      max_conns = 10
    }
    load "m" {
      pattern = "burst"
      workers = 1
      step "query" { sql = "select 1" }
    }
  }
}`)
	fields := func(l string) []string { return strings.Fields(l) }
	var pools int
	for _, l := range strings.Split(out, "\n") {
		f := fields(l)
		if len(f) == 0 {
			continue
		}
		if f[0] == "pool" {
			pools++
		}
		switch f[0] {
		case "tls", "enabled", "min_conns":
			if strings.Contains(l, "(default)") {
				t.Errorf("set in the file, yet marked: %q", l)
			}
		case "max_conns":
			// Phase one's pool does not set it; phase two's does.
			if marked := strings.Contains(l, "(default)"); marked != (pools == 1) {
				t.Errorf("pool %d: %q (marked %v)", pools, l, marked)
			}
		case "acquire_timeout", "connect_timeout":
			if !strings.Contains(l, "(default)") {
				t.Errorf("not set in the file, yet not marked: %q", l)
			}
		}
	}
	if pools != 2 {
		t.Fatalf("want 2 pools, got %d:\n%s", pools, out)
	}
}
