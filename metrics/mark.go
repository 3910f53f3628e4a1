package metrics

import (
	"sync/atomic"
	"time"
)

// epoch anchors every instant the package keeps as an int64: nanoseconds
// on the monotonic clock since a day before the process loaded the
// package, so that 0 can mean "unset", any instant of the run (even one
// computed a little in the past) is positive, and a comparison is one
// integer compare.
var epoch = time.Now().Add(-24 * time.Hour)

// monoNow is the current instant relative to epoch.
func monoNow() int64 { return int64(time.Since(epoch)) }

// sinceEpoch converts t, which must carry a monotonic reading (time.Now
// does), to an instant relative to epoch; never 0 or below.
func sinceEpoch(t time.Time) int64 {
	if ns := int64(t.Sub(epoch)); ns > 0 {
		return ns
	}
	return 1
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
func (m *Mark) Set(t time.Time) { m.ns.Store(sinceEpoch(t)) }

// Time returns the mark and whether it was set.
func (m *Mark) Time() (time.Time, bool) {
	ns := m.ns.Load()
	if ns == 0 {
		return time.Time{}, false
	}
	return epoch.Add(time.Duration(ns)), true
}
