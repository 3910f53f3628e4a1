// Package faults plays the fault timeline of one phase: each fault fires at
// its `after` and is cleared at `after + duration`, relative to the phase
// start, while the phase's loads run. Network faults are set on the
// phase's netfault proxy, server-side faults (terminate, pause; failover
// through the pool's drivers.Failoverer) go through the pool, close_pool goes through the engine, and `error` faults are
// answered per iteration by Inject without locks or allocations. The
// timeline also remembers when the last disruption ended, for recovery_ms,
// and how long close_pool took, for pool.close_ms.
//
// Every scheduled fault keeps its Timing: its planned start and end (from
// after and duration) and when it really took effect (once the proxy or
// server action returned), on the Controls clock; a fault more than
// Tolerance late is reported late, so that a run on an overloaded machine
// says so instead of passing off a shifted or shortened fault as planned.
//
// What each kind does is one entry of the actions registry (kinds.go),
// keyed by the names of internal/faultkind's table; a test fails when a
// kind of the table has no entry, so a new kind cannot be silently left
// "not scheduled".
package faults
