package monotime

import "time"

var base = time.Now()

// Now is nanoseconds on the monotonic clock since the process started.
// Only differences between two readings mean anything.
func Now() int64 {
	return int64(time.Since(base))
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
