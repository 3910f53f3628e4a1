package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/interp"
	"github.com/stressql/stressql/results"
)

// parseCheck compiles a check the way interp.Compile hands it over: an
// expression, an optional error_message, and a context with var.*.
func parseCheck(t *testing.T, name, cond, msg string) *interp.Check {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(cond), "test.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %q: %s", cond, diags.Error())
	}
	c := &interp.Check{
		Name:      name,
		Condition: cond,
		Expr:      expr,
		Ctx: &hcl.EvalContext{Variables: map[string]cty.Value{
			"var": cty.ObjectVal(map[string]cty.Value{"max": cty.NumberIntVal(20)}),
		}},
		Source: interp.Source{Filename: "test.hcl", Line: 3, Column: 3},
	}
	if msg != "" {
		m, diags := hclsyntax.ParseTemplate([]byte(msg), "test.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("parse %q: %s", msg, diags.Error())
		}
		c.ErrorMessage = m
	}
	return c
}

// sampleResult is a scenario result with data for latency, pool and one
// load, and none for acquire, recovery_ms or the load "slow".
func sampleResult() *results.Result {
	part := func(ok, failed int64, p95 float64) *results.Result {
		r := &results.Result{
			Ops:       results.Ops{Total: ok + failed, OK: ok, Failed: failed},
			ErrorRate: float64(failed) / float64(ok+failed),
			Duration:  2000,
			Errors:    map[string]int64{},
			Latency:   results.Summary{Count: ok + failed, P50: 1.5, P95: p95, Max: 40},
		}
		for _, k := range results.ErrorKinds {
			r.Errors[k] = 0
		}
		r.Errors["acquire_timeout"] = failed
		r.Throughput = float64(ok) / 2
		return r
	}
	top := part(980, 20, 12.345678)
	top.Pool.TotalConns = results.Gauge{Samples: 10, Min: 5, Max: 20, Mean: 15, Last: 20}
	top.Loads = map[string]*results.Result{"fast": part(980, 20, 12.345678)}
	return top
}

func TestEvalCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, cond, msg string
		wantPassed      bool
		wantNoData      bool
		wantMessage     string
		wantValues      []results.CheckValue
	}{
		{
			name: "passes", cond: "pool.total_conns.max <= var.max && errors.acquire_timeout == 20",
			wantPassed: true,
			wantValues: []results.CheckValue{
				{Path: "pool.total_conns.max", Value: "20"},
				{Path: "var.max", Value: "20"},
				{Path: "errors.acquire_timeout", Value: "20"},
			},
		},
		{
			name: "fails with the default message", cond: "latency.p95 < 10",
			wantMessage: msgFalse,
			wantValues:  []results.CheckValue{{Path: "latency.p95", Value: "12.3457"}},
		},
		{
			name: "fails with its error_message", cond: "error_rate < 0.01",
			msg:         "error rate was ${error_rate}, ${ops.failed} failed",
			wantMessage: "error rate was 0.02, 20 failed",
			wantValues:  []results.CheckValue{{Path: "error_rate", Value: "0.02"}},
		},
		{
			name: "a load by name, both spellings", cond: `load.fast.ops.ok > 1000 || load["fast"].ops.ok > 1000`,
			wantMessage: msgFalse,
			wantValues: []results.CheckValue{
				{Path: "load.fast.ops.ok", Value: "980"},
				{Path: `load["fast"].ops.ok`, Value: "980"},
			},
		},
		{
			name: "no data never passes", cond: "acquire.p99 < 1000",
			wantNoData: true, wantMessage: "no data for acquire.p99",
			wantValues: []results.CheckValue{{Path: "acquire.p99", Value: "no data"}},
		},
		{
			name: "no data in a load that never ran", cond: "load.slow.latency.p50 < 5",
			wantNoData: true, wantMessage: "no data for load.slow.latency.p50",
			wantValues: []results.CheckValue{{Path: "load.slow.latency.p50", Value: "no data"}},
		},
		{
			// The result decides, as in HCL: unknown || true is true.
			name: "no data beside a deciding value", cond: "recovery_ms < 100 || ops.failed < 50",
			wantPassed: true,
			wantValues: []results.CheckValue{{Path: "recovery_ms", Value: "no data"}, {Path: "ops.failed", Value: "20"}},
		},
		{
			name: "no data beside data", cond: "recovery_ms < 1000 && ops.ok > 0", msg: "recovered in ${recovery_ms} ms",
			wantNoData: true, wantMessage: "no data for recovery_ms",
			wantValues: []results.CheckValue{{Path: "recovery_ms", Value: "no data"}, {Path: "ops.ok", Value: "980"}},
		},
		{
			name: "evaluation error", cond: `latency.p95 < "fast"`,
			wantMessage: "Invalid operand",
			wantValues:  []results.CheckValue{{Path: "latency.p95", Value: "12.3457"}},
		},
		{
			name: "not a bool", cond: "ops.ok",
			wantMessage: "not a bool",
			wantValues:  []results.CheckValue{{Path: "ops.ok", Value: "980"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := parseCheck(t, tc.name, tc.cond, tc.msg)
			vars := results.Variables(sampleResult(), []string{"fast", "slow"}, nil)
			got := evalCheck(c, vars)
			if got.Passed != tc.wantPassed || got.NoData != tc.wantNoData {
				t.Errorf("passed, no data = %v, %v; want %v, %v (message %q)",
					got.Passed, got.NoData, tc.wantPassed, tc.wantNoData, got.Message)
			}
			if tc.wantPassed && got.Message != "" {
				t.Errorf("a passed check has message %q", got.Message)
			}
			if !strings.Contains(got.Message, tc.wantMessage) {
				t.Errorf("message = %q, want it to contain %q", got.Message, tc.wantMessage)
			}
			if !reflect.DeepEqual(got.Values, tc.wantValues) {
				t.Errorf("values = %v, want %v", got.Values, tc.wantValues)
			}
			if got.Name != tc.name || got.Condition != tc.cond || got.Source != "test.hcl:3:3" {
				t.Errorf("identity = %q %q %q", got.Name, got.Condition, got.Source)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{20, "20"},
		{0, "0"},
		{-3, "-3"},
		{0.5, "0.5"},
		{12.345678, "12.3457"},
		{0.000123456789, "0.000123457"},
		{1234567.5, "1234570"},
		{1e20, "100000000000000000000"},
	} {
		if got := formatNumber(tc.in); got != tc.want {
			t.Errorf("formatNumber(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
