package dsl_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

func TestForEach(t *testing.T) {
	t.Parallel()
	const body = `
  driver = "postgres"
  pool {
    max_conns = each.value
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "query" {
      sql = "SELECT '${each.key}'"
    }
  }
`
	for _, tc := range []struct {
		name     string
		forEach  string
		want     string // instance names
		wantKeys string
		conns    []int64 // max_conns per instance (each.value)
		wantErr  string
	}{
		// Map keys come sorted, whatever the written order.
		{name: "map", forEach: `{ b = 2, a = 1 }`, want: "sweep[a],sweep[b]", wantKeys: "a,b", conns: []int64{1, 2}},
		{name: "variable map", forEach: `var.sizes`, want: "sweep[big],sweep[small]", wantKeys: "big,small", conns: []int64{20, 5}},
		{name: "for expression", forEach: `{ for n in [3, 4] : "n${n}" => n }`, want: "sweep[n3],sweep[n4]", conns: []int64{3, 4}},
		// A set's elements are both key and value.
		{name: "set", forEach: `toset(["7", "8", "7"])`, want: "sweep[7],sweep[8]", conns: []int64{7, 8}},
		{name: "bad key", forEach: `{ "a\u001b[2Jb" = 1 }`, wantErr: "Invalid for_each key"},
		{name: "key with newline", forEach: `toset(["ok", "x\nPASS"])`, wantErr: "Invalid for_each key"},
		{name: "key with space", forEach: `{ "a b" = 1 }`, wantErr: "Invalid for_each key"},
		{name: "too many", forEach: `merge([for i in range(101) : { for j in range(100) : "k${i}_${j}" => j }]...)`, wantErr: "Too many for_each instances"},
		{name: "list", forEach: `["1", "2"]`, wantErr: "Invalid for_each"},
		{name: "set of numbers", forEach: `toset([1, 2])`, wantErr: "Invalid for_each"},
		{name: "null", forEach: `null`, wantErr: "Invalid for_each"},
		{name: "string", forEach: `"a"`, wantErr: "Invalid for_each"},
		{name: "reads each", forEach: `each.value`, wantErr: "Reference to each outside for_each"},
		{name: "undeclared", forEach: `var.nope`, wantErr: "Undeclared variable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := "variable \"sizes\" {\n  default = { small = 5, big = 20 }\n}\nscenario \"sweep\" {\n  for_each = " + tc.forEach + "\n" + body + "}\n"
			cfg, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
			if tc.wantErr != "" {
				if len(diags) != 1 || diags[0].Summary != tc.wantErr {
					t.Fatalf("diagnostics %v, want one %q", diags, tc.wantErr)
				}
				if len(cfg.Scenarios) != 1 || !cfg.Scenarios[0].Errored || cfg.Scenarios[0].Name != "sweep" {
					t.Errorf("a broken for_each leaves one errored scenario named sweep; got %+v", cfg.Scenarios)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got := names(cfg); got != tc.want {
				t.Errorf("instances %q, want %q", got, tc.want)
			}
			var keys []string
			for i, sc := range cfg.Scenarios {
				keys = append(keys, sc.EachKey)
				if !sc.HasEach {
					t.Errorf("%s: HasEach not set", sc.Name)
				}
				if i < len(tc.conns) && sc.Pool.Get("max_conns").Val != tc.conns[i] {
					t.Errorf("%s: max_conns = %d, want %d", sc.Name, sc.Pool.Get("max_conns").Val, tc.conns[i])
				}
				if want := "SELECT '" + sc.EachKey + "'"; sc.Loads[0].Steps[0].SQL.Val != want {
					t.Errorf("%s: sql %q, want %q", sc.Name, sc.Loads[0].Steps[0].SQL.Val, want)
				}
			}
			if tc.wantKeys != "" && strings.Join(keys, ",") != tc.wantKeys {
				t.Errorf("keys %v, want %s", keys, tc.wantKeys)
			}
		})
	}
}

// TestForEachSharedMistake: a mistake that does not depend on each is
// reported once, not once per instance.
func TestForEachSharedMistake(t *testing.T) {
	t.Parallel()
	src := `scenario "s" {
  for_each = { a = 1, b = 2, c = 3 }
  driver   = "postgres"
  load "l" {
    pattern = "burst"
    workerz = 1
    step "ping" {}
  }
}
`
	cfg, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
	var summaries []string
	for _, d := range diags {
		summaries = append(summaries, d.Summary)
	}
	if got := strings.Join(summaries, ";"); got != "Unsupported argument;Missing required argument" {
		t.Errorf("diagnostics %q, want each once", got)
	}
	if len(cfg.Scenarios) != 3 {
		t.Errorf("%d instances, want 3", len(cfg.Scenarios))
	}
}

// TestForEachEmpty: an empty for_each is a warning, and a load whose
// every scenario is an empty for_each is an error (nothing would run).
func TestForEachEmpty(t *testing.T) {
	t.Parallel()
	const sweep = "scenario \"sweep\" {\n  for_each = %s\n  driver = \"redis\"\n  load \"l\" {\n    pattern = \"burst\"\n    workers = 1\n    step \"ping\" {}\n  }\n}\n"
	for _, tc := range []struct {
		name, src string
		wantErr   bool
	}{
		{name: "empty map", src: fmt.Sprintf(sweep, "{}"), wantErr: true},
		{name: "empty set", src: fmt.Sprintf(sweep, "toset([])"), wantErr: true},
		{name: "beside another scenario", src: fmt.Sprintf(sweep, "{}") + strings.Replace(fmt.Sprintf(sweep, "{ a = 1 }"), "sweep", "other", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(tc.src)}, dsl.LoadOptions{Drivers: registry.Default()})
			var warned bool
			for _, d := range diags {
				warned = warned || (d.Severity == hcl.DiagWarning && d.Summary == "No for_each instances")
			}
			if !warned {
				t.Errorf("no warning at the empty for_each: %v", diags)
			}
			if diags.HasErrors() != tc.wantErr {
				t.Errorf("errors %v, want %v: %v", diags.HasErrors(), tc.wantErr, diags)
			}
			if tc.wantErr && (diags.Errs()[0].(*hcl.Diagnostic).Subject == nil || diags.Errs()[0].(*hcl.Diagnostic).Subject.Start.Line != 2) {
				t.Errorf("the error is not at the for_each line: %v", diags)
			}
		})
	}
}
