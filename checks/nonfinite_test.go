package checks

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/stressql/stressql/results"
)

// checkFunctions are the number functions of dsl's list that can make a
// non-finite number.
var checkFunctions = map[string]function.Function{
	"pow":   stdlib.PowFunc,
	"max":   stdlib.MaxFunc,
	"floor": stdlib.FloorFunc,
	"abs":   stdlib.AbsoluteFunc,
}

// TestNonFiniteChecks: a check whose arithmetic makes a non-finite number
// fails and says where, whatever the comparison made of it; a guard that
// HCL's own evaluation honours keeps a check from failing.
func TestNonFiniteChecks(t *testing.T) {
	t.Parallel()
	// sampleResult: ops.ok 980, ops.failed 20, ops.dropped 0,
	// errors.timeout 0, recovery_ms no data.
	for _, tc := range []struct {
		name, cond, msg string
		wantPassed      bool
		wantMessage     string // exact
	}{
		{
			name: "division by zero passes in HCL", cond: "ops.ok / 0 > 1",
			wantMessage: "the condition computed a non-finite number (ops.ok / 0 = 980 / 0 = +Inf): a division by zero",
		},
		{
			name: "division by a zero counter", cond: "ops.failed / ops.dropped < 1",
			wantMessage: "the condition computed a non-finite number (ops.failed / ops.dropped = 20 / 0 = +Inf): a division by zero",
		},
		{
			name: "ratio of two zero counters", cond: "errors.timeout / ops.dropped < 0.5",
			wantMessage: "the condition computed a non-finite number (errors.timeout / ops.dropped = 0 / 0 = NaN): a division by zero",
		},
		{
			name: "negative infinity", cond: "-ops.ok / ops.dropped < 0",
			wantMessage: "the condition computed a non-finite number (-ops.ok / ops.dropped = -980 / 0 = -Inf): a division by zero",
		},
		{
			name: "infinity inside a finite result", cond: "1 / (ops.ok / 0) == 0",
			wantMessage: "the condition computed a non-finite number (ops.ok / 0 = 980 / 0 = +Inf): a division by zero",
		},
		{
			name: "inside a function call", cond: "max(ops.ok, 1 / 0) > 0",
			wantMessage: "the condition computed a non-finite number (1 / 0 = +Inf): a division by zero",
		},
		{
			name: "overflow", cond: "pow(10, 400) > 1",
			wantMessage: "the condition computed a non-finite number (pow(10, 400) = +Inf): " + hintOverflow,
		},
		{
			name: "pow of zero to a negative power", cond: "pow(ops.dropped, -1) > 1",
			wantMessage: "the condition computed a non-finite number (pow(ops.dropped, -1) = +Inf): " + hintOverflow,
		},
		{
			name: "not a number inside a function (cty panics)", cond: "pow(-1, 0.5) > 0",
			wantMessage: "the condition computed a non-finite number (pow(-1, 0.5) = NaN)",
		},
		{
			name: "infinity minus infinity is the first infinity", cond: "ops.ok / 0 - ops.ok / 0 == 0",
			wantMessage: "the condition computed a non-finite number (ops.ok / 0 = 980 / 0 = +Inf): a division by zero",
		},
		{
			name: "remainder by zero (cty answers x)", cond: "ops.ok % ops.dropped == 980",
			wantMessage: "the condition computed a non-finite number (ops.ok % ops.dropped = 980 % 0 = NaN): a division by zero",
		},
		{
			name: "in a for expression", cond: "[for x in [1, 2]: x / ops.dropped][0] > 1",
			wantMessage: "the condition computed a non-finite number ([for x in [1, 2]: x / ops.dropped] = +Inf)",
		},
		{
			name: "infinity decides beside no data", cond: "recovery_ms < 100 || ops.ok / 0 > 1",
			wantMessage: "the condition computed a non-finite number (ops.ok / 0 = 980 / 0 = +Inf): a division by zero",
		},
		{
			name: "infinity on the deciding side of &&", cond: "ops.ok / 0 < 1 && ops.ok > 0",
			wantMessage: "the condition computed a non-finite number (ops.ok / 0 = 980 / 0 = +Inf): a division by zero",
		},
		{
			name: "a value read as infinite", cond: "var.inf > 1",
			wantMessage: "the condition computed a non-finite number (var.inf = +Inf)",
		},
		{
			name: "a guard by a conditional", cond: "ops.dropped > 0 ? ops.failed / ops.dropped < 1 : true",
			wantPassed: true,
		},
		{
			name: "a guard by ||", cond: "ops.dropped == 0 || ops.failed / ops.dropped < 1",
			wantPassed: true,
		},
		{
			name: "a guard by && on the right", cond: "ops.failed / ops.dropped > 1 && ops.dropped > 0",
			wantPassed: false, wantMessage: msgFalse,
		},
		{
			name: "a finite ratio", cond: "ops.ok / ops.total > 0.9 && floor(ops.failed / 3) == 6",
			wantPassed: true,
		},
		{
			name: "a big finite number is a number", cond: "1e400 > ops.ok",
			wantPassed: true,
		},
		{
			name: "error_message that divides by zero", cond: "latency.p95 < 10",
			msg:         "ratio ${ops.failed / ops.dropped}",
			wantMessage: "ratio +Inf; the error_message computed a non-finite number (ops.failed / ops.dropped = 20 / 0 = +Inf): a division by zero",
		},
		{
			name: "error_message with 0 / 0", cond: "latency.p95 < 10",
			msg:         "ratio ${errors.timeout / ops.dropped}",
			wantMessage: msgFalse + "; the error_message computed a non-finite number (errors.timeout / ops.dropped = 0 / 0 = NaN): a division by zero",
		},
		{
			name: "a finite error_message", cond: "latency.p95 < 10",
			msg:         "${ops.failed / 4} per core",
			wantMessage: "5 per core",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ctx := parseCheck(t, tc.name, tc.cond, tc.msg)
			ctx.Functions = checkFunctions
			ctx.Variables["var"] = cty.ObjectVal(map[string]cty.Value{"inf": cty.PositiveInfinity})
			got := evalCheck(c, results.Variables(sampleResult(), []string{"fast"}, nil, nil))
			if got.Passed != tc.wantPassed || got.NoData {
				t.Errorf("passed, no data = %v, %v; want %v, false (message %q)", got.Passed, got.NoData, tc.wantPassed, got.Message)
			}
			if got.Message != tc.wantMessage {
				t.Errorf("message =\n  %q\nwant\n  %q", got.Message, tc.wantMessage)
			}
		})
	}
}

