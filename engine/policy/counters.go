package policy

import "sync/atomic"

// Counters are a load's policy counters, shared by all its workers. They
// become retries, fallbacks and breaker.* in the results.
type Counters struct {
	// Retries counts extra tries (attempts after the first).
	Retries atomic.Int64
	// Fallbacks counts iterations saved by their fallback.
	Fallbacks atomic.Int64
	// BreakerOpened, BreakerHalfOpened and BreakerClosed count the circuit
	// breaker's state changes.
	BreakerOpened     atomic.Int64
	BreakerHalfOpened atomic.Int64
	BreakerClosed     atomic.Int64
	// BreakerRejected counts attempts the open breaker refused without
	// calling the iteration.
	BreakerRejected atomic.Int64
}
