// Package policy runs an iteration under its load's policies — retry,
// circuit breaker, per-attempt timeout and fallback — so that a scenario can
// measure how a client that protects itself behaves under faults. Retry and
// circuit breaker are failsafe-go policies; the timeout is a context
// deadline on each attempt, so drivers see a real deadline (pgx and go-redis
// turn it into socket deadlines) and the failure classifies as `timeout`.
// A load without policies gets no Executor at all and pays nothing.
package policy
