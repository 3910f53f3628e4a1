package results

import "time"

// Progress is a live view of the running scenario: the runtime makes one
// every tick and the console draws it as its status line. It lives here,
// beside the results it previews, so that both can use it without either
// importing the other.
type Progress struct {
	Scenario          string
	I, N              int // 1-based index of the scenario, and how many there are
	Elapsed, Expected time.Duration
	Ops, Errors       int64   // iterations so far (ok+failed+dropped), failed ones
	Rate              float64 // iterations per second over the last interval
	P95               time.Duration
	// Last is the scenario's latest series record (nil before the first
	// interval ends): the progress line shows the current second, not only
	// totals.
	Last *Interval
}
