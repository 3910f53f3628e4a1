package main

import (
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/shard"
)

// writeShardConns prints plan --shards N's connection table.
func writeShardConns(g *globalOptions, o *planOptions, p *plan.Plan) error {
	if _, err := shard.Make(0, o.shards); err != nil {
		return invalid("--shards: %v", err)
	}
	_, err := shard.WriteConnections(g.stdout, shard.Connections(p, o.shards, o.maxServerConns), o.shards, o.maxServerConns > 0)
	return err
}
