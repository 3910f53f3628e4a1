// Package rediscmd is stressql's Redis command policy: the one table of
// the commands a command step may send without allow_dangerous = true, and
// the checks that apply it. dsl uses it to refuse a scenario statically,
// drivers/redis to refuse the same step again at Prepare (defence in
// depth), and both read from it what a command does: its category, whether
// it writes keys and which of them it can create (the driver's safety-net
// TTL), whether it sets a key's TTL itself, and, for a command whose keys
// are not at fixed positions, where its keys are.
//
// The policy is an allowlist. A command is allowed when it is in Table
// and its arguments do not make it dangerous (COPY ... DB, SORT ... BY
// pattern). Everything else (scripting, server administration, CLIENT
// beyond naming the connection, anything that changes the connection's
// database, whole-keyspace commands, commands stressql does not know) is
// refused unless the scenario sets allow_dangerous = true. A few things
// are refused even then, because a command step could not run them
// correctly: a command name that is not a plain token, subscribing, and
// an argument that decides where the keys are but changes per iteration.
//
// It is pure data and functions: no HCL, no go-redis. Arguments are seen
// as Arg values, constant or not; a per-iteration argument's value is
// unknown to the checks, so every argument that decides what a command
// does or where its keys are must be constant.
package rediscmd
