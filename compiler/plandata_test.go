package compiler_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/plan"
)

// TestPlanIsData: a compiled plan (the seed scenarios and the testdata)
// marshals to JSON, and no HCL or cty value is reachable from it but
// through a check's Program, which JSON leaves out (it is package
// checks'). Step arguments are arg.Expr, compiled data that marshals as
// its source text.
func TestPlanIsData(t *testing.T) {
	t.Parallel()
	seeds, _ := filepath.Glob("../scenarios/*.hcl")
	testdata, _ := filepath.Glob("testdata/*.hcl")
	if len(seeds) == 0 || len(testdata) == 0 {
		t.Fatal("no scenarios")
	}
	plans := []*plan.Plan{compile(t, seeds...)}
	for _, f := range testdata {
		plans = append(plans, compile(t, f))
	}
	nChecks := 0
	for _, p := range plans {
		if _, err := json.Marshal(p); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		walkData(t, reflect.ValueOf(p), "plan")
		for _, sc := range p.Scenarios {
			for _, c := range sc.Checks {
				nChecks++
				prog, ok := c.Program.(*checks.Program)
				if !ok || prog == nil {
					t.Errorf("%s: check %q has Program %T", sc.Name, c.Name, c.Program)
					continue
				}
				if !slices.Equal(c.Reads, prog.Reads()) || len(c.Reads) == 0 {
					t.Errorf("%s: check %q reads %q, its program %q", sc.Name, c.Name, c.Reads, prog.Reads())
				}
				if c.Source.Filename == "" || c.Source.Line == 0 || c.Source.Column == 0 {
					t.Errorf("%s: check %q has source %+v", sc.Name, c.Name, c.Source)
				}
			}
		}
	}
	if nChecks < 50 {
		t.Errorf("only %d checks looked at", nChecks)
	}
}

// walkData fails on any HCL or cty value reachable from v, but for the
// opaque plan.Check.Program, which must be left out of JSON.
func walkData(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	if !v.IsValid() {
		return
	}
	if pkg := v.Type().PkgPath(); strings.HasPrefix(pkg, "github.com/hashicorp/") || strings.HasPrefix(pkg, "github.com/zclconf/") {
		t.Errorf("%s is a %s", path, v.Type())
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkData(t, v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if v.Type() == reflect.TypeFor[plan.Check]() && f.Name == "Program" {
				if f.Tag.Get("json") != "-" {
					t.Errorf("plan.Check.Program is written to JSON")
				}
				continue
			}
			walkData(t, v.Field(i), path+"."+f.Name)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkData(t, v.Index(i), path)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			walkData(t, it.Value(), path)
		}
	}
}
