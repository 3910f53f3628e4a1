//go:build linux

package engine

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// preciseTimer waits short stretches with the kernel's high-resolution
// timers: a non-blocking timerfd(2) read through the Go runtime's network
// poller. A Go timer wakes an otherwise idle runtime about once a
// millisecond (the poller's epoll_wait timeout is in whole milliseconds),
// which made every open-model iteration up to 1 ms late
// (docs/performance.md, finding 2); the timerfd wakes that epoll_wait
// within microseconds. The scheduler's goroutine parks like one waiting on
// a socket: no thread of its own, no P handed off at each wake-up. Its
// predecessor, nanosleep(2) on a locked thread, did both, and on two cores
// shared with the workers and the server that cost more than the workers
// could spare: at 10 000/s it dropped more iterations than a bare timer
// loop and at 50 000/s it served 0.63 × what that loop served (finding 4).
type preciseTimer struct {
	f   *os.File // nil: timerfd unavailable, a Go timer instead
	fd  int
	its unix.ItimerSpec
	buf [8]byte
	// fallback waits when timerfd is unavailable (seccomp, old kernels).
	fallback *time.Timer
}

func newPreciseTimer() *preciseTimer {
	t := &preciseTimer{fallback: stoppedTimer()}
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err == nil {
		t.fd, t.f = fd, os.NewFile(uintptr(fd), "timerfd")
	}
	return t
}

// wait blocks for d (> 0), not cancellable: the scheduler uses it only
// for the last stretch before an iteration is due (preciseWindow).
func (t *preciseTimer) wait(d time.Duration) {
	if t.f != nil {
		t.its.Value = unix.NsecToTimespec(int64(d))
		if unix.TimerfdSettime(t.fd, 0, &t.its, nil) == nil {
			if _, err := t.f.Read(t.buf[:]); err == nil {
				return
			}
		}
		// A failed timerfd is given up for good: the Go timer is slower
		// to wake, never wrong.
		_ = t.f.Close()
		t.f = nil
	}
	t.fallback.Reset(d)
	<-t.fallback.C
}

func (t *preciseTimer) close() {
	if t.f != nil {
		_ = t.f.Close()
	}
}
