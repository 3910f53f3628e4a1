package monotime

import (
	"time"
	_ "unsafe" // go:linkname
)

// nanotime is the runtime's monotonic clock, the one behind time.Now's
// monotonic reading. The runtime keeps it reachable by linkname for the
// many packages that use it ("Do not remove or change the type
// signature", runtime/time_nofake.go). Read straight, it costs 57
// instructions against time.Since's 100 (callgrind, docs/performance.md):
// a clock read is a tenth of an acquire step that finds an idle
// connection, and the engine and drivers take four per iteration.
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64

// baseNano and base are the same instant on the two clocks, to within
// the few nanoseconds between the two reads. baseNano is read first, so
// Now is never behind Of(time.Now()) taken before it: a deadline made
// from Now is never earlier than one made from time.Now.
var (
	baseNano = nanotime()
	base     = time.Now()
)

// Now is nanoseconds on the monotonic clock since the process started.
// Only differences between two readings mean anything.
func Now() int64 {
	return nanotime() - baseNano
}

// ToTime converts a reading to a time.Time (wall and monotonic), for the
// rare caller that needs one.
func ToTime(mono int64) time.Time {
	return base.Add(time.Duration(mono))
}

// Of converts t (which should carry a monotonic reading, as time.Now's
// do) to a reading of this clock.
func Of(t time.Time) int64 {
	return int64(t.Sub(base))
}
