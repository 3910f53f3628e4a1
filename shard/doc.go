// Package shard splits a plan into N shards that run as separate
// processes (a Kubernetes Indexed Job, a Nomad batch job, a CI matrix)
// and merges their reports back into the report of one run, whose checks
// are then evaluated once, over the whole test.
//
// Split is a pure plan transformation, like k6's execution segments:
// shard I of N gets an exact share of every load, remainders going to the
// lowest indices, so the shards add up to the unsharded plan. Merge
// checks that its inputs are the shards of one plan (PlanHash), adds the
// counters, merges the HDR histograms and the series interval by
// interval, and combines the gauges by the rules docs/sharding.md
// states. It imports no HCL: the caller evaluates the checks (package
// checks) over the merged results.
package shard
