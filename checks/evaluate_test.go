package checks

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// parseCheck compiles a check the way compiler.Compile does: an
// expression, an optional error_message, and a context with var.*, into
// a plan.Check carrying its Program. The context is returned for a test
// to add to it.
func parseCheck(t *testing.T, name, cond, msg string) (*plan.Check, *hcl.EvalContext) {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(cond), "test.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %q: %s", cond, diags.Error())
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{
		"var": cty.ObjectVal(map[string]cty.Value{"max": cty.NumberIntVal(20)}),
	}}
	var m hcl.Expression
	if msg != "" {
		m, diags = hclsyntax.ParseTemplate([]byte(msg), "test.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("parse %q: %s", msg, diags.Error())
		}
	}
	p := Compile(expr, m, ctx)
	return &plan.Check{
		Name:      name,
		Condition: cond,
		Reads:     p.Reads(),
		Program:   p,
		Source:    plan.Source{Filename: "test.hcl", Line: 3, Column: 3},
	}, ctx
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
	hits := int64(7)
	top.Pool.Hits = &hits
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
				{Path: "pool.total_conns.max", Value: 20.0},
				{Path: "var.max", Value: 20.0},
				{Path: "errors.acquire_timeout", Value: 20.0},
			},
		},
		{
			name: "fails with the default message", cond: "latency.p95 < 10",
			wantMessage: msgFalse,
			wantValues:  []results.CheckValue{{Path: "latency.p95", Value: 12.345678}},
		},
		{
			name: "fails with its error_message", cond: "error_rate < 0.01",
			msg:         "error rate was ${error_rate}, ${ops.failed} failed",
			wantMessage: "error rate was 0.02, 20 failed",
			wantValues:  []results.CheckValue{{Path: "error_rate", Value: 0.02}},
		},
		{
			// HCL alone prints 400.000000000000000000000…0004 (its
			// 512-bit arithmetic) and latency.p95 with every digit.
			name: "numbers in the message are written as people write them", cond: "latency.p95 < 10",
			msg:         "ideal ${2 / 0.005}/s, p95 ${latency.p95} ms, ${1 / 3} of ${ops.ok}, %{if ops.ok > 0}some ok%{endif}",
			wantMessage: "ideal 400/s, p95 12.3457 ms, 0.333333 of 980, some ok",
			wantValues:  []results.CheckValue{{Path: "latency.p95", Value: 12.345678}},
		},

		{
			name: "a load by name, both spellings", cond: `load.fast.ops.ok > 1000 || load["fast"].ops.ok > 1000`,
			wantMessage: msgFalse,
			wantValues: []results.CheckValue{
				{Path: "load.fast.ops.ok", Value: 980.0},
				{Path: `load["fast"].ops.ok`, Value: 980.0},
			},
		},
		{
			// sampleResult's pool measures hits (go-redis), not acquires.
			name: "a pool counter the driver does not measure is no data", cond: "pool.acquire_count == 0 && pool.hits == 7",
			wantNoData: true, wantMessage: "no data for pool.acquire_count",
			wantValues: []results.CheckValue{
				{Path: "pool.acquire_count", Value: results.NoData{}},
				{Path: "pool.hits", Value: 7.0},
			},
		},
		{
			name: "no data never passes", cond: "acquire.p99 < 1000",
			wantNoData: true, wantMessage: "no data for acquire.p99",
			wantValues: []results.CheckValue{{Path: "acquire.p99", Value: results.NoData{}}},
		},
		{
			name: "no data in a load that never ran", cond: "load.slow.latency.p50 < 5",
			wantNoData: true, wantMessage: "no data for load.slow.latency.p50",
			wantValues: []results.CheckValue{{Path: "load.slow.latency.p50", Value: results.NoData{}}},
		},
		{
			// The result decides, as in HCL: unknown || true is true.
			name: "no data beside a deciding value", cond: "recovery_ms < 100 || ops.failed < 50",
			wantPassed: true,
			wantValues: []results.CheckValue{{Path: "recovery_ms", Value: results.NoData{}}, {Path: "ops.failed", Value: 20.0}},
		},
		{
			name: "no data beside data", cond: "recovery_ms < 1000 && ops.ok > 0", msg: "recovered in ${recovery_ms} ms",
			wantNoData: true, wantMessage: "no data for recovery_ms",
			wantValues: []results.CheckValue{{Path: "recovery_ms", Value: results.NoData{}}, {Path: "ops.ok", Value: 980.0}},
		},
		{
			name: "evaluation error", cond: `latency.p95 < "fast"`,
			wantMessage: "Invalid operand",
			wantValues:  []results.CheckValue{{Path: "latency.p95", Value: 12.345678}},
		},
		{
			name: "not a bool", cond: "ops.ok",
			wantMessage: "not a bool",
			wantValues:  []results.CheckValue{{Path: "ops.ok", Value: 980.0}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := parseCheck(t, tc.name, tc.cond, tc.msg)
			vars := results.Variables(sampleResult(), []string{"fast", "slow"}, nil, nil)
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

// TestValuesTyped: the values a check read keep their types (what the
// JSON report writes), and render as the console prints them.
func TestValuesTyped(t *testing.T) {
	t.Parallel()
	c, ctx := parseCheck(t, "typed",
		`var.s == "x" && var.b && var.n == null && length(var.l) > 0 && var.o.k > 0 && latency.p50 > 0 && acquire.p99 > 0 && load["fast"].ops.ok > 0 && var.o["zz"] > 0`, "")
	ctx.Variables["var"] = cty.ObjectVal(map[string]cty.Value{
		"s": cty.StringVal("x"), "b": cty.True, "n": cty.NullVal(cty.Number),
		"l": cty.TupleVal([]cty.Value{cty.NumberIntVal(1), cty.StringVal("two")}),
		"o": cty.ObjectVal(map[string]cty.Value{"k": cty.NumberFloatVal(0.5), "u": cty.UnknownVal(cty.Number)}),
	})
	got := evalCheck(c, results.Variables(sampleResult(), []string{"fast"}, nil, nil))
	want := []results.CheckValue{
		{Path: "var.s", Value: "x"},
		{Path: "var.b", Value: true},
		{Path: "var.n", Value: nil},
		{Path: "var.l", Value: []any{1.0, "two"}},
		{Path: "var.o.k", Value: 0.5},
		{Path: "latency.p50", Value: 1.5},
		{Path: "acquire.p99", Value: results.NoData{}},
		{Path: `load["fast"].ops.ok`, Value: 980.0},
		{Path: `var.o["zz"]`, Error: "Invalid index"},
	}
	if !reflect.DeepEqual(got.Values, want) {
		t.Errorf("values =\n  %#v\nwant\n  %#v", got.Values, want)
	}
	var texts []string
	for _, v := range got.Values {
		texts = append(texts, v.Path+" = "+v.Text())
	}
	wantText := `var.s = "x", var.b = true, var.n = null, var.l = [1, "two"], var.o.k = 0.5, latency.p50 = 1.5, ` +
		`acquire.p99 = no data, load["fast"].ops.ok = 980, var.o["zz"] = error: Invalid index`
	if s := strings.Join(texts, ", "); s != wantText {
		t.Errorf("texts =\n  %s\nwant\n  %s", s, wantText)
	}
	if !slices.Equal(c.Reads, []string{"var.s", "var.b", "var.n", "var.l", "var.o.k", "latency.p50", "acquire.p99", `load["fast"].ops.ok`, `var.o["zz"]`}) {
		t.Errorf("Reads = %q", c.Reads)
	}
}

// TestEvaluateScenario: Evaluate names the scenario's loads and phases in
// the results it evaluates over, and keeps the plan's order.
func TestEvaluateScenario(t *testing.T) {
	t.Parallel()
	fast, _ := parseCheck(t, "fast ran", "load.fast.ops.ok == 980", "")
	slow, _ := parseCheck(t, "slow ran", "load.slow.ops.ok > 0", "")
	sc := &plan.Scenario{
		Name:   "s",
		Phases: []*plan.Phase{{Loads: []*plan.Load{{Name: "fast"}, {Name: "slow"}}}},
		Checks: []*plan.Check{fast, slow, {Name: "empty", Condition: ""}},
	}
	got := Evaluate(sc, sampleResult())
	if len(got) != 3 {
		t.Fatalf("%d results, want 3", len(got))
	}
	if !got[0].Passed || got[0].Name != "fast ran" {
		t.Errorf("first = %+v, want fast ran passed", got[0])
	}
	if got[1].Passed || !got[1].NoData || got[1].Message != "no data for load.slow.ops.ok" {
		t.Errorf("second = %+v, want no data for the load that never ran", got[1])
	}
	if got[2].Passed || got[2].Message != msgNoCondition {
		t.Errorf("third = %+v, want failed without a condition", got[2])
	}
	// No results at all (the scenario could not start): no data, never a pass.
	none := Evaluate(sc, nil)
	if none[0].Passed || !none[0].NoData {
		t.Errorf("without results = %+v, want no data", none[0])
	}
}