// TestNonFiniteValuesPrinted: the values a check read say +Inf, never
// "no data" or a number.
func TestNonFiniteValuesPrinted(t *testing.T) {
	t.Parallel()
	c, ctx := parseCheck(t, "inf", "var.inf > 1 && var.big > 1", "")
	ctx.Variables["var"] = cty.ObjectVal(map[string]cty.Value{
		"inf": cty.NegativeInfinity, "big": cty.MustParseNumberVal("1e400"),
	})
	got := evalCheck(c, results.Variables(sampleResult(), nil, nil, nil))
	var values []string
	for _, v := range got.Values {
		values = append(values, v.Path+" = "+v.Text())
	}
	if s := strings.Join(values, ", "); s != "var.inf = -Inf, var.big = 1e+400" {
		t.Errorf("values = %s", s)
	}
	if got.Passed || !strings.Contains(got.Message, "(var.inf = -Inf)") {
		t.Errorf("check = %+v, want failed on var.inf", got)
	}
}

// TestPanicDiagnosticWithoutStack: a function that panics for another
// reason is reported by its first line, not a goroutine dump.
func TestPanicDiagnosticWithoutStack(t *testing.T) {
	t.Parallel()
	got := diagText(hclDiags("Error in function call", "Call to function \"f\" failed: panic in function implementation: boom\ngoroutine 1 [running]:\n..."))
	if got != "Error in function call: Call to function \"f\" failed: panic in function implementation: boom" {
		t.Errorf("diagText = %q", got)
	}
}

func hclDiags(summary, detail string) hcl.Diagnostics {
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail}}
}
