package netfault

import (
	"math/rand/v2"
	"time"
)

// Option configures a Proxy at Listen.
type Option func(*options)

type options struct {
	rand *rand.Rand
}

// dialTimeout bounds how long the proxy waits to connect to the target
// for each accepted client; on failure the client is reset.
const dialTimeout = 5 * time.Second

func defaultOptions() options {
	return options{rand: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

// WithRand sets the generator behind reset decisions and latency jitter, so
// that a run seeded the same way makes the same choices. The proxy
// serializes its use of r; do not use r elsewhere.
func WithRand(r *rand.Rand) Option {
	return func(o *options) {
		if r != nil {
			o.rand = r
		}
	}
}
