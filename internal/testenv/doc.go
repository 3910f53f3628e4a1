// Package testenv holds the helpers the integration tests of several
// packages share: where the real test servers are (and whether a missing
// one skips or fails the test), unused and relaying TCP addresses on
// 127.0.0.1, opening and closing driver pools, polling for what the
// servers and the runtime settle to, and throwaway Redis servers and
// topologies (StartRedis, StartRedisSentinelSet, StartRedisCluster) on
// free loopback ports, killed by PID when the test ends.
//
// It exists so that the rule "skip without a server, fail under CI=true"
// and the helpers around it are written once. Only _test.go files import
// it; it imports nothing test-only into production code.
package testenv
