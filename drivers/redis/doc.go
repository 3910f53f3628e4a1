// Package redis is the Redis driver of stressql: a drivers.Pool on
// go-redis/v9's pooled client (or, with the pool disabled, one fresh
// connection per iteration) that runs compiled steps against a real
// server.
//
// It exists so that the engine measures the pool it configures and
// nothing else: go-redis's own retries, dial retries and maintenance
// notifications are turned off (the scenario's retry policy decides),
// context deadlines are honoured, and the server-side view (CLIENT LIST by
// client name) comes from a separate monitor client that is never
// counted. Keys the tool writes are prefixed with Env.Namespace, also
// inside raw commands, so Cleanup can remove exactly them; Prepare checks a
// command step against the command policy of drivers/redis/rediscmd again
// (defence in depth: dsl refuses the same steps statically). Keys written
// without a TTL of their own get Env.SafetyTTL (ttl.go), so that a killed
// run's keys expire by themselves, and NewCleaner (clean.go) finds and
// removes what killed runs left, for `stressql clean`. A target may also
// be a Sentinel-managed master (redis+sentinel://, go-redis's failover
// client; the pool implements drivers.Failoverer for the failover fault)
// or a Redis Cluster (redis+cluster://, go-redis's cluster client, pool
// attributes per node; server-side counts, faults and cleanup act on
// every master; a hook on each node client counts the MOVED and ASK
// replies it sees, redirect.go): topology.go. go-redis's
// internal logger is silenced: a scenario against a dead server would
// otherwise print a line per failed dial.
package redis
