package compiler_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/plan"
)

// A topology block compiles to plan.Topology with the defaults of its
// kind and only its kind's attributes; no block is nil. Equal blocks have
// equal keys (one deployment), different attributes different keys.
func TestTopologyCompile(t *testing.T) {
	tests := []struct {
		driver, block string
		want          *plan.Topology
	}{
		{"postgres", "", nil},
		{"postgres", `topology { kind = "standalone" }`, &plan.Topology{Kind: "standalone"}},
		{"postgres", `topology { kind = "pgbouncer" }`, &plan.Topology{Kind: "pgbouncer", PoolMode: "transaction",
			DefaultPoolSize: 20, MaxClientConn: 1000, AuthType: "md5"}},
		{"postgres", `topology {
  kind = "pgbouncer"
  pool_mode = "session"
  default_pool_size = 5
  max_client_conn = 50
  auth_type = "scram-sha-256"
}`, &plan.Topology{Kind: "pgbouncer", PoolMode: "session", DefaultPoolSize: 5, MaxClientConn: 50, AuthType: "scram-sha-256"}},
		{"redis", `topology { kind = "sentinel" }`, &plan.Topology{Kind: "sentinel", Replicas: 1, Sentinels: 3, MasterName: "stressqlmaster"}},
		{"redis", `topology {
  kind = "sentinel"
  replicas = 2
  sentinels = 5
  master_name = "m1"
}`, &plan.Topology{Kind: "sentinel", Replicas: 2, Sentinels: 5, MasterName: "m1"}},
		{"redis", `topology { kind = "cluster" }`, &plan.Topology{Kind: "cluster", Masters: 3}},
		{"redis", `topology {
  kind = "cluster"
  masters = 6
}`, &plan.Topology{Kind: "cluster", Masters: 6}},
	}
	keys := map[string]int{}
	for i, tt := range tests {
		src := fmt.Sprintf(`scenario "s" {
  driver = %q
  %s
  load "l" {
    pattern    = "burst"
    workers    = 1
    iterations = 1
    step "ping" {}
  }
}
`, tt.driver, tt.block)
		cfg, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
		if diags.HasErrors() {
			t.Fatalf("%d: %s", i, diags.Error())
		}
		p, diags := compiler.Compile(cfg)
		if diags.HasErrors() {
			t.Fatalf("%d: %s", i, diags.Error())
		}
		got := p.Scenarios[0].Topology
		if got != nil {
			if got.Source.Filename != "f.hcl" || got.Source.Line != 3 {
				t.Errorf("%d: source %v, want f.hcl:3", i, got.Source)
			}
			got.Source = plan.Source{}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%d: topology %+v, want %+v", i, got, tt.want)
		}
		keys[tt.driver+" "+got.Key()]++
	}
	// nil and an explicit standalone are the same deployment; every other
	// block its own.
	if keys["postgres standalone"] != 2 || len(keys) != len(tests)-1 {
		t.Errorf("keys %v", keys)
	}
}

// TargetMismatch looks at the URL's scheme only.
func TestTopologyTargetMismatch(t *testing.T) {
	tests := []struct {
		kind, target string
		bad          bool
	}{
		{"sentinel", "redis+sentinel://a:1/m/0", false},
		{"sentinel", "rediss+sentinel://a:1/m/0", false},
		{"sentinel", "redis://a:1/0", true},
		{"sentinel", "redis+cluster://a:1", true},
		{"cluster", "redis+cluster://a:1?addr=b:2", false},
		{"cluster", "REDISS+CLUSTER://a:1", false},
		{"cluster", "redis://a:1", true},
		{"standalone", "redis://a:1", false},
		{"standalone", "redis+cluster://a:1", true},
		{"pgbouncer", "postgres://u:p@a:6432/db", false},
		{"sentinel", "", false}, // no target: the run says so itself
	}
	for _, tt := range tests {
		got := (&plan.Topology{Kind: tt.kind}).TargetMismatch(tt.target)
		if (got != "") != tt.bad {
			t.Errorf("%s with %q: %q", tt.kind, tt.target, got)
		}
	}
	if got := (*plan.Topology)(nil).TargetMismatch("redis+cluster://a:1"); got != "" {
		t.Errorf("no topology: %q", got)
	}
}
