//go:build linux

package engine

import (
	"runtime"
	"syscall"
	"time"
)

// prSetTimerSlack is PR_SET_TIMERSLACK of prctl(2).
const prSetTimerSlack = 29

// lockForPreciseSleep pins the calling goroutine to its OS thread and sets
// that thread's timer slack to 1 µs (the default, 50 µs, is added to every
// sleep). The caller must exit while still locked: the runtime then ends
// the thread, so the changed slack never reaches other goroutines.
func lockForPreciseSleep() {
	runtime.LockOSThread()
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetTimerSlack, 1000, 0)
}

// preciseSleep waits d with nanosleep(2). A Go timer wakes an otherwise
// idle runtime about once a millisecond, which made every open-model
// iteration up to 1 ms late (docs/performance.md, finding 2); nanosleep on
// a locked thread wakes within microseconds. The thread blocks in the
// system call and the runtime hands its P to other goroutines meanwhile.
func preciseSleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	_ = syscall.Nanosleep(&ts, nil)
}
