package compiler

import (
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// argSource is a scenario whose get step's key is %s, with a variable,
// a local and each to fold.
const argSource = `
variable "prefix" {
  default = "user"
}
variable "mod" {
  default = 10
}
locals {
  half = 0.5
}
scenario "s" {
  for_each = { k = 3 }
  driver   = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "get" {
      key = KEY
    }
  }
}
`

// loadKey loads argSource with expr as the key and returns the decoded
// argument (nil when loading failed, with the diagnostics).
func loadKey(t *testing.T, expr string) (*dsl.Arg, string) {
	t.Helper()
	src := strings.Replace(argSource, "KEY", expr, 1)
	cfg, diags := dsl.LoadSources(map[string][]byte{"arg.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		return nil, diags.Error()
	}
	return cfg.Scenarios[0].Loads[0].Steps[0].Key, ""
}

func TestCompileArg(t *testing.T) {
	t.Parallel()
	type at struct {
		iteration, worker int64
		want              string
	}
	for _, tc := range []struct {
		expr   string
		konst  bool // IsConst
		number bool // IsNumber
		values []at
	}{
		// A constant is folded, functions and variables included.
		{`"${var.prefix}-${each.value}"`, true, false, []at{{5, 1, "user-3"}}},
		{`upper(var.prefix)`, true, false, []at{{0, 0, "USER"}}},
		// Numbers and bools keep their decimal / text form.
		{`1.5`, true, false, []at{{0, 0, "1.5"}}},
		{`local.half * 4`, true, false, []at{{0, 0, "2"}}},
		{`true`, true, false, []at{{0, 0, "true"}}},
		// A bare iteration or worker is a number.
		{`iteration`, false, true, []at{{0, 0, "0"}, {123, 4, "123"}}},
		{`worker`, false, true, []at{{123, 4, "4"}}},
		// Integer arithmetic, with precedence and parentheses.
		{`iteration * 2 + worker`, false, true, []at{{5, 3, "13"}}},
		{`(iteration + 1) * 2`, false, true, []at{{5, 0, "12"}}},
		{`iteration % var.mod`, false, true, []at{{27, 0, "7"}, {-3, 0, "-3"}}},
		{`-iteration - each.value`, false, true, []at{{4, 0, "-7"}}},
		// Division truncates; by zero gives 0.
		{`iteration / 4`, false, true, []at{{7, 0, "1"}, {-7, 0, "-1"}}},
		{`iteration / worker`, false, true, []at{{7, 0, "0"}, {7, 2, "3"}}},
		{`iteration % worker`, false, true, []at{{7, 0, "0"}, {7, 4, "3"}}},
		// Templates mix literals, folded parts and numbers.
		{`"${var.prefix}:${iteration % var.mod}"`, false, false, []at{{0, 0, "user:0"}, {1234, 9, "user:4"}}},
		{`"w${worker}-i${iteration}-${each.key}"`, false, false, []at{{8, 2, "w2-i8-k"}}},
		{`"${iteration}"`, false, false, []at{{42, 0, "42"}}},
		{`"a${"b${iteration}"}c"`, false, false, []at{{1, 0, "ab1c"}}},
		{`"x${-worker}"`, false, false, []at{{0, 3, "x-3"}}},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			t.Parallel()
			a, errs := loadKey(t, tc.expr)
			if a == nil {
				t.Fatalf("load: %s", errs)
			}
			e, diags := compileArg(a)
			if diags.HasErrors() {
				t.Fatalf("compile: %s", diags.Error())
			}
			if e.IsConst() != tc.konst || e.IsNumber() != tc.number {
				t.Errorf("IsConst=%v IsNumber=%v, want %v %v", e.IsConst(), e.IsNumber(), tc.konst, tc.number)
			}
			for _, v := range tc.values {
				if got := e.String(v.iteration, v.worker); got != v.want {
					t.Errorf("(%d, %d) = %q, want %q", v.iteration, v.worker, got, v.want)
				}
			}
			if !tc.konst && e.Source != tc.expr {
				t.Errorf("Source = %q, want %q", e.Source, tc.expr)
			}
		})
	}
}

func TestCompileArgErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		expr    string
		summary string
		subject string // the text the diagnostic points at
	}{
		{`upper("k${iteration}")`, "Unsupported per-iteration expression", `upper("k${iteration}")`},
		{`"k${iteration > 5 ? 1 : 0}"`, "Unsupported per-iteration expression", `iteration > 5 ? 1 : 0`},
		{`"k${abs(iteration)}"`, "Unsupported per-iteration expression", `abs(iteration)`},
		{`iteration.x`, "Unsupported per-iteration expression", `iteration.x`},
		{`[iteration][0]`, "Unsupported per-iteration expression", `[iteration][0]`},
		{`iteration == 1`, "Unsupported per-iteration expression", `iteration == 1`},
		{`iteration % 0`, "Division by zero", `0`},
		{`iteration / (var.mod - 10)`, "Division by zero", `(var.mod - 10)`},
		{`iteration * local.half`, "Invalid operand", `local.half`},
		{`iteration + "x"`, "Invalid operand", `"x"`},
		{`iteration + 1e30`, "Invalid operand", `1e30`},
		{`"${iteration}${[1]}"`, "Invalid template value", `[1]`},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			t.Parallel()
			a, errs := loadKey(t, tc.expr)
			if a == nil {
				t.Fatalf("load: %s", errs)
			}
			_, diags := compileArg(a)
			if len(diags) != 1 || diags[0].Summary != tc.summary {
				t.Fatalf("diagnostics %v, want one %q", diags, tc.summary)
			}
			src := strings.Replace(argSource, "KEY", tc.expr, 1)
			if got := string(diags[0].Subject.SliceBytes([]byte(src))); got != tc.subject {
				t.Errorf("subject %q, want %q", got, tc.subject)
			}
			if diags[0].Context == nil || diags[0].Context.Start.Line != 17 {
				t.Errorf("context %v, want the step header (line 17)", diags[0].Context)
			}
		})
	}
}

// TestAppendToAllocs: a compiled argument costs no allocation per
// iteration once the buffer is large enough.
func TestAppendToAllocs(t *testing.T) {
	for _, expr := range []string{
		`"${var.prefix}:${(iteration * 31 + worker) % var.mod}"`,
		`iteration * 2 - worker`,
		`"${var.prefix}"`,
	} {
		a, errs := loadKey(t, expr)
		if a == nil {
			t.Fatalf("%s: %s", expr, errs)
		}
		e, diags := compileArg(a)
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		buf := make([]byte, 0, 64)
		var i int64
		allocs := testing.AllocsPerRun(1000, func() {
			buf = e.AppendTo(buf[:0], i, i%8)
			i++
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocs per AppendTo, want 0", expr, allocs)
		}
	}
}

// BenchmarkAppendTo measures the per-iteration cost of a typical key.
func BenchmarkAppendTo(b *testing.B) {
	src := strings.Replace(argSource, "KEY", `"${var.prefix}:${(iteration * 31 + worker) % var.mod}"`, 1)
	cfg, diags := dsl.LoadSources(map[string][]byte{"arg.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	e, _ := compileArg(cfg.Scenarios[0].Loads[0].Steps[0].Key)
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := range int64(b.N) {
		buf = e.AppendTo(buf[:0], i, i&7)
	}
}
