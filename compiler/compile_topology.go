package compiler

import (
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/plan"
)

// compileTopology applies the defaults of the topology's kind; nil when
// the scenario declares none.
func compileTopology(t *dsl.Topology) *plan.Topology {
	if t == nil || t.Kind.Val == "" {
		return nil
	}
	out := &plan.Topology{Kind: t.Kind.Val, Source: SourceOf(t.Range)}
	switch t.Kind.Val {
	case plan.TopologyPgBouncer:
		out.PoolMode = t.PoolMode.Or(plan.DefaultPoolMode)
		out.DefaultPoolSize = int(t.DefaultPoolSize.Or(plan.DefaultBouncerPoolSize))
		out.MaxClientConn = int(t.MaxClientConn.Or(plan.DefaultMaxClientConn))
		out.AuthType = t.AuthType.Or(plan.DefaultBouncerAuth)
	case plan.TopologySentinel:
		out.Replicas = int(t.Replicas.Or(plan.DefaultReplicas))
		out.Sentinels = int(t.Sentinels.Or(plan.DefaultSentinels))
		out.MasterName = t.MasterName.Or(plan.DefaultMasterName)
	case plan.TopologyCluster:
		out.Masters = int(t.Masters.Or(plan.DefaultMasters))
	}
	return out
}
