package plan

import (
	"fmt"
	"strings"
)

// Topology kinds: the deployment a scenario expects its target to be
// (its topology block). Standalone is a single server, the default.
const (
	TopologyStandalone = "standalone"
	TopologyPgBouncer  = "pgbouncer"
	TopologySentinel   = "sentinel"
	TopologyCluster    = "cluster"
)

// TopologyKinds are the kinds a scenario of each driver may declare, the
// default first.
var TopologyKinds = map[string][]string{
	"postgres": {TopologyStandalone, TopologyPgBouncer},
	"redis":    {TopologyStandalone, TopologySentinel, TopologyCluster},
}

// Defaults of a topology's attributes (see docs/dsl.md "Topology").
const (
	DefaultPoolMode        = "transaction"
	DefaultBouncerPoolSize = 20
	DefaultMaxClientConn   = 1000
	DefaultBouncerAuth     = "md5"
	DefaultReplicas        = 1
	DefaultSentinels       = 3
	DefaultMasterName      = "stressqlmaster"
	DefaultMasters         = 3
)

// Topology is the deployment a scenario declared, defaults applied; a
// scenario without a topology block has none (nil): any target.
// Only the attributes of its Kind are set.
type Topology struct {
	Kind string `json:"kind"`
	// PgBouncer in front of PostgreSQL.
	PoolMode        string `json:"pool_mode,omitempty"`
	DefaultPoolSize int    `json:"default_pool_size,omitempty"`
	MaxClientConn   int    `json:"max_client_conn,omitempty"`
	AuthType        string `json:"auth_type,omitempty"`
	// Redis Sentinel: one master, Replicas replicas, Sentinels sentinels
	// (quorum: a majority of them) monitoring MasterName.
	Replicas   int    `json:"replicas,omitempty"`
	Sentinels  int    `json:"sentinels,omitempty"`
	MasterName string `json:"master_name,omitempty"`
	// Redis Cluster of Masters masters (no replicas).
	Masters int    `json:"masters,omitempty"`
	Source  Source `json:"source"`
}

// Key identifies the deployment: scenarios whose topologies have the same
// key (and driver) can share one (--ephemeral starts each once).
func (t *Topology) Key() string {
	if t == nil {
		return TopologyStandalone
	}
	switch t.Kind {
	case TopologyPgBouncer:
		return fmt.Sprintf("pgbouncer(pool_mode=%s,default_pool_size=%d,max_client_conn=%d,auth_type=%s)",
			t.PoolMode, t.DefaultPoolSize, t.MaxClientConn, t.AuthType)
	case TopologySentinel:
		return fmt.Sprintf("sentinel(replicas=%d,sentinels=%d,master_name=%s)", t.Replicas, t.Sentinels, t.MasterName)
	case TopologyCluster:
		return fmt.Sprintf("cluster(masters=%d)", t.Masters)
	}
	return t.Kind
}

// Attrs lists the topology's attributes as name=value pairs, kind first
// (what plan prints).
func (t *Topology) Attrs() [][2]string {
	out := [][2]string{{"kind", t.Kind}}
	add := func(name string, v any) { out = append(out, [2]string{name, fmt.Sprint(v)}) }
	switch t.Kind {
	case TopologyPgBouncer:
		add("pool_mode", t.PoolMode)
		add("default_pool_size", t.DefaultPoolSize)
		add("max_client_conn", t.MaxClientConn)
		add("auth_type", t.AuthType)
	case TopologySentinel:
		add("replicas", t.Replicas)
		add("sentinels", t.Sentinels)
		add("master_name", t.MasterName)
	case TopologyCluster:
		add("masters", t.Masters)
	}
	return out
}

// TargetMismatch says why target (a URL) is not a deployment of kind t,
// "" when it may be. Only the URL's scheme is looked at: a PgBouncer
// cannot be told from PostgreSQL by its URL (see drivers/postgres for
// detecting it by its admin console).
func (t *Topology) TargetMismatch(target string) string {
	if t == nil {
		return ""
	}
	scheme, _, ok := strings.Cut(target, "://")
	if !ok {
		return ""
	}
	scheme = strings.ToLower(scheme)
	want := map[string][]string{
		TopologySentinel: {"redis+sentinel", "rediss+sentinel"},
		TopologyCluster:  {"redis+cluster", "rediss+cluster"},
	}
	if t.Kind == TopologyStandalone {
		for _, schemes := range want {
			for _, s := range schemes {
				if s == scheme {
					return fmt.Sprintf("the scenario declares a standalone server but the target is a %s:// URL", scheme)
				}
			}
		}
		return ""
	}
	schemes, ok := want[t.Kind]
	if !ok {
		return ""
	}
	for _, s := range schemes {
		if s == scheme {
			return ""
		}
	}
	return fmt.Sprintf("the scenario declares topology %q but the target is a %s:// URL, not %s://", t.Kind, scheme, strings.Join(schemes, ":// or "))
}
