//go:build !linux

package engine

import "time"

// preciseTimer is a Go timer where timerfd is not available: the
// scheduler then wakes with Go timers' precision (see precise_linux.go).
type preciseTimer struct{ t *time.Timer }

func newPreciseTimer() *preciseTimer { return &preciseTimer{t: stoppedTimer()} }

func (t *preciseTimer) wait(d time.Duration) {
	t.t.Reset(d)
	<-t.t.C
}

func (t *preciseTimer) close() {}
