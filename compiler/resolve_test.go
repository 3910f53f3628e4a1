package compiler

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func TestResolveText(t *testing.T) {
	t.Parallel()
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{
		"var": cty.ObjectVal(map[string]cty.Value{
			"n":    cty.NumberIntVal(7),
			"f":    cty.NumberFloatVal(0.25),
			"s":    cty.StringVal(`a"b\c`),
			"list": cty.ListVal([]cty.Value{cty.StringVal("x")}),
			"u":    cty.UnknownVal(cty.Number),
		}),
		"local": cty.ObjectVal(map[string]cty.Value{"m": cty.MapVal(map[string]cty.Value{"k": cty.NumberIntVal(3)})}),
		"each":  cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal("k")}),
	}}
	notIteration := func(root string) bool { return root != "iteration" && root != "worker" }
	for _, tc := range []struct{ src, want string }{
		{`"k${iteration % var.n}"`, `"k${iteration % 7}"`},
		{`iteration * var.n + var.n`, `iteration * 7 + 7`},
		{`"${var.s}-${iteration}"`, `"a\"b\\c-${iteration}"`},
		{`"${ var.n }:${iteration}"`, `"7:${iteration}"`},
		// A strip marker changes the text around it: the value is inlined
		// in the interpolation instead.
		{`"a ${~ var.n} ${iteration}"`, `"a ${~ 7} ${iteration}"`},
		{`"${local.m[each.key]}${iteration}"`, `"3${iteration}"`},
		{`iteration + var.f`, `iteration + 0.25`},
		// Not a primitive, unknown, or nothing to resolve: as written.
		{`"${var.list}${iteration}"`, `"${var.list}${iteration}"`},
		{`iteration + var.u`, `iteration + var.u`},
		{`"k${iteration}"`, `"k${iteration}"`},
		{`"unclosed ${`, `"unclosed ${`},
	} {
		if got := resolveText(tc.src, ctx, notIteration); got != tc.want {
			t.Errorf("resolveText(%s) = %s, want %s", tc.src, got, tc.want)
		}
	}
	onlyConst := func(root string) bool { return root == "var" || root == "local" || root == "each" }
	for _, tc := range []struct{ src, want string }{
		{`latency.p95 < var.n`, `latency.p95 < 7`},
		{`latency.p95 < var.n * 2 && ops.ok > local.m["k"]`, `latency.p95 < 14 && ops.ok > 3`},
		{`latency.p95 < max(var.n, latency.p50)`, `latency.p95 < max(7, latency.p50)`},
		{`status == var.s`, `status == "a\"b\\c"`},
		{`latency.p95 < 1`, `latency.p95 < 1`},
	} {
		if got := resolveText(tc.src, ctx, onlyConst); got != tc.want {
			t.Errorf("resolveText(%s) = %s, want %s", tc.src, got, tc.want)
		}
	}
}
