package policy

import (
	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/circuitbreaker"

	"github.com/stressql/stressql/plan"
)

// newBreaker builds the load's circuit breaker: it opens after
// FailureThreshold consecutive failed attempts, rejects for OpenFor, then
// lets HalfOpenSuccesses trial attempts through and closes once they all
// succeed (a failure among them opens it again). Every error counts as a
// failure. Rejections fail with circuitbreaker.ErrOpen (kind breaker_open).
func newBreaker(b *plan.CircuitBreaker, c *Counters) failsafe.Policy[any] {
	return circuitbreaker.NewBuilder[any]().
		WithFailureThreshold(uint(max(b.FailureThreshold, 1))).
		WithDelay(max(b.OpenFor, 0)).
		WithSuccessThreshold(uint(max(b.HalfOpenSuccesses, 1))).
		OnOpen(func(circuitbreaker.StateChangedEvent) { c.BreakerOpened.Add(1) }).
		OnHalfOpen(func(circuitbreaker.StateChangedEvent) { c.BreakerHalfOpened.Add(1) }).
		OnClose(func(circuitbreaker.StateChangedEvent) { c.BreakerClosed.Add(1) }).
		Build()
}
