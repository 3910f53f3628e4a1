package policy

import (
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"

	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/plan"
)

// newRetry builds the retry policy: r.Attempts tries in all, a delay that
// doubles from r.Backoff up to r.MaxBackoff with r.Jitter of it
// randomised, retrying only the error kinds in r.On, as classify (nil:
// errkind.Classify) names them. The last attempt's error is returned as
// is, so it keeps its kind.
func newRetry(r *plan.Retry, classify func(error) string, seed int64) failsafe.Policy[any] {
	if classify == nil {
		classify = errkind.Classify
	}
	return retrypolicy.NewBuilder[any]().
		WithMaxAttempts(r.Attempts).
		WithDelayFunc(newBackoff(r, seed).delay).
		HandleIf(retryable(r.On, classify)).
		ReturnLastFailure().
		Build()
}

// retryable returns whether an error is retried: its kind is in on, or,
// when on is empty, it is anything but a breaker rejection (retrying one
// at once would only be rejected again).
func retryable(on []string, classify func(error) string) func(any, error) bool {
	if len(on) == 0 {
		return func(_ any, err error) bool {
			return err != nil && classify(err) != errkind.BreakerOpen
		}
	}
	kinds := slices.Clone(on)
	return func(_ any, err error) bool {
		return err != nil && slices.Contains(kinds, classify(err))
	}
}

// backoff computes the delay before each retry. Its generator is seeded
// from --seed and shared by the load's workers, hence the lock (taken only
// on the retry path).
type backoff struct {
	base, cap time.Duration
	jitter    float64

	mu  sync.Mutex
	rng *rand.Rand
}

// newBackoff returns r's backoff with its generator seeded from seed. A
// max_backoff below backoff keeps the delay at backoff.
func newBackoff(r *plan.Retry, seed int64) *backoff {
	return &backoff{
		base:   max(r.Backoff, 0),
		cap:    max(r.MaxBackoff, r.Backoff, 0),
		jitter: min(max(r.Jitter, 0), 1),
		rng:    rand.New(rand.NewPCG(uint64(seed), 0x7265747279)), // "retry"
	}
}

// delay is the wait before retry number exec.Retries()+1: base doubled
// once per earlier retry, capped, then moved by up to ±jitter of itself.
func (b *backoff) delay(exec failsafe.ExecutionAttempt[any]) time.Duration {
	d := b.base
	for i := exec.Retries(); i > 0 && d < b.cap; i-- {
		d *= 2
	}
	d = min(d, b.cap)
	if b.jitter == 0 || d == 0 {
		return d
	}
	b.mu.Lock()
	u := b.rng.Float64()
	b.mu.Unlock()
	return max(d+time.Duration((2*u-1)*b.jitter*float64(d)), 0)
}
