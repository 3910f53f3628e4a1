//go:build !linux

package engine

import "time"

// lockForPreciseSleep does nothing where nanosleep and timer slack are not
// available; the scheduler then wakes with Go timers' precision.
func lockForPreciseSleep() {}

// preciseSleep is time.Sleep off Linux.
func preciseSleep(d time.Duration) { time.Sleep(d) }
