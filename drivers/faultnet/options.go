package faultnet

import (
	"math/rand/v2"
	"time"
)

// Option configures a Proxy at Listen.
type Option func(*options)

type options struct {
	rand        *rand.Rand
	dialTimeout time.Duration
}

func defaultOptions() options {
	return options{
		rand:        rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
		dialTimeout: 5 * time.Second,
	}
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

// WithDialTimeout bounds how long the proxy waits to connect to the target
// for each accepted client (default 5s); on failure the client is reset.
func WithDialTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.dialTimeout = d
		}
	}
}
