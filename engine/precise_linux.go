//go:build linux

package engine

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// preciseTimer waits the scheduler's last stretch before an iteration is
// due on a Go timer, and arms a timerfd(2) for the same instant.
//
// A busy runtime fires a Go timer within microseconds: every P looks at
// its timers each time it switches goroutines. An idle one waits for its
// timers in epoll_wait, whose timeout is in whole milliseconds, so a
// 100 µs timer could fire a millisecond late (docs/performance.md,
// finding 2). The timerfd is registered with that epoll (os.NewFile of a
// non-blocking descriptor) and never read: its expiry only ends the
// epoll_wait on time, and the runtime then finds the timer due. One
// system call per wait, no thread of the scheduler's own.
//
// Its predecessors, measured in finding 4: nanosleep(2) on a locked
// thread woke precisely but needed a P handed to that thread at every
// wake-up, which on two cores shared with the workers and the server
// cost more than they could spare (at 50 000/s it served 0.41–0.75 × the
// bare timer loop under load); a timerfd read through the poller woke
// precisely when idle but, in a busy runtime, only when a P next polled
// the network (up to sysmon's 10 ms), and dropped iterations at 10 000/s
// where the bare loop dropped none.
type preciseTimer struct {
	timer *time.Timer
	f     *os.File // nil: timerfd unavailable (seccomp, old kernels), the timer alone
	fd    int
	its   unix.ItimerSpec
}

func newPreciseTimer() *preciseTimer {
	t := &preciseTimer{timer: stoppedTimer()}
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err == nil {
		// A non-blocking descriptor makes a pollable File: the runtime
		// adds it to its epoll set, edge-triggered, so each expiry is one
		// wake-up whether or not anyone reads the count.
		t.fd, t.f = fd, os.NewFile(uintptr(fd), "stressql-scheduler-timerfd")
	}
	return t
}

// wait blocks for d (> 0), not cancellable: the scheduler uses it only
// for the last stretch before an iteration is due (preciseWindow). The
// timer is set first, so the timerfd, set just after it for the same d,
// never expires before the timer is due (which would send the runtime
// back to a millisecond's epoll_wait).
func (t *preciseTimer) wait(d time.Duration) {
	t.timer.Reset(d)
	if t.f != nil {
		t.its.Value = unix.NsecToTimespec(int64(d))
		if unix.TimerfdSettime(t.fd, 0, &t.its, nil) != nil {
			// Given up for good: the timer alone is slower to wake
			// when the process is idle, never wrong.
			_ = t.f.Close()
			t.f = nil
		}
	}
	<-t.timer.C
}

func (t *preciseTimer) close() {
	if t.f != nil {
		_ = t.f.Close()
	}
}
