// Package monotime is a monotonic clock in plain nanoseconds, for hot
// paths that time an interval and need no wall clock: time.Now reads both
// clocks (about twice the cost of time.Since, which reads only the
// monotonic one). The runtime documents this as the supported way to get
// a fast monotonic time (go.dev/issue/67401).
package monotime
