package dsl

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// Topology is a scenario's topology block: the deployment it expects its
// target to be. Only the attributes of Kind are set.
type Topology struct {
	Kind            Attr[string]
	PoolMode        Attr[string] // pgbouncer
	DefaultPoolSize Attr[int64]  // pgbouncer
	MaxClientConn   Attr[int64]  // pgbouncer
	AuthType        Attr[string] // pgbouncer
	Replicas        Attr[int64]  // sentinel
	Sentinels       Attr[int64]  // sentinel
	MasterName      Attr[string] // sentinel
	Masters         Attr[int64]  // cluster

	Range hcl.Range // the block header
}

// topologyAttrs are the attributes of each kind beyond kind itself.
var topologyAttrs = map[string][]string{
	plan.TopologyStandalone: nil,
	plan.TopologyPgBouncer:  {"pool_mode", "default_pool_size", "max_client_conn", "auth_type"},
	plan.TopologySentinel:   {"replicas", "sentinels", "master_name"},
	plan.TopologyCluster:    {"masters"},
}

// Bounds of the topology's counts (a throwaway deployment on one machine).
const (
	maxBouncerPool   = 10000
	maxClientConn    = 100000
	maxReplicas      = 5
	maxSentinels     = 7
	minMasters       = 3 // redis-cli --cluster create needs three
	maxMasters       = 9
	topologyPoolHelp = "default_pool_size is PgBouncer's server connections per database and user"
)

// PgBouncer's pool modes and the client authentication methods the
// generated userlist supports.
var (
	poolModes   = []string{"session", "transaction", "statement"}
	bouncerAuth = []string{"md5", "scram-sha-256", "plain"}
)

// decodeTopology decodes a topology block of a scenario of driver s.driver.
func decodeTopology(s *scope, blk *hclsyntax.Block) (*Topology, hcl.Diagnostics) {
	t := &Topology{Range: header(blk)}
	var all []string
	all = append(all, "kind")
	for _, k := range []string{plan.TopologyPgBouncer, plan.TopologySentinel, plan.TopologyCluster} {
		all = append(all, topologyAttrs[k]...)
	}
	b := openBody(s, blk.Body, t.Range, bodySchema{what: "a topology block", attrs: all})
	kinds := plan.TopologyKinds[s.driver]
	if kinds == nil { // driver unknown or invalid: any kind
		for _, k := range []string{plan.TopologyStandalone, plan.TopologyPgBouncer, plan.TopologySentinel, plan.TopologyCluster} {
			kinds = append(kinds, k)
		}
	}
	t.Kind = b.str("kind")
	kindOK := false
	switch {
	case !t.Kind.Set:
		if !hasErrors(b.diags) {
			b.diags = append(b.diags, problem(t.Range, t.Range, "Missing required argument",
				"A topology block needs a kind: add kind = %s.", quoteList(kinds)))
		}
	case slices.Contains(kinds, t.Kind.Val):
		kindOK = true
	case slices.Contains(plan.TopologyKinds["postgres"], t.Kind.Val) || slices.Contains(plan.TopologyKinds["redis"], t.Kind.Val):
		b.diags = append(b.diags, problem(t.Kind.Range, t.Range, "Topology of another driver",
			"A %q topology is not a deployment of %s; a %s scenario's topology kind is %s.",
			t.Kind.Val, s.driver, s.driver, quoteList(kinds)))
	default:
		b.diags = append(b.diags, problem(t.Kind.Range, t.Range, "Unknown topology kind",
			"%q is not a valid kind. Use %s.%s", t.Kind.Val, quoteList(kinds), didYouMean(t.Kind.Val, kinds)))
	}
	if kindOK {
		own := topologyAttrs[t.Kind.Val]
		for _, a := range sortedAttrs(blk.Body) {
			if a.Name == "kind" || slices.Contains(own, a.Name) || !slices.Contains(all, a.Name) {
				continue
			}
			other := ""
			for _, k := range []string{plan.TopologyPgBouncer, plan.TopologySentinel, plan.TopologyCluster} {
				if slices.Contains(topologyAttrs[k], a.Name) {
					other = k
				}
			}
			hint := "Remove it."
			if len(own) > 0 {
				hint = fmt.Sprintf("A %q topology takes %s; remove it.", t.Kind.Val, quoteList(own))
			}
			b.diags = append(b.diags, problem(a.NameRange, t.Range, "Setting for another topology kind",
				"%s belongs to kind = %q, not %q. %s", a.Name, other, t.Kind.Val, hint))
			delete(b.attrs, a.Name)
		}
	}
	t.PoolMode, _ = b.enum("pool_mode", poolModes, "Invalid pool mode")
	t.DefaultPoolSize = b.count("default_pool_size", 1, maxBouncerPool)
	t.MaxClientConn = b.count("max_client_conn", 1, maxClientConn)
	t.AuthType, _ = b.enum("auth_type", bouncerAuth, "Invalid auth type")
	t.Replicas = b.count("replicas", 1, maxReplicas)
	t.Sentinels = b.count("sentinels", 1, maxSentinels)
	t.MasterName = b.str("master_name")
	if t.MasterName.Set && !validMasterName(t.MasterName.Val) {
		b.diags = append(b.diags, problem(t.MasterName.Range, t.Range, "Invalid master name",
			"master_name names the master the sentinels monitor: use letters, digits, '-' and '_' only; got %q.", t.MasterName.Val))
	}
	t.Masters = b.count("masters", minMasters, maxMasters)
	if t.DefaultPoolSize.Set && t.MaxClientConn.Set && t.MaxClientConn.Val < t.DefaultPoolSize.Val {
		b.diags = append(b.diags, problem(t.MaxClientConn.Range, t.Range, "Value out of range",
			"max_client_conn (%d) is below default_pool_size (%d): the bouncer would refuse clients before its pool is full. Raise max_client_conn (%s).",
			t.MaxClientConn.Val, t.DefaultPoolSize.Val, topologyPoolHelp))
	}
	if !kindOK {
		t.Kind.Val = ""
	}
	return t, b.diags
}

func validMasterName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// topologyFaults reports a failover fault of a scenario whose topology is
// declared and is not a Sentinel set: nothing could fail over.
func topologyFaults(sc *Scenario) hcl.Diagnostics {
	if sc.Topology == nil || sc.Topology.Kind.Val == "" || sc.Topology.Kind.Val == plan.TopologySentinel {
		return nil
	}
	var diags hcl.Diagnostics
	check := func(faults []*Fault) {
		for _, f := range faults {
			if f.Kind == faultkind.Failover {
				diags = append(diags, problem(f.KindRange, f.Range, "Failover without Sentinel",
					"A failover fault asks Redis Sentinel to promote a replica, but this scenario's topology is %q (at %s). Set kind = \"sentinel\" in its topology block, or remove the fault.",
					sc.Topology.Kind.Val, at(sc.Topology.Range)))
			}
		}
	}
	check(sc.Faults)
	for _, p := range sc.Phases {
		check(p.Faults)
	}
	return diags
}
