package dsl_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// varsSource declares variables of several types and a scenario reading
// them, so that a value's effect shows in the decoded pool.
const varsSource = `
variable "conns" {
  type    = number
  default = 5
}
variable "name" {
  type    = string
  default = "x"
}
variable "tags" {
  type    = list(string)
  default = []
}
variable "free" {
  default = "untyped"
}
variable "required" {
  type = bool
}
scenario "s" {
  driver = "postgres"
  tags   = var.tags
  pool {
    max_conns       = var.conns
    ping_on_acquire = var.required
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
`

func TestVariables(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	one := writeFile("one.tfvars", "conns = 7\nname = \"from-file\"\n")
	two := writeFile("two.tfvars", "conns = 9\n")
	bad := writeFile("bad.tfvars", "conn = 7\n")
	typed := writeFile("typed.tfvars", "tags = \"not a list\"\n")
	refs := writeFile("refs.tfvars", "conns = var.name\n")

	for _, tc := range []struct {
		name    string
		opts    dsl.LoadOptions
		want    map[string]cty.Value // variable values
		wantErr string               // summary of the one error expected
		broken  bool                 // a variable the scenario reads is broken
	}{
		{name: "defaults, required given", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"required=true"}},
			want: map[string]cty.Value{"conns": cty.NumberIntVal(5), "name": cty.StringVal("x"), "required": cty.True}},
		{name: "required missing", opts: dsl.LoadOptions{Drivers: registry.Default()}, wantErr: "Missing required variable", broken: true},
		{name: "number from text", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"conns=12", "required=false"}},
			want: map[string]cty.Value{"conns": cty.NumberIntVal(12), "required": cty.False}},
		{name: "string keeps its text", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"name=007", "required=1"}},
			want: map[string]cty.Value{"name": cty.StringVal("007"), "required": cty.True}},
		{name: "value with equals signs", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"name=a=b", "required=true"}},
			want: map[string]cty.Value{"name": cty.StringVal("a=b")}},
		{name: "list as HCL", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{`tags=["a","b"]`, "required=true"}},
			want: map[string]cty.Value{"tags": cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})}},
		{name: "untyped takes HCL", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"free=5", "required=true"}},
			want: map[string]cty.Value{"free": cty.NumberIntVal(5)}},
		{name: "untyped falls back to text", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"free=1m30s", "required=true"}},
			want: map[string]cty.Value{"free": cty.StringVal("1m30s")}},
		{name: "later --var wins", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"conns=1", "conns=2", "required=true"}},
			want: map[string]cty.Value{"conns": cty.NumberIntVal(2)}},
		{name: "var files in order", opts: dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{one, two}, Vars: []string{"required=true"}},
			want: map[string]cty.Value{"conns": cty.NumberIntVal(9), "name": cty.StringVal("from-file")}},
		{name: "--var wins over --var-file", opts: dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{two}, Vars: []string{"conns=3", "required=true"}},
			want: map[string]cty.Value{"conns": cty.NumberIntVal(3)}},
		{name: "not a number", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"conns=many", "required=true"}}, wantErr: "Invalid value for variable", broken: true},
		{name: "not a bool", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"required=maybe"}}, wantErr: "Invalid value for variable", broken: true},
		{name: "unknown name", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"conn=1", "required=true"}}, wantErr: "Undeclared variable"},
		{name: "no equals sign", opts: dsl.LoadOptions{Drivers: registry.Default(), Vars: []string{"conns", "required=true"}}, wantErr: "Invalid --var option"},
		{name: "unknown name in file", opts: dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{bad}, Vars: []string{"required=true"}}, wantErr: "Undeclared variable"},
		{name: "wrong type in file", opts: dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{typed}, Vars: []string{"required=true"}}, wantErr: "Invalid value for variable", broken: true},
		{name: "reference in file", opts: dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{refs}, Vars: []string{"required=true"}}, wantErr: "Reference in a constant value", broken: true},
		{name: "missing file", opts: dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{filepath.Join(dir, "nope.tfvars")}, Vars: []string{"required=true"}}, wantErr: "Cannot read var file"},
		{name: "var file is a directory", opts: dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{dir}, Vars: []string{"required=true"}}, wantErr: "Cannot read var file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := dsl.LoadSources(map[string][]byte{"vars.hcl": []byte(varsSource)}, tc.opts)
			if tc.wantErr != "" {
				if len(diags) != 1 || diags[0].Summary != tc.wantErr {
					t.Fatalf("diagnostics %v, want one %q", diags, tc.wantErr)
				}
				if cfg.Scenarios[0].Errored != tc.broken {
					t.Errorf("Errored = %v, want %v: a scenario reading a broken variable is not compiled", cfg.Scenarios[0].Errored, tc.broken)
				}
				return
			}
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			for _, v := range cfg.Variables {
				if want, ok := tc.want[v.Name]; ok && !v.Value.RawEquals(want) {
					t.Errorf("var.%s = %#v, want %#v", v.Name, v.Value, want)
				}
			}
			if want, ok := tc.want["conns"]; ok {
				got, _ := cfg.Scenarios[0].Pool.Get("max_conns").Val.(int64)
				if w, _ := want.AsBigFloat().Int64(); got != w {
					t.Errorf("max_conns = %d, want %d", got, w)
				}
			}
		})
	}
}

// TestVarFileInFiles: a var file's diagnostics can show its source.
func TestVarFileInFiles(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "x.tfvars")
	if err := os.WriteFile(p, []byte("nope = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := dsl.LoadSources(map[string][]byte{"vars.hcl": []byte(varsSource)},
		dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{p}, Vars: []string{"required=true"}})
	if len(diags) != 1 || diags[0].Subject == nil || diags[0].Subject.Filename != p {
		t.Fatalf("diagnostics %v, want one in %s", diags, p)
	}
	if cfg.Files[p] == nil {
		t.Errorf("Files lacks the var file %s", p)
	}
}

func TestLocals(t *testing.T) {
	t.Parallel()
	src := `
variable "base" {
  default = 2
}
locals {
  c = local.b * 10
  a = var.base + 1
}
locals {
  b = local.a * local.a
  s = "${local.c}-${upper("x")}"
}
scenario "s" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = local.c
    step "ping" {}
  }
}
`
	cfg, diags := dsl.LoadSources(map[string][]byte{"l.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := map[string]cty.Value{"a": cty.NumberIntVal(3), "b": cty.NumberIntVal(9), "c": cty.NumberIntVal(90), "s": cty.StringVal("90-X")}
	var order []string
	for _, l := range cfg.Locals {
		order = append(order, l.Name)
		if !l.Value.RawEquals(want[l.Name]) {
			t.Errorf("local.%s = %#v, want %#v", l.Name, l.Value, want[l.Name])
		}
	}
	if got := strings.Join(order, ","); got != "c,a,b,s" {
		t.Errorf("Locals in order %s, want file order c,a,b,s", got)
	}
	if w := cfg.Scenarios[0].Loads[0].Workers.Val; w != 90 {
		t.Errorf("workers = %d, want 90", w)
	}
}
