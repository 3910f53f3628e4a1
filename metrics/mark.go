package metrics

import (
	"sync/atomic"
	"time"

	"github.com/stressql/stressql/internal/monotime"
)

// The package keeps each instant as an int64: a reading of
// internal/monotime shifted by monoBias, so that 0 can mean "unset", any
// instant of the run (even one computed a little before the process
// started) is positive, and a comparison is one integer compare.
const monoBias = int64(24 * time.Hour)

// monoNow is the current instant.
func monoNow() int64 { return monotime.Now() + monoBias }

// mono converts t, which must carry a monotonic reading (time.Now does),
// to an instant; never 0 or below.
func mono(t time.Time) int64 {
	return max(monotime.Of(t)+monoBias, 1)
}

// Mark is the end of the latest fault after which recovery is measured
// (recovery_ms: from the end of an outage, terminate or pause to the first
// iteration that succeeds after it).
//
// The engine sets it; recorders given the Mark in Options read it with one
// atomic load per success. A recorder remembers, for the latest mark it has
// seen, the instant of its first success at or after that mark: two int64
// fields, no allocation, no lock. Setting the mark ahead of time (when a
// fault window is scheduled) is fine: successes before the instant do not
// count. A success that races with Set may be missed, delaying the
// measured recovery to the next success; no earlier one is ever taken.
type Mark struct {
	ns atomic.Int64
}

// Set moves the mark to t, the end of a fault.
func (m *Mark) Set(t time.Time) { m.ns.Store(mono(t)) }
