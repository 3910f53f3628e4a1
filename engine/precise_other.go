//go:build !linux

package engine

import "time"

// preciseTimer is a Go timer where timerfd is not available: the
// scheduler then wakes with Go timers' precision (see precise_linux.go).
type preciseTimer struct{ timer *time.Timer }

func newPreciseTimer() *preciseTimer { return &preciseTimer{timer: stoppedTimer()} }

func (t *preciseTimer) wait(d time.Duration) {
	t.timer.Reset(d)
	<-t.timer.C
}

func (t *preciseTimer) close() {}
